"""Events as Parquet, for dataframes (pandas, DuckDB, Spark): one row per event, the contract's
fields (evidence a list of structs) and, for stored events, what merging adds (``sources`` a
list of structs)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import EVENT_FIELDS

if TYPE_CHECKING:
    import pyarrow as pa


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
