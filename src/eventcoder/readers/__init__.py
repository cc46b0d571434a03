"""Inputs in, articles out: text, HTML, JSONL, RSS/Atom feeds and WARC files, from paths,
folders, URLs and stdin.

``read_inputs`` is the one entry point for the shells. It streams (memory stays flat however
large a JSONL or WARC is) and never raises for a bad input: each one becomes a ``Failure``
naming it and saying why, and the other inputs go on.

    read_inputs(sources) -> Article | Failure, ...
      "-"                  stdin, sniffed: JSONL, HTML, a feed or plain text
      http(s)://...        a feed, or one HTML page               feeds.py
      a folder             its files, recursively, sorted
      *.txt                plain text (+ X.meta.json)             text.py
      *.html, *.htm        a page, boilerplate removed            html.py
      *.jsonl, *.ndjson    one article per line                   jsonl.py
      *.rss, *.atom, *.xml an RSS or Atom feed                    feeds.py
      *.warc, *.warc.gz    a crawl, HTML responses only           warc.py
      anything else        sniffed from its first bytes
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..models import Article, Failure
from .feeds import articles_from_feed, read_feed_file, read_url
from .files import (
    DEFAULT_FETCH_TIMEOUT,
    DEFAULT_MAX_ARTICLE_BYTES,
    EXTENSION_KINDS,
    Kind,
    ReadOptions,
    is_sidecar,
    kind_by_name,
    prefixed,
    read_article_stream,
    sniff_head,
    sniff_kind,
)
from .html import article_from_html, decode_html, read_html_file
from .jsonl import article_from_record, read_jsonl
from .meta import parse_published
from .text import decode_text, read_text_file
from .warc import read_warc

__all__ = [
    "DEFAULT_MAX_ARTICLE_BYTES",
    "article_from_html",
    "article_from_record",
    "parse_published",
    "read_inputs",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
logger = logging.getLogger(__name__)

STDIN_NAME = "<stdin>"


def read_inputs(
    sources: Iterable[str],
    *,
    published: dt.date | None = None,
    stdin: BinaryIO | None = None,
    recursive: bool = True,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> Iterator[Article | Failure]:
    """The articles in ``sources`` (paths, folders, ``http(s)://`` URLs, ``-`` for stdin), in
    order, with one Failure per input (or JSONL line, feed entry, WARC record) that holds no
    readable article.

    ``published`` is the date of articles whose input gives none (an input's own date, from
    a sidecar, a record, a page, a feed entry or a WARC header, always wins). ``stdin`` is
    read for ``-`` (default: the process's). ``recursive=False`` reads only a folder's own
    files. ``max_article_bytes`` bounds one article (a text or HTML file, a JSONL line, a
    page in a WARC); a JSONL or WARC file as a whole may be any size. ``fetch_timeout`` is
    in seconds, for each wait on a server (a whole download gets ten).

    Hostile inputs are refused past fixed limits, each named in its Failure: gzip data that
    expands more than 100 times (bounded.py), a WARC record's headers past 1 MB (warc.py), a
    feed past 50 MB or whose entities would expand past it (feeds.py), a page nested more
    than 2048 elements deep (html.py). Memory stays within a few article sizes whatever
    the input.
    """
    options = ReadOptions(max_article_bytes=max_article_bytes, fetch_timeout=fetch_timeout)
    for source in sources:
        for item in _read_source(source, options=options, stdin=stdin, recursive=recursive):
            if published and isinstance(item, Article) and item.published is None:
                item = dataclasses.replace(item, published=published)
            yield item


def _read_source(
    source: str, *, options: ReadOptions, stdin: BinaryIO | None, recursive: bool
) -> Iterator[Article | Failure]:
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _guarded(STDIN_NAME, _read_stream(stream, name=STDIN_NAME, options=options))
    elif source.startswith(("http://", "https://")):
        yield from _guarded(source, read_url(source, options=options))
    elif os.path.isdir(source):
        yield from _read_folder(source, options=options, recursive=recursive)
    elif os.path.exists(source):
        yield from _guarded(source, _read_file(Path(source), name=source, options=options))
    else:
        yield Failure(source, "no such file or folder")


def _read_file(path: Path, *, name: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles in one file, by its extension or, failing that, its first bytes."""
    if not path.is_file():  # a pipe (<(command)), a device: read it as a stream
        with path.open("rb") as stream:
            yield from _read_stream(stream, name=name, options=options)
        return
    kind = kind_by_name(path)
    if kind is None:
        with path.open("rb") as stream:
            kind = sniff_kind(sniff_head(stream))
    limit = options.max_article_bytes
    if kind is Kind.TEXT:
        yield read_text_file(path, name=name, limit=limit)
    elif kind is Kind.HTML:
        yield read_html_file(path, name=name, limit=limit)
    elif kind is Kind.FEED:
        yield from read_feed_file(path, name=name)
    else:
        with path.open("rb") as stream:
            if kind is Kind.JSONL:
                yield from read_jsonl(stream, name=name, limit=limit)
            else:
                yield from read_warc(stream, name=name, options=options)


def _read_stream(stream: BinaryIO, *, name: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles in a stream that cannot seek (stdin, a pipe), sniffed from its first bytes."""
    head = sniff_head(stream)
    kind = sniff_kind(head)
    rest = prefixed(head, stream)
    if kind is Kind.JSONL:
        yield from read_jsonl(rest, name=name, limit=options.max_article_bytes)
    elif kind is Kind.WARC:
        yield from read_warc(rest, name=name, options=options)
    else:
        data = read_article_stream(rest, name=name, limit=options.max_article_bytes)
        if kind is Kind.FEED:
            yield from articles_from_feed(data, name=name)
        elif kind is Kind.HTML:
            yield article_from_html(decode_html(data, source=name), id=name)
        else:
            yield Article(id=name, text=decode_text(data, source=name))


def _read_folder(folder: str, *, options: ReadOptions, recursive: bool) -> Iterator[Article | Failure]:
    """The articles in a folder's files, in sorted order (the same on every machine).

    Only files with a known extension are read: a folder of articles also holds READMEs,
    images and notes, which are not articles. Hidden files and the sidecars that describe an
    article (``X.meta.json``, ``X.expected.jsonl``) are skipped too. A file given by name is
    always read, whatever its extension."""
    read = skipped = 0
    for item in _walk(folder, recursive=recursive):
        if isinstance(item, Failure):
            yield item
        elif kind_by_name(item) is None:
            skipped += 1
        else:
            read += 1
            yield from _guarded(item, _read_file(Path(item), name=item, options=options))
    if skipped:
        logger.info("%s: skipped %d files that are not articles by their extension", folder, skipped)
    if not read:
        known = ", ".join(sorted({*EXTENSION_KINDS}))
        yield Failure(folder, f"no readable files in the folder (looked for {known})")


def _walk(folder: str, *, recursive: bool) -> Iterator[str | Failure]:
    """The paths of the candidate files under ``folder``, sorted by name at every level; a
    Failure for each sub-folder that cannot be listed (os.walk would skip it silently)."""
    errors: list[OSError] = []

    def unreadable() -> Iterator[Failure]:
        yield from (Failure(str(error.filename), f"cannot read the folder: {error.strerror}")
                    for error in errors)
        errors.clear()

    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from unreadable()
        dirs[:] = sorted(name for name in dirs if not name.startswith(".")) if recursive else []
        for name in sorted(files):
            if not name.startswith(".") and not is_sidecar(name):
                yield os.path.join(root, name)
    yield from unreadable()


def _guarded(name: str, items: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
    """``items``, with an InputError or an OS error that stops them turned into a Failure."""
    try:
        yield from items
    except InputError as error:
        yield Failure(error.source, error.reason)
    except OSError as error:
        yield Failure(name, f"cannot read: {error.strerror or error}")

