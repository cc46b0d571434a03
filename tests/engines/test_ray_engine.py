"""The Ray engine against the single-process run, on a local Ray instance with two workers: the
same outcomes, the same Parquet rows, the same database, event for event, with a bad input, an
article too long to parse and duplicates in the corpus; and a worker killed halfway through a
batch, or from outside during the run, loses and repeats nothing.

Slow (about a minute on two cores): each run starts its own actors, which load the pipeline."""

from __future__ import annotations

import functools
import json
import os
import signal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from engine_helpers import AllStarted, AlwaysKill, KillOnce, item_id

from eventcoder.cli import main
from eventcoder.engines import EngineError
from eventcoder.engines.ray_engine import RayEngine
from eventcoder.export.parts import write_parts
from eventcoder.models import Article, Event, Failure, Outcome
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs
from eventcoder.store import IngestSummary, Store, ingest

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("ray_instance")]


def events_of(outcomes: list[Outcome]) -> list[Event]:
    return [event for outcome in outcomes for event in outcome.events]


def parquet_events(folder: Path) -> list[Event]:
    """The events in a folder of parts, read as a user would (the folder as one dataset)."""
    return [Event.from_record(row) for row in pq.read_table(folder).to_pylist()]


def failures_file(folder: Path) -> list[dict[str, str]]:
    with (folder / "_failures.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def store_content(path: Path) -> tuple[object, ...]:
    """What a database holds, through its public API, leaving out when failures were seen."""
    with Store.open(path, readonly=True) as store:
        events = list(store.events())
        failures = sorted((failure.source, failure.reason) for failure in store.failures())
        articles = [store.article(s.article_id) for event in events for s in event.sources]
        return [event.to_record() for event in events], failures, articles, store.stats()


@pytest.fixture(scope="module")
def local_store(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline,
                corpus: Path) -> tuple[Path, IngestSummary]:
    path = tmp_path_factory.mktemp("local") / "events.db"
    with Store.open(path) as store:
        summary = ingest(store, read_inputs([str(corpus)]), pipeline, workers=1, commit_every=5)
    return path, summary


def test_two_workers_give_the_single_process_outcomes_and_parquet_rows(
        corpus_items: list[Article | Failure], local_outcomes: list[Outcome], tmp_path: Path) -> None:
    make = functools.partial(AllStarted, tmp_path / "started", 2)
    with RayEngine(batch_size=3, make_pipeline=make) as engine:
        outcomes = list(engine.run(corpus_items, workers=2))
    assert outcomes == local_outcomes
    assert engine.stats is not None and len(engine.stats.processes) == 2  # both workers did some of it
    assert [o.failure.reason[:18] for o in outcomes if o.failure] == ["missing 'id'", "article is 1,000,0"]

    summary = write_parts(outcomes, tmp_path / "parts", rows_per_part=10)
    assert parquet_events(tmp_path / "parts") == events_of(local_outcomes)
    assert summary.events == len(events_of(local_outcomes)) and len(summary.parts) == -(-summary.events // 10)
    assert failures_file(tmp_path / "parts") == [
        {"source": o.failure.source, "reason": o.failure.reason} for o in local_outcomes if o.failure]


def test_the_store_fed_by_ray_is_the_store_fed_by_one_process(
        corpus: Path, local_store: tuple[Path, IngestSummary], tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    make = functools.partial(AllStarted, tmp_path / "started", 2)
    with Store.open(path) as store, RayEngine(batch_size=3, make_pipeline=make) as engine:
        summary = ingest(store, read_inputs([str(corpus)]), engine, workers=2, commit_every=5)
        again = ingest(store, read_inputs([str(corpus)]), engine, workers=2)
    local_path, local_summary = local_store
    assert summary == local_summary
    assert summary.skipped == {"same id": 1, "same content": 1} and summary.articles_failed == 2
    assert store_content(path) == store_content(local_path)
    assert again.articles_new == 0 and again.articles_skipped == summary.articles_new + 2


def test_a_worker_killed_halfway_through_a_batch_loses_and_repeats_nothing(
        corpus_items: list[Article | Failure], local_outcomes: list[Outcome], tmp_path: Path) -> None:
    marker = tmp_path / "killed"
    with RayEngine(batch_size=3, make_pipeline=functools.partial(KillOnce, "report-08", marker)) as engine:
        outcomes = list(engine.run(corpus_items, workers=2))
    assert marker.exists()  # a worker did die, holding the batch with report-08
    assert [o.article.id for o in outcomes] == [item_id(item) for item in corpus_items]
    assert outcomes == local_outcomes


def test_a_worker_killed_from_outside_during_the_run_loses_and_repeats_nothing(
        corpus_items: list[Article | Failure], local_outcomes: list[Outcome], tmp_path: Path) -> None:
    make = functools.partial(AllStarted, tmp_path / "started", 2)
    with RayEngine(batch_size=1, make_pipeline=make) as engine:
        run = engine.run(corpus_items, workers=2)
        outcomes = [next(run)]
        assert engine.stats is not None
        [(victim, _)] = list(engine.stats.processes.items())  # the worker that answered first
        os.kill(int(victim.rsplit(":", 1)[1]), signal.SIGKILL)
        outcomes.extend(run)
    assert [o.article.id for o in outcomes] == [item_id(item) for item in corpus_items]
    assert outcomes == local_outcomes
    assert engine.stats.batches == len(corpus_items)


def test_a_batch_that_kills_its_worker_every_time_ends_the_run(corpus_items: list[Article | Failure]) -> None:
    engine = RayEngine(batch_size=3, task_retries=1, make_pipeline=functools.partial(AlwaysKill, "report-08"))
    with engine, pytest.raises(EngineError, match="the Ray run failed"):
        list(engine.run(corpus_items, workers=2))


def test_a_run_left_early_then_an_empty_run(corpus_items: list[Article | Failure]) -> None:
    """A reader that stops early (``eventcoder extract ... | head``) leaves the engine usable,
    and an empty input gives nothing, cleanly."""
    with RayEngine(batch_size=2) as engine:
        run = engine.run(corpus_items, workers=2)
        first = next(run)
        run.close()
        assert first.article.id == item_id(corpus_items[0])
        assert list(engine.run([], workers=1)) == []
        assert engine.stats is not None and engine.stats.batches == 0


def test_cli_extract_writes_parquet_parts_and_reports_failures(
        corpus: Path, local_outcomes: list[Outcome], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["extract", str(corpus), "--engine", "ray", "--workers", "2", "--output", str(tmp_path / "out")])
    assert status == 1  # two inputs failed; the rest were processed
    err = capsys.readouterr().err
    assert "reports.jsonl:6: missing 'id'" in err and "too-long: article is" in err
    assert parquet_events(tmp_path / "out") == events_of(local_outcomes)
    assert len(failures_file(tmp_path / "out")) == 2


def test_cli_ingest_feeds_the_store_through_its_writer(
        corpus: Path, local_store: tuple[Path, IngestSummary], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.db"
    status = main(["ingest", str(corpus), "--engine", "ray", "--workers", "2", "--db", str(path)])
    assert status == 1
    assert "failed    2" in capsys.readouterr().out
    assert store_content(path) == store_content(local_store[0])
