"""Events as rows: ACLED's CSV columns (so the rows load wherever ACLED exports load), a table
for the terminal, and GeoJSON Features for maps (QGIS, geojson.io).

GeoJSON follows RFC 7946: Points with [longitude, latitude] in WGS84 and the event's fields as
properties. An event without coordinates has no place on a map and is left out (a Feature with
a null geometry is valid, but QGIS and geojson.io drop or mishandle those); the writer counts
what it left out so that the shells can say so."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from ..codebook.event_types import disorder_type
from ..models import Event
from ..store.records import StoredEvent

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
# A stored event adds what merging knows: the range of fatalities reported and its sources.
STORE_CSV_COLUMNS = (*CSV_COLUMNS, "fatalities_min", "fatalities_max", "n_sources", "article_ids")


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


def _outlets(stored: StoredEvent) -> str:
    names: list[str] = []
    for source in stored.sources:
        name = source.outlet or source.article_id
        if name not in names:
            names.append(name)
    return "; ".join(names)


def _all_evidence(stored: StoredEvent) -> list[dict[str, Any]]:
    return [{"article_id": source.article_id, **item.to_record()}
            for source in stored.sources for item in source.evidence]


def stored_csv_row(stored: StoredEvent) -> dict[str, Any]:
    """One stored event as a row of STORE_CSV_COLUMNS."""
    row = acled_row(stored.event)
    row.update(
        source=_outlets(stored),
        evidence=json.dumps(_all_evidence(stored), ensure_ascii=False),
        fatalities_min=stored.fatalities_min,
        fatalities_max=stored.fatalities_max,
        n_sources=len(stored.sources),
        article_ids="; ".join(source.article_id for source in stored.sources),
    )
    return row


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
