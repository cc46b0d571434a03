"""Stored events out, in every format of ``eventcoder events``, over the writers of
``eventcoder.export``: the merged event's fields as for one article, plus what merging adds
(the range of fatalities reported, the number of sources, and each source with its evidence).

- table, csv, jsonl, json, geojson: to a text stream; parquet: to a file.
- CSV keeps ACLED's column order; ``source`` lists the outlets ("; "), ``evidence`` the
  evidence of every source (each item naming its ``article_id``), and ``fatalities_min``,
  ``fatalities_max``, ``n_sources``, ``article_ids`` follow at the end.
- JSONL/JSON/GeoJSON properties: the contract's record (``article_id`` and ``evidence`` are the
  lead source's), then ``fatalities_min``, ``fatalities_max``, ``n_sources`` and ``sources``.
- Parquet: one row per event, the contract's fields (evidence a list of structs), then the
  same additions, ``sources`` a list of structs.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from ..export import CSV_COLUMNS, acled_row, event_schema, evidence_type, format_table, write_geojson, write_parquet
from .records import StoredEvent

if TYPE_CHECKING:
    import pyarrow as pa

TEXT_FORMATS = ("table", "csv", "jsonl", "json", "geojson")
FORMATS = (*TEXT_FORMATS, "parquet")
STORE_CSV_COLUMNS = (*CSV_COLUMNS, "fatalities_min", "fatalities_max", "n_sources", "article_ids")


@dataclass(frozen=True, slots=True)
class Written:
    """How many events were written, and how many left out (GeoJSON: no coordinates)."""

    events: int
    omitted: int = 0


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


def csv_row(stored: StoredEvent) -> dict[str, Any]:
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


def write_text(events: Iterable[StoredEvent], fmt: str, out: TextIO) -> Written:
    """Write stored events to a text stream in ``fmt`` (one of TEXT_FORMATS). CSV, JSONL and
    GeoJSON stream; JSON and the table hold the events in memory."""
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=STORE_CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        n = 0
        for stored in events:
            writer.writerow(csv_row(stored))
            n += 1
        return Written(n)
    if fmt == "jsonl":
        n = 0
        for stored in events:
            out.write(json.dumps(stored.to_record(), ensure_ascii=False) + "\n")
            n += 1
        return Written(n)
    if fmt == "geojson":
        return Written(*write_geojson((stored.to_record() for stored in events), out))
    items = list(events)
    if fmt == "json":
        json.dump([stored.to_record() for stored in items], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "table":
        out.write(format_table([stored.event for stored in items], sources=[len(s.sources) for s in items]))
    else:
        raise ValueError(f"unknown text format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
    return Written(len(items))


def stored_schema() -> pa.Schema:
    """The Parquet schema of stored events: the contract's fields, then what merging adds."""
    import pyarrow as pa

    source = pa.struct([
        ("article_id", pa.string()), ("report_id", pa.string()), ("outlet", pa.string()), ("title", pa.string()),
        ("url", pa.string()), ("published", pa.date32()), ("story", pa.string()), ("fatalities", pa.int32()),
        ("injuries", pa.int32()), ("arrests", pa.int32()), ("evidence", evidence_type()),
    ])
    return event_schema().append(pa.field("fatalities_min", pa.int32())).append(
        pa.field("fatalities_max", pa.int32())).append(pa.field("n_sources", pa.int32())).append(
        pa.field("sources", pa.list_(source)))


def write_parquet_file(events: Iterable[StoredEvent], path: str | os.PathLike[str]) -> Written:
    return Written(write_parquet((stored.to_record() for stored in events), path, stored_schema()))
