"""Parquet part files: one row per event in input order, parts of a bounded size, failures
beside them, nothing for an article without events, and a folder read back as one dataset."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventcoder.export import event_schema
from eventcoder.export.parts import PartsError, write_parts
from eventcoder.models import Article, Event, Evidence, Failure, Outcome


def event(article: str, n: int) -> Event:
    return Event(event_id=f"ev-{article}-{n}", article_id=article, event_date=dt.date(2024, 3, n + 1),
                 time_precision=1, event_type="Protests", sub_event_type="Peaceful protest",
                 actor1="Protesters (Kenya)", inter1=6, country="Kenya", iso3="KEN", location="Nairobi",
                 latitude=-1.28333, longitude=36.81667, geo_precision=1, confidence=0.8,
                 evidence=(Evidence("event_type", "marched", 10, 17),))


def outcome(article: str, events: int) -> Outcome:
    return Outcome(Article(id=article, text="..."), tuple(event(article, n) for n in range(events)))


OUTCOMES = [
    outcome("a", 2),
    Outcome(Article(id="broken.html", text=""), failure=Failure("broken.html", "no readable text")),
    outcome("quiet", 0),
    outcome("b", 3),
]


def read_back(folder: Path) -> list[Event]:
    return [Event.from_record(row) for row in pq.read_table(folder).to_pylist()]


def test_events_in_input_order_in_parts_of_bounded_size(tmp_path: Path) -> None:
    summary = write_parts(OUTCOMES, tmp_path / "out", rows_per_part=2)
    assert [p.name for p in summary.parts] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [pq.read_metadata(p).num_rows for p in summary.parts] == [2, 2, 1]
    assert read_back(tmp_path / "out") == [e for o in OUTCOMES for e in o.events]
    assert pq.read_schema(summary.parts[0]).equals(event_schema(), check_metadata=False)
    assert (summary.events, summary.articles, summary.failures) == (5, 4, 1)


def test_failures_are_written_beside_the_parts(tmp_path: Path) -> None:
    write_parts(OUTCOMES, tmp_path)
    lines = (tmp_path / "_failures.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"source": "broken.html", "reason": "no readable text"}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_failures.jsonl", "part-00000.parquet"]


def test_a_run_without_events_writes_one_empty_part_with_the_schema(tmp_path: Path) -> None:
    summary = write_parts([outcome("quiet", 0)], tmp_path)
    assert len(summary.parts) == 1 and pq.read_table(tmp_path).num_rows == 0
    assert pq.read_schema(summary.parts[0]).names == event_schema().names


def test_a_folder_holding_a_run_is_not_written_again(tmp_path: Path) -> None:
    write_parts(OUTCOMES, tmp_path)
    with pytest.raises(PartsError, match="already holds a run's output"):
        write_parts(OUTCOMES, tmp_path)
    (tmp_path / "file").write_text("")
    with pytest.raises(PartsError, match="not a folder"):
        write_parts(OUTCOMES, tmp_path / "file")
