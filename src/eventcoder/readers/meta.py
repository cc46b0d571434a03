"""What an input says about an article besides its text: publication date, title, URL, outlet.

The same optional fields appear in a JSONL record and in the ``X.meta.json`` sidecar that may
stand beside a text or HTML file ``X.txt`` / ``X.html`` (../../../CONTRACT.md, "Article").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import as_date

# The optional article fields a JSONL record or a sidecar may carry besides id/text/html.
METADATA_FIELDS = ("title", "published", "url", "source")

SIDECAR_SUFFIX = ".meta.json"
# A sidecar is a few hundred bytes; anything much larger is not one.
MAX_SIDECAR_BYTES = 64_000


@dataclass(frozen=True, slots=True)
class Metadata:
    """The optional fields of an article, as an input gave them. Unknown parts stay None."""

    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None


def parse_published(value: str | None, *, source: str) -> dt.date | None:
    """The publication date in ``value``: ``YYYY-MM-DD`` or an ISO 8601 datetime, with or
    without a timezone ("Z" included). None or a blank string gives None.

    A datetime with a timezone keeps the date as written, not converted to UTC: the date the
    outlet's readers saw is the one relative dates ("on Monday") count from.
    Raises InputError naming ``source`` and the value for anything else.
    """
    if value is not None and not isinstance(value, str):
        raise InputError(source, f"'published' must be a date string, not {type(value).__name__} {value!r}")
    return as_date(value, source=source)


def metadata_from_mapping(record: Mapping[str, Any], *, source: str) -> Metadata:
    """The optional fields of ``record``; each must be a string or null. Raises InputError."""
    for name in ("title", "url", "source"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"'{name}' must be a string, not {type(value).__name__}")
    return Metadata(
        title=_blank_to_none(record.get("title")),
        published=parse_published(record.get("published"), source=source),
        url=_blank_to_none(record.get("url")),
        source=_blank_to_none(record.get("source")),
    )


def sidecar_path(path: Path) -> Path:
    """Where the metadata of ``path`` would be: ``X.txt`` -> ``X.meta.json``."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Metadata:
    """The metadata in the sidecar beside ``path``, or empty Metadata when there is none.

    Unlike a JSONL record, a sidecar is strict about its keys: it is written by hand for one
    article, and a misspelt "publised" silently ignored would date every event wrongly.
    Raises InputError naming the sidecar.
    """
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return Metadata()
    name = str(meta_path)
    if meta_path.stat().st_size > MAX_SIDECAR_BYTES:
        raise InputError(name, f"metadata file is larger than {MAX_SIDECAR_BYTES // 1000} kB")
    try:
        record = json.loads(meta_path.read_bytes())
    except UnicodeDecodeError as error:
        raise InputError(name, f"not valid UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise InputError(name, f"not JSON: {error}") from None
    if not isinstance(record, dict):
        raise InputError(name, f"metadata must be a JSON object, not {type(record).__name__}")
    unknown = sorted(set(record) - set(METADATA_FIELDS))
    if unknown:
        raise InputError(name, f"unknown field {unknown[0]!r} (allowed: {', '.join(METADATA_FIELDS)})")
    return metadata_from_mapping(record, source=name)


def _blank_to_none(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None
