"""WARC files (``.warc``, ``.warc.gz``) as news crawls publish them (CC-NEWS): each HTML page
fetched with status 200 becomes an article, read record by record so memory stays flat.

Other records (requests, metadata, images, redirects, errors) are skipped and counted in the
log: a crawl is mostly those, and they are not failures. A WARC cut short or damaged ends in
one Failure naming the file and the byte offset, after the good records before it.

warcio reads a header line whole however long it is, and gunzips a block at a time however
much it expands, so a 2 MB file of zeros once took it past 20 GB. It is therefore handed a
stream that is already gunzipped by bounded steps (``bounded.Gunzipped``) and that gives at
most MAX_HEADER_BYTES while a record's headers are read; a page's body is decoded by
``bounded.read_body``, within the article size limit. Past a limit the rest of the file is
refused, with the limit in the message, and the next input goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from ..errors import InputError
from ..models import Article, Failure
from .bounded import GZIP_MAGIC, BadEncoding, CorruptGzip, Gunzipped, LimitError, read_body
from .files import ReadOptions, prefixed, too_large
from .html import article_from_html, charset_of, decode_html
from .meta import parse_published

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
# A record's WARC and HTTP headers are a few kB; a megabyte is no header but a bomb or junk.
MAX_HEADER_BYTES = 1_000_000
# warcio puts a record's whole first line in some messages; a failure shows the start of it.
MAX_MESSAGE_CHARS = 200


def read_warc(stream: BinaryIO, *, name: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles in the WARC ``stream`` (plain or gzipped), one per HTML response with
    status 200. Each page that yields no article is a Failure naming its record; a damaged,
    truncated or oversized WARC ends with one Failure naming ``name`` and the offset."""
    source = _WarcSource(stream, max_expansion=options.max_expansion)
    records = ArchiveIterator(source)
    records.reader.set_decomp(None)  # already gunzipped, within bounds; warcio's own has none
    skipped = 0
    last: int | None = None  # the offset of the last record read
    while True:
        try:
            with source.reading_headers():
                record = next(records)
        except StopIteration:
            break
        except (LimitError, ArchiveLoadFailed, AttributeError, ValueError, EOFError, zlib.error) as error:
            # warcio 1.8 raises AttributeError for a record cut inside its WARC headers. Its offset
            # moves on only once the blank lines after a record are read: trouble in those is
            # after the last record.
            offset = source.file_offset(records.offset)
            where = f"after the record at byte {last}" if offset == last else f"at byte {offset}"
            if isinstance(error, LimitError):
                yield Failure(name, f"WARC refused {where}: {error}")
            else:
                yield Failure(name, f"corrupt or truncated WARC {where}: {_brief(error)}")
            return
        offset = last = source.file_offset(records.offset)
        if record.format != "warc":  # warcio also reads ARC, and takes many a text line for one
            yield Failure(name, f"not a WARC file: the record at byte {offset} is not a WARC record")
            return
        uri = record.rec_headers.get_header("WARC-Target-URI")
        where = f"{name} record at byte {offset}" + (f" ({uri})" if uri else "")
        try:
            payload = _payload(record, where=where, options=options) if _is_html_page(record) else None
            # A record the file ends inside reads short, silently; only its leftover length shows it.
            complete = _drain(record)
        except LimitError as error:
            yield Failure(name, f"WARC refused at byte {offset}: {error}")
            return
        except CorruptGzip as error:
            yield Failure(name, f"corrupt or truncated WARC at byte {offset}: {error}")
            return
        if not complete:
            yield Failure(name, f"corrupt or truncated WARC at byte {offset}: the record ends early")
            return
        if payload is None:
            skipped += 1
        elif isinstance(payload, Failure):
            yield payload
        else:
            yield _article(record, payload, id=uri or where, where=where)
    # A file that ends inside a record's headers ends the iteration silently too.
    if records.offset < records.fh.tell():
        yield Failure(name, f"corrupt or truncated WARC at byte {source.file_offset(records.offset)}: "
                            "no readable record there")
    if skipped:
        logger.info("%s: skipped %d records that are not HTML pages with status 200", name, skipped)


