"""Every export format read back by a real reader: csv, json, a structural GeoJSON check,
pyarrow (and DuckDB when installed) for Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import EXAMPLES, KAYA, WIRE, make_event

from eventcoder.export import CSV_COLUMNS, STORE_CSV_COLUMNS, write_parquet_file, write_stored
from eventcoder.models import Article, Outcome
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs
from eventcoder.store import Store, StoredEvent, ingest


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("exports") / "events.db"
    with Store.open(path) as store:
        ingest(store, read_inputs([str(KAYA), str(WIRE), str(EXAMPLES)]), pipeline)
        store.add_outcome(Outcome(Article(id="no-place", text="A report that names no place."), (
            make_event("no-place", location=None, admin1=None, latitude=None, longitude=None, geo_precision=None,
                       iso3="SDN", country="Sudan"),)))
        yield store


@pytest.fixture(scope="module")
def events(store: Store) -> list[StoredEvent]:
    return list(store.events())


def text_of(events: list[StoredEvent], fmt: str) -> str:
    out = io.StringIO()
    write_stored(events, fmt, out)
    return out.getvalue()


def test_csv_has_acleds_columns_in_acleds_order_and_reads_back(events: list[StoredEvent]) -> None:
    rows = list(csv.DictReader(io.StringIO(text_of(events, "csv"))))

    assert tuple(rows[0]) == STORE_CSV_COLUMNS and STORE_CSV_COLUMNS[:len(CSV_COLUMNS)] == CSV_COLUMNS
    assert [row["event_id"] for row in rows] == [e.event_id for e in events]
    merged = next(row for row in rows if int(row["n_sources"]) == 5)
    assert set(merged["source"].split("; ")) == {"The Sahel Dispatch", "Radio Ouaga Info", "Burkina Weekly",
                                                 "Niger Valley Post"}  # outlets, each once
    assert (merged["fatalities"], merged["fatalities_min"], merged["fatalities_max"]) == ("6", "5", "9")
    evidence = json.loads(merged["evidence"])
    assert {item["article_id"] for item in evidence} == set(merged["article_ids"].split("; "))
    assert all(row["year"] == row["event_date"][:4] for row in rows if row["event_date"])


def test_jsonl_and_json_read_back_as_the_stored_records(events: list[StoredEvent]) -> None:
    lines = [json.loads(line) for line in text_of(events, "jsonl").splitlines()]
    whole = json.loads(text_of(events, "json"))

    assert lines == whole == [e.to_record() for e in events]
    assert all(len(record["sources"]) == record["n_sources"] for record in lines)


def test_geojson_is_an_rfc7946_feature_collection_of_points(events: list[StoredEvent]) -> None:
    out = io.StringIO()
    written = write_stored(events, "geojson", out)
    collection = json.loads(out.getvalue())

    placed = [e for e in events if e.event.latitude is not None]
    assert written.events == len(placed) and written.omitted == len(events) - len(placed) == 1
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert len(collection["features"]) == len(placed)
    for feature, stored in zip(collection["features"], placed, strict=True):
        assert feature["type"] == "Feature" and feature["id"] == stored.event_id
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]  # longitude first
        assert (lon, lat) == (stored.event.longitude, stored.event.latitude)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["event_id"] == stored.event_id


def test_parquet_reads_back_with_pyarrow_one_row_per_event(tmp_path: Path, events: list[StoredEvent]) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert write_parquet_file(events, path).events == len(events)
    table = pq.read_table(path)
    rows = table.to_pylist()

    assert table.num_rows == len(events)
    assert table.column_names[:3] == ["event_id", "article_id", "event_date"]
    assert [row["event_id"] for row in rows] == [e.event_id for e in events]
    assert [row["event_date"] for row in rows] == [e.event.event_date for e in events]
    assert all(isinstance(row["event_date"], dt.date) for row in rows if row["event_date"])
    first = rows[0]
    assert first["evidence"] == [item.to_record() for item in events[0].event.evidence]
    assert [s["article_id"] for s in first["sources"]] == [s.article_id for s in events[0].sources]
    assert not list(tmp_path.glob(".*partial"))


def test_parquet_is_read_by_duckdb(tmp_path: Path, events: list[StoredEvent]) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    write_parquet_file(events, path)

    [(total, sources)] = duckdb.sql(f"SELECT count(*), sum(n_sources) FROM '{path}'").fetchall()
    assert (total, sources) == (len(events), sum(len(e.sources) for e in events))


def test_an_empty_selection_still_writes_valid_files(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    write_parquet_file([], tmp_path / "none.parquet")
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
    assert json.loads(text_of([], "geojson")) == {"type": "FeatureCollection", "features": []}
    assert list(csv.reader(io.StringIO(text_of([], "csv")))) == [list(STORE_CSV_COLUMNS)]


def test_the_table_shows_one_line_per_event_with_its_sources(events: list[StoredEvent]) -> None:
    lines = text_of(events, "table").splitlines()
    assert len(lines) == len(events) + 2 and lines[0].endswith(" src")
    assert any(line.endswith("  5") for line in lines[2:])
