"""One event per happening: near-duplicate articles, and the events that different articles
give of one happening merged into one event that lists every source.

The store groups events with ``Grouping`` (the sweep behind ``cluster``) and ``merge``; it
recognises near-duplicate articles with ``eventcoder.store.neardup``. All are pure functions of
their inputs, which is what makes the database the same whatever the order of ingestion.

How eventcoder decides that reports describe the same happening
----------------------------------------------------------------
**Articles.** An article whose normalised text (case, accents' composed forms, punctuation
and spacing ignored) or URL or id is already stored is skipped before extraction. An article
whose text is *nearly* the same as a stored one (a wire copy under another headline, an update
that adds a paragraph) is kept, extracted and stored, and joins that article's *story*: word
5-shingles are compared by MinHash (60 hash functions in 20 bands of 3; articles sharing at
least two bands are compared) and two articles whose estimated Jaccard similarity is at least
0.6 are versions of one story. Formulaic reports that differ only in a place, a number or a
date ("On 2 May, journalists protested in Multan..." / "...in Sialkot...") count as versions of
one story too; that is harmless, since a story matters only among reports of one happening.

**Events.** Two events from different articles are reports of the same happening when all of
these hold:

- the same family of event type: political violence (Battles, Violence against civilians,
  Explosions/Remote violence), demonstrations (Protests, Riots) or Strategic developments.
  Outlets often disagree on the type within a family (one writes of an attack on a market,
  another of a clash, a third of a bombing; one of a protest, another of a riot), rarely
  across families; the actors' rule below keeps apart, for instance, a battle between the army
  and a group and that group's attack on civilians the same day;
- dates that agree: within 1 day when both are known to the day, within 3 days when either is
  known only to the week, within 15 days when either is known only to the month; an event
  with no date matches nothing;
- places that agree: the same country, and the same named location (in the same first-level
  division), or coordinates within 10 km (25 km when either is "near" a town), or one is
  known only to a region that contains the other (same admin1);
- actors that agree, side by side (either order, except Violence against civilians where the
  victim is always actor 2): the same name, or one side unknown, or a generic actor
  ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters") against an actor of the
  same kind (armed group, civilians, crowd), or state forces of the same country (outlets
  write "police" and "soldiers" for the same unit).

Every two reports grouped into one event must agree in this way (complete linkage), so a
vague report cannot chain two distinct events together. The grouping sweeps the reports in a
fixed order: by date, and on each day the most specific first (best date precision, then best
place precision, then the most named actors, then the highest confidence, then the report's
id); each joins the event whose every report it agrees with, preferring the closest in date and
then distance (then the earliest), or starts a new one. Two events in the same city on the same
day therefore stay two when their families, or their actors, differ (the army's attack on a
village and an armed group's attack on a market: state forces are not an unidentified armed
group). The sweep depends only on the set of reports, so the events are the same whatever the
order of ingestion; and since no event spans more than 15 days, the store redoes it only from a
new report's date until it is back in step with what is stored.

**The merged event.** Its id is the smallest of its reports' ids (so an event reported once
keeps the id ``eventcoder extract`` gives it). Type, sub-event type and actors are those of
the *lead* report (highest confidence, then best precision, then id); the date is the most
common among the reports with the best date precision (the earlier on a tie); the place is
that of the most precise report with coordinates (the most common such place on a tie).
Confidence is the highest of the reports'.

**Fatalities: ACLED's conservative rule.** ACLED records the lowest credible figure reported
and notes the dispute. Here:

1. Versions of one story count once: a wire copy repeats a figure rather than confirming it,
   and an update supersedes what it updates. A story's figure is that of its latest version
   (by publication date) that reports a death toll; the lower figure when versions of the same
   day disagree.
2. A report that mentions no deaths does not lower the figure to 0: silence is not a dispute.
   The event's ``fatalities`` is the lowest figure among the stories that report deaths, and 0
   only when none does.
3. ``fatalities_min`` and ``fatalities_max`` record the range of every figure reported by any
   source (superseded versions included), or are empty when no source reports deaths.

Injuries and arrests follow the same rule (empty when no source mentions them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .codebook.geodesy import haversine_km
from .models import Event

__all__ = [
    "SPAN_DAYS",
    "Grouping",
    "Merged",
    "Report",
    "cluster",
    "family",
    "merge",
    "normalise_text",
    "place_key",
    "same_happening",
    "sweep_key",
]

# -- events: the same happening --------------------------------------------------------------------

# Days two dates may differ by, by the coarser of their time precisions (codebook section 5).
_DATE_TOLERANCE = {1: 1, 2: 3, 3: 15}
_NEAR_KM = {True: 10.0, False: 25.0}  # both placed at the town itself, or either only near it
_KIND_OF_INTER = {1: "state", 2: "armed", 3: "armed", 4: "armed", 5: "crowd", 6: "crowd", 7: "civilians",
                  8: "external"}
_GENERIC_PREFIXES = ("unidentified ", "civilians", "protesters", "rioters")
_STATE_COUNTRY = re.compile(r" of (?:the )?(.+?)(?: \(|$)")
_FAMILY = {"Battles": "Political violence", "Violence against civilians": "Political violence",
           "Explosions/Remote violence": "Political violence", "Protests": "Demonstrations",
           "Riots": "Demonstrations"}


@dataclass(frozen=True, slots=True)
class Report:
    """One event as one article reported it, with what dedup needs to know of the article."""

    event: Event
    story: str  # the key of the article's story: its near-duplicates share it
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Merged:
    """One happening: the canonical event and the reports it was merged from, lead first."""

    event: Event
    reports: tuple[Report, ...]
    fatalities_min: int | None
    fatalities_max: int | None


def family(event_type: str) -> str:
    """The group of event types that outlets use for the same happening."""
    return _FAMILY.get(event_type, event_type)


def same_happening(a: Report, b: Report) -> bool:
    """Whether two reports from different articles can describe the same happening."""
    return a.event.article_id != b.event.article_id and _events_agree(a.event, b.event)


def _events_agree(a: Event, b: Event) -> bool:
    return (family(a.event_type) == family(b.event_type) and _dates_agree(a, b) and _places_agree(a, b)
            and _actors_agree(a, b))


# What ``_events_agree`` reads of an event: reports with the same profile (wire copies, mostly)
# agree with the same reports, so ``cluster`` compares each pair of profiles once.
_PROFILE_FIELDS = ("event_type", "event_date", "time_precision", "iso3", "admin1", "location", "latitude",
                   "longitude", "geo_precision", "actor1", "inter1", "actor2", "inter2")


def _profile(event: Event) -> tuple[object, ...]:
    return tuple(getattr(event, name) for name in _PROFILE_FIELDS)


def date_tolerance(time_precision: int) -> int:
    return _DATE_TOLERANCE.get(time_precision, _DATE_TOLERANCE[3])


def _dates_agree(a: Event, b: Event) -> bool:
    if a.event_date is None or b.event_date is None:
        return False
    tolerance = max(date_tolerance(a.time_precision), date_tolerance(b.time_precision))
    return abs((a.event_date - b.event_date).days) <= tolerance


_NON_WORD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """The words of ``text``, casefolded, without punctuation, one space apart."""
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def place_key(name: str | None) -> str:
    """The form place names are compared in: casefolded, without accents or punctuation."""
    if not name:
        return ""
    if name.isascii():
        return normalise_text(name)
    decomposed = unicodedata.normalize("NFKD", name)
    return normalise_text("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _distance(a: Event, b: Event) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _places_agree(a: Event, b: Event) -> bool:
    if not a.iso3 or a.iso3 != b.iso3:
        return False
    admin1_a = a.admin1 if a.admin1 == b.admin1 else place_key(a.admin1)
    admin1_b = b.admin1 if a.admin1 == b.admin1 else place_key(b.admin1)
    same_admin1 = not admin1_a or not admin1_b or admin1_a == admin1_b
    if a.location and same_admin1 and (a.location == b.location or place_key(a.location) == place_key(b.location)):
        return True
    precision_a, precision_b = a.geo_precision or 3, b.geo_precision or 3
    distance = _distance(a, b)
    if distance is not None and max(precision_a, precision_b) <= 2:
        return distance <= _NEAR_KM[precision_a == precision_b == 1]
    # nested: a report placed only in a region, and the other inside that region
    return 3 in (precision_a, precision_b) and bool(admin1_a) and admin1_a == admin1_b


def _actors_agree(a: Event, b: Event) -> bool:
    sides_a = ((a.actor1, a.inter1), (a.actor2, a.inter2))
    sides_b = ((b.actor1, b.inter1), (b.actor2, b.inter2))
    if _sides_agree(sides_a[0], sides_b[0]) and _sides_agree(sides_a[1], sides_b[1]):
        return True
    if "Violence against civilians" in (a.event_type, b.event_type):
        return False  # the victim is always actor 2 (codebook section 0)
    return _sides_agree(sides_a[0], sides_b[1]) and _sides_agree(sides_a[1], sides_b[0])


def _is_generic(name: str) -> bool:
    return name.casefold().startswith(_GENERIC_PREFIXES)


def _state_country(name: str) -> str | None:
    found = _STATE_COUNTRY.search(name)
    return found.group(1).casefold() if found else None


def _sides_agree(x: tuple[str | None, int], y: tuple[str | None, int]) -> bool:
    (name_x, inter_x), (name_y, inter_y) = x, y
    if not name_x or not name_y or name_x == name_y or place_key(name_x) == place_key(name_y):
        return True
    kind_x, kind_y = _KIND_OF_INTER.get(inter_x), _KIND_OF_INTER.get(inter_y)
    if kind_x == kind_y == "state":
        country = _state_country(name_x)
        return country is not None and country == _state_country(name_y)
    return kind_x is not None and kind_x == kind_y and (_is_generic(name_x) or _is_generic(name_y))


def _named_sides(event: Event) -> int:
    return sum(1 for name in (event.actor1, event.actor2) if name and not _is_generic(name))


SPAN_DAYS = max(_DATE_TOLERANCE.values())  # no two reports of one event are further apart than this
_UNDATED = 10**9  # undated reports come last in the sweep (they agree with nothing)


def sweep_key(report: Report) -> tuple[int, int, int, int, float, str]:
    """The order ``cluster`` takes reports in: by date, then the most specific first (date
    precision, place precision, named actors), then the most confident, then by id."""
    e = report.event
    return (e.event_date.toordinal() if e.event_date else _UNDATED, e.time_precision, e.geo_precision or 4,
            -_named_sides(e), -e.confidence, e.event_id)


def _closeness(report: Report, seed: Report) -> tuple[int, float]:
    a, b = report.event, seed.event
    days = abs((a.event_date - b.event_date).days) if a.event_date and b.event_date else 999
    distance = _distance(a, b)
    return days, round(distance, 1) if distance is not None else math.inf


@dataclass(slots=True)
class _Group:
    members: list[Report]  # in sweep order: the first is the seed
    seed_key: tuple[int, int, int, int, float, str]
    first_day: int
    articles: set[str]
    profiles: dict[tuple[object, ...], Event]  # the distinct profiles of the members, one event each


class Grouping:
    """The sweep behind ``cluster``, as an object the store can resume: reports are added in
    ``sweep_key`` order, each joining the closest open group whose every report it agrees with
    (the closest seed in days, then in km, then the earliest seed), or starting a new group.

    ``groups`` are groups already formed by reports that all come before the next one added
    (each group's members in sweep order)."""

    def __init__(self, groups: Iterable[Sequence[Report]] = ()) -> None:
        self._agreed: dict[tuple[tuple[object, ...], tuple[object, ...]], bool] = {}
        self._open: list[_Group] = []
        self._by_seed: dict[str, _Group] = {}
        self.groups: list[list[Report]] = []
        for members in sorted((list(g) for g in groups if g), key=lambda g: sweep_key(g[0])):
            group = self._start(members[0])
            for report in members[1:]:
                self._join(group, report)

    def _agree(self, profile: tuple[object, ...], event: Event, other_profile: tuple[object, ...],
               other: Event) -> bool:
        key = (profile, other_profile)
        if key not in self._agreed:
            self._agreed[key] = self._agreed[(other_profile, profile)] = _events_agree(event, other)
        return self._agreed[key]

    def _start(self, report: Report) -> _Group:
        key = sweep_key(report)
        group = _Group([report], key, key[0], {report.event.article_id}, {_profile(report.event): report.event})
        self._open.append(group)
        self._by_seed[report.event.event_id] = group
        self.groups.append(group.members)
        return group

    @staticmethod
    def _join(group: _Group, report: Report) -> None:
        group.members.append(report)
        group.articles.add(report.event.article_id)
        group.profiles.setdefault(_profile(report.event), report.event)

    def _takes(self, group: _Group, report: Report, profile: tuple[object, ...]) -> bool:
        return report.event.article_id not in group.articles and all(
            self._agree(profile, report.event, other_profile, other) for other_profile, other in group.profiles.items())

    def could_join(self, report: Report, seeds: Iterable[str]) -> bool:
        """Whether ``report`` agrees with every report of any of the groups these seeds began."""
        profile = _profile(report.event)
        return any(self._takes(self._by_seed[seed], report, profile) for seed in seeds if seed in self._by_seed)

    def place(self, report: Report, seed: str) -> None:
        """Put ``report`` in the group ``seed`` began (or begin one, if it is the seed) without
        looking for the closest: for a report whose place the caller knows."""
        if seed == report.event.event_id:
            self._start(report)
        else:
            self._join(self._by_seed[seed], report)

    def add(self, report: Report) -> Report:
        """Place ``report`` (which must not come before any report already added); returns the
        seed of its group."""
        profile = _profile(report.event)
        day = sweep_key(report)[0]
        if day != _UNDATED:  # groups that began more than SPAN_DAYS ago can take no one any more
            self._open = [group for group in self._open if group.first_day >= day - SPAN_DAYS]
        best: tuple[tuple[int, float], tuple[int, int, int, int, float, str], _Group] | None = None
        for group in self._open:
            if self._takes(group, report, profile):
                candidate = (_closeness(report, group.members[0]), group.seed_key, group)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
        if best is None:
            return self._start(report).members[0]
        self._join(best[2], report)
        return best[2].members[0]


def cluster(reports: Iterable[Report]) -> list[list[Report]]:
    """The reports grouped by happening: every two reports in a group agree (``same_happening``).

    A function of the set of reports, not of their order: they are swept by date, the most
    specific first on each day (``sweep_key``), each joining the closest group whose every
    report it agrees with."""
    grouping = Grouping()
    for report in sorted(reports, key=sweep_key):
        grouping.add(report)
    return grouping.groups


# -- the merged event -------------------------------------------------------------------------------

def _lead_first(report: Report) -> tuple[float, int, int, str]:
    e = report.event
    return (-e.confidence, e.time_precision, e.geo_precision or 4, e.event_id)


def _figure(reports: Sequence[Report], field: str) -> int | None:
    """ACLED's conservative figure (see the module docstring): one figure per story, its latest
    version's; then the lowest above zero; 0 if all are zero; None if no one gives a figure."""
    by_story: dict[str, tuple[dt.date, int, int]] = {}
    seen_zero = False
    for report in reports:
        value = getattr(report.event, field)
        if value is None:
            continue
        if value <= 0:
            seen_zero = True
            continue
        key = (report.published or dt.date.min, -value, value)
        if report.story not in by_story or key > by_story[report.story]:
            by_story[report.story] = key
    if by_story:
        return min(value for _, _, value in by_story.values())
    return 0 if seen_zero else None


def merge(reports: Sequence[Report]) -> Merged:
    """One canonical event from the reports of one happening (a group from ``cluster``)."""
    if not reports:
        raise ValueError("merge needs at least one report")
    ordered = tuple(sorted(reports, key=_lead_first))
    lead = ordered[0].event
    best_time = min(r.event.time_precision for r in ordered if r.event.event_date) if any(
        r.event.event_date for r in ordered) else lead.time_precision
    dates = Counter(r.event.event_date for r in ordered
                    if r.event.event_date and r.event.time_precision == best_time)
    event_date = max(dates, key=lambda d: (dates[d], -d.toordinal())) if dates else lead.event_date
    placed = [r.event for r in ordered if r.event.latitude is not None and r.event.longitude is not None]
    place = lead.place
    if placed:
        best_geo = min(e.geo_precision or 4 for e in placed)
        candidates = [e for e in placed if (e.geo_precision or 4) == best_geo]
        counts = Counter(e.place for e in candidates)
        place = max(counts, key=lambda p: counts[p])  # ties: the first in lead order (Counter keeps it)
    fatalities = [r.event.fatalities for r in ordered if r.event.fatalities > 0]
    event = dataclasses.replace(
        lead.with_place(place),
        event_id=min(r.event.event_id for r in ordered),
        event_date=event_date,
        time_precision=best_time,
        fatalities=_figure(ordered, "fatalities") or 0,
        injuries=_figure(ordered, "injuries"),
        arrests=_figure(ordered, "arrests"),
        confidence=max(r.event.confidence for r in ordered),
    )
    return Merged(event, ordered, min(fatalities, default=None), max(fatalities, default=None))
