"""WARC files (``.warc``, ``.warc.gz``) as news crawls publish them (CC-NEWS): each HTML page
fetched with status 200 becomes an article, read record by record so memory stays flat.

Other records (requests, metadata, images, redirects, errors) are skipped and counted in the
log: a crawl is mostly those, and they are not failures. A WARC cut short or damaged ends in
one Failure naming the file and the byte offset, after the good records before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from ..errors import InputError
from ..models import Article, Failure
from .files import ReadOptions, too_large
from .html import article_from_html, charset_of, decode_html
from .meta import parse_published

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, *, name: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles in the WARC ``stream`` (plain or gzipped), one per HTML response with
    status 200. Each page that yields no article is a Failure naming its record; a damaged
    or truncated WARC ends with one Failure naming ``name`` and the offset."""
    records = ArchiveIterator(stream)
    skipped = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        # warcio 1.8 raises AttributeError for a record cut inside its WARC headers.
        except (ArchiveLoadFailed, AttributeError, ValueError, EOFError, zlib.error) as error:
            yield Failure(name, f"corrupt or truncated WARC at byte {records.offset}: {error}")
            return
        offset = records.offset
        if record.format != "warc":  # warcio also reads ARC, and takes many a text line for one
            yield Failure(name, f"not a WARC file: the record at byte {offset} is not a WARC record")
            return
        uri = record.rec_headers.get_header("WARC-Target-URI")
        where = f"{name} record at byte {offset}" + (f" ({uri})" if uri else "")
        payload = _payload(record, where=where, options=options) if _is_html_page(record) else None
        # A record the file ends inside reads short, silently; only its leftover length shows it.
        if not _drain(record):
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
        yield Failure(name, f"corrupt or truncated WARC at byte {records.offset}: no readable record there")
    if skipped:
        logger.info("%s: skipped %d records that are not HTML pages with status 200", name, skipped)


def _payload(record: ArcWarcRecord, *, where: str, options: ReadOptions) -> bytes | Failure:
    """The page in ``record``, its transfer and content encodings undone, up to the limit."""
    limit = options.max_article_bytes
    try:
        payload = record.content_stream().read(limit + 1)
    except (ValueError, EOFError, zlib.error) as error:  # bad chunked or gzip encoding
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
