"""dedup: near-duplicate articles, the same happening, and the merged event's figures, on
events built by hand (the store and pipeline tests run the extractor)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import pytest

from eventcoder.dedup import Report, cluster, merge, normalise_text, same_happening
from eventcoder.dedup.neardup import MinHasher, content_hash
from eventcoder.models import Event

TUESDAY = dt.date(2024, 4, 9)


def report(article: str, n: int = 0, *, story: str | None = None, published: dt.date | None = None,
           **fields: object) -> Report:
    """A report of the Kaya market attack as one article gave it; ``fields`` change it."""
    values: dict[str, object] = dict(
        event_id=f"ev-{article}-{n}", article_id=article, event_date=TUESDAY, time_precision=1,
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Burkina Faso)", inter1=3, actor2="Civilians (Burkina Faso)", inter2=7,
        country="Burkina Faso", iso3="BFA", admin1="Centre-Nord", location="Kaya", latitude=13.0883,
        longitude=-1.0837, geo_precision=1, fatalities=5, confidence=0.9)
    values.update(fields)
    return Report(Event(**values), story or article, published or TUESDAY)  # type: ignore[arg-type]


# -- articles -------------------------------------------------------------------------------------

def test_normalised_content_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_text("  Gunmen KILLED five,\n in Kaya!") == "gunmen killed five in kaya"
    assert content_hash("Gunmen killed five in Kaya.") == content_hash("gunmen  killed five in KAYA")
    assert content_hash("Gunmen killed five in Kaya.") != content_hash("Gunmen killed six in Kaya.")


WIRE = ("At least five people were killed on Tuesday when gunmen on motorcycles opened fire on traders at the "
        "cattle market in Kaya, in north-central Burkina Faso, local officials said. The attackers arrived "
        "shortly before noon, shot at traders and set fire to several stalls before fleeing towards the north, "
        "a municipal councillor said by telephone. No group has claimed the attack.")


def test_a_wire_copy_is_a_near_duplicate_and_another_story_is_not() -> None:
    hasher = MinHasher()
    copy = "Burkina Faso: gunmen kill five in Kaya\n\n" + WIRE + " This story was republished from a partner."
    other = ("Police in Kisumu fired tear gas at market traders who marched on the county offices on Wednesday "
             "to protest against a new daily levy on their stalls, and arrested 23 of them.")
    original = hasher.signature(WIRE)

    assert hasher.similarity(original, hasher.signature(copy)) >= 0.6
    assert hasher.similarity(original, hasher.signature(other)) < 0.1
    assert hasher.signature(WIRE) == MinHasher().signature(WIRE)  # same seed: comparable across runs
    shared = set(hasher.band_keys(original)) & set(hasher.band_keys(hasher.signature(copy)))
    assert shared, "a near-duplicate must share a band key to be found by index"


# -- the same happening ---------------------------------------------------------------------------

def test_reports_of_one_attack_agree_despite_wording_and_figures() -> None:
    a = report("dispatch", fatalities=5, geo_precision=2)
    b = report("radio", fatalities=7, actor2=None, inter2=0, event_type="Battles", sub_event_type="Armed clash")
    c = report("weekly", fatalities=6, event_date=TUESDAY + dt.timedelta(days=1))

    assert same_happening(a, b) and same_happening(b, c) and same_happening(a, c)


@pytest.mark.parametrize("change", [
    {"actor1": "Police Forces of Burkina Faso", "inter1": 1},  # state forces are not an armed group
    {"actor1": "JNIM: Jamaah Nusrat al-Islam wal Muslimin", "inter1": 2,
     "actor2": "Military Forces of Burkina Faso", "inter2": 1},
    {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
    {"event_date": TUESDAY + dt.timedelta(days=2)},
    {"location": "Kongoussi", "latitude": 13.3258, "longitude": -1.5347},  # 55 km away
    {"iso3": "NER", "country": "Niger"},
    {"event_date": None},
])
def test_reports_that_differ_in_kind_actors_date_or_place_do_not_agree(change: dict[str, object]) -> None:
    assert not same_happening(report("dispatch"), report("other", **change))


def test_two_events_of_one_article_never_merge() -> None:
    assert not same_happening(report("dispatch", 0), report("dispatch", 1))


def test_a_region_level_report_agrees_with_a_town_inside_the_region() -> None:
    town = report("dispatch")
    region = report("radio", location="Centre-Nord", latitude=13.0, longitude=-1.1, geo_precision=3)
    elsewhere = report("radio", location="Sahel", admin1="Sahel", latitude=14.0, longitude=-0.1, geo_precision=3)

    assert same_happening(town, region)
    assert not same_happening(town, elsewhere)


def test_state_forces_of_one_country_agree_whatever_the_branch() -> None:
    army = report("a", event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Burkina Faso",
                  inter1=1, actor2="JNIM: Jamaah Nusrat al-Islam wal Muslimin", inter2=2)
    police = dataclasses.replace(army, event=dataclasses.replace(
        army.event, article_id="b", event_id="ev-b", actor1="Police Forces of Burkina Faso (2022-)"))
    foreign = dataclasses.replace(army, event=dataclasses.replace(
        army.event, article_id="c", event_id="ev-c", actor1="Military Forces of Mali", inter1=8))

    assert same_happening(army, police)
    assert not same_happening(army, foreign)


# -- grouping -------------------------------------------------------------------------------------

def test_a_vague_report_cannot_chain_two_happenings_together() -> None:
    """'Gunmen attacked civilians in Kaya' fits both the market attack and the police killing;
    complete linkage puts it with one of them, never merges the two."""
    market = report("dispatch")
    police = report("rights", actor1="Police Forces of Burkina Faso", inter1=1, fatalities=2)
    vague = report("blog", actor1=None, inter1=0, fatalities=0, confidence=0.5)

    groups = cluster([market, police, vague])

    assert len(groups) == 2
    assert {len(group) for group in groups} == {1, 2}


def test_grouping_does_not_depend_on_the_order_of_the_reports() -> None:
    reports = [
        report("dispatch", fatalities=5), report("radio", fatalities=7, geo_precision=2),
        report("weekly", fatalities=6, event_date=TUESDAY + dt.timedelta(days=1)),
        report("rights", actor1="Police Forces of Burkina Faso", inter1=1, fatalities=2),
        report("blog", actor1=None, inter1=0, fatalities=0, confidence=0.5),
        report("day-after", event_date=TUESDAY + dt.timedelta(days=2), fatalities=3),
        report("month", event_date=dt.date(2024, 4, 15), time_precision=3, fatalities=0, confidence=0.4),
    ]
    expected = sorted(sorted(r.event.event_id for r in group) for group in cluster(reports))
    shuffler = random.Random(7)
    for _ in range(30):
        shuffled = reports[:]
        shuffler.shuffle(shuffled)
        assert sorted(sorted(r.event.event_id for r in group) for group in cluster(shuffled)) == expected
        assert ({merge(group).event for group in cluster(shuffled)}
                == {merge(group).event for group in cluster(reports)})


# -- the merged event -----------------------------------------------------------------------------

def test_the_merged_event_takes_the_lowest_figure_and_records_the_range() -> None:
    merged = merge([report("dispatch", fatalities=5), report("radio", fatalities=7),
                    report("weekly", fatalities=6)])

    assert merged.event.fatalities == 5
    assert (merged.fatalities_min, merged.fatalities_max) == (5, 7)
    assert merged.event.event_id == "ev-dispatch-0"  # the smallest report id
    assert len(merged.reports) == 3


def test_a_report_that_mentions_no_deaths_does_not_lower_the_figure_to_zero() -> None:
    merged = merge([report("early", fatalities=0), report("radio", fatalities=7)])
    nobody = merge([report("early", fatalities=0), report("radio", fatalities=0)])

    assert merged.event.fatalities == 7
    assert (merged.fatalities_min, merged.fatalities_max) == (7, 7)
    assert (nobody.event.fatalities, nobody.fatalities_min, nobody.fatalities_max) == (0, None, None)


def test_an_update_supersedes_the_story_it_updates_but_not_other_sources() -> None:
    first = report("dispatch", story="s1", published=dt.date(2024, 4, 10), fatalities=5)
    update = report("dispatch-update", story="s1", published=dt.date(2024, 4, 11), fatalities=9)
    radio = report("radio", story="s2", fatalities=7)

    merged = merge([first, update, radio])

    assert merged.event.fatalities == 7  # the dispatch's figure is now 9; the radio's 7 is the lowest
    assert (merged.fatalities_min, merged.fatalities_max) == (5, 9)
    same_day = merge([first, dataclasses.replace(update, published=dt.date(2024, 4, 10)), radio])
    assert same_day.event.fatalities == 5  # versions of one day disagree: the lower figure


def test_injuries_and_arrests_follow_the_same_rule_and_stay_empty_when_unreported() -> None:
    merged = merge([report("a", injuries=12, arrests=None), report("b", injuries=11, arrests=None),
                    report("c", injuries=None, arrests=None)])

    assert (merged.event.injuries, merged.event.arrests) == (11, None)


def test_the_lead_gives_type_and_actors_and_the_most_precise_reports_date_and_place() -> None:
    lead = report("radio", confidence=0.95, geo_precision=2, location="Kaya", latitude=13.09, longitude=-1.08)
    precise = report("dispatch", confidence=0.8, actor2=None, inter2=0, geo_precision=1)
    vague_date = report("weekly", confidence=0.7, time_precision=2, event_date=TUESDAY + dt.timedelta(days=1))

    merged = merge([vague_date, precise, lead])

    assert merged.reports[0] is lead
    assert merged.event.actor2 == "Civilians (Burkina Faso)"
    assert (merged.event.geo_precision, merged.event.latitude) == (1, 13.0883)
    assert (merged.event.event_date, merged.event.time_precision) == (TUESDAY, 1)
    assert merged.event.confidence == 0.95


def test_merge_is_a_function_of_the_set_of_reports() -> None:
    reports = [report("a", fatalities=5, confidence=0.9), report("b", fatalities=7, confidence=0.9),
               report("c", fatalities=6, confidence=0.9, event_date=TUESDAY + dt.timedelta(days=1))]
    results = {merge(list(order)) for order in itertools.permutations(reports)}
    assert len(results) == 1
