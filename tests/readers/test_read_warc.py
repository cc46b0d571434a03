"""WARC files as news crawls publish them, written here with warcio's own writer."""

from __future__ import annotations

import datetime as dt
import io
import logging
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path
from typing import BinaryIO

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventcoder.models import Article, Failure
from eventcoder.readers import read_inputs
from eventcoder.readers.files import ReadOptions
from eventcoder.readers.warc import read_warc

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

    with caplog.at_level(logging.INFO, logger="eventcoder.readers"):
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


# Hostile WARCs (issue 10): each is refused with its limit named, in bounded memory, and the
# input given after it is still read.

GOOD_TEXT = "Gunmen abducted 31 people in Kajuru."
HEADER_LIMIT = "record headers run past 1 MB without an end (the header size limit is 1 MB)"
WARC_HEAD = b"WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: https://news.example/bomb\r\nContent-Length: %d\r\n\r\n"


def gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def write_zeros(file: BinaryIO, size: int, *, prefix: bytes = b"", suffix: bytes = b"",
                gzip: bool = True) -> None:
    """``prefix``, ``size`` zero bytes and ``suffix``, as one gzip member if ``gzip``."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    encode = compressor.compress if gzip else (lambda data: data)
    file.write(encode(prefix))
    block = b"\0" * (1 << 20)
    for _ in range(size >> 20):
        file.write(encode(block))
    file.write(encode(suffix))
    if gzip:
        file.write(compressor.flush())


def read_measured(sources: list[str], **options: object) -> tuple[list[Article | Failure], int]:
    """What read_inputs gives for ``sources``, and the peak of Python's allocations meanwhile."""
    tracemalloc.start()
    try:
        items = list(read_inputs(sources, **options))  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak


@pytest.fixture
def good_text(tmp_path: Path) -> str:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT)
    return str(path)


@pytest.mark.parametrize(("name", "size"), [("line.warc.gz", 200 << 20), ("line.warc", 20 << 20)])
def test_a_header_line_with_no_end_is_refused_in_bounded_memory(
    tmp_path: Path, good_text: str, name: str, size: int
) -> None:
    path = tmp_path / name
    with path.open("wb") as file:  # the WARC line, then a header line of zeros with no newline
        write_zeros(file, size, prefix=b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", gzip=name.endswith(".gz"))

    items, peak = read_measured([str(path), good_text])

    assert items == [Failure(str(path), f"WARC refused at byte 0: {HEADER_LIMIT}"),
                     Article(id=good_text, text=GOOD_TEXT)]
    assert peak < 10_000_000  # warcio alone reads the whole line: 20 GB for 2 GiB of zeros


def test_blank_lines_without_end_after_a_record_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.warc.gz"
    with path.open("wb") as file:
        file.write(write_warc([("response", "200 OK", "text/html", DATED_PAGE)], gzip=True))
        file.write(gzip_member(b"\r\n" * (2 << 20)))

    article, failure = read_inputs([str(path)])

    assert isinstance(article, Article) and article.id == "https://news.example/0"
    assert failure == Failure(str(path), f"WARC refused after the record at byte 0: {HEADER_LIMIT}")


def test_a_record_that_expands_a_hundredfold_is_refused(tmp_path: Path, good_text: str) -> None:
    first = write_warc([("response", "200 OK", "text/html", DATED_PAGE)], gzip=True)
    size = 100 << 20  # past the 64 MB below which no expansion is refused
    path = tmp_path / "bomb.warc.gz"
    with path.open("wb") as file:  # a page, a resource record of zeros, a page again
        file.write(first)
        write_zeros(file, size, prefix=WARC_HEAD % (b"resource", size), suffix=b"\r\n\r\n")
        file.write(write_warc([("response", "200 OK", "text/html", UNDATED_PAGE)], gzip=True))

    items, peak = read_measured([str(path), good_text])

    assert [type(item) for item in items] == [Article, Failure, Article]
    assert items[1].source == str(path)
    assert items[1].reason.startswith(  # type: ignore[union-attr]
        f"WARC refused at byte {len(first)}: the gzip data expands more than 100 times, to 67 MB from its first ")
    assert items[1].reason.endswith("(the decompression limit is 100 times): a gzip bomb?")  # type: ignore[union-attr]
    assert items[2] == Article(id=good_text, text=GOOD_TEXT)
    assert peak < 10_000_000

    # The limit is a ratio, not a size: allowed to expand more, the same file is read to its end.
    options = ReadOptions(max_expansion=1000)
    with path.open("rb") as stream:
        items = list(read_warc(stream, name=str(path), options=options))
    assert [item.id for item in items] == ["https://news.example/0", "https://news.example/0"]  # type: ignore[union-attr]


@pytest.mark.parametrize("chunked", [False, True], ids=["gzip", "chunked-gzip"])
def test_a_page_that_is_a_gzip_bomb_fails_alone(tmp_path: Path, chunked: bool) -> None:
    buffer = io.BytesIO()
    write_zeros(buffer, 200 << 20)
    body = buffer.getvalue()
    headers = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
    if chunked:  # one chunk of it all: warcio inflates a chunk at once, to 200 MB (4 GB for 2 MB)
        headers += b"Transfer-Encoding: chunked\r\n"
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    http = headers + b"\r\n" + body
    path = tmp_path / "page.warc"
    path.write_bytes(WARC_HEAD % (b"response", len(http)) + http + b"\r\n\r\n"
                     + write_warc([("response", "200 OK", "text/html", UNDATED_PAGE)], gzip=False))

    items, peak = read_measured([str(path)], max_article_bytes=1_000_000)

    assert items[0] == Failure(f"{path} record at byte 0 (https://news.example/bomb)",
                               "page is more than 1 MB; the article size limit is 1 MB")
    assert isinstance(items[1], Article) and items[1].text == UNDATED_TEXT
    assert peak < 10_000_000


def test_a_page_in_chunks_and_gzip_is_read(tmp_path: Path) -> None:
    body = gzip_member(UNDATED_PAGE)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:]))
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n")
    path = tmp_path / "page.warc"
    path.write_bytes(WARC_HEAD % (b"response", len(http)) + http + b"\r\n\r\n")

    [article] = read_inputs([str(path)])

    assert isinstance(article, Article) and article.text == UNDATED_TEXT