class _WarcSource(io.RawIOBase):
    """What warcio reads: ``stream`` gunzipped if it is gzip, and at most MAX_HEADER_BYTES
    while a record's headers are read (warcio would read a line with no end whole)."""

    def __init__(self, stream: BinaryIO, *, max_expansion: int) -> None:
        if not hasattr(stream, "peek"):
            stream = prefixed(b"", stream)
        self._gunzipped = Gunzipped(stream, max_expansion=max_expansion) if _is_gzip(stream) else None
        self._stream: BinaryIO = self._gunzipped or stream  # type: ignore[assignment]
        self._given = 0
        self._header_bytes: int | None = None  # given since the headers began; None in a body

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._given

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._header_bytes is not None:
            if self._header_bytes > MAX_HEADER_BYTES:
                raise LimitError(f"record headers run past {MAX_HEADER_BYTES / 1e6:g} MB without an end "
                                 f"(the header size limit is {MAX_HEADER_BYTES / 1e6:g} MB)")
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        self._given += len(data)
        if self._header_bytes is not None:
            self._header_bytes += len(data)
        return len(data)

    @contextmanager
    def reading_headers(self) -> Iterator[None]:
        self._header_bytes = 0
        try:
            yield
        finally:
            self._header_bytes = None

    def file_offset(self, offset: int) -> int:
        """Where in the file the record at ``offset`` (in the gunzipped bytes) starts."""
        return self._gunzipped.compressed_offset(offset) if self._gunzipped else offset


def _is_gzip(stream: BinaryIO) -> bool:
    return stream.peek(len(GZIP_MAGIC))[: len(GZIP_MAGIC)] == GZIP_MAGIC  # type: ignore[attr-defined]


def _brief(error: Exception) -> str:
    message = " ".join(str(error).split())
    return message if len(message) <= MAX_MESSAGE_CHARS else message[:MAX_MESSAGE_CHARS] + "…"


def _payload(record: ArcWarcRecord, *, where: str, options: ReadOptions) -> bytes | Failure:
    """The page in ``record``, its transfer and content encodings undone, up to the limit."""
    limit = options.max_article_bytes
    headers = record.http_headers
    try:
        payload = read_body(record.raw_stream, transfer_encoding=headers.get_header("Transfer-Encoding"),
                            content_encoding=headers.get_header("Content-Encoding"), limit=limit)
    except BadEncoding as error:
        return Failure(where, f"unreadable page content: {error}")
    if len(payload) > limit:
        return Failure(where, too_large(f"page is more than {limit / 1e6:g} MB", limit))
    if not payload.strip():
        return Failure(where, "empty page")
    return payload


def _article(record: ArcWarcRecord, payload: bytes, *, id: str, where: str) -> Article | Failure:
    """The article in a page; its date from the page, else the day it was crawled."""
    charset = charset_of(record.http_headers.get_header("Content-Type"))
    try:
        html = decode_html(payload, source=where, declared=charset)
        article = article_from_html(html, id=id, url=record.rec_headers.get_header("WARC-Target-URI"))
    except InputError as error:
        return Failure(where, error.reason)
    if article.published is None:
        article = dataclasses.replace(article, published=_crawl_date(record, where))
    return article


def _crawl_date(record: ArcWarcRecord, where: str) -> dt.date | None:
    try:
        return parse_published(record.rec_headers.get_header("WARC-Date"), source=where)
    except InputError:
        return None


def _is_html_page(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(HTML_TYPES)


def _drain(record: ArcWarcRecord) -> bool:
    """Read the rest of ``record``; False if the file ends before the record does."""
    while record.raw_stream.read(BUFF_SIZE):
        pass
    # A record cut inside its headers may have lost its Content-Length: then no limit at all.
    return getattr(record.raw_stream, "limit", None) == 0
