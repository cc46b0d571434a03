"""RSS and Atom feeds, from a file or a URL: each entry becomes an article.

An entry's text is its content (or, failing that, its summary): long HTML goes through
trafilatura like a page, short snippets through a plain HTML-to-text conversion, since
trafilatura is tuned for whole pages. Many feeds carry only a summary; the linked page is not
fetched (pass its URL, or a WARC of it, for the full article).

A URL that serves an HTML page rather than a feed is read as that one article. A download
is bounded in size (MAX_FEED_BYTES, once decompressed) and in time (DOWNLOAD_TIMEOUTS fetch
timeouts); a feed whose DOCTYPE entities would expand past MAX_FEED_BYTES is refused.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from ..errors import InputError
from ..models import Article, Failure
from ..safetext import replaced_warning, safe_text
from .bounded import PIECE, read_body
from .files import PROLOG_BYTES, Kind, ReadOptions, looks_like_feed, sniff_kind, too_large
from .html import article_from_html, charset_of, decode_html, extract_page, html_to_text
from .meta import parse_published
from .prolog import EntityError, entity_expansion, read_prolog

logger = logging.getLogger(__name__)

# feedparser parses a whole document at once, so a feed has a bound of its own; real feeds
# are well under 10 MB.
MAX_FEED_BYTES = 50_000_000
# Shorter than this (as plain text), an entry's HTML is a snippet, not a page.
SNIPPET_CHARS = 500
USER_AGENT = "eventcoder/0.1 (feed reader)"
# A whole download may take this many fetch timeouts (each bounds one wait for the server).
DOWNLOAD_TIMEOUTS = 10


def read_feed_file(path: Path, *, name: str) -> Iterator[Article | Failure]:
    """The articles in a feed file; a Failure for each entry that has none."""
    size = path.stat().st_size
    if size == 0:
        yield Failure(name, "empty file")
    elif size > MAX_FEED_BYTES:
        limit = MAX_FEED_BYTES // 1_000_000
        yield Failure(name, f"file is {size / 1e6:.1f} MB; the feed size limit is {limit} MB")
    else:
        yield from articles_from_feed(path.read_bytes(), name=name)


def read_url(url: str, *, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles of the feed at ``url``, or the one article of the page there. A network
    error is one Failure naming the URL."""
    try:
        data, content_type = _fetch(url, timeout=options.fetch_timeout)
    except InputError as error:
        yield Failure(error.source, error.reason)
        return
    kind = sniff_kind(data[:PROLOG_BYTES])
    if kind is Kind.FEED:
        yield from articles_from_feed(data, name=url, base_url=url)
    elif kind is Kind.HTML or "html" in content_type:
        yield _page_article(data, url=url, content_type=content_type, options=options)
    else:
        yield Failure(url, f"neither a feed nor an HTML page (Content-Type: {content_type or 'none'})")


def _page_article(data: bytes, *, url: str, content_type: str, options: ReadOptions) -> Article | Failure:
    limit = options.max_article_bytes
    if len(data) > limit:
        return Failure(url, too_large(f"page is more than {limit / 1e6:g} MB", limit))
    try:
        html = decode_html(data, source=url, declared=charset_of(content_type))
        return article_from_html(html, id=url, url=url)
    except InputError as error:
        return Failure(error.source, error.reason)


def articles_from_feed(data: bytes, *, name: str, base_url: str | None = None) -> Iterator[Article | Failure]:
    """The articles in the feed document ``data``; ``name`` names it in failures."""
    if not looks_like_feed(data):
        yield Failure(name, "not an RSS or Atom feed")
        return
    if refusal := _entity_refusal(data):
        yield Failure(name, refusal)
        return
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(data, response_headers=headers)
    if parsed.bozo and not parsed.entries:
        yield Failure(name, f"not a readable feed: {parsed.bozo_exception}")
        return
    if parsed.bozo:
        logger.info("%s: feed is not well-formed (%s); read what could be", name, parsed.bozo_exception)
    if not parsed.entries:
        logger.warning("%s: the feed has no entries", name)
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield article_from_entry(entry, where=f"{name} entry {number}", outlet=outlet)
        except InputError as error:
            yield Failure(error.source, error.reason)


