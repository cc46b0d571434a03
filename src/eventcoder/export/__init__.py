"""Writing events for people and programs, the extractor's and the store's alike, in one set of
formats: a terminal table, JSONL, JSON, CSV in ACLED's column order, GeoJSON and Parquet.

    write_events(events, fmt, out)       Event records (``eventcoder extract``)
    write_stored(stored, fmt, out)       merged events with their sources (``eventcoder events``)
    write_parquet_file(items, path)      either kind, to a Parquet file

Stored events carry the merged event's fields as for one article, plus what merging adds: in
CSV, ``source`` lists the outlets ("; "), ``evidence`` every source's (each item naming its
``article_id``), and ``fatalities_min``, ``fatalities_max``, ``n_sources``, ``article_ids``
follow at the end; in JSONL, JSON and GeoJSON, the record adds ``fatalities_min``,
``fatalities_max``, ``n_sources`` and ``sources``.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar

from ..models import Event
from ..store.records import StoredEvent
from .parquet import event_schema, evidence_type, stored_schema, write_parquet
from .rows import (
    CSV_COLUMNS,
    STORE_CSV_COLUMNS,
    acled_row,
    format_table,
    geojson_feature,
    stored_csv_row,
    write_geojson,
)

FORMATS = ("table", "jsonl", "json", "csv", "geojson", "parquet")
TEXT_FORMATS = FORMATS[:-1]  # parquet goes to a file

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "STORE_CSV_COLUMNS",
    "TEXT_FORMATS",
    "Written",
    "acled_row",
    "event_schema",
    "evidence_type",
    "format_table",
    "geojson_feature",
    "write_events",
    "write_parquet",
    "write_parquet_file",
    "write_stored",
]

Item = TypeVar("Item", Event, StoredEvent)


@dataclass(frozen=True, slots=True)
class Written:
    """How many events were written, and how many left out (GeoJSON: no coordinates)."""

    events: int
    omitted: int = 0


def write_events(events: Iterable[Event], fmt: str, out: TextIO) -> Written:
    """Write the extractor's events to a text stream in ``fmt`` (one of TEXT_FORMATS)."""
    return _write(events, fmt, out, Event.to_record, acled_row, CSV_COLUMNS,
                  lambda items: format_table(items))


def write_stored(events: Iterable[StoredEvent], fmt: str, out: TextIO) -> Written:
    """Write stored events to a text stream in ``fmt`` (one of TEXT_FORMATS)."""
    return _write(events, fmt, out, StoredEvent.to_record, stored_csv_row, STORE_CSV_COLUMNS,
                  lambda items: format_table([s.event for s in items], sources=[len(s.sources) for s in items]))


def write_parquet_file(events: Iterable[Event] | Iterable[StoredEvent], path: str | os.PathLike[str]) -> Written:
    """Write events of either kind to a Parquet file (complete or not at all), streaming."""
    iterator: Iterator[Event | StoredEvent] = iter(events)
    first = next(iterator, None)
    schema = stored_schema() if isinstance(first, StoredEvent) else event_schema()
    items: Iterator[Event | StoredEvent] = itertools.chain([first] if first is not None else [], iterator)
    return Written(write_parquet((item.to_record() for item in items), path, schema))


def _write(items: Iterable[Item], fmt: str, out: TextIO, record: Callable[[Item], Mapping[str, Any]],
           csv_row: Callable[[Item], Mapping[str, Any]], columns: Sequence[str],
           table: Callable[[list[Item]], str]) -> Written:
    """The one writer of text formats. CSV, JSONL and GeoJSON stream; JSON and the table hold
    the events in memory."""
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        n = 0
        for item in items:
            writer.writerow(csv_row(item))
            n += 1
        return Written(n)
    if fmt == "jsonl":
        n = 0
        for item in items:
            out.write(json.dumps(record(item), ensure_ascii=False) + "\n")
            n += 1
        return Written(n)
    if fmt == "geojson":
        return Written(*write_geojson((record(item) for item in items), out))
    held = list(items)
    if fmt == "json":
        json.dump([record(item) for item in held], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "table":
        out.write(table(held))
    else:
        raise ValueError(f"unknown text format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
    return Written(len(held))
