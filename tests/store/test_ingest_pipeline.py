"""Ingesting real articles through the real pipeline: the Kaya reports (three outlets, one
attack; a police killing the same day in the same town), a wire copy and an update, the
example articles, and inputs that fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_helpers import EXAMPLES, KAYA, WIRE, snapshot

from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs
from eventcoder.store import EventFilter, Store, StoredEvent, ingest

TUESDAY = dt.date(2024, 4, 9)
MARKET_REPORTS = {"kaya-market-sahel-dispatch.txt", "kaya-market-radio-ouaga.txt", "kaya-market-burkina-weekly.txt"}


def articles(*folders: Path) -> list[str]:
    return sorted(str(path) for folder in folders for path in folder.iterdir() if path.suffix in (".txt", ".html"))


def kaya_events(store: Store) -> list[StoredEvent]:
    return list(store.events(EventFilter(country="BFA", since=TUESDAY, until=TUESDAY,
                                         event_type="Violence against civilians")))


def test_three_reports_of_one_attack_are_one_event_with_three_sources(tmp_path: Path, pipeline: Pipeline) -> None:
    with Store.open(tmp_path / "kaya.db") as store:
        summary = ingest(store, read_inputs(articles(KAYA)), pipeline)
        [attack] = [e for e in kaya_events(store) if e.event.actor1 and "Unidentified" in e.event.actor1]

        assert summary.articles_new == 4 and not summary.failures
        assert {Path(source.article_id).name for source in attack.sources} == MARKET_REPORTS
        assert {source.outlet for source in attack.sources} == {"The Sahel Dispatch", "Radio Ouaga Info",
                                                                 "Burkina Weekly"}
        # "at least five" / "seven" / "six": ACLED keeps the lowest, and the range is recorded
        assert (attack.event.fatalities, attack.fatalities_min, attack.fatalities_max) == (5, 5, 7)
        assert (attack.event.location, attack.event.event_date) == ("Kaya", TUESDAY)
        assert {item.field for source in attack.sources for item in source.evidence} >= {"fatalities", "location"}
        assert sum(1 for s in attack.sources for item in s.evidence if item.field == "fatalities") >= 3


def test_another_killing_the_same_day_in_the_same_town_stays_another_event(tmp_path: Path,
                                                                             pipeline: Pipeline) -> None:
    with Store.open(tmp_path / "kaya.db") as store:
        ingest(store, read_inputs(articles(KAYA)), pipeline)
        events = kaya_events(store)

    assert len(events) == 2
    police = next(e for e in events if e.event.actor1 and e.event.actor1.startswith("Police Forces"))
    assert [Path(s.article_id).name for s in police.sources] == ["kaya-police-killing.txt"]
    assert police.event.location == "Kaya"


def test_a_wire_copy_and_an_update_join_the_story_and_the_update_supersedes_it(tmp_path: Path,
                                                                                pipeline: Pipeline) -> None:
    with Store.open(tmp_path / "kaya.db") as store:
        ingest(store, read_inputs(articles(KAYA)), pipeline)
        summary = ingest(store, read_inputs(articles(WIRE)), pipeline)
        [attack] = [e for e in kaya_events(store) if e.event.actor1 and "Unidentified" in e.event.actor1]

    assert summary.near_duplicates == 2
    stories = {Path(s.article_id).name: s.story for s in attack.sources}
    assert len(stories) == 5
    assert (stories["kaya-market-sahel-dispatch.txt"] == stories["kaya-market-niger-valley-post.txt"]
            == stories["kaya-market-sahel-dispatch-update.txt"])
    assert len(set(stories.values())) == 3
    # The Dispatch's story now says nine (its update); the radio seven, the weekly six: six.
    assert (attack.event.fatalities, attack.fatalities_min, attack.fatalities_max) == (6, 5, 9)


def test_ingesting_the_same_folders_twice_changes_nothing(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "twice.db"
    sources = [str(KAYA), str(WIRE), str(EXAMPLES)]
    with Store.open(path) as store:
        first = ingest(store, read_inputs(sources), pipeline)
    before = snapshot(path)
    with Store.open(path) as store:
        second = ingest(store, read_inputs(sources), pipeline)

    assert first.articles_new == 13 and second.articles_new == 0
    assert second.articles_skipped == 13 and second.skipped == {"same id": 13}
    assert snapshot(path) == before


def test_the_same_articles_in_another_order_give_the_same_database(tmp_path: Path, pipeline: Pipeline) -> None:
    files = articles(KAYA, WIRE, EXAMPLES)
    orders = [files, files[::-1], files[1::2] + files[::2]]
    for n, order in enumerate(orders):
        with Store.open(tmp_path / f"{n}.db") as store:
            ingest(store, read_inputs(order), pipeline)
    first = snapshot(tmp_path / "0.db")
    assert len(first["articles"]) == 13
    assert snapshot(tmp_path / "1.db") == first
    assert snapshot(tmp_path / "2.db") == first


def test_the_same_article_under_another_path_is_skipped_by_its_content(tmp_path: Path, pipeline: Pipeline) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text((KAYA / "kaya-police-killing.txt").read_text(encoding="utf-8").upper(), encoding="utf-8")
    with Store.open(tmp_path / "x.db") as store:
        ingest(store, read_inputs([str(KAYA / "kaya-police-killing.txt")]), pipeline)
        summary = ingest(store, read_inputs([str(copy)]), pipeline)
    assert summary.skipped == {"same content": 1}


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (folder / "wire.jsonl").write_text(
        '{"id": "nairobi-1", "published": "2024-06-26", "text": "Police fired tear gas at hundreds of protesters '
        'in Nairobi on Tuesday and arrested 12 of them."}\n{"id": "no-text"}\nnot json\n', encoding="utf-8")
    return folder


def test_inputs_that_fail_are_recorded_with_their_reasons(tmp_path: Path, pipeline: Pipeline,
                                                          bad_inputs: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        summary = ingest(store, read_inputs([str(bad_inputs)]), pipeline)
        failures = {(Path(f.source).name, f.reason) for f in store.failures()}

    assert summary.articles_new == 1 and summary.articles_failed == 4
    assert failures == {("empty.txt", "empty file"), ("image.txt", "binary file (PNG image), not text"),
                        ("wire.jsonl:2", "neither 'text' nor 'html'"),
                        ("wire.jsonl:3", "not JSON (Expecting value at column 1)")}
