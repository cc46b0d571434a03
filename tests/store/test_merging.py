"""The store keeps its events equal to dedup.cluster over all reports, however the articles
arrive: random worlds of reports that overlap in time, place and actors, ingested one article at
a time in random orders."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from store_helpers import FakeRunner, random_world, snapshot

from eventcoder.dedup import Report, cluster
from eventcoder.models import Article
from eventcoder.store import Store, ingest


def stored_groups(path: Path) -> set[frozenset[str]]:
    connection = sqlite3.connect(path)
    groups: dict[str, set[str]] = {}
    for report_id, event in connection.execute("SELECT report_id, event FROM reports"):
        groups.setdefault(event, set()).add(report_id)
    events = {event for (event,) in connection.execute("SELECT event_id FROM events")}
    connection.close()
    assert events == set(groups), "one event row per group of reports, and no other"
    return {frozenset(members) for members in groups.values()}


@pytest.mark.parametrize("seed", range(6))
def test_incremental_grouping_equals_grouping_everything_at_once(tmp_path: Path, seed: int) -> None:
    world = random_world(seed)
    expected = {frozenset(r.event.event_id for r in group)
                for group in cluster(Report(e, e.article_id) for events in world.values() for e in events)}
    assert any(len(group) > 2 for group in expected), "the world should have happenings to merge"
    rng = random.Random(seed)
    paths = []
    for order in range(2):
        names = list(world)
        rng.shuffle(names)
        path = tmp_path / f"{order}.db"
        with Store.open(path) as store:
            for name in names:  # one transaction per article: the worst case for incremental merging
                ingest(store, [Article(id=name, text=f"text of {name}")], FakeRunner(world))
        assert stored_groups(path) == expected
        paths.append(path)
    assert snapshot(paths[0]) == snapshot(paths[1])


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_incremental_grouping_holds_over_months_of_crowded_reports(tmp_path: Path, seed: int) -> None:
    """Sweeps resumed in the middle of four months of reports, three articles per transaction."""
    world = random_world(100 + seed, articles=300, days=120)
    expected = {frozenset(r.event.event_id for r in group)
                for group in cluster(Report(e, e.article_id) for events in world.values() for e in events)}
    names = list(world)
    random.Random(seed).shuffle(names)
    with Store.open(tmp_path / "x.db") as store:
        for start in range(0, len(names), 3):
            ingest(store, [Article(id=name, text=f"text of {name}") for name in names[start:start + 3]],
                   FakeRunner(world))
    assert stored_groups(tmp_path / "x.db") == expected
