"""What the store tests share: the test corpus, a fake runner for tests that are not about
extraction, events built by hand and random worlds of them, and a snapshot of a database's
content that leaves out row ids and timestamps. (A module of its own, not conftest.py, so that
test modules can import it.)"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from eventcoder.models import Article, Event, Failure, Outcome

CORPUS = Path(__file__).resolve().parent / "corpus"
KAYA = CORPUS / "kaya"  # three reports of one attack, and another killing the same day in the same town
WIRE = CORPUS / "wire"  # a wire copy and an update of one of the three
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class FakeRunner:
    """Outcomes from a table of events by article id, as Pipeline.run gives them; an article
    whose id is in ``broken`` fails as the extractor would."""

    def __init__(self, events: Mapping[str, Iterable[Event]], broken: Iterable[str] = ()) -> None:
        self.events = {key: tuple(value) for key, value in events.items()}
        self.broken = set(broken)
        self.seen: list[str] = []

    def run(self, items: Iterable[Article | Failure], *, workers: int = 1) -> Iterator[Outcome]:
        for item in items:
            if isinstance(item, Failure):
                yield Outcome(Article(id=item.source, text=""), failure=item)
                continue
            self.seen.append(item.id)
            if item.id in self.broken:
                yield Outcome(item, failure=Failure(item.id, "extractor error: ValueError: broken"))
            else:
                yield Outcome(item, self.events.get(item.id, ()))


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything a database holds that does not depend on when or in which order rows were
    written (row ids, components, timestamps)."""
    connection = sqlite3.connect(path)
    try:
        return {
            "articles": sorted(connection.execute(
                "SELECT article_id, url, content_hash, story, title, published, outlet, text FROM articles")),
            "reports": sorted(connection.execute(
                "SELECT r.report_id, a.article_id, r.rank, r.event, r.record, r.evidence FROM reports r "
                "JOIN articles a ON a.id = r.article")),
            "events": sorted(connection.execute("SELECT * FROM events")),
            "failures": sorted(connection.execute("SELECT source, reason FROM failures")),
        }
    finally:
        connection.close()


def make_event(article: str, n: int = 0, **fields: object) -> Event:
    """An event as the extractor would give it for ``article``: by default an attack on the
    market of Kaya, Burkina Faso, on 9 April 2024 that killed five; ``fields`` change it."""
    values: dict[str, object] = dict(
        event_id=f"ev-{article}-{n}", article_id=article, event_date=dt.date(2024, 4, 9), time_precision=1,
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Burkina Faso)", inter1=3, actor2="Civilians (Burkina Faso)", inter2=7,
        country="Burkina Faso", iso3="BFA", admin1="Centre-Nord", location="Kaya", latitude=13.0883,
        longitude=-1.0837, geo_precision=1, fatalities=5, confidence=0.9)
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


TOWNS = [("Kaya", 13.0883, -1.0837), ("Kaya-Est", 13.10, -1.05), ("Kongoussi", 13.3258, -1.5347)]
ACTORS = [("Unidentified Armed Group (Burkina Faso)", 3), ("Police Forces of Burkina Faso", 1),
          ("JNIM: Jamaah Nusrat al-Islam wal Muslimin", 2), (None, 0)]
KINDS = [("Violence against civilians", "Attack"), ("Battles", "Armed clash"), ("Protests", "Peaceful protest")]


def random_world(seed: int, articles: int = 60, days: int = 40) -> dict[str, list[Event]]:
    """Events by article, for FakeRunner: one or two reports an article, of attacks, clashes and
    protests in three towns near each other, over ``days`` days; many of them happenings that
    several articles report."""
    rng = random.Random(seed)
    world: dict[str, list[Event]] = {}
    for n in range(articles):
        name = f"a{n:03d}"
        events = []
        for k in range(rng.choice((1, 1, 2))):
            town, lat, lon = rng.choice(TOWNS)
            kind, sub = rng.choice(KINDS)
            actor1, inter1 = rng.choice(ACTORS)
            victims = kind == "Violence against civilians"
            events.append(make_event(
                name, k, event_date=dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(days)),
                time_precision=rng.choice((1, 1, 1, 2, 3)), event_type=kind, sub_event_type=sub,
                actor1=actor1, inter1=inter1, actor2="Civilians (Burkina Faso)" if victims else None,
                inter2=7 if victims else 0, location=town, latitude=lat, longitude=lon,
                geo_precision=rng.choice((1, 1, 2, 3)), fatalities=rng.choice((0, 2, 5, 7)),
                confidence=rng.choice((0.5, 0.7, 0.9))))
        world[name] = events
    return world