def _entity_refusal(data: bytes) -> str | None:
    """Why the entities the feed declares are refused, or None. feedparser lets expat expand
    them, and expat stops only at 100 times the input: a 40 MB feed became 2 GB of text."""
    try:
        expansion = entity_expansion(data, read_prolog(data[:PROLOG_BYTES]), limit=MAX_FEED_BYTES)
    except EntityError as error:
        return f"refused: {error}"
    if expansion > MAX_FEED_BYTES:
        return (f"refused: its entities expand to more than the feed size limit of "
                f"{MAX_FEED_BYTES // 1_000_000} MB (an entity bomb?)")
    return None


def article_from_entry(entry: dict[str, Any], *, where: str, outlet: str | None) -> Article:
    """The article in one feed entry. Raises InputError naming ``where`` and the entry's link."""
    # feedparser fills ``link`` from a guid or id when an entry has none: only a web address is a URL.
    link = entry.get("link") or None
    article_id = link or entry.get("id") or None
    url = link if link and link.startswith(("http://", "https://")) else None
    if article_id is None:
        raise InputError(where, "entry has neither a link nor an id")
    where = f"{where} ({article_id})"
    text, replaced = _entry_text(entry, where=where)
    if not text:
        raise InputError(where, "entry has no text (no content and no summary)")
    return Article(
        id=article_id,
        text=text,
        title=entry.get("title") or None,
        published=_entry_date(entry),
        url=url,
        source=outlet,
        warnings=(replaced_warning("content", replaced),) if replaced else (),
    )


def _entry_text(entry: dict[str, Any], *, where: str) -> tuple[str, int]:
    """The plain text of the longest of the entry's content and summary, and how many
    characters no encoder accepts ("&#55296;") were replaced in it first: the HTML parser
    drops what follows one."""
    bodies = [*entry.get("content", ()), entry.get("summary_detail") or {}]
    body = max(bodies, key=lambda detail: len(detail.get("value") or ""))
    value, replaced = safe_text(body.get("value") or "")
    media_type = body.get("type") or "text/html"
    if "html" not in media_type:
        return value.strip(), replaced
    text = html_to_text(value, source=where)
    if len(text) < SNIPPET_CHARS:
        return text, replaced
    page = extract_page(f"<html><body><article>{value}</article></body></html>", source=where)
    return (page.text if page else text), replaced


def _entry_date(entry: dict[str, Any]) -> dt.date | None:
    """The entry's publication (or update) date, as the feed wrote it.

    feedparser's ``*_parsed`` fields are in UTC, which moves a late-evening story to the next
    day; the date relative dates count from is the outlet's local one, so the raw string is
    read first (RFC 822 for RSS, ISO 8601 for Atom)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError):
            pass
        try:
            return parse_published(raw, source=key)
        except InputError:
            pass
        if parsed := entry.get(f"{key}_parsed"):
            return dt.date(*parsed[:3])
    return None


def _fetch(url: str, *, timeout: float) -> tuple[bytes, str]:
    """The body (up to MAX_FEED_BYTES, decompressed if the server compressed it unasked) and
    Content-Type at ``url``. ``timeout`` bounds each wait and DOWNLOAD_TIMEOUTS of it the
    whole download, so a server that sends a byte a second cannot hold the batch for ever.
    Raises InputError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "")
            body = _Download(response, url=url, seconds=timeout * DOWNLOAD_TIMEOUTS)
            data = read_body(body, transfer_encoding=None, limit=MAX_FEED_BYTES,
                             content_encoding=response.headers.get("Content-Encoding"))
    except urllib.error.HTTPError as error:
        raise InputError(url, f"cannot fetch: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise InputError(url, f"cannot fetch: {error.reason}") from None
    except (TimeoutError, http.client.HTTPException, OSError, ValueError) as error:
        raise InputError(url, f"cannot fetch: {error}") from None
    if len(data) > MAX_FEED_BYTES:
        raise InputError(url, f"more than {MAX_FEED_BYTES // 1_000_000} MB, the download size limit")
    if not data:
        raise InputError(url, "cannot fetch: the server sent nothing")
    return data, content_type


class _Download:
    """A response read a network packet at a time, refused past its deadline."""

    def __init__(self, response: http.client.HTTPResponse, *, url: str, seconds: float) -> None:
        self._response = response
        self._url = url
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds

    def read(self, size: int = PIECE, /) -> bytes:
        if time.monotonic() > self._deadline:
            raise InputError(self._url, f"cannot fetch: the download took more than {self._seconds:g} s "
                                        f"({DOWNLOAD_TIMEOUTS} times the fetch timeout)")
        return self._response.read1(size)  # read(size) would wait for all of size, however slow

    def readline(self, size: int = PIECE, /) -> bytes:
        return self._response.readline(size)
