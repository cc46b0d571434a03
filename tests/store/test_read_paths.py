"""The store's read paths (schema migration 4) give exactly what the filters say: each filter is
checked against a reading of its definition in Python over every event, on a store whose
country names and codes do not always agree and whose actors sit in all four columns."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_helpers import FakeRunner, make_event

from eventcoder.models import Article, Event
from eventcoder.store import EventFilter, Store, StoredEvent, ingest

DAY = dt.date(2024, 4, 9)
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")

EVENTS: dict[str, list[Event]] = {
    # Two reports of one attack (merged), and a police killing the same day.
    "kaya-1": [make_event("kaya-1", fatalities=5)],
    "kaya-2": [make_event("kaya-2", fatalities=7, confidence=0.95)],
    "kaya-3": [make_event("kaya-3", actor1="Police Forces of Burkina Faso", inter1=1, fatalities=2,
                          assoc_actor_1="Koglweogo Militia")],
    # Sudan under its code, and once with no code at all.
    "khartoum": [make_event("khartoum", event_type="Battles", sub_event_type="Armed clash",
                            actor1="Military Forces of Sudan", actor2="Rapid Support Forces", inter2=2,
                            country="Sudan", iso3="SDN", location="Khartoum", latitude=15.5, longitude=32.53,
                            fatalities=40, event_date=dt.date(2024, 4, 20))],
    "omdurman": [make_event("omdurman", event_type="Battles", sub_event_type="Armed clash",
                            actor1="Rapid Support Forces", country="Sudan", iso3=None, location="Omdurman",
                            latitude=15.64, longitude=32.48, fatalities=3, event_date=dt.date(2024, 5, 2))],
    # One code, two spellings of the name; and a name that is also another country's code.
    "goma": [make_event("goma", event_type="Protests", sub_event_type="Peaceful protest",
                        actor1="Protesters (DR Congo)", inter1=6, actor2=None, inter2=0,
                        assoc_actor_2="Lucha", country="DR Congo", iso3="COD", location="Goma",
                        latitude=-1.68, longitude=29.22, fatalities=0, event_date=dt.date(2024, 2, 1))],
    "bukavu": [make_event("bukavu", event_type="Riots", sub_event_type="Mob violence",
                          actor1="Rioters (Democratic Republic of Congo)", inter1=5, actor2=None, inter2=0,
                          country="Democratic Republic of Congo", iso3="COD", location="Bukavu",
                          latitude=-2.5, longitude=28.86, fatalities=1, event_date=dt.date(2024, 2, 3))],
    "fiji": [make_event("fiji", event_type="Battles", sub_event_type="Armed clash",
                        actor1="Military Forces of Fiji", inter1=1, actor2="Unidentified Armed Group (Fiji)",
                        country="Fiji", iso3="FJI", location="Labasa", latitude=-16.42, longitude=179.38,
                        fatalities=1, event_date=dt.date(2024, 1, 2))],
    "undated": [make_event("undated", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                           actor1="Military Forces of Sudan", assoc_actor_2="100% Brigade_X", country="Sudan",
                           iso3="SDN", location=None, latitude=None, longitude=None, geo_precision=None,
                           fatalities=12, event_date=None)],
}


def article(name: str) -> Article:
    return Article(id=name, text=f"The report called {name}, about what happened.",
                   published=DAY + dt.timedelta(days=1))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("reads") / "reads.db") as opened:
        ingest(opened, [article(name) for name in EVENTS], FakeRunner(EVENTS))
        yield opened


def _actor_like(text: str) -> Callable[[Event], bool]:
    # SQLite's LIKE: case folded for ASCII letters only.
    def fold(value: str) -> str:
        return "".join(c.lower() if c.isascii() else c for c in value)
    return lambda e: any(fold(text) in fold(getattr(e, c)) for c in ACTOR_COLUMNS if getattr(e, c))


def _in_box(west: float, south: float, east: float, north: float) -> Callable[[Event], bool]:
    def inside(e: Event) -> bool:
        if e.latitude is None or e.longitude is None or not south <= e.latitude <= north:
            return False
        return west <= e.longitude <= east if west <= east else (e.longitude >= west or e.longitude <= east)
    return inside


# (filter, what it means), each meaning read from EventFilter's docstring.
CASES: list[tuple[EventFilter, Callable[[Event], bool]]] = [
    (EventFilter(country="Sudan"), lambda e: e.iso3 == "SUDAN" or (e.country or "").lower() == "sudan"),
    (EventFilter(country="sdn"), lambda e: e.iso3 == "SDN" or (e.country or "").lower() == "sdn"),
    (EventFilter(country="DR Congo"), lambda e: (e.country or "").lower() == "dr congo"),
    (EventFilter(country="cod"), lambda e: e.iso3 == "COD"),
    (EventFilter(country="fiji"), lambda e: e.iso3 == "FJI"),
    (EventFilter(country="Atlantis"), lambda e: False),
    (EventFilter(actor="forces"), _actor_like("forces")),
    (EventFilter(actor="MILITIA"), _actor_like("militia")),
    (EventFilter(actor="lucha"), _actor_like("lucha")),
    (EventFilter(actor="100%"), _actor_like("100%")),
    (EventFilter(actor="_x"), _actor_like("_x")),
    (EventFilter(actor="%"), _actor_like("%")),  # a literal per cent sign, not a wildcard
    (EventFilter(actor="rapid support", country="Sudan"),
     lambda e: _actor_like("rapid support")(e) and (e.country or "").lower() == "sudan"),
    (EventFilter(event_type="armed clash", since=dt.date(2024, 4, 1)),
     lambda e: e.sub_event_type == "Armed clash" and e.event_date is not None and e.event_date >= DAY.replace(day=1)),
    (EventFilter(min_fatalities=3, until=dt.date(2024, 4, 30)),
     lambda e: e.fatalities >= 3 and e.event_date is not None and e.event_date <= dt.date(2024, 4, 30)),
    (EventFilter(bbox=(28, -3, 33, 16)), _in_box(28, -3, 33, 16)),
    (EventFilter(bbox=(179, -17, -179, -16)), _in_box(179, -17, -179, -16)),
]


@pytest.mark.parametrize(("criteria", "meaning"), CASES, ids=[repr(c) for c, _ in CASES])
def test_each_filter_returns_what_it_means(store: Store, criteria: EventFilter,
                                           meaning: Callable[[Event], bool]) -> None:
    everything = list(store.events())
    expected = [stored.event_id for stored in everything if meaning(stored.event)]

    assert [stored.event_id for stored in store.events(criteria)] == expected
    assert store.count(criteria) == len(expected)
    assert store.stats(criteria).events == len(expected)


def test_pages_of_a_filter_join_up_in_order(store: Store) -> None:
    criteria = EventFilter(actor="forces")
    whole = [stored.event_id for stored in store.events(criteria)]
    pages = [stored.event_id for offset in range(0, len(whole), 2)
             for stored in store.events(EventFilter(actor="forces", limit=2, offset=offset))]
    assert pages == whole and len(whole) >= 4


def test_every_window_of_offset_and_limit_is_a_slice_of_the_whole(store: Store) -> None:
    whole = [stored.event_id for stored in store.events()]
    assert store.event(whole[-1]).event.event_date is None  # type: ignore[union-attr]  # undated last
    for offset in range(len(whole) + 2):
        for limit in (None, 0, 1, 2, len(whole)):
            window = [stored.event_id for stored in store.events(EventFilter(offset=offset, limit=limit))]
            assert window == whole[offset:None if limit is None else offset + limit], (offset, limit)


def test_stats_weeks_and_totals_agree_with_the_events(store: Store) -> None:
    everything: list[StoredEvent] = list(store.events())
    stats = store.stats()
    weeks: dict[str, list[int]] = {}
    for stored in everything:
        day = stored.event.event_date
        if day is not None:
            week = weeks.setdefault((day - dt.timedelta(days=day.weekday())).isoformat(), [0, 0])
            week[0] += 1
            week[1] += stored.event.fatalities
    assert [(b.key, b.events, b.fatalities) for b in stats.by_week] == [
        (key, n, fatalities) for key, (n, fatalities) in sorted(weeks.items())]
    assert (stats.events, stats.fatalities) == (len(everything), sum(s.event.fatalities for s in everything))


def _links(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(the actor links the store holds, the links its events' actor columns make)."""
    connection = sqlite3.connect(path)
    try:
        held = set(connection.execute(
            "SELECT a.name, l.event_id FROM event_actors l JOIN actors a ON a.id = l.actor"))
        made = {(name, event_id) for event_id, *names in connection.execute(
            f"SELECT event_id, {', '.join(ACTOR_COLUMNS)} FROM events") for name in names if name}
        return held, made
    finally:
        connection.close()


def test_actor_links_follow_the_events_as_reports_merge(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as opened:
        for name in EVENTS:  # one at a time: each merge deletes and writes events again
            ingest(opened, [article(name)], FakeRunner(EVENTS))
            held, made = _links(path)
            assert held == made
        assert len(made) > len(EVENTS)