def test_bytes_after_the_last_gzip_member_that_are_not_gzip_are_a_failure(tmp_path: Path) -> None:
    data = write_warc([("response", "200 OK", "text/html", DATED_PAGE)], gzip=True)
    path = tmp_path / "tail.warc.gz"
    path.write_bytes(data + b"junk")

    article, failure = read_inputs([str(path)])

    assert isinstance(article, Article)
    assert failure == Failure(str(path), f"corrupt or truncated WARC after the record at byte 0: the bytes at "
                                         f"{len(data)}, after the end of a gzip member, are not gzip")


def test_a_long_line_in_a_message_is_cut_short(tmp_path: Path) -> None:
    data = write_warc([("response", "200 OK", "text/html", DATED_PAGE)], gzip=False)
    path = tmp_path / "long.warc"
    path.write_bytes(data + b"x" * 100_000 + b"\r\n")

    _, failure = read_inputs([str(path)])

    message = "Invalid WARC record, first line: " + "x" * 100_000
    assert failure == Failure(str(path), f"corrupt or truncated WARC at byte {len(data)}: {message[:200]}…")


@pytest.mark.slow
def test_a_two_gib_gzip_bomb_costs_little_memory_and_the_next_input_is_read(tmp_path: Path, good_text: str) -> None:
    path = tmp_path / "bomb.warc.gz"
    with path.open("wb") as file:  # 2 GiB of zeros with no newline, in one gzip member of 9 MB
        write_zeros(file, 2 << 30, prefix=b"WARC/1.0\r\n")
    script = ("import resource, sys\nfrom eventcoder.readers import read_inputs\n"
              "for item in read_inputs(sys.argv[1:]): print(repr(item))\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")

    done = subprocess.run([sys.executable, "-c", script, str(path), good_text],
                          capture_output=True, text=True, timeout=120, check=True)

    failure, article, peak_kb = done.stdout.splitlines()
    assert failure == repr(Failure(str(path), f"WARC refused at byte 0: {HEADER_LIMIT}"))
    assert article.startswith(f"Article(id={good_text!r}, text={GOOD_TEXT!r}")
    assert int(peak_kb) < 500_000  # the libraries' own 110 MB; before, 20 GB and killed
