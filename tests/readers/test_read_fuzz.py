"""Fuzzing the readers (issue 10): whatever the bytes, read_inputs gives Articles and Failures
with a reason, from a file named for its kind, a file it must sniff, and stdin; nothing
escapes it. The quick suite runs a few dozen fixed examples; the slow one explores."""

from __future__ import annotations

import io
import json
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventcoder.models import Article, Failure
from eventcoder.readers import read_inputs

PAGE = (b"<html><head><title>Tear gas in Kisumu</title></head><body><article><p>Police fired tear gas at "
        b"traders marching in Kisumu and arrested 23 of them, witnesses said.</p></article></body></html>")


def write_warc(records: list[tuple[str, str, bytes]], *, gzip: bool) -> bytes:
    """A WARC of (record type, Content-Type, body) records, by warcio's own writer."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number, (record_type, content_type, body) in enumerate(records):
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{number}", record_type, payload=io.BytesIO(body),
            http_headers=http if record_type == "response" else None))
    return buffer.getvalue()


def gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


WORDS = ["Police", "fired", "tear gas", "at", "traders", "in", "Kisumu", "on", "Monday", ".", " ", "\n"]
MARKUP = ["<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<article>", "<script>", "<!--", "-->",
          "<!DOCTYPE html>", "&amp;", "&nbsp;", "&#0;", "<meta charset='utf-16'>", "<title>", "\x00", "é", "\ud800"]
FEED_PARTS = ['<?xml version="1.0"?>', "<!-- c -->", "<!DOCTYPE rss [", '<!ENTITY a "x&a;">', "]>", "<rss>",
              "<channel>", "<item>", "<link>https://x.example/1</link>", "<description>", "</description>",
              "</item>", "<feed>", "<entry>", "<id>u1</id>", "<summary type='html'>", "&a;", "<![CDATA[", "]]>"]


def words(parts: list[str]) -> st.SearchStrategy[bytes]:
    pieces = st.one_of(st.sampled_from(parts), st.sampled_from(WORDS), st.text(max_size=5))
    return st.lists(pieces, max_size=60).map(lambda chosen: "".join(chosen).encode("utf-8", "surrogatepass"))


RECORD_VALUES = st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=2),
                          words(MARKUP).map(lambda data: data.decode("utf-8", "replace")))
RECORDS = st.dictionaries(st.sampled_from(["id", "text", "html", "published", "title", "url", "source", "x"]),
                          RECORD_VALUES, max_size=6)
JSONL = st.lists(st.one_of(RECORDS.map(json.dumps), st.text(max_size=40)), max_size=5).map(
    lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))

PAGE_RECORDS = [("response", "text/html", PAGE), ("resource", "text/plain", b"notes"),
                ("response", "text/html; charset=utf-8", PAGE)]
CHUNKED = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked"
           b"\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(gzip_member(PAGE)), gzip_member(PAGE)))
WARCS = [write_warc(PAGE_RECORDS, gzip=False), write_warc(PAGE_RECORDS, gzip=True),
         b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/\r\nContent-Length: %d\r\n\r\n%s"
         % (len(CHUNKED), CHUNKED)]


@st.composite
def mutated_warc(draw: st.DrawFn) -> bytes:
    """A real WARC, cut, overwritten or padded in a few places."""
    data = bytearray(draw(st.sampled_from(WARCS)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data[at:at + draw(st.integers(0, 16))] = draw(st.binary(max_size=16))
    return bytes(data[:draw(st.integers(0, len(data)))] if draw(st.booleans()) else data)


# (the extension that names the kind, the bytes)
INPUTS = st.one_of(
    st.tuples(st.just(".txt"), st.one_of(st.binary(max_size=300), words(WORDS))),
    st.tuples(st.just(".html"), st.one_of(st.binary(max_size=300), words(MARKUP))),
    st.tuples(st.just(".jsonl"), JSONL),
    st.tuples(st.just(".rss"), words(FEED_PARTS)),
    st.tuples(st.sampled_from([".warc", ".warc.gz"]), mutated_warc()),
)


def read_everywhere(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        named, sniffed = Path(folder) / f"input{suffix}", Path(folder) / "input.bin"
        named.write_bytes(data)
        sniffed.write_bytes(data)
        for item in read_inputs([str(named), str(sniffed), "-"], stdin=io.BytesIO(data)):
            assert isinstance(item, Article | Failure), item
            if isinstance(item, Failure):
                assert isinstance(item.reason, str) and item.reason.strip(), item
                assert item.source.strip(), item
            else:
                assert item.id.strip() and item.text.strip(), item


FUZZ = {"deadline": None, "database": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


@settings(max_examples=100, derandomize=True, **FUZZ)  # type: ignore[arg-type]
@given(INPUTS)
def test_no_input_escapes_read_inputs(case: tuple[str, bytes]) -> None:
    read_everywhere(*case)


@pytest.mark.slow
@settings(max_examples=3000, **FUZZ)  # type: ignore[arg-type]
@given(INPUTS)
def test_no_input_escapes_read_inputs_explored(case: tuple[str, bytes]) -> None:
    read_everywhere(*case)
