"""The records that cross module boundaries: Article in, Event out (../CONTRACT.md).

All are frozen dataclasses. ``Event.to_record()`` gives the contract's JSON object, with
exactly its field names and in its order; ``Event.from_record()`` reads one back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .safetext import replaced_warning, safe_text


@dataclass(frozen=True, slots=True)
class Article:
    """A news report: plain text plus what we know about its publication.

    Every Article is safe to parse, store and print: text is checked once, here, where it enters
    (each reader, the API and the Python API build Articles). A lone UTF-16 surrogate, which no
    encoder accepts ("\\ud800" in JSON, "&#55296;" in a feed), becomes U+FFFD, one character
    for one, and ``warnings`` says so. ``published`` may be given as a date, a datetime or an ISO
    string. A field of the wrong type or an empty id raises InputError."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    warnings: tuple[str, ...] = ()  # what was noticed while reading it, for the user

    def __post_init__(self) -> None:
        notes = list(self.warnings)
        source = safe_text(self.id if isinstance(self.id, str) else repr(self.id))[0]
        for name in ("id", "text", "title", "url", "source"):
            value = getattr(self, name)
            if value is None and name not in ("id", "text"):
                continue
            if not isinstance(value, str):
                raise InputError(source, f"'{name}' must be a string, not {type(value).__name__}")
            clean, replaced = safe_text(value)
            if clean != value:
                object.__setattr__(self, name, clean)
            if replaced:
                notes.append(replaced_warning(name, replaced))
        if not self.id.strip():
            raise InputError(source or "<article>", "'id' must be a non-empty string")
        object.__setattr__(self, "published", as_date(self.published, source=self.id))
        if len(notes) != len(self.warnings):
            object.__setattr__(self, "warnings", tuple(notes))


def as_date(value: object, *, source: str) -> dt.date | None:
    """A publication date given as a date, a datetime or an ISO 8601 string (``YYYY-MM-DD`` or a
    datetime, with or without a timezone; the date as written). Raises InputError naming
    ``source`` for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(source, f"'published' must be a date or a date string, not {type(value).__name__} "
                                 f"{value!r}")
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError(
            source, f"unparseable published date {value!r} (expected YYYY-MM-DD or an ISO datetime)"
        ) from None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words in the article that support one field of an event."""

    field: str
    text: str
    start: int
    end: int

    def to_record(self) -> dict[str, Any]:
        return {"field": self.field, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, as the geo stage resolved it. Unknown parts stay None."""

    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    evidence: Evidence | None = None


PLACE_FIELDS = ("country", "iso3", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision")

# The contract's event fields, in the contract's order.
EVENT_FIELDS = (
    "event_id", "article_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2",
    *PLACE_FIELDS,
    "fatalities", "injuries", "arrests", "confidence", "evidence",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One happening: an actor pair at one place on one day (ACLED codebook, section 6)."""

    event_id: str
    article_id: str
    event_date: dt.date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int = 0
    inter2: int = 0
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int = 0
    injuries: int | None = None
    arrests: int | None = None
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def interaction(self) -> int:
        """ACLED's interaction code: the two inter codes, lower digit first (codebook section 3)."""
        low, high = sorted((self.inter1, self.inter2))
        return self.inter1 * 10 if low == 0 else low * 10 + high

    @property
    def place(self) -> Place:
        return Place(**{name: getattr(self, name) for name in PLACE_FIELDS})

    def with_place(self, place: Place) -> Event:
        return dataclasses.replace(self, **{name: getattr(place, name) for name in PLACE_FIELDS})

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for name in EVENT_FIELDS:
            value = getattr(self, name)
            if name == "event_date":
                value = value.isoformat() if value else None
            elif name == "evidence":
                value = [item.to_record() for item in value]
            record[name] = value
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Event:
        values: dict[str, Any] = {name: record.get(name) for name in EVENT_FIELDS if name in record}
        if values.get("event_date"):
            values["event_date"] = dt.date.fromisoformat(str(values["event_date"])[:10])
        values["evidence"] = tuple(Evidence(**item) for item in record.get("evidence") or ())
        return cls(**values)


def stable_id(*parts: object, prefix: str = "ev") -> str:
    """A short id that depends only on ``parts``: the same input gives the same id on every run."""
    digest = hashlib.sha1("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be processed, and why. Never dropped silently."""

    source: str
    reason: str

    def __post_init__(self) -> None:  # names and reasons are printed and stored: safe text only
        object.__setattr__(self, "source", safe_text(str(self.source))[0])
        object.__setattr__(self, "reason", safe_text(str(self.reason))[0])

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline made of one article: its events, or the failure that stopped it."""

    article: Article
    events: tuple[Event, ...] = ()
    failure: Failure | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the user should know about the article although it was processed."""
        return self.article.warnings
