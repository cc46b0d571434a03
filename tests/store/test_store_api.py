"""The Store's Python API on real SQLite files, with a fake runner standing in for the
extractor (these tests are about storing and querying, not extraction)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import FakeRunner, make_event, snapshot

from eventcoder.errors import StoreError
from eventcoder.models import Article, Event, Evidence, Failure, Outcome
from eventcoder.store import SCHEMA_VERSION, EventFilter, Store, ingest

DAY = dt.date(2024, 4, 9)


def article(name: str, text: str | None = None, **fields: object) -> Article:
    return Article(id=name, text=text or f"The report called {name}, about what happened.",
                   published=DAY + dt.timedelta(days=1), **fields)  # type: ignore[arg-type]


# A small world: the Kaya attack in three reports, a police killing in Kaya the same day, a
# protest in Nairobi, a battle near the antimeridian in Fiji, an air strike without coordinates.
WORLD: dict[str, list[Event]] = {
    "dispatch": [make_event("dispatch", fatalities=5)],
    "radio": [make_event("radio", fatalities=7, geo_precision=2, confidence=0.95)],
    "weekly": [make_event("weekly", fatalities=6, event_date=DAY + dt.timedelta(days=1)),
               make_event("weekly", 1, event_type="Strategic developments", sub_event_type="Other",
                          actor1=None, inter1=0, actor2=None, inter2=0, fatalities=0, confidence=0.5)],
    "rights": [make_event("rights", actor1="Police Forces of Burkina Faso", inter1=1, fatalities=2)],
    "nairobi": [make_event("nairobi", event_type="Protests", sub_event_type="Peaceful protest",
                           actor1="Protesters (Kenya)", inter1=6, actor2=None, inter2=0, country="Kenya",
                           iso3="KEN", admin1="Nairobi", location="Nairobi", latitude=-1.2833, longitude=36.8167,
                           fatalities=0, event_date=dt.date(2024, 6, 25))],
    "fiji": [make_event("fiji", event_type="Battles", sub_event_type="Armed clash",
                        actor1="Military Forces of Fiji", inter1=1, actor2="Unidentified Armed Group (Fiji)",
                        country="Fiji", iso3="FJI", admin1="Northern", location="Labasa", latitude=-16.4167,
                        longitude=179.3833, fatalities=1, event_date=dt.date(2024, 1, 2))],
    "sudan": [make_event("sudan", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                         actor1="Military Forces of Sudan", inter1=1, country="Sudan", iso3="SDN", admin1=None,
                         location=None, latitude=None, longitude=None, geo_precision=None, fatalities=12,
                         event_date=None)],
}


@pytest.fixture
def world(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "world.db")
    ingest(store, [article(name) for name in WORLD], FakeRunner(WORLD))
    yield store  # type: ignore[misc]
    store.close()


def test_a_new_database_is_at_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "article_bands", "reports", "events", "failures"} <= tables


def test_reopening_migrates_nothing_and_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as store:
        store.add_failure(Failure("a.txt", "no text"))
    with Store.open(path) as store:
        assert len(store.failures()) == 1
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_a_version_1_database_is_migrated_and_its_events_grouped_again(tmp_path: Path) -> None:
    """Version 1 kept the evidence inside each report's record, and grouped by another order;
    here two reports of the Kaya attack were stored as two events."""
    import json

    from eventcoder.store.schema import MIGRATIONS

    path = tmp_path / "v1.db"
    connection = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](connection)
    connection.execute("PRAGMA user_version = 1")
    for row, name in enumerate(("dispatch", "radio"), start=1):
        event = make_event(name, fatalities=5 + row, evidence=(Evidence("fatalities", f"{name} says", 0, 10),))
        connection.execute(
            "INSERT INTO articles (id, article_id, content_hash, story, signature, text, ingested_at) "
            "VALUES (?, ?, ?, ?, x'00', ?, '2024-04-10T00:00:00+00:00')", (row, name, name, name, f"text {name}"))
        connection.execute(
            "INSERT INTO reports (report_id, article, rank, event, component, family, iso3, date_ordinal, "
            "time_precision, latitude, longitude, geo_precision, place_key, record) "
            "VALUES (?, ?, 0, ?, 1, 'Political violence', 'BFA', ?, 1, 13.0883, -1.0837, 1, 'kaya', ?)",
            (event.event_id, row, event.event_id, DAY.toordinal(), json.dumps(event.to_record())))
        connection.execute(
            "INSERT INTO events (event_id, event_date, time_precision, event_type, sub_event_type, inter1, inter2, "
            "fatalities, confidence, lead_report, n_sources) VALUES (?, ?, 1, 'Violence against civilians', "
            "'Attack', 3, 7, ?, 0.9, ?, 1)", (event.event_id, DAY.isoformat(), 5 + row, event.event_id))
    connection.close()

    with Store.open(path) as store:
        [attack] = store.events()
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert [(s.article_id, s.evidence[0].text) for s in attack.sources] == [
            ("dispatch", "dispatch says"), ("radio", "radio says")]
        assert store.count(EventFilter(actor="civilians (burkina")) == 1  # migration 4 linked the names
        assert (attack.event.fatalities, attack.fatalities_max, attack.event_id) == (6, 7, "ev-dispatch-0")
        store.add_outcome(Outcome(article("weekly"), tuple(WORLD["weekly"])))
        assert len(store.event("ev-dispatch-0").sources) == 3  # type: ignore[union-attr]


def test_read_only_opening_needs_an_existing_database_and_refuses_writes(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store.open(tmp_path / "missing.db", readonly=True)
    Store.open(tmp_path / "x.db").close()
    with Store.open(tmp_path / "x.db", readonly=True) as store, pytest.raises(StoreError):
        store.add_failure(Failure("a.txt", "no text"))


def test_a_reader_reads_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as writer:
        writer.add_outcome(Outcome(article("dispatch"), tuple(WORLD["dispatch"])))
        with writer.transaction():
            writer.add_outcome(Outcome(article("radio"), tuple(WORLD["radio"])))
            with Store.open(path, readonly=True) as reader:
                assert reader.count() == 1  # the committed event; the open transaction is not seen
                assert len(next(iter(reader.events())).sources) == 1
        with Store.open(path, readonly=True) as reader:
            assert len(next(iter(reader.events())).sources) == 2


def test_three_reports_are_one_event_and_the_police_killing_another(world: Store) -> None:
    [attack] = world.events(EventFilter(actor="unidentified armed group (burkina"))

    assert [s.article_id for s in attack.sources] == ["radio", "dispatch", "weekly"]  # lead first
    assert (attack.event.fatalities, attack.fatalities_min, attack.fatalities_max) == (5, 5, 7)
    assert attack.event.event_id == "ev-dispatch-0"
    assert attack.event.article_id == "radio"  # the lead's (highest confidence)
    assert world.count(EventFilter(actor="police forces of burkina")) == 1


def test_an_event_is_found_by_its_id_or_by_any_of_its_reports_ids(world: Store) -> None:
    by_report = world.event("ev-weekly-0")
    assert by_report is not None and by_report.event_id == "ev-dispatch-0"
    assert world.event("ev-dispatch-0") == by_report
    assert world.event("ev-nothing") is None
    assert world.article("weekly") == article("weekly")


@pytest.mark.parametrize(("criteria", "expected"), [
    (EventFilter(), 6),
    (EventFilter(country="bfa"), 3),
    (EventFilter(country="Burkina Faso"), 3),
    (EventFilter(since=DAY, until=DAY), 3),
    (EventFilter(since=dt.date(2024, 6, 1)), 1),
    (EventFilter(event_type="violence against civilians"), 2),
    (EventFilter(event_type="Peaceful protest"), 1),
    (EventFilter(actor="PROTESTERS"), 1),
    (EventFilter(actor="%"), 0),
    (EventFilter(bbox=(-2, 12, 0, 14)), 3),
    (EventFilter(bbox=(179, -17, -179, -16)), 1),  # across the antimeridian
    (EventFilter(min_fatalities=5), 2),
    (EventFilter(country="BFA", min_fatalities=1, event_type="Attack"), 2),
    (EventFilter(limit=2), 2),
    (EventFilter(offset=5), 1),
])
def test_filters(world: Store, criteria: EventFilter, expected: int) -> None:
    found = list(world.events(criteria))
    assert len(found) == expected == world.count(criteria)


def test_events_come_by_date_undated_last_and_pages_join_up(world: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.store import queries

    everything = [e.event_id for e in world.events()]
    monkeypatch.setattr(queries, "PAGE", 2)  # read two at a time: the pages must join without gaps
    assert [e.event_id for e in world.events()] == everything
    assert [e.event_id for e in world.events(EventFilter(offset=1, limit=4))] == everything[1:5]
    dates = [e.event.event_date for e in world.events()]
    assert dates[-1] is None and dates[:-1] == sorted(d for d in dates if d)


@pytest.mark.parametrize("value", [
    dict(event_type="Skirmish"), dict(bbox=(0, 10, 1)), dict(bbox=(0, 10, 1, 5)), dict(bbox=(0, 0, 200, 1)),
    dict(since=DAY, until=DAY - dt.timedelta(days=1)), dict(limit=-1),
])
def test_bad_filters_are_refused(value: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        EventFilter(**value)  # type: ignore[arg-type]


def test_stats_count_events_and_fatalities_by_week_type_and_country(world: Store) -> None:
    stats = world.stats()

    assert (stats.articles, stats.events, stats.reports, stats.failures) == (7, 6, 8, 0)
    assert stats.fatalities == 5 + 0 + 2 + 0 + 1 + 12
    assert [(b.key, b.events, b.fatalities) for b in stats.by_week] == [
        ("2024-01-01", 1, 1), ("2024-04-08", 3, 7), ("2024-06-24", 1, 0)]
    assert stats.by_country[0].key == "Burkina Faso" and stats.by_country[0].events == 3
    assert {b.key: b.events for b in stats.by_type}["Violence against civilians"] == 2
    assert world.stats(EventFilter(country="KEN")).events == 1


def test_failures_are_recorded_once_and_cleared_when_the_article_is_stored(tmp_path: Path) -> None:
    items = [Failure("bad.bin", "a PNG image, not text"), article("dispatch"), article("radio")]
    with Store.open(tmp_path / "x.db") as store:
        first = ingest(store, items, FakeRunner(WORLD, broken=["radio"]))
        again = ingest(store, items, FakeRunner(WORLD, broken=["radio"]))
        assert first.failures == again.failures == {
            "a PNG image, not text": 1, "extractor error: ValueError: broken": 1}
        assert [(f.source, f.reason) for f in store.failures()] == [
            ("bad.bin", "a PNG image, not text"), ("radio", "extractor error: ValueError: broken")]
        fixed = ingest(store, items, FakeRunner(WORLD))
        assert fixed.articles_new == 1 and [f.source for f in store.failures()] == ["bad.bin"]


def test_stored_articles_are_skipped_before_extraction(tmp_path: Path) -> None:
    runner = FakeRunner(WORLD)
    copy_by_url = article("dispatch-again", text="Other words entirely, same page.", url="HTTPS://Dispatch.example/a#top")
    with Store.open(tmp_path / "x.db") as store:
        ingest(store, [article("dispatch", url="https://dispatch.example/a?utm_source=feed")], runner)
        summary = ingest(store, [
            article("dispatch"),  # same id
            copy_by_url,  # same URL, once normalised
            article("elsewhere", text="the report called DISPATCH, about what happened!"),  # same content
            article("radio"), article("radio"),  # the second is a duplicate within the run
        ], runner)

    assert runner.seen == ["dispatch", "radio"]
    assert summary.skipped == {"same id": 2, "same URL": 1, "same content": 1}
    assert summary.articles_new == 1


class Killed(BaseException):
    """What a runner raises to stand for the process dying."""


def dying_runner(error: type[BaseException], after: int) -> FakeRunner:
    class Dying(FakeRunner):
        def run(self, items, *, workers=1):  # type: ignore[no-untyped-def]
            for n, outcome in enumerate(super().run(items, workers=workers)):
                if n == after:
                    raise error
                yield outcome
    return Dying(WORLD)


def test_an_article_and_its_events_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A runner that dies mid-run (as a killed process would): what was committed stays, nothing
    is half-written, and the next run completes the rest."""
    path = tmp_path / "x.db"
    items = [article(name) for name in WORLD]

    with Store.open(path) as store, pytest.raises(Killed):
        ingest(store, items, dying_runner(Killed, after=4), commit_every=3)
    partial = snapshot(path)
    assert len(partial["articles"]) == 3  # the first batch; the fourth article was not written
    assert {r[1] for r in partial["reports"]} == {a[0] for a in partial["articles"]}

    with Store.open(path) as store:
        resumed = ingest(store, items, FakeRunner(WORLD))
    assert resumed.articles_new == 4 and resumed.skipped == {"same id": 3}
    clean = tmp_path / "clean.db"
    with Store.open(clean) as store:
        ingest(store, items, FakeRunner(WORLD))
    assert snapshot(path) == snapshot(clean)


