"""Keeping the events table one row per happening as reports arrive: the SQL side of
``dedup.incremental``.

Each report belongs to a *component*: the reports connected to it by ``dedup.same_happening``,
directly or through others. A new report can change the grouping only inside its own component
(the components it touches are joined first). There, ``dedup.resume`` redoes the date-ordered
sweep from the new report's date until it is back in step with the stored grouping, and the
events that changed are rewritten.
"""

from __future__ import annotations

import functools
import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..dedup import (
    SPAN_DAYS,
    Merged,
    Report,
    cluster,
    date_tolerance,
    family,
    merge,
    place_key,
    resume,
    same_happening,
)
from ..models import Event
from .rows import event_of_record, reports_of_rows

# The widest date tolerance of dedup (a month-precise report), and a box wider than dedup's
# largest distance (25 km), for the look-up of candidates by index.
_MAX_DAYS = date_tolerance(3)
_BOX_DEGREES = 0.3


def event_decoder(size: int = 20_000) -> Callable[[str], Event]:
    """``event_of_record`` with a memory of the last ``size`` records: a report's record never
    changes, and the reports of a busy place are read again for every new report there."""
    return functools.lru_cache(maxsize=size)(event_of_record)


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
        # the evidence apart: grouping reads every record of a component, and never the evidence
        "record": json.dumps({**event.to_record(), "evidence": []}, ensure_ascii=False),
        "evidence": json.dumps([item.to_record() for item in event.evidence], ensure_ascii=False),
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


def _neighbour_components(connection: sqlite3.Connection, new: NewReport, article_row: int,
                          decode: Callable[[str], Event]) -> set[int]:
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
        [other] = reports_of_rows([(record, story, published)], decode)
        if same_happening(new.report, other):
            found.add(component)
    return found


def join_components(connection: sqlite3.Connection, new: Sequence[NewReport], article_row: int,
                    decode: Callable[[str], Event] = event_of_record) -> list[tuple[int, Report]]:
    """Join each new report's component with those of the reports it agrees with; returns each
    new report with its component."""
    for item in new:
        (current,) = connection.execute("SELECT component FROM reports WHERE id = ?", (item.row_id,)).fetchone()
        components = _neighbour_components(connection, item, article_row, decode) | {current}
        keep = min(components)
        others = sorted(components - {keep})
        if others:
            marks = ",".join("?" * len(others))
            connection.execute(f"UPDATE reports SET component = ? WHERE component IN ({marks})", (keep, *others))
    return [(connection.execute("SELECT component FROM reports WHERE id = ?", (item.row_id,)).fetchone()[0],
             item.report) for item in new]


def stories_spanning(connection: sqlite3.Connection, stories: Sequence[str]) -> list[str]:
    """The events with reports from articles of two or more of these stories: when the stories
    merge into one, only these events' figures can change (see dedup's fatalities rule)."""
    if len(stories) < 2:
        return []
    marks = ",".join("?" * len(stories))
    return [event for (event,) in connection.execute(
        f"SELECT r.event FROM reports r JOIN articles a ON a.id = r.article WHERE a.story IN ({marks}) "
        f"GROUP BY r.event HAVING count(DISTINCT a.story) > 1 ORDER BY r.event", list(stories))]


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


_MEMBERS = ("SELECT r.event, r.record, a.story, a.published FROM reports r JOIN articles a ON a.id = r.article "
            "WHERE ")


def remerge(connection: sqlite3.Connection, events: Iterable[str],
            decode: Callable[[str], Event] = event_of_record) -> None:
    """Merge these events' reports again (same members; their stories changed): each event's
    row is replaced, so the table keeps its count."""
    for event_id in events:
        rows = connection.execute(_MEMBERS + "r.event = ?", (event_id,)).fetchall()
        connection.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
        connection.execute(_INSERT_EVENT, _event_row(merge(reports_of_rows((row[1:] for row in rows), decode))))


def place(connection: sqlite3.Connection, component: int, new: Sequence[Report],
          decode: Callable[[str], Event] = event_of_record) -> int:
    """Group the component's ``new`` reports (stored, with an event of their own id) with the
    others, rewriting the events that change; returns how many more rows the events table holds.

    That can be more than the new reports: a report that joins an event can push out one that
    disagrees with it, which then becomes an event of its own."""
    days = [r.event.event_date.toordinal() for r in new if r.event.event_date]
    window: list[Report] = []
    stored: dict[str, str] = {}
    closed: set[str] = set()
    new_ids = {r.event.event_id for r in new}
    if days:
        low = min(days) - SPAN_DAYS
        rows = connection.execute(_MEMBERS + "r.component = ? AND r.date_ordinal >= ?", (component, low)).fetchall()
        for report, row in zip(reports_of_rows((row[1:] for row in rows), decode), rows, strict=True):
            if report.event.event_id not in new_ids:
                window.append(report)
                stored[report.event.event_id] = row[0]
        closed = {event for (event,) in connection.execute(
            "SELECT DISTINCT event FROM reports WHERE component = ? AND date_ordinal BETWEEN ? AND ?",
            (component, low - SPAN_DAYS, low - 1))}
    change = resume(window, stored, closed, new)
    stale = sorted(change.stale | new_ids)
    removed = 0  # the new reports' own ids have no row yet: count what was deleted, not what was asked
    for start in range(0, len(stale), 500):
        chunk = stale[start:start + 500]
        removed += connection.execute(f"DELETE FROM events WHERE event_id IN ({','.join('?' * len(chunk))})",
                                      chunk).rowcount
    merged = [merge(group) for group in change.groups]
    connection.executemany(_INSERT_EVENT, [_event_row(item) for item in merged])
    connection.executemany("UPDATE reports SET event = ? WHERE report_id = ?", [
        (item.event.event_id, report.event.event_id) for item in merged for report in item.reports
        if stored.get(report.event.event_id, report.event.event_id) != item.event.event_id])
    return len(merged) - removed


def regroup_all(connection: sqlite3.Connection) -> None:
    """Group every component's reports again from scratch (for migrations that change the rule)."""
    components = [c for (c,) in connection.execute("SELECT DISTINCT component FROM reports ORDER BY component")]
    connection.execute("DELETE FROM events")
    for component in components:
        rows = connection.execute(_MEMBERS + "r.component = ?", (component,)).fetchall()
        merged = [merge(group) for group in cluster(reports_of_rows(row[1:] for row in rows))]
        connection.executemany(_INSERT_EVENT, [_event_row(item) for item in merged])
        connection.executemany("UPDATE reports SET event = ? WHERE report_id = ?", [
            (item.event.event_id, report.event.event_id) for item in merged for report in item.reports])
