"""The rule: when two reports are of the same happening, and the date-ordered sweep that groups
reports by it (see the package's docstring for the rule in words)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..codebook.geodesy import haversine_km
from ..models import Event

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
