"""read_inputs over stdin, folders and mixed sources: sniffing, order, and the rest going on."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import threading
from pathlib import Path

import pytest

import eventcoder.readers
from eventcoder.models import Article, Failure
from eventcoder.readers import read_inputs

PAGE = ("<!doctype html><html><body><nav>Home | World</nav><article><p>Rioters set fire to the "
        "electricity company's office in Kankan on Monday, witnesses said.</p></article></body></html>")


def from_stdin(data: bytes, **options: object) -> list[Article | Failure]:
    return list(read_inputs(["-"], stdin=io.BytesIO(data), **options))  # type: ignore[arg-type]


def test_the_public_api_is_small_and_complete() -> None:
    assert sorted(eventcoder.readers.__all__) == [
        "DEFAULT_MAX_ARTICLE_BYTES", "article_from_html", "article_from_record", "parse_published",
        "read_inputs"]
    for name in eventcoder.readers.__all__:
        assert hasattr(eventcoder.readers, name)


def test_stdin_jsonl_is_read_line_by_line() -> None:
    data = b'\n  {"id": "s1", "text": "Troops clashed with rebels."}\nnot json\n'

    assert from_stdin(data) == [
        Article(id="s1", text="Troops clashed with rebels."),
        Failure("<stdin>:3", "not JSON (Expecting value at column 1)"),
    ]


def test_stdin_text_and_html_are_sniffed() -> None:
    [text] = from_stdin(b"Gunmen abducted 31 people in Kajuru.\n", published=dt.date(2024, 2, 20))
    [page] = from_stdin(PAGE.encode())

    assert text == Article(id="<stdin>", text="Gunmen abducted 31 people in Kajuru.\n",
                           published=dt.date(2024, 2, 20))
    assert page == Article(id="<stdin>", text="Rioters set fire to the electricity company's office in "
                           "Kankan on Monday, witnesses said.")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (PNG image), not text"),
    (b"caf\xe9", "not valid UTF-8 at byte 3"),
    (b"x" * 2_000, "input is more than 0.001 MB; the article size limit is 0.001 MB"),
])
def test_bad_stdin_is_one_failure(data: bytes, reason: str) -> None:
    assert from_stdin(data, max_article_bytes=1_000) == [Failure("<stdin>", reason)]


def make_tree(root: Path) -> list[str]:
    """A folder of articles with the clutter real folders have; returns the article paths in
    the order they must be read."""
    files = {
        "b.txt": "Police arrested dozens.",
        "a.txt": "Soldiers were killed.",
        "a.meta.json": '{"published": "2023-05-09"}',
        "a.expected.jsonl": '{"event_type": "Battles"}',
        "README.md": "# Notes, not an article",
        "photo.png": "not read",
        ".hidden.txt": "not read",
        "sub/c.html": PAGE,
        "sub/d.jsonl": json.dumps({"id": "d1", "text": "Rebels took the town."}),
        "sub/deeper/e.txt": "An air strike hit the market.",
        ".git/f.txt": "not read",
        "Z.txt": "Capitals sort first.",
    }
    paths = list(files)
    random.Random(7).shuffle(paths)  # creation order must not matter
    for name in paths:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(files[name])
    return [str(root / name) for name in ("Z.txt", "a.txt", "b.txt", "sub/c.html")] + ["d1"] + [
        str(root / "sub/deeper/e.txt")]


def test_a_folder_is_read_recursively_in_sorted_order_skipping_clutter(tmp_path: Path) -> None:
    expected = make_tree(tmp_path)

    items = list(read_inputs([str(tmp_path)]))

    assert [item.id for item in items] == expected  # type: ignore[union-attr]
    assert items[1] == Article(id=str(tmp_path / "a.txt"), text="Soldiers were killed.",
                               published=dt.date(2023, 5, 9))
    assert list(read_inputs([str(tmp_path)])) == items  # and the same on every run


def test_a_folder_can_be_read_without_its_subfolders(tmp_path: Path) -> None:
    make_tree(tmp_path)

    items = list(read_inputs([str(tmp_path)], recursive=False))

    assert [item.id for item in items] == [  # type: ignore[union-attr]
        str(tmp_path / name) for name in ("Z.txt", "a.txt", "b.txt")]


def test_a_folder_with_no_readable_files_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "clutter").mkdir()
    (tmp_path / "clutter" / "notes.md").write_text("notes")
    (tmp_path / "clutter" / "x.meta.json").write_text("{}")

    items = list(read_inputs([str(tmp_path / "empty"), str(tmp_path / "clutter")]))

    assert [item.source for item in items] == [str(tmp_path / "empty"), str(tmp_path / "clutter")]  # type: ignore[union-attr]
    assert all(isinstance(item, Failure) and item.reason.startswith("no readable files in the folder (")
               for item in items)


def test_bad_files_in_a_folder_do_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_bytes(b"")
    (tmp_path / "2.txt").write_bytes(b"\xff\xfe\x00\x00bad")
    (tmp_path / "3.html").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "4.txt").write_text("Three soldiers were killed.")

    assert list(read_inputs([str(tmp_path)])) == [
        Failure(str(tmp_path / "1.txt"), "empty file"),
        Failure(str(tmp_path / "2.txt"), "not valid UTF-16 at byte 6"),
        Failure(str(tmp_path / "3.html"), "no article text found in the HTML"),
        Article(id=str(tmp_path / "4.txt"), text="Three soldiers were killed."),
    ]


def test_sources_are_read_in_the_order_given(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First.")
    (tmp_path / "b.txt").write_text("Second.")

    sources = [str(tmp_path / "b.txt"), "-", str(tmp_path / "nowhere"), str(tmp_path / "a.txt")]

    items = list(read_inputs(sources, stdin=io.BytesIO(b"From stdin.")))

    assert items == [
        Article(id=str(tmp_path / "b.txt"), text="Second."),
        Article(id="<stdin>", text="From stdin."),
        Failure(str(tmp_path / "nowhere"), "no such file or folder"),
        Article(id=str(tmp_path / "a.txt"), text="First."),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_read_as_a_stream(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb") as writer:
            writer.write(b'{"id": "p1", "text": "Piped in."}\n')

    writer = threading.Thread(target=write)
    writer.start()
    items = list(read_inputs([str(pipe)]))
    writer.join(timeout=5)

    assert items == [Article(id="p1", text="Piped in.")]
