"""WARC files as news crawls publish them, written here with warcio's own writer."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventcoder.ingest import read_inputs
from eventcoder.models import Article, Failure

DATED_PAGE = b"""<html><head><title>Blast hits convoy near Ansongo</title>
<meta property="article:published_time" content="2023-05-09T07:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/sahel">Sahel</a></nav><article>
<p>Three Malian soldiers were killed and five wounded on Monday when a roadside bomb hit a convoy.</p>
<p>No group has claimed responsibility for the blast near the town of Ansongo.</p>
</article><footer>Connect with us</footer></body></html>"""

UNDATED_TEXT = "Police fired tear gas at traders marching in Kisumu and arrested 23 of them, witnesses said."
UNDATED_PAGE = f"<html><body><article><p>{UNDATED_TEXT}</p></article></body></html>".encode()

EMPTY_PAGE = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"


def write_warc(records: list[tuple[str, str, str, bytes]], *, gzip: bool) -> bytes:
    """A WARC of (record type, HTTP status, Content-Type, body) records, one per URL."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number, (record_type, status, content_type, body) in enumerate(records):
        http_headers = None
        if record_type in ("response", "request"):
            line = "GET /page HTTP/1.1" if record_type == "request" else status
            http_headers = StatusAndHeaders(line, [("Content-Type", content_type)], protocol="HTTP/1.1",
                                            is_http_request=record_type == "request")
        record = writer.create_warc_record(
            f"https://news.example/{number}", record_type, payload=io.BytesIO(body),
            http_headers=http_headers, warc_headers_dict={"WARC-Date": "2023-05-10T08:00:00Z"})
        writer.write_record(record)
    return buffer.getvalue()


def record_offsets(data: bytes) -> list[int]:
    records = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in records:
        offsets.append(records.get_record_offset())
    return offsets


CRAWL = [
    ("warcinfo", "", "", b"software: test\r\n"),
    ("request", "", "", b""),
    ("response", "200 OK", "text/html; charset=utf-8", DATED_PAGE),
    ("response", "404 Not Found", "text/html", DATED_PAGE),
    ("response", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("response", "200 OK", "text/html", EMPTY_PAGE),
    ("response", "200 OK", "application/xhtml+xml", UNDATED_PAGE),
]


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_articles_and_other_records_are_skipped(
    tmp_path: Path, gzip: bool, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(write_warc(CRAWL, gzip=gzip))

    with caplog.at_level(logging.INFO, logger="eventcoder.ingest"):
        items = list(read_inputs([str(path)], published=dt.date(2000, 1, 1)))

    dated, failure, undated = items
    assert isinstance(dated, Article)
    assert (dated.id, dated.url, dated.title, dated.published) == (
        "https://news.example/2", "https://news.example/2", "Blast hits convoy near Ansongo",
        dt.date(2023, 5, 9))
    assert dated.text.splitlines() == [
        "Three Malian soldiers were killed and five wounded on Monday when a roadside bomb hit a convoy.",
        "No group has claimed responsibility for the blast near the town of Ansongo.",
    ]
    assert isinstance(failure, Failure) and failure.reason == "no article text found in the HTML"
    assert failure.source.startswith(f"{path} record at byte ")
    assert failure.source.endswith(" (https://news.example/5)")
    assert undated == Article(  # no date in the page: the day it was crawled
        id="https://news.example/6", text=UNDATED_TEXT, published=dt.date(2023, 5, 10),
        url="https://news.example/6")
    assert "skipped 4 records that are not HTML pages with status 200" in caplog.text


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_a_truncated_warc_yields_its_good_records_then_one_failure(tmp_path: Path, gzip: bool) -> None:
    data = write_warc([("response", "200 OK", "text/html", DATED_PAGE)] * 3, gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: len(data) - 200])  # the third record loses its end

    items = list(read_inputs([str(path)]))

    assert [type(item) for item in items] == [Article, Article, Failure]
    third = record_offsets(data)[2]
    assert items[2] == Failure(str(path), f"corrupt or truncated WARC at byte {third}: the record ends early")


@pytest.mark.parametrize("cut", [1, 10, 40, 200])
def test_a_warc_cut_inside_a_record_header_is_a_failure(tmp_path: Path, cut: int) -> None:
    data = write_warc([("response", "200 OK", "text/html", DATED_PAGE)] * 2, gzip=False)
    second = record_offsets(data)[1]
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: second + cut])

    article, failure = read_inputs([str(path)])

    assert isinstance(article, Article) and isinstance(failure, Failure)
    assert failure.source == str(path)
    assert failure.reason.startswith(f"corrupt or truncated WARC at byte {second}: ")


def test_a_file_that_is_not_a_warc_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a web archive\n" * 10)

    [failure] = read_inputs([str(path)])

    assert isinstance(failure, Failure) and failure.source == str(path)
    assert failure.reason == "not a WARC file: the record at byte 0 is not a WARC record"


def test_a_gzipped_warc_is_sniffed_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "CC-NEWS-20230510.bin"
    path.write_bytes(write_warc([("response", "200 OK", "text/html", DATED_PAGE)], gzip=True))

    [article] = read_inputs([str(path)])

    assert isinstance(article, Article) and article.id == "https://news.example/0"
