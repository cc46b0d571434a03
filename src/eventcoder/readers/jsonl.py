"""JSONL of articles (../../../CONTRACT.md, "Article"): one JSON object per line.

Read line by line, so a file of a million articles takes the memory of one; the size limit
applies to each line. A bad line becomes a Failure naming ``path:LINE``; the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from io import BufferedReader
from typing import Any

from ..errors import InputError
from ..models import Article, Failure
from .files import SNIFF_BYTES, binary_reason, too_large
from .html import article_from_html
from .meta import metadata_from_mapping

# Skipping the rest of an over-long line reads it in pieces of this size.
SKIP_CHUNK = 1 << 16


def article_from_record(record: Mapping[str, Any], *, source: str) -> Article:
    """The article in one JSON record: ``id`` and ``text`` (or ``html``), with optional
    ``title``, ``published``, ``url`` and ``source`` (the outlet). Other keys are ignored, so
    records that carry more (gold annotations, say) can be read as they are. Raises InputError
    naming ``source`` (e.g. ``path:LINE``).
    """
    if not isinstance(record, Mapping):
        raise InputError(source, f"not a JSON object but {_json_type(record)}")
    article_id = record.get("id")
    if article_id is None:
        raise InputError(source, "missing 'id'")
    if not isinstance(article_id, str) or not article_id.strip():
        raise InputError(source, f"'id' must be a non-empty string, not {article_id!r}")
    meta = metadata_from_mapping(record, source=source)
    text, html = record.get("text"), record.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"'{name}' must be a string, not {_json_type(value)}")
    if text and text.strip():
        return Article(
            id=article_id,
            text=text,
            title=meta.title,
            published=meta.published,
            url=meta.url,
            source=meta.source,
        )
    if html and html.strip():
        try:
            article = article_from_html(
                html, id=article_id, url=meta.url, published=meta.published,
                title=meta.title, source=meta.source,
            )
        except InputError as error:
            raise InputError(source, error.reason) from None
        return article
    if text is None and html is None:
        raise InputError(source, "neither 'text' nor 'html'")
    raise InputError(source, f"'{'text' if text is not None else 'html'}' is empty")


def read_jsonl(stream: BufferedReader, *, name: str, limit: int) -> Iterator[Article | Failure]:
    """The articles in a JSONL stream, one per line, and a Failure for each bad line. Blank
    lines are allowed. ``name`` names the input in failures (``name:LINE``)."""
    if reason := binary_reason(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]):
        yield Failure(name, reason)
        return
    number = 0
    records = 0
    while line := stream.readline(limit + 1):
        number += 1
        where = f"{name}:{number}"
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Failure(where, too_large(f"line is more than {limit / 1e6:g} MB", limit))
            continue
        if not line.strip():
            continue
        records += 1
        try:
            yield article_from_record(_parse_line(line, where, first=number == 1), source=where)
        except InputError as error:
            yield Failure(error.source, error.reason)
    if number == 0:
        yield Failure(name, "empty file")
    elif records == 0:
        yield Failure(name, "no JSON lines, only blank ones")


def _parse_line(line: bytes, where: str, *, first: bool) -> Any:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(where, f"not valid UTF-8 at byte {error.start} of the line") from None
    if first:
        text = text.removeprefix("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # Some of json's messages end in "at" already ("Unterminated string starting at").
        raise InputError(where, f"not JSON ({error.msg.removesuffix(' at')} at column {error.colno})") from None


def _skip_rest_of_line(stream: BufferedReader) -> None:
    while (chunk := stream.readline(SKIP_CHUNK)) and not chunk.endswith(b"\n"):
        pass


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
