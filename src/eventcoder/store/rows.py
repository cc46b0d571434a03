"""Rows of the database as records, and back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..dedup import Report
from ..models import Event, Evidence
from .records import Source, StoredEvent


def date_of(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def event_of_record(record: str) -> Event:
    return Event.from_record(json.loads(record))


def reports_of_rows(rows: Iterable[Sequence[Any]], decode: Callable[[str], Event] = event_of_record) -> list[Report]:
    """Reports from (record JSON, story, published) rows."""
    return [Report(decode(record), story, date_of(published)) for record, story, published in rows]


# The columns of ``events`` that make the Event, in the order of the SELECT below.
EVENT_SELECT = (
    "e.event_id, e.event_date, e.time_precision, e.event_type, e.sub_event_type, e.actor1, e.actor2, "
    "e.assoc_actor_1, e.assoc_actor_2, e.inter1, e.inter2, e.country, e.iso3, e.admin1, e.admin2, e.location, "
    "e.latitude, e.longitude, e.geo_precision, e.fatalities, e.injuries, e.arrests, e.confidence, "
    "e.fatalities_min, e.fatalities_max"
)
_EVENT_NAMES = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", "inter1", "inter2", "country", "iso3", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "injuries", "arrests", "confidence",
)
# A report's figures are read out of its record by SQLite: parsing each record whole in Python
# for three numbers was a fifth of the cost of a page of events.
SOURCE_SELECT = (
    "SELECT r.event, r.report_id, json_extract(r.record, '$.fatalities'), json_extract(r.record, '$.injuries'), "
    "json_extract(r.record, '$.arrests'), r.evidence, a.article_id, a.outlet, a.title, a.url, a.published, "
    "a.story, e.lead_report = r.report_id AS lead "
    "FROM reports r JOIN articles a ON a.id = r.article JOIN events e ON e.event_id = r.event "
)


def _source(row: Sequence[Any]) -> tuple[Source, bool]:
    (_, report_id, fatalities, injuries, arrests, evidence_json, article_id, outlet, title, url, published, story,
     lead) = row
    evidence = tuple(Evidence(**item) for item in json.loads(evidence_json))
    source = Source(article_id=article_id, report_id=report_id, outlet=outlet, title=title, url=url,
                    published=date_of(published), story=story, fatalities=fatalities, injuries=injuries,
                    arrests=arrests, evidence=evidence)
    return source, bool(lead)


def stored_events(event_rows: Sequence[Sequence[Any]], source_rows: Iterable[Sequence[Any]]) -> list[StoredEvent]:
    """StoredEvents from rows of EVENT_SELECT and the SOURCE_SELECT rows of the same events.

    Sources are listed lead first, then by publication date, article id and rank."""
    by_event: dict[str, list[tuple[Source, bool]]] = {}
    for row in source_rows:
        by_event.setdefault(row[0], []).append(_source(row))
    out = []
    for row in event_rows:
        values = dict(zip(_EVENT_NAMES, row, strict=False))
        values["event_date"] = date_of(values["event_date"])
        sources = sorted(by_event.get(values["event_id"], ()),
                         key=lambda item: (not item[1], item[0].published or dt.date.max, item[0].article_id,
                                           item[0].report_id))
        lead = next((item for item in sources if item[1]), None)
        if lead is not None:
            values["article_id"] = lead[0].article_id
            values["evidence"] = lead[0].evidence
        else:
            values["article_id"] = ""
            values["evidence"] = ()
        out.append(StoredEvent(event=Event(**values), sources=tuple(item[0] for item in sources),
                               fatalities_min=row[23], fatalities_max=row[24]))
    return out
