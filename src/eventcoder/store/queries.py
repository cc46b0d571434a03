"""Reading the store: filters as SQL, events page by page, counts and breakdowns."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import Any

from .records import Bucket, EventFilter, Stats, StoredEvent, StoredFailure
from .rows import EVENT_SELECT, SOURCE_SELECT, stored_events

PAGE = 500  # events read (with their sources) per query while iterating


def where(connection: sqlite3.Connection, criteria: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (possibly empty) and its parameters for ``criteria``, over ``events e``."""
    clauses: list[str] = []
    params: list[Any] = []
    if criteria.country:
        clause, values = _country(connection, criteria.country)
        clauses.append(clause)
        params += values
    if criteria.since:
        clauses.append("e.event_date >= ?")
        params.append(criteria.since.isoformat())
    if criteria.until:
        clauses.append("e.event_date <= ?")
        params.append(criteria.until.isoformat())
    kind = criteria.canonical_type()
    if kind is not None:
        clauses.append(f"e.{kind[0]} = ?")
        params.append(kind[1])
    if criteria.actor:
        # Any of the event's four actor names LIKE the text: the names are matched in the
        # table of names, the events found through their links (schema migration 4).
        pattern = "%" + criteria.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("e.event_id IN (SELECT ea.event_id FROM event_actors ea WHERE ea.actor IN "
                       "(SELECT a.id FROM actors a WHERE a.name LIKE ? ESCAPE '\\'))")
        params.append(pattern)
    if criteria.bbox:
        west, south, east, north = criteria.bbox
        clauses.append("e.latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            clauses.append("e.longitude BETWEEN ? AND ?")
            params += [west, east]
        else:  # across the antimeridian
            clauses.append("(e.longitude >= ? OR e.longitude <= ?)")
            params += [west, east]
    if criteria.min_fatalities is not None:
        clauses.append("e.fatalities >= ?")
        params.append(criteria.min_fatalities)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _country(connection: sqlite3.Connection, text: str) -> tuple[str, list[Any]]:
    """The clause for events whose ISO3 code is ``text`` or whose country is named ``text``
    (any case), as one equality on the code when the data allow it.

    The two-sided test reads two indexes and merges them (11 ms for a large country of 100k
    events, and its pages sorted every match); one code reads the (iso3, date) index in page
    order. A code stands for the name when every event so named has that code and every
    event with that code has that name; otherwise (events without a code, or named apart)
    the two-sided test is kept, so the answer is always the same."""
    code = text.upper()
    named = dict(connection.execute(
        "SELECT iso3, count(*) FROM events WHERE country = ? COLLATE NOCASE GROUP BY iso3", (text,)).fetchall())
    if set(named) <= {code}:  # a code, or a name only events with that code have
        return "e.iso3 = ?", [code]
    if len(named) == 1 and None not in named:
        ((other, count_named),) = named.items()
        (count_other,) = connection.execute("SELECT count(*) FROM events WHERE iso3 = ?", (other,)).fetchone()
        nothing_coded = connection.execute("SELECT 1 FROM events WHERE iso3 = ? LIMIT 1", (code,)).fetchone() is None
        if count_other == count_named and nothing_coded:
            return "e.iso3 = ?", [other]
    return "(e.iso3 = ? OR e.country = ? COLLATE NOCASE)", [code, text]


def iter_events(connection: sqlite3.Connection, criteria: EventFilter) -> Iterator[StoredEvent]:
    """The events matching ``criteria``, by date then id, undated events last, with their sources.

    Dated and undated events are read in two passes, so that each pass is in the order of an
    index ((event_date, event_id), and the key event_id); pages are read by key (the last date
    and id seen), not by OFFSET, so reading all of a large database stays linear."""
    clause, params = where(connection, criteria)
    join = " AND " if clause else " WHERE "
    offset, remaining = criteria.offset, criteria.limit
    for dated in (True, False):
        phase = clause + join + ("e.event_date IS NOT NULL" if dated else "e.event_date IS NULL")
        read = 0
        for stored in _pages(connection, phase, params, dated=dated, offset=offset, limit=remaining):
            yield stored
            read += 1
            if remaining is not None:
                remaining -= 1
        if remaining == 0:
            return
        if dated and offset and not read:
            # The offset is past every dated event: what is left of it skips undated ones.
            # Counted only then (counting on every paged request cost as much as the page).
            (matching,) = connection.execute(f"SELECT count(*) FROM events e{phase}", params).fetchone()
            offset -= matching
        else:
            offset = 0


def _pages(connection: sqlite3.Connection, clause: str, params: list[Any], *, dated: bool, offset: int,
           limit: int | None) -> Iterator[StoredEvent]:
    order = "e.event_date, e.event_id" if dated else "e.event_id"
    after: list[Any] = []
    while limit is None or limit > 0:
        size = PAGE if limit is None else min(PAGE, limit)
        keyset = ""
        if after:
            keyset = " AND (e.event_date, e.event_id) > (?, ?)" if dated else " AND e.event_id > ?"
        # The page's ids first, then their rows: the ids come from an index that holds what
        # the filters test, so the rows of the matches not on the page are never read.
        rows = connection.execute(
            f"SELECT {EVENT_SELECT} FROM (SELECT e.event_id AS id FROM events e{clause}{keyset} ORDER BY {order} "
            f"LIMIT ? OFFSET ?) AS page JOIN events e ON e.event_id = page.id ORDER BY {order}",
            [*params, *after, size, offset]).fetchall()
        offset = 0
        yield from events_with_sources(connection, rows)
        if limit is not None:
            limit -= len(rows)
        if len(rows) < size:
            return
        after = [rows[-1][1], rows[-1][0]] if dated else [rows[-1][0]]


def events_with_sources(connection: sqlite3.Connection, rows: list[Any]) -> list[StoredEvent]:
    ids = [row[0] for row in rows]
    marks = ",".join("?" * len(ids))
    sources = connection.execute(f"{SOURCE_SELECT} WHERE r.event IN ({marks})", ids).fetchall()
    return stored_events(rows, sources)


def get_event(connection: sqlite3.Connection, event_id: str) -> StoredEvent | None:
    """The event ``event_id`` names: a merged event's id, or the id of any report merged into it."""
    rows = connection.execute(f"SELECT {EVENT_SELECT} FROM events e WHERE e.event_id = ?", (event_id,)).fetchall()
    if not rows:
        rows = connection.execute(
            f"SELECT {EVENT_SELECT} FROM reports r JOIN events e ON e.event_id = r.event WHERE r.report_id = ?",
            (event_id,)).fetchall()
    return events_with_sources(connection, rows)[0] if rows else None


def count(connection: sqlite3.Connection, criteria: EventFilter) -> int:
    clause, params = where(connection, criteria)
    (total,) = connection.execute(f"SELECT count(*) FROM events e{clause}", params).fetchone()
    if criteria.offset:
        total = max(0, total - criteria.offset)
    return int(total if criteria.limit is None else min(total, criteria.limit))


def _buckets(connection: sqlite3.Connection, column: str, clause: str, params: list[Any]) -> list[Bucket]:
    """Events and fatalities by ``column`` (NULL left out), most events first."""
    rows = connection.execute(
        f"SELECT {column} AS k, count(*), coalesce(sum(e.fatalities), 0) FROM events e{clause} "
        f"GROUP BY k HAVING k IS NOT NULL ORDER BY 2 DESC, k", params).fetchall()
    return [Bucket(str(k), int(n), int(f)) for k, n, f in rows]


def _weeks(connection: sqlite3.Connection, clause: str, params: list[Any]) -> tuple[Bucket, ...]:
    """Events and fatalities by week (the Monday it starts), in date order. Grouped by day in
    SQL, from the date index, and the days into weeks here: SQLite's date() on every row cost
    seven times the rest of the query."""
    weeks: dict[str, list[int]] = {}
    for day, n, fatalities in connection.execute(
            f"SELECT e.event_date, count(*), coalesce(sum(e.fatalities), 0) FROM events e{clause} "
            f"GROUP BY e.event_date HAVING e.event_date IS NOT NULL", params):
        try:
            date = dt.date.fromisoformat(day[:10])
        except ValueError:  # not a date: SQLite's date() would have made it NULL, left out
            continue
        week = weeks.setdefault((date - dt.timedelta(days=date.weekday())).isoformat(), [0, 0])
        week[0] += n
        week[1] += fatalities
    return tuple(Bucket(key, n, fatalities) for key, (n, fatalities) in sorted(weeks.items()))


def stats(connection: sqlite3.Connection, criteria: EventFilter) -> Stats:
    """Totals, and events and fatalities by week, event type and country, for ``criteria``
    (its paging is ignored)."""
    clause, params = where(connection, criteria)
    by_type = _buckets(connection, "e.event_type", clause, params)  # every event has a type: these are the totals

    def total(table: str) -> int:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return Stats(
        articles=total("articles"), events=sum(b.events for b in by_type), reports=total("reports"),
        failures=total("failures"), fatalities=sum(b.fatalities for b in by_type),
        by_week=_weeks(connection, clause, params), by_type=tuple(by_type),
        by_country=tuple(_buckets(connection, "e.country", clause, params)),
    )


def iter_failures(connection: sqlite3.Connection) -> Iterator[StoredFailure]:
    for source, reason, first_seen in connection.execute(
            "SELECT source, reason, first_seen FROM failures ORDER BY source, reason"):
        yield StoredFailure(source, reason, first_seen)
