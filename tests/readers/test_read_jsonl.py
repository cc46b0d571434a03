"""JSONL of articles: each line an article or a Failure naming ``path:LINE``; and the dates."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path

import pytest

from eventcoder.errors import InputError
from eventcoder.models import Article, Failure
from eventcoder.readers import article_from_record, parse_published, read_inputs

PAGE = """<html><head><title>Blast hits convoy</title>
<meta property="article:published_time" content="2021-07-04T09:00:00Z"></head>
<body><nav>Home | World | Africa</nav><article>
<p>A roadside bomb struck a military convoy near Gao on Saturday, killing three soldiers.</p>
<p>The army said two more were wounded and taken to hospital in the city.</p>
</article><footer>Connect with us</footer></body></html>"""


@pytest.mark.parametrize(("value", "expected"), [
    ("2018-01-16", dt.date(2018, 1, 16)),
    ("2018-01-16T23:30:00", dt.date(2018, 1, 16)),
    ("2018-01-16T23:30:00Z", dt.date(2018, 1, 16)),
    ("2018-01-16T23:30:00+05:30", dt.date(2018, 1, 16)),  # the date as written, not in UTC
    ("2018-01-16 08:00:00.123-04:00", dt.date(2018, 1, 16)),
    (" 2018-01-16 ", dt.date(2018, 1, 16)),
    ("", None),
    (None, None),
])
def test_parse_published_reads_dates_and_iso_datetimes(value: str | None, expected: dt.date | None) -> None:
    assert parse_published(value, source="x") == expected


@pytest.mark.parametrize("value", ["16/01/2018", "January 16, 2018", "yesterday", "2018-02-30", "2018-13"])
def test_parse_published_refuses_anything_else_naming_the_value(value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_published(value, source="feed.jsonl:3")

    assert caught.value.source == "feed.jsonl:3"
    assert caught.value.reason == (
        f"unparseable published date {value!r} (expected YYYY-MM-DD or an ISO datetime)")


def test_article_from_record_reads_text_and_metadata_and_ignores_other_keys() -> None:
    record = {"id": "LBN1", "text": "Protesters marched in Beirut.", "published": "2020-05-02",
              "title": "March", "url": "https://example.org/1", "source": "El Nashra", "gold": {"x": 1}}

    assert article_from_record(record, source="dev.jsonl:1") == Article(
        id="LBN1", text="Protesters marched in Beirut.", title="March", published=dt.date(2020, 5, 2),
        url="https://example.org/1", source="El Nashra")


def test_article_from_record_takes_html_through_trafilatura() -> None:
    article = article_from_record({"id": "p1", "html": PAGE}, source="x:1")

    assert article.text == (
        "A roadside bomb struck a military convoy near Gao on Saturday, killing three soldiers.\n"
        "The army said two more were wounded and taken to hospital in the city.")
    assert article.title == "Blast hits convoy"
    assert article.published == dt.date(2021, 7, 4)


def test_every_bad_line_is_a_failure_naming_the_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Troops clashed with rebels."}),
        "this is not json",
        json.dumps(["a", "list"]),
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "a5"}),
        json.dumps({"id": "a6", "text": "   "}),
        json.dumps({"id": "a7", "text": "Riot.", "published": "last Tuesday"}),
        json.dumps({"id": "a8", "html": "<html><body><nav>Home</nav></body></html>"}),
        json.dumps({"id": 9, "text": "A number for an id."}),
        json.dumps({"id": "a10", "text": ["not", "a", "string"]}),
        "",
        json.dumps({"id": "a12", "text": "Police arrested dozens.", "published": "2019-10-01"}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n{\"id\": \"a13\", \"text\": \"Caf\xe9\"}\n")

    items = list(read_inputs([str(path)], published=dt.date(2020, 1, 1)))

    where = str(path)
    assert items == [
        Article(id="a1", text="Troops clashed with rebels.", published=dt.date(2020, 1, 1)),
        Failure(f"{where}:2", "not JSON (Expecting value at column 1)"),
        Failure(f"{where}:3", "not a JSON object but a list"),
        Failure(f"{where}:4", "missing 'id'"),
        Failure(f"{where}:5", "neither 'text' nor 'html'"),
        Failure(f"{where}:6", "'text' is empty"),
        Failure(f"{where}:7",
                "unparseable published date 'last Tuesday' (expected YYYY-MM-DD or an ISO datetime)"),
        Failure(f"{where}:8", "no article text found in the HTML"),
        Failure(f"{where}:9", "'id' must be a non-empty string, not 9"),
        Failure(f"{where}:10", "'text' must be a string, not a list"),
        Article(id="a12", text="Police arrested dozens.", published=dt.date(2019, 10, 1)),
        Failure(f"{where}:13", "not valid UTF-8 at byte 26 of the line"),
    ]


def test_the_size_limit_applies_per_line_and_memory_stays_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    body = "Shelling hit the town. " * 2000  # 46 kB per line
    with path.open("w") as file:
        for number in range(200):  # 9 MB in all: far over the limit as a file, each line under it
            file.write(json.dumps({"id": f"n{number}", "text": body}) + "\n")
        file.write(json.dumps({"id": "huge", "text": "x" * 1_000_000}) + "\n")
        file.write(json.dumps({"id": "after", "text": "Still read."}) + "\n")

    tracemalloc.start()
    try:
        count, last = 0, []
        for item in read_inputs([str(path)], max_article_bytes=100_000):
            count += 1
            last = [*last[-1:], item]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 202
    assert last == [
        Failure(f"{path}:201", "line is more than 0.1 MB; the article size limit is 0.1 MB"),
        Article(id="after", text="Still read."),
    ]
    assert peak < 2_000_000  # a line at a time, the huge one only up to the limit


def test_an_empty_or_blank_jsonl_file_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n  \n")

    assert list(read_inputs([str(tmp_path / "empty.jsonl"), str(tmp_path / "blank.jsonl")])) == [
        Failure(str(tmp_path / "empty.jsonl"), "empty file"),
        Failure(str(tmp_path / "blank.jsonl"), "no JSON lines, only blank ones"),
    ]


def test_a_binary_file_named_jsonl_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n\x00\x01")

    assert list(read_inputs([str(path)])) == [Failure(str(path), "binary file (PNG image), not text")]


@pytest.mark.parametrize(("line", "reason"), [
    (b'{"id": "x1", "text": "cut off', "not JSON (Unterminated string starting at column 22)"),  # at the end
    (b'{"id": "x1", "text": "cut off\n', "not JSON (Invalid control character at column 30)"),
    (b'{"id": "x2", "text": "a\tb"}\n', "not JSON (Invalid control character at column 24)"),
    (b'{"id": "x3", "text": "\\q"}\n', "not JSON (Invalid \\escape at column 23)"),
    (b'{"id": "x4" "text": ""}\n', "not JSON (Expecting ',' delimiter at column 13)"),
])
def test_every_json_error_reads_as_one_sentence(tmp_path: Path, line: bytes, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(line)

    assert list(read_inputs([str(path)])) == [Failure(f"{path}:1", reason)]
