"""The bundled example articles: each reads as a dated article, and each expected-events file
is well formed by the contract and the codebook's labels."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventcoder.codebook.event_types import EVENT_TYPES
from eventcoder.models import EVENT_FIELDS, Article
from eventcoder.readers import read_inputs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ARTICLES = sorted(path for path in EXAMPLES.iterdir() if path.suffix in (".txt", ".html"))
REQUIRED = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1", "actor2",
            "inter2", "country", "iso3", "location", "fatalities", "injuries", "arrests")


def expected_events(article: Path) -> list[dict[str, object]]:
    path = article.with_name(article.name.rsplit(".", 1)[0] + ".expected.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_folder_reads_as_the_seven_dated_articles_and_nothing_else() -> None:
    items = list(read_inputs([str(EXAMPLES)]))

    assert [Path(item.id).name for item in items] == [path.name for path in ARTICLES]  # type: ignore[union-attr]
    assert len(items) == 7
    assert all(isinstance(item, Article) and item.published and item.title for item in items)


def test_the_seed_is_the_wire_story_as_published() -> None:
    [seed] = read_inputs([str(EXAMPLES / "venezuela-perez-shootout.txt")])

    assert isinstance(seed, Article)
    assert seed.text.startswith("Connect with us\n")
    assert "Maduro responded in the following days, vowing to meet Pérez with bullets." in seed.text
    assert seed.published == dt.date(2018, 1, 16)


def test_the_html_example_loses_its_page_furniture_and_keeps_its_story() -> None:
    [page] = read_inputs([str(EXAMPLES / "drc-beni-adf-clash.html")])

    assert isinstance(page, Article)
    assert page.published == dt.date(2023, 11, 22)
    assert page.text.splitlines()[1].startswith("Congolese soldiers clashed with fighters of the Allied")
    assert page.text.splitlines()[-1].startswith("Congo and Uganda have conducted joint military operations")
    for furniture in ("cookies", "Share", "Connect with us", "Follow us", "Most read", "Read more",
                      "Advertisement", "Privacy", "Topics", "Sign up", "Copper output", "Cup of Nations"):
        assert furniture not in page.text


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_expected_events_are_well_formed(article: Path) -> None:
    [read] = read_inputs([str(article)])
    assert isinstance(read, Article) and read.published
    events = expected_events(article)

    assert len(events) >= 2  # the main event, then at least one background event
    for event in events:
        assert set(REQUIRED) <= set(event) <= set(EVENT_FIELDS)
        assert event["sub_event_type"] in EVENT_TYPES[event["event_type"]]  # type: ignore[index]
        assert event["time_precision"] in (1, 2, 3)
        assert event["inter1"] in range(1, 9) and event["inter2"] in range(9)
        assert (event["actor2"] is None) == (event["inter2"] == 0)
        assert isinstance(event["fatalities"], int) and event["fatalities"] >= 0
        assert len(event["iso3"]) == 3  # type: ignore[arg-type]
        assert dt.date.fromisoformat(event["event_date"]) < read.published  # type: ignore[arg-type, operator]
    main, *background = events
    assert main["time_precision"] == 1
    assert all(event["event_date"] < main["event_date"] for event in background)  # type: ignore[operator]
