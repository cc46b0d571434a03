"""The bundled example articles against the events a careful coder expects of them
(examples/*.expected.jsonl): the main event field by field, the background events by date,
precision, type and toll, and every one of them less confident than the main event."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from eventcoder.models import Article
from eventcoder.readers import read_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ARTICLES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".html"})
MAIN_FIELDS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1", "actor2",
               "inter2", "country", "iso3", "geo_precision", "fatalities", "injuries", "arrests")
BACKGROUND_FIELDS = ("event_date", "time_precision", "event_type", "country", "fatalities")


def _km(a: dict, b: dict) -> float:
    p1, p2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dphi, dl = p2 - p1, math.radians(b["longitude"] - a["longitude"])
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _extract(pipeline, path: Path) -> list[dict]:
    [article] = list(read_inputs([str(path)]))
    assert isinstance(article, Article), article
    return [e.to_record() for e in pipeline.extract(article.text, published=article.published,
                                                    article_id=article.id)]


def _expected(path: Path) -> list[dict]:
    lines = path.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_example_has_expectations():
    assert len(ARTICLES) >= 6
    for path in ARTICLES:
        assert path.with_suffix(".expected.jsonl").exists(), path


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_main_event(pipeline, path):
    events = _extract(pipeline, path)
    expected = _expected(path)[0]
    main = events[0]
    assert {f: main[f] for f in MAIN_FIELDS} == {f: expected[f] for f in MAIN_FIELDS}
    assert _km(main, expected) <= 25, (main["location"], expected["location"])


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_background_events(pipeline, path):
    events = _extract(pipeline, path)
    for expected in _expected(path)[1:]:
        same_day = [e for e in events[1:] if e["event_date"] == expected["event_date"]]
        assert same_day, f"no event dated {expected['event_date']} in {path.name}"
        found = same_day[0]
        assert {f: found[f] for f in BACKGROUND_FIELDS} == {f: expected[f] for f in BACKGROUND_FIELDS}
        assert found["confidence"] < events[0]["confidence"]
        assert _km(found, expected) <= 100, (found["location"], expected["location"])


def test_seed_example_as_the_issue_states_it(pipeline):
    """Issue 2, 'Done when': the Venezuela story published 2018-01-16."""
    text = (EXAMPLES / "venezuela-perez-shootout.txt").read_text(encoding="utf-8")
    events = pipeline.extract(text, published="2018-01-16")
    main = events[0]
    assert main.event_date == dt.date(2018, 1, 15) and main.time_precision == 1
    assert (main.event_type, main.sub_event_type) == ("Battles", "Armed clash")
    assert (main.country, main.iso3) == ("Venezuela", "VEN")
    assert main.actor1 == "Military Forces of Venezuela" and main.inter1 == 1
    assert "Perez" in (main.actor2 or "")
    assert (main.fatalities, main.injuries, main.arrests) == (9, 8, 5)
    assert main.geo_precision == 2 and main.location == "Caracas"
    june = [e for e in events if e.event_date and e.event_date.year == 2017 and e.event_date.month == 6]
    assert all(e.time_precision == 3 and e.confidence < main.confidence for e in june)
    # "at least 120 people dead" over four months of protests is no event's toll.
    assert all(e.fatalities != 120 for e in events)
    # Page furniture ("Connect with us") yields nothing.
    assert all(not any("Connect with us" in ev.text for ev in e.evidence) for e in events)
