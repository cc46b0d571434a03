"""What the store hands out and takes in: frozen records, never loose dicts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..codebook.event_types import EVENT_TYPE_OF, EVENT_TYPES
from ..models import Event, Evidence, Failure


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return. Every criterion given must hold; None means any.

    ``country`` is a name or an ISO 3166-1 alpha-3 code (case-insensitive); ``since`` and
    ``until`` bound the event date, both included; ``event_type`` is an event type or a
    sub-event type, spelled as in the codebook (case-insensitive); ``actor`` is a part of any
    actor's or associated actor's name (case-insensitive); ``bbox`` is (west, south, east, north)
    in degrees, west > east meaning a box across the antimeridian; ``min_fatalities`` is the
    smallest figure kept. ``limit``/``offset`` page through the result, which is ordered by event
    date (undated events last), then event id. The three numbers are whole, from 0 to
    ``MAX_NUMBER``; anything else raises ValueError naming the field."""

    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_fatalities: int | None = None
    limit: int | None = None
    offset: int = 0

    # SQLite's largest integer: the numbers are bound into SQL, where a larger one cannot go.
    MAX_NUMBER: ClassVar[int] = 2**63 - 1

    def __post_init__(self) -> None:
        for name in ("min_fatalities", "limit", "offset"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 0 <= value <= self.MAX_NUMBER):
                raise ValueError(f"{name} must be a whole number from 0 to {self.MAX_NUMBER}, not {value!r}")
        if self.event_type is not None and self.canonical_type() is None:
            raise ValueError(f"unknown event type {self.event_type!r}: use one of ACLED's six event types "
                             f"or 25 sub-event types")
        if self.bbox is not None:
            if len(self.bbox) != 4 or not all(math.isfinite(v) for v in self.bbox):
                raise ValueError("bbox is four numbers: west, south, east, north")
            west, south, east, north = self.bbox
            if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
                raise ValueError("bbox is west,south,east,north in degrees, with south <= north")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")

    def canonical_type(self) -> tuple[str, str] | None:
        """("event_type" or "sub_event_type", the name as the codebook spells it)."""
        if self.event_type is None:
            return None
        wanted = self.event_type.casefold()
        for name in EVENT_TYPES:
            if name.casefold() == wanted:
                return "event_type", name
        for name in EVENT_TYPE_OF:
            if name.casefold() == wanted:
                return "sub_event_type", name
        return None


@dataclass(frozen=True, slots=True)
class Source:
    """One article's report of an event: who published it and what it said."""

    article_id: str
    report_id: str  # the event id the extractor gave this article's event
    outlet: str | None
    title: str | None
    url: str | None
    published: dt.date | None
    story: str  # articles that are versions of one story (wire copies, updates) share it
    fatalities: int
    injuries: int | None
    arrests: int | None
    evidence: tuple[Evidence, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "report_id": self.report_id, "outlet": self.outlet,
            "title": self.title, "url": self.url,
            "published": self.published.isoformat() if self.published else None, "story": self.story,
            "fatalities": self.fatalities, "injuries": self.injuries, "arrests": self.arrests,
            "evidence": [item.to_record() for item in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A happening as the store holds it: the merged event (its ``article_id`` and
    ``evidence`` are the lead source's) and every source that reported it, lead first."""

    event: Event
    sources: tuple[Source, ...]
    fatalities_min: int | None
    fatalities_max: int | None

    @property
    def event_id(self) -> str:
        return self.event.event_id

    def to_record(self) -> dict[str, Any]:
        """The contract's fields, then fatalities_min/max, n_sources and the sources."""
        return {
            **self.event.to_record(),
            "fatalities_min": self.fatalities_min,
            "fatalities_max": self.fatalities_max,
            "n_sources": len(self.sources),
            "sources": [source.to_record() for source in self.sources],
        }


@dataclass(frozen=True, slots=True)
class StoredFailure:
    """An input that could not be stored, and why (first seen at ``first_seen``, UTC)."""

    source: str
    reason: str
    first_seen: str


@dataclass(frozen=True, slots=True)
class Bucket:
    """Events and fatalities in one group of a breakdown."""

    key: str
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts for dashboards: totals, and events and fatalities by week (the Monday it
    starts), by event type and by country."""

    articles: int
    events: int
    reports: int
    failures: int
    fatalities: int
    by_week: tuple[Bucket, ...] = ()
    by_type: tuple[Bucket, ...] = ()
    by_country: tuple[Bucket, ...] = ()


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did. Filled in as it goes (so a progress display can read it).

    The event counts are of the events table, so they add up to what the database holds:
    ``events_new`` is how many more events it holds than before the ingest, ``events_merged``
    how many of the reports stored did not add one (each event holds one report of its own;
    the others merged into it), and ``events_stored`` how many it holds at the end. On an empty
    database, ``events_new == events_stored`` and ``events_merged`` is the reports less the
    events."""

    articles_new: int = 0
    near_duplicates: int = 0  # new articles that are versions of a stored story
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    events_new: int = 0  # rows the events table gained (a report that joins an event can push another out)
    events_merged: int = 0  # reports stored less events_new
    events_stored: int = 0  # rows of the events table when the ingest ended
    failures: dict[str, int] = field(default_factory=dict)  # reason -> count
    first_failures: list[Failure] = field(default_factory=list)  # the first few, to show
    warnings: int = 0  # things the user should know about articles that were processed
    first_warnings: list[str] = field(default_factory=list)  # the first few, "id: warning"

    @property
    def articles_skipped(self) -> int:
        return sum(self.skipped.values())

    @property
    def articles_failed(self) -> int:
        return sum(self.failures.values())

    @property
    def articles_seen(self) -> int:
        return self.articles_new + self.articles_skipped + self.articles_failed

    @property
    def reports(self) -> int:
        """The events extracted from the new articles, each stored as a report."""
        return self.events_new + self.events_merged