def test_an_interrupted_ingest_keeps_what_was_extracted(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store, pytest.raises(KeyboardInterrupt):
        ingest(store, [article(name) for name in WORLD], dying_runner(KeyboardInterrupt, after=4), commit_every=3)
    assert len(snapshot(tmp_path / "x.db")["articles"]) == 4


def test_the_database_does_not_depend_on_the_order_of_ingestion(tmp_path: Path) -> None:
    items = [article(name) for name in WORLD]
    snapshots = []
    for n, order in enumerate([items, items[::-1], items[3:] + items[:3]]):
        with Store.open(tmp_path / f"{n}.db") as store:
            for item in order:  # one ingest per article: the worst case for incremental merging
                ingest(store, [item], FakeRunner(WORLD))
        snapshots.append(snapshot(tmp_path / f"{n}.db"))
    assert snapshots[0] == snapshots[1] == snapshots[2]


def test_progress_is_reported_for_every_input(tmp_path: Path) -> None:
    calls: list[int] = []
    report: Callable[[object], None] = lambda summary: calls.append(summary.articles_seen)  # type: ignore[attr-defined]  # noqa: E731
    with Store.open(tmp_path / "x.db") as store:
        ingest(store, [article("dispatch"), article("dispatch"), Failure("x", "y")], FakeRunner(WORLD),
               progress=report)
    assert calls[-1] == 3 and sorted(calls) == calls
