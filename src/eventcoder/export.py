"""Writing events for people and programs: a terminal table, JSONL, JSON, CSV in ACLED's
column order (so it loads wherever ACLED exports load), GeoJSON for maps (QGIS, geojson.io) and
Parquet for dataframes (pandas, DuckDB, Spark).

GeoJSON follows RFC 7946: a FeatureCollection of Points with [longitude, latitude] in WGS84 and
the event's fields as properties. An event without coordinates has no place on a map and is
left out (a Feature with a null geometry is valid, but QGIS and geojson.io drop or mishandle
those); the writers return how many were left out so that the shells can say so."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .codebook.event_types import disorder_type
from .models import EVENT_FIELDS, Event

# ACLED's export columns, in ACLED's order, under the contract's names where the contract has
# one (event_id, iso3); what ACLED lacks (injuries, arrests, confidence, article_id, evidence)
# follows at the end.
CSV_COLUMNS = (
    "event_id", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso3", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    "injuries", "arrests", "confidence", "article_id", "evidence",
)

FORMATS = ("table", "jsonl", "json", "csv", "geojson")

if TYPE_CHECKING:
    import pyarrow as pa


def acled_row(event: Event) -> dict[str, Any]:
    """One event as a row of CSV_COLUMNS."""
    record = event.to_record()
    notes = next((e.text for e in event.evidence if e.field == "event_type"), "")
    civilian = "Civilians targeted" if event.inter2 == 7 or event.inter1 == 7 else ""
    row = {
        **record,
        "year": event.event_date.year if event.event_date else None,
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "interaction": event.interaction,
        "civilian_targeting": civilian,
        "source": event.article_id,
        "notes": " ".join(notes.split()),
        "evidence": json.dumps(record["evidence"], ensure_ascii=False),
    }
    return {column: row.get(column) for column in CSV_COLUMNS}


def write_events(events: Iterable[Event], fmt: str, out: TextIO) -> int:
    """Write events in ``fmt`` (one of FORMATS); returns how many were written. JSONL and CSV
    stream; JSON and the table hold the events in memory."""
    if fmt == "jsonl":
        n = 0
        for event in events:
            out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "geojson":
        written, _ = write_geojson((event.to_record() for event in events), out)
        return written
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        n = 0
        for event in events:
            writer.writerow(acled_row(event))
            n += 1
        return n
    items = list(events)
    if fmt == "json":
        json.dump([e.to_record() for e in items], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "table":
        out.write(format_table(items))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return len(items)


def _cut(text: object, width: int) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"


def format_table(events: list[Event], width: int | None = None, *, sources: list[int] | None = None) -> str:
    """A readable table: one line per event, the most telling fields, fitted to the terminal.
    ``sources``, one count per event, adds a column with the number of articles behind each."""
    if not events:
        return "(no events)\n"
    width = width or shutil.get_terminal_size((140, 24)).columns
    flexible = max(60, width - 10 - 1 - 4 - 1 - 9 - 1 - 5 - 6 - (4 if sources else 0))
    type_w, actor_w, place_w = (flexible * 30 // 100, flexible * 23 // 100, flexible * 24 // 100)
    header = (f"{'date':10} {'p':1} {'event type / sub-event type':{type_w}} {'actor1':{actor_w}} "
              f"{'actor2':{actor_w}} {'where':{place_w}} {'k/i/a':9} {'conf':>4}" + (" src" if sources else ""))
    lines = [header, "-" * min(width, len(header))]
    for index, e in enumerate(events):
        where = ", ".join(part for part in (e.location, e.country) if part) or "?"
        counts = f"{e.fatalities}/{'-' if e.injuries is None else e.injuries}/{'-' if e.arrests is None else e.arrests}"
        lines.append(
            f"{_cut(e.event_date.isoformat() if e.event_date else '?', 10):10} {e.time_precision:1} "
            f"{_cut(f'{e.event_type} / {e.sub_event_type}', type_w):{type_w}} "
            f"{_cut(e.actor1, actor_w):{actor_w}} {_cut(e.actor2 or '', actor_w):{actor_w}} "
            f"{_cut(where, place_w):{place_w}} {counts:9} {e.confidence:4.2f}"
            + (f" {sources[index]:>3}" if sources else ""))
    return "\n".join(lines) + "\n"


# -- GeoJSON ---------------------------------------------------------------------------------------

def geojson_feature(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """An event record (``Event.to_record()`` or a richer one) as a GeoJSON Point Feature, or
    None when it has no valid coordinates."""
    lat, lon = record.get("latitude"), record.get("longitude")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {
        "type": "Feature",
        "id": record.get("event_id"),
        "geometry": {"type": "Point", "coordinates": [lon, lat]},  # RFC 7946: longitude first
        "properties": dict(record),
    }


def write_geojson(records: Iterable[Mapping[str, Any]], out: TextIO) -> tuple[int, int]:
    """A FeatureCollection of the records that have coordinates, streamed one Feature per line.
    Returns (features written, records left out for want of coordinates)."""
    out.write('{"type": "FeatureCollection", "features": [')
    written = omitted = 0
    for record in records:
        feature = geojson_feature(record)
        if feature is None:
            omitted += 1
            continue
        out.write(("\n" if not written else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    out.write("\n]}\n")
    return written, omitted


# -- Parquet ---------------------------------------------------------------------------------------

_INT_FIELDS = ("time_precision", "inter1", "inter2", "geo_precision", "fatalities", "injuries", "arrests")


def evidence_type() -> pa.DataType:
    import pyarrow as pa
    return pa.list_(pa.struct([("field", pa.string()), ("text", pa.string()), ("start", pa.int32()),
                               ("end", pa.int32())]))


def event_schema() -> pa.Schema:
    """The contract's event fields as an Arrow schema: one row per event, event_date a date,
    evidence a list of structs."""
    import pyarrow as pa

    def kind(name: str) -> pa.DataType:
        if name == "event_date":
            return pa.date32()
        if name == "evidence":
            return evidence_type()
        if name in _INT_FIELDS:
            return pa.int32()
        if name in ("latitude", "longitude", "confidence"):
            return pa.float64()
        return pa.string()

    return pa.schema([pa.field(name, kind(name), nullable=name not in ("event_id", "event_type")) for name in
                      EVENT_FIELDS])


def _dates_as_strings(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every date32 (however deeply nested) replaced by string: records carry ISO
    dates, which Arrow parses far faster in one cast than Python does value by value."""
    import pyarrow as pa
    if kind == pa.date32():
        return pa.string()
    if isinstance(kind, pa.ListType):
        return pa.list_(_dates_as_strings(kind.value_type))
    if isinstance(kind, pa.StructType):
        return pa.struct([pa.field(f.name, _dates_as_strings(f.type), f.nullable) for f in kind])
    return kind


def write_parquet(records: Iterable[Mapping[str, Any]], path: str | os.PathLike[str], schema: pa.Schema | None = None,
                  *, rows_per_group: int = 50_000) -> int:
    """Write records (by default ``Event.to_record()`` ones, under ``event_schema()``) to a
    Parquet file, a row group at a time so memory stays flat. The file appears complete or not
    at all: it is written beside ``path`` and renamed. Returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = schema or event_schema()
    as_read = pa.schema([pa.field(f.name, _dates_as_strings(f.type), f.nullable) for f in schema])
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    written = 0
    try:
        with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
            for group in _groups(records, rows_per_group):
                writer.write_table(pa.Table.from_pylist(group, schema=as_read).cast(schema))
                written += len(group)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return written


def _groups(records: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    group: list[Mapping[str, Any]] = []
    for record in records:
        group.append(record)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group
