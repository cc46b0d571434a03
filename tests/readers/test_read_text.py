"""Plain-text files, their sidecars, and the bad inputs every file can be."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path

import pytest

from eventcoder.models import Article, Failure
from eventcoder.readers import DEFAULT_MAX_ARTICLE_BYTES, read_inputs


def read_one(path: Path | str, **options: object) -> Article | Failure:
    items = list(read_inputs([str(path)], **options))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_text_is_the_file_unchanged_and_its_id_the_path_as_given(tmp_path: Path) -> None:
    text = "Connect with us\r\n\r\nPolice fired tear gas in Nairobi on Tuesday.\r\nShare this article\n"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))

    article = read_one(path)

    assert article == Article(id=str(path), text=text)


def test_a_utf8_bom_is_dropped_and_a_utf16_file_with_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfCaf\xc3\xa9 bombed")
    (tmp_path / "wide.txt").write_bytes("Óscar Pérez".encode("utf-16"))

    assert read_one(tmp_path / "bom.txt").text == "Café bombed"  # type: ignore[union-attr]
    assert read_one(tmp_path / "wide.txt").text == "Óscar Pérez"  # type: ignore[union-attr]


def test_the_sidecar_gives_metadata_and_wins_over_the_default_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Soldiers were killed.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({
        "title": "Ambush", "published": "2018-01-16", "url": "https://example.org/a", "source": "Wire",
    }))
    (tmp_path / "b.txt").write_text("Protesters marched.", encoding="utf-8")

    items = list(read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
                             published=dt.date(2020, 5, 1)))

    assert items == [
        Article(id=str(tmp_path / "a.txt"), text="Soldiers were killed.", title="Ambush",
                published=dt.date(2018, 1, 16), url="https://example.org/a", source="Wire"),
        Article(id=str(tmp_path / "b.txt"), text="Protesters marched.", published=dt.date(2020, 5, 1)),
    ]


@pytest.mark.parametrize(("sidecar", "reason"), [
    ('{"publised": "2018-01-16"}', "unknown field 'publised' (allowed: title, published, url, source)"),
    ('{"published": "16/01/2018"}',
     "unparseable published date '16/01/2018' (expected YYYY-MM-DD or an ISO datetime)"),
    ('{"published": ', "not JSON: Expecting value: line 1 column 15 (char 14)"),
    ('["2018-01-16"]', "metadata must be a JSON object, not list"),
])
def test_a_bad_sidecar_is_a_failure_naming_it(tmp_path: Path, sidecar: str, reason: str) -> None:
    (tmp_path / "a.txt").write_text("Soldiers were killed.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(sidecar)

    assert read_one(tmp_path / "a.txt") == Failure(str(tmp_path / "a.meta.json"), reason)


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b" \n\t\n", "empty file (only whitespace)"),
    (b"Caf\xe9 bombed in Bogot\xe1", "not valid UTF-8 at byte 3"),
    (b"\xef\xbb\xbfok \xff", "not valid UTF-8 at byte 6"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image), not text"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary file (ZIP archive), not text"),
    (b"text\x00with\x00nul bytes", "binary file, not text"),
])
def test_bad_text_files_are_failures_naming_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    assert read_one(path) == Failure(str(path), reason)


def test_a_50_mb_file_is_refused_by_its_size_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as file:
        file.truncate(50_000_000)  # sparse: instant to make, 50 MB to read

    tracemalloc.start()
    try:
        item = read_one(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert item == Failure(str(path), "file is 50.0 MB; the article size limit is 5 MB")
    assert peak < 1_000_000
    assert DEFAULT_MAX_ARTICLE_BYTES == 5_000_000


def test_the_size_limit_is_a_keyword(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 400_000)  # 2 MB

    assert read_one(path, max_article_bytes=1_000_000) == Failure(
        str(path), "file is 2.0 MB; the article size limit is 1 MB")
    assert isinstance(read_one(path), Article)


def test_a_missing_path_is_a_failure_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Rebels attacked a convoy.")
    (tmp_path / "empty.txt").write_bytes(b"")

    items = list(read_inputs([str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(good)]))

    assert items == [
        Failure(str(tmp_path / "missing.txt"), "no such file or folder"),
        Failure(str(tmp_path / "empty.txt"), "empty file"),
        Article(id=str(good), text="Rebels attacked a convoy."),
    ]


def test_an_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "story").write_text("Gunmen abducted 20 villagers.")
    (tmp_path / "page.php").write_text("<html><body><p>" + "Troops shelled the town. " * 20
                                       + "</p></body></html>")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02\x03")

    story, page, blob = read_inputs([str(tmp_path / name) for name in ("story", "page.php", "blob.bin")])

    assert story == Article(id=str(tmp_path / "story"), text="Gunmen abducted 20 villagers.")
    assert isinstance(page, Article) and page.text.startswith("Troops shelled the town.")
    assert blob == Failure(str(tmp_path / "blob.bin"), "binary file, not text")
