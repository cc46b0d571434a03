"""The ingest summary adds up to the database: its new events are the rows the events table
gained and its merged reports the reports stored less those, even when a report that joins an
event pushes another report out of it into an event of its own (issue 10)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from store_helpers import EXAMPLES, KAYA, WIRE, FakeRunner, make_event, random_world

from eventcoder.cli.ingest import format_summary
from eventcoder.models import Article, Event
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs
from eventcoder.store import IngestSummary, Store, ingest

TUESDAY = dt.date(2024, 4, 9)
JNIM = ("JNIM: Jamaah Nusrat al-Islam wal Muslimin", 2)
POLICE = ("Police Forces of Burkina Faso", 1)


def table(store: Store) -> tuple[int, int]:
    """(events, reports) as the database holds them."""
    stats = store.stats()
    return stats.events, stats.reports


def ingest_and_check(store: Store, items: list[Article], runner: FakeRunner | Pipeline) -> IngestSummary:
    events, reports = table(store)
    summary = ingest(store, items, runner)
    after = table(store)
    assert (summary.events_new, summary.reports, summary.events_stored) == (
        after[0] - events, after[1] - reports, after[0])
    return summary


def by_sources(store: Store) -> set[tuple[str, ...]]:
    return {tuple(sorted(source.article_id for source in stored.sources)) for stored in store.events()}


def text_articles(names: list[str]) -> list[Article]:
    return [Article(id=name, text=f"text of {name}") for name in names]


def test_a_report_that_pushes_another_out_of_its_event_counts_the_event_that_makes() -> None:
    # x names no attacker, so it agrees with y (JNIM) and with z (the police), who disagree. The
    # sweep takes z before y (more confident), so once z is stored it joins x and y is left alone.
    def attack(article: str, actor: tuple[str | None, int], confidence: float, day: dt.date) -> Event:
        return make_event(article, actor1=actor[0], inter1=actor[1], confidence=confidence, event_date=day)

    wednesday = TUESDAY + dt.timedelta(days=1)
    world = {"x": [attack("x", (None, 0), 0.9, TUESDAY)], "y": [attack("y", JNIM, 0.7, wednesday)],
             "z": [attack("z", POLICE, 0.8, wednesday)]}
    with Store.open(":memory:") as store:
        first = ingest_and_check(store, text_articles(["x", "y"]), FakeRunner(world))
        assert by_sources(store) == {("x", "y")}
        second = ingest_and_check(store, text_articles(["z"]), FakeRunner(world))
        assert by_sources(store) == {("x", "z"), ("y",)}

    assert (first.events_new, first.events_merged, first.events_stored) == (1, 1, 1)
    # z joined x's event, and y went into one of its own: one more event, of one report
    assert (second.events_new, second.events_merged, second.events_stored) == (1, 0, 2)


@pytest.mark.parametrize("seed", range(4))
def test_the_summary_adds_up_to_the_table_however_reports_regroup(seed: int) -> None:
    world = random_world(seed)
    names = list(world)
    random.Random(seed).shuffle(names)
    with Store.open(":memory:") as store:
        summaries = [ingest_and_check(store, text_articles(names[start:start + 3]), FakeRunner(world))
                     for start in range(0, len(names), 3)]
        events, reports = table(store)

    assert sum(s.events_new for s in summaries) == events
    assert sum(s.events_merged for s in summaries) == reports - events > 0


def test_the_summary_of_real_articles_whose_reports_merge_is_the_database(tmp_path: Path,
                                                                          pipeline: Pipeline) -> None:
    db = tmp_path / "kaya.db"
    with Store.open(db) as store:
        # three reports of one attack and a police killing; then a wire copy and an update of one
        kaya = ingest_and_check(store, list(read_inputs([str(KAYA)])), pipeline)
        wire = ingest_and_check(store, list(read_inputs([str(WIRE)])), pipeline)
        examples = ingest_and_check(store, list(read_inputs([str(EXAMPLES)])), pipeline)
        events, reports = table(store)

    # the attack (three reports), the police killing, and the weekly's report of the day after
    assert (kaya.events_new, kaya.events_merged, kaya.events_stored) == (3, 2, 3)
    assert (wire.events_new, wire.events_merged, wire.events_stored) == (0, 2, 3)  # both join the attack
    assert examples.events_stored == events == 17 == sum(s.events_new for s in (kaya, wire, examples))
    assert reports - events == sum(s.events_merged for s in (kaya, wire, examples))
    assert ("  events    3 new, 2 merged into events other articles reported (5 reports); the database holds 3\n"
            in format_summary(kaya, db=str(db)))
