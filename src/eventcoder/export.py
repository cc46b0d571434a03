"""Writing events for people and programs: a terminal table, JSONL, JSON, and CSV in ACLED's
column order (so it loads wherever ACLED exports load)."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import Any, TextIO

from .models import Event
from .taxonomy import disorder_type

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

FORMATS = ("table", "jsonl", "json", "csv")


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


def format_table(events: list[Event], width: int | None = None) -> str:
    """A readable table: one line per event, the most telling fields, fitted to the terminal."""
    if not events:
        return "(no events)\n"
    width = width or shutil.get_terminal_size((140, 24)).columns
    flexible = max(60, width - 10 - 1 - 4 - 1 - 9 - 1 - 5 - 6)
    type_w, actor_w, place_w = (flexible * 30 // 100, flexible * 23 // 100, flexible * 24 // 100)
    header = (f"{'date':10} {'p':1} {'event type / sub-event type':{type_w}} {'actor1':{actor_w}} "
              f"{'actor2':{actor_w}} {'where':{place_w}} {'k/i/a':9} {'conf':>4}")
    lines = [header, "-" * min(width, len(header))]
    for e in events:
        where = ", ".join(part for part in (e.location, e.country) if part) or "?"
        counts = f"{e.fatalities}/{'-' if e.injuries is None else e.injuries}/{'-' if e.arrests is None else e.arrests}"
        lines.append(
            f"{_cut(e.event_date.isoformat() if e.event_date else '?', 10):10} {e.time_precision:1} "
            f"{_cut(f'{e.event_type} / {e.sub_event_type}', type_w):{type_w}} "
            f"{_cut(e.actor1, actor_w):{actor_w}} {_cut(e.actor2 or '', actor_w):{actor_w}} "
            f"{_cut(where, place_w):{place_w}} {counts:9} {e.confidence:4.2f}")
    return "\n".join(lines) + "\n"
