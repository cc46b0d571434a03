"""Keeping the events table one row per happening as reports arrive.

Each report belongs to a *component*: the reports connected to it by ``dedup.same_happening``,
directly or through others. A new report can change the grouping only inside its own component
(the components it touches are joined first), so only that component is grouped again, from
scratch, by ``dedup.cluster``. Because the grouping of a component depends only on the set of
its reports, the events are the same whatever order the articles came in.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..dedup import Merged, Report, cluster, date_tolerance, family, merge, place_key, same_happening
from ..models import Event
from .rows import reports_of_rows

# The widest date tolerance of dedup (a month-precise report), and a box wider than dedup's
# largest distance (25 km), for the look-up of candidates by index.
_MAX_DAYS = date_tolerance(3)
_BOX_DEGREES = 0.3


@dataclass(frozen=True, slots=True)
class NewReport:
    """A report just inserted, with its row id (its initial component)."""

    row_id: int
    report: Report


def report_columns(event: Event) -> dict[str, object]:
    """The indexed columns of a report row, for finding candidates."""
    return {
        "family": family(event.event_type),
        "iso3": event.iso3,
        "date_ordinal": event.event_date.toordinal() if event.event_date else None,
        "time_precision": event.time_precision,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "place_key": place_key(event.location) or None,
        "record": json.dumps(event.to_record(), ensure_ascii=False),
    }


_CANDIDATES = """
SELECT r.id, r.component, r.record, a.story, a.published
FROM reports r JOIN articles a ON a.id = r.article
WHERE r.family = :family AND r.iso3 = :iso3
  AND r.date_ordinal BETWEEN :day - :max_days AND :day + :max_days
  AND abs(r.date_ordinal - :day)
      <= max(:tolerance, CASE r.time_precision WHEN 1 THEN 1 WHEN 2 THEN 3 ELSE :max_days END)
  AND r.article != :article
  AND (r.latitude IS NULL OR :lat IS NULL OR coalesce(r.geo_precision, 3) >= 3 OR :geo >= 3
       OR r.place_key = :place_key
       OR (r.latitude BETWEEN :lat - :box AND :lat + :box
           AND (:lon_box >= 180 OR r.longitude BETWEEN :lon - :lon_box AND :lon + :lon_box
                OR r.longitude - 360 BETWEEN :lon - :lon_box AND :lon + :lon_box
                OR r.longitude + 360 BETWEEN :lon - :lon_box AND :lon + :lon_box)))
"""


def _neighbour_components(connection: sqlite3.Connection, new: NewReport, article_row: int) -> set[int]:
    """The components of the stored reports that ``new`` agrees with."""
    event = new.report.event
    if event.event_date is None or not event.iso3:
        return set()
    lat = event.latitude
    lon_box = 180.0
    if lat is not None:
        lon_box = min(180.0, _BOX_DEGREES / max(math.cos(math.radians(min(89.0, abs(lat) + _BOX_DEGREES))), 1e-6))
    rows = connection.execute(_CANDIDATES, {
        "family": family(event.event_type), "iso3": event.iso3, "day": event.event_date.toordinal(),
        "max_days": _MAX_DAYS, "tolerance": date_tolerance(event.time_precision), "article": article_row,
        "lat": lat, "lon": event.longitude, "geo": event.geo_precision or 3, "box": _BOX_DEGREES,
        "lon_box": lon_box, "place_key": place_key(event.location) or None,
    }).fetchall()
    found: set[int] = set()
    for row_id, component, record, story, published in rows:
        if component in found or row_id == new.row_id:
            continue
        [other] = reports_of_rows([(record, story, published)])
        if same_happening(new.report, other):
            found.add(component)
    return found


def join_components(connection: sqlite3.Connection, new: Iterable[NewReport], article_row: int) -> set[int]:
    """Join each new report's component with those of the reports it agrees with; returns the
    components whose grouping may have changed."""
    touched: set[int] = set()
    for item in new:
        (current,) = connection.execute("SELECT component FROM reports WHERE id = ?", (item.row_id,)).fetchone()
        components = _neighbour_components(connection, item, article_row) | {current}
        keep = min(components)
        others = sorted(components - {keep})
        if others:
            marks = ",".join("?" * len(others))
            connection.execute(f"UPDATE reports SET component = ? WHERE component IN ({marks})", (keep, *others))
        touched -= set(others)
        touched.add(keep)
    return touched


def components_of_stories(connection: sqlite3.Connection, stories: Iterable[str]) -> set[int]:
    """The components holding reports from articles of these stories."""
    found: set[int] = set()
    for story in stories:
        found.update(component for (component,) in connection.execute(
            "SELECT DISTINCT r.component FROM reports r JOIN articles a ON a.id = r.article WHERE a.story = ?",
            (story,)))
    return found


_EVENT_COLUMNS = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", "inter1", "inter2", "country", "iso3", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_min", "fatalities_max", "injuries",
    "arrests", "confidence", "lead_report", "n_sources",
)
_INSERT_EVENT = (f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) "
                 f"VALUES ({', '.join(':' + name for name in _EVENT_COLUMNS)})")


def _event_row(merged: Merged) -> dict[str, object]:
    row = merged.event.to_record()
    row.update(fatalities_min=merged.fatalities_min, fatalities_max=merged.fatalities_max,
               lead_report=merged.reports[0].event.event_id,
               n_sources=len({report.event.article_id for report in merged.reports}))
    return {name: row[name] for name in _EVENT_COLUMNS}


def regroup(connection: sqlite3.Connection, component: int) -> list[Merged]:
    """Group a component's reports into events again and rewrite their rows; returns the events."""
    rows = connection.execute(
        "SELECT r.event, r.record, a.story, a.published FROM reports r JOIN articles a ON a.id = r.article "
        "WHERE r.component = ?", (component,)).fetchall()
    old_events = sorted({row[0] for row in rows})
    reports = reports_of_rows(row[1:] for row in rows)
    current = {report.event.event_id: row[0] for report, row in zip(reports, rows, strict=True)}
    merged = [merge(group) for group in cluster(reports)]
    for start in range(0, len(old_events), 500):
        chunk = old_events[start:start + 500]
        connection.execute(f"DELETE FROM events WHERE event_id IN ({','.join('?' * len(chunk))})", chunk)
    connection.executemany(_INSERT_EVENT, [_event_row(item) for item in merged])
    moves = [(item.event.event_id, report.event.event_id) for item in merged for report in item.reports
             if current[report.event.event_id] != item.event.event_id]
    connection.executemany("UPDATE reports SET event = ? WHERE report_id = ?", moves)
    return merged
