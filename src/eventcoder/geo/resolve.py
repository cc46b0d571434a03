"""Toponym resolution: which of the places called by a name the article means.

Each reading is scored on what an analyst would weigh: the countries the article names or whose
people it mentions (and the countries of the places it names), what the words around the name say
it is ("Idlib province"), whether it is the place's main name, and its population. A name and the
divisions written next to it ("Celaya, Guanajuato", "Bansur town (Alwar, Rajasthan)") are read
together: a pair that fits (Celaya in Guanajuato) gains, less what it costs either side to give up
its best reading alone. A name with no fitting reading stays unresolved; the others are unaffected.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..codebook.names import name_key
from .gazetteer import Gazetteer
from .layout import NO_LAYOUT, Layout
from .place_mentions import CountryMention, Mention
from .sounds import choose_by_sound
from .tables import ADMIN1, ADMIN2, COUNTRY, NO_ID, PLACE

# Score weights. Country context dominates single names; a division written next to a name
# outweighs it, since "Tripoli (North, Lebanon)" beats an article that is mostly about Libya.
COUNTRY_WEIGHT = 4.0
HINT_WEIGHT = 2.5
CONTAINER_WEIGHT = 5.0
KIND_WEIGHT = 2.0
MAIN_NAME_WEIGHT = 1.0
LONGER_NAME_WEIGHT = 2.0  # a place whose main name only contains the name, when one is called just that
POPULATION_WEIGHT = 0.35  # per power of ten
NEIGHBOUR_WEIGHT = 1.5
THEATRE_WEIGHT = 1.5  # a reading in a division where a group the article names works
NAMESAKE_WEIGHT = 1.5  # "San Jose (San Jose)": the San Jose in a division called San Jose
DATELINE_WEIGHT = 0.5  # a country or place in the dateline, against one named in the story
OUT_OF_CONTEXT = 3.0  # a reading in a country the article gives no sign of
CONTEXT_ENOUGH = 2.0  # country weight that makes the article's context (a country named, or two places read)
BIG_PLACE = 100_000  # population above which a place named alone is taken wherever it is
DWARFS = 10  # times the population of any namesake abroad that makes a big place's reading sure
UNIQUE_TOWN = 10_000  # population above which a place that alone has its name outweighs its container
MAX_CANDIDATES = 400
TRIED_READINGS = 3  # readings of a name checked against its surroundings, best first
ROUNDS = 3  # readings inform each other; the last round also checks them against their containers

Area = tuple[str, object]


@dataclass(slots=True)
class _Round:
    """One round of reading an article's names: the evidence it starts from."""

    mentions: Sequence[Mention]
    holders: Sequence[Sequence[int]]  # per mention: the mentions that name it as their container
    weights: Mapping[str, float]
    named: Mapping[str, float]
    choice: list[int]  # updated in place as the round goes
    base: list[dict[int, float]]  # per mention: each reading's own score
    hints: Sequence[str]
    final: bool  # the last round also checks readings against their containers
    chosen_admin1: Counter[int]  # provinces of the readings at the start of the round


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the geo stage knows about one article, computed once and shared by its events."""

    mentions: tuple[Mention, ...]
    country_mentions: tuple[CountryMention, ...]
    choice: tuple[int, ...]  # per mention: the gazetteer entry it names, or NO_ID
    containers: tuple[tuple[int, ...], ...]  # per mention: read containers that hold it
    is_container: tuple[bool, ...]  # per mention: named only to say where another place is
    country_weights: Mapping[str, float]  # countries named, their peoples, groups, places read
    named_weights: Mapping[str, float]  # countries named and places read only
    layout: Layout = NO_LAYOUT  # headline, dateline, lead, quotations, background
    theatre: frozenset[int] = frozenset()  # provinces where groups the article names work

    @property
    def main_country(self) -> str | None:
        """The country the article is chiefly about, or None when it names none."""
        if not self.country_weights:
            return None
        return max(self.country_weights.items(), key=lambda item: item[1])[0]


class Resolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def context(
        self, mentions: Sequence[Mention], country_mentions: Sequence[CountryMention], layout: Layout = NO_LAYOUT
    ) -> ArticleContext:
        g = self.gazetteer
        choice = [NO_ID] * len(mentions)
        weights, named = self._reweigh(mentions, country_mentions, choice)
        for mention in mentions:  # names read the same way wherever they are
            countries = {g.iso3(i) for i in mention.ids[:MAX_CANDIDATES] if g.kind(i) != COUNTRY}
            if len(countries) == 1 and (mention.label in ("GPE", "LOC", "FAC") or mention.located or mention.dateline):
                weights[next(iter(countries))] += DATELINE_WEIGHT if mention.dateline else 1.0
        theatre = self._theatre(country_mentions)
        for number in range(ROUNDS):
            r = self._round(mentions, weights, named, choice, (), theatre, final=number == ROUNDS - 1)
            for k in range(len(mentions)):  # in place: each name sees the readings before it
                choice[k] = self._choose(r, k)
            weights, named = self._reweigh(mentions, country_mentions, choice)
        containers, is_container = self._containment(mentions, choice, weights)
        return ArticleContext(
            tuple(mentions), tuple(country_mentions), tuple(choice), containers, tuple(is_container),
            MappingProxyType(dict(weights)), MappingProxyType(dict(named)), layout, theatre,
        )  # fmt: skip

    def rechoose(self, context: ArticleContext, k: int, hints: Sequence[str]) -> int:
        """The entry for mention k, given the event's actors' countries (ISO3) as well."""
        if not hints:
            return context.choice[k]
        r = self._round(
            context.mentions, context.country_weights, context.named_weights, list(context.choice), hints,
            context.theatre, final=True,
        )  # fmt: skip
        return self._choose(r, k)

    def _theatre(self, country_mentions: Sequence[CountryMention]) -> frozenset[int]:
        """The provinces where the groups the article names work (countries.yaml, theatres)."""
        g = self.gazetteer
        return frozenset(
            entry.id
            for cm in country_mentions
            for name in cm.theatre
            for entry in g.lookup(name)
            if g.kind(entry.id) == ADMIN1 and entry.iso3 == cm.iso3
        )

    def _round(
        self, mentions: Sequence[Mention], weights: Mapping[str, float], named: Mapping[str, float],
        choice: list[int], hints: Sequence[str], theatre: frozenset[int], final: bool,
    ) -> _Round:  # fmt: skip
        g = self.gazetteer
        return _Round(
            mentions=mentions, holders=_holders(mentions), weights=weights, named=named, choice=choice,
            base=[self._base_scores(mentions, k, weights, choice, hints, theatre) for k in range(len(mentions))],
            hints=hints, final=final, chosen_admin1=Counter(g.admin1_of(o) for o in choice if o != NO_ID),
        )  # fmt: skip

    # -- weights -------------------------------------------------------------------------------
    def _reweigh(
        self, mentions: Sequence[Mention], country_mentions: Sequence[CountryMention], choice: Sequence[int]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Country weights from everything (countries named, their peoples and groups, places
        read), and from countries named and places read only: a people is often a foreign actor
        ("Israeli airstrikes ... in Dar'a"), so only the second says what the article is about.
        A dateline counts for less: stories are filed from capitals and hubs ("NAIROBI (Reuters) -"
        for a story from Somalia)."""
        weights: dict[str, float] = defaultdict(float)
        named: dict[str, float] = defaultdict(float)
        for cm in country_mentions:
            scale = DATELINE_WEIGHT if cm.dateline else 1.0
            weights[cm.iso3] += scale * (2.0 if cm.kind == "country" else 1.0)
            named[cm.iso3] += scale * (2.0 if cm.kind == "country" else 0.0)
        seen: dict[int, float] = {}  # a name written twice is one piece of evidence for its reading
        for mention, entry in zip(mentions, choice, strict=True):
            if entry != NO_ID:
                scale = DATELINE_WEIGHT if mention.dateline else 1.0
                seen[entry] = max(seen.get(entry, 0.0), scale)
                named[self.gazetteer.iso3(entry)] += scale  # but each place named says where the article is
        for entry, scale in seen.items():
            weights[self.gazetteer.iso3(entry)] += scale
        return weights, named

    def _without_own(self, weights: Mapping[str, float], own: int) -> Mapping[str, float]:
        """The weights without a name's own current reading (no evidence for itself)."""
        if own == NO_ID:
            return weights
        reduced = dict(weights)
        reduced[self.gazetteer.iso3(own)] -= 1.0
        return reduced

    # -- scores ---------------------------------------------------------------------------------
    def _base_scores(
        self, mentions: Sequence[Mention], k: int, weights: Mapping[str, float], choice: Sequence[int],
        hints: Sequence[str], theatre: frozenset[int],
    ) -> dict[int, float]:  # fmt: skip
        """Each reading's score on its own: country context, hints, kind, name, population."""
        g = self.gazetteer
        mention = mentions[k]
        weights = self._without_own(weights, choice[k])
        total = sum(weights.values())
        scores: dict[int, float] = {}
        exact = any(g.kind(e) == PLACE and _main_key(g, e) == mention.key for e in mention.ids[:MAX_CANDIDATES])
        for entry in mention.ids[:MAX_CANDIDATES]:
            kind, iso3 = g.kind(entry), g.iso3(entry)
            score = _kind_fit(kind, mention.kind) + POPULATION_WEIGHT * math.log10(g.population(entry) + 1)
            if total:
                score += COUNTRY_WEIGHT * weights.get(iso3, 0.0) / total
                if total >= CONTEXT_ENOUGH and weights.get(iso3, 0.0) <= 0.0 and iso3 not in hints:
                    score -= OUT_OF_CONTEXT
            if iso3 in hints and weights.get(iso3, 0.0) <= 0.0:
                score += HINT_WEIGHT  # an actor's country the text gives no other sign of (else counted)
            if theatre and (entry in theatre or g.admin1_of(entry) in theatre):
                score += THEATRE_WEIGHT
            main = _main_key(g, entry)
            if main == mention.key:
                score += MAIN_NAME_WEIGHT
            elif exact and kind == PLACE and _contains_name(main, mention.key) and g.population(entry) < BIG_PLACE:
                score -= LONGER_NAME_WEIGHT  # "Birnin Gwari" is Birnin Gwari, not Sofo-Birnin-Gwari nearby
            scores[entry] = score
        return scores

    @staticmethod
    def _best_by_area(scores: dict[int, float], areas_of: Callable[[int], Sequence[Area]]) -> dict[Area, float]:
        """For each area, the best score among the readings that stand for (or lie in) it."""
        best: dict[Area, float] = {}
        for entry, score in scores.items():
            for area in areas_of(entry):
                if score > best.get(area, -math.inf):
                    best[area] = score
        return best

    @staticmethod
    def _pair_bonus(areas: Sequence[Area], other_best: float, by_area: dict[Area, float]) -> float:
        """What fitting one reading of the other name adds: CONTAINER_WEIGHT, less how much worse
        the best fitting reading of the other name is than its best reading."""
        fitting = max((by_area[a] for a in areas if a in by_area), default=None)
        return 0.0 if fitting is None else max(0.0, CONTAINER_WEIGHT - (other_best - fitting))

    def _choose(self, r: _Round, k: int) -> int:
        g = self.gazetteer
        mention = r.mentions[k]
        if not mention.ids:
            entry = choose_by_sound(g, r.mentions, k, r.weights, r.choice, self._all_within(r.mentions, k))
            others = self._other_provinces(r, k)
            if entry != NO_ID and mention.kind == "quarter" and others and g.admin1_of(entry) not in others:
                return NO_ID  # a neighbourhood of the story's town, not a sound-alike elsewhere
            return entry
        weights = self._without_own(r.weights, r.choice[k])
        named = self._without_own(r.named, r.choice[k])
        base = r.base
        # the containers written next to it (by what they stand for), and the names it is written
        # next to as a container (by where they lie)
        # a container written with the name itself ("in San Jose (San Jose)") says only that the
        # town is in a division of its name: no help as a container (every reading fits itself)
        within = self._all_within(r.mentions, k)
        namesake = any(r.mentions[j].key == mention.key for j in within)
        pairs = [(self._best_by_area(base[j], g.regions), max(base[j].values()), False)
                 for j in within if base[j] and r.mentions[j].key != mention.key]  # fmt: skip
        pairs += [(self._best_by_area(base[j], g.areas), max(base[j].values()), True)
                  for j in r.holders[k] if base[j]]  # fmt: skip
        holds = bool(r.holders[k])
        others = self._other_provinces(r, k)
        scored: list[tuple[float, int, bool]] = []
        for entry, score in base[k].items():
            areas, regions = g.areas(entry), g.regions(entry)
            fits = [self._pair_bonus(regions if contains else areas, top, by_area) for by_area, top, contains in pairs]
            score += max(fits, default=0.0)
            if holds and g.kind(entry) in (ADMIN1, ADMIN2):
                score += KIND_WEIGHT / 2  # a name written as a container is usually a division
            if namesake and self._in_namesake_division(entry, mention.key):
                score += NAMESAKE_WEIGHT
            admin1 = g.admin1_of(entry)
            if admin1 != NO_ID and admin1 in others:
                score += NEIGHBOUR_WEIGHT  # another name read in the same province
            scored.append((score, entry, any(f > 0 for f in fits)))
        # the best reading that what surrounds the name does not rule out ("As-Sweida": not the
        # town read without its article, but the province)
        for _score, entry, fits_any in sorted(scored, reverse=True)[:TRIED_READINGS]:
            if self._acceptable(r, k, entry, fits_any, weights, named):
                return entry
        return NO_ID

    def _in_namesake_division(self, entry: int, key: str) -> bool:
        g = self.gazetteer
        return any(
            division != NO_ID and name_key(g.tables.names[division]) == key
            for division in (g.admin1_of(entry), g.admin2_of(entry))
        )

    def _acceptable(
        self, r: _Round, k: int, best: int, fits: bool, weights: Mapping[str, float], named: Mapping[str, float]
    ) -> bool:
        """Whether what surrounds the name leaves a reading standing. ``fits``: it fits a reading
        of a name written next to it."""
        g = self.gazetteer
        mention = r.mentions[k]
        iso3 = g.iso3(best)
        supported = weights.get(iso3, 0.0) > 0.0 or iso3 in r.hints
        strong = (
            mention.label in ("GPE", "LOC", "FAC")
            or mention.located
            or mention.kind
            or mention.within
            or mention.dateline
        )
        one_country = len({g.iso3(i) for i in mention.ids[:MAX_CANDIDATES]}) == 1
        if not (strong or r.holders[k] or supported or (one_country and g.population(best) >= UNIQUE_TOWN)):
            return False  # a capitalised word only the gazetteer knows, in no country of the article
        if r.final and not fits and self._contradicted(r.mentions, k, best, weights, r.choice):
            return False  # "Benito Juarez, Nuevo Leon", no Benito Juarez in Nuevo Leon: the state
        if mention.kind == "feature" and not (fits or supported) and sum(weights.values()) > 0:
            return False  # "Armas square" in a Peruvian story: a square's name, not a town abroad
        others = self._other_provinces(r, k)
        if mention.kind == "quarter" and not fits and others and g.admin1_of(best) not in others:
            return False  # "shoot-outs in Andarai and Tijuca neighborhoods" of the Rio story: not Bahia's
        if mention.variant and not fits and not supported and g.population(best) < BIG_PLACE and g.kind(best) == PLACE:
            return False  # "Al Amir" read as "Amir" in Israel (a division's name is distinctive enough)
        return not (
            sum(named.values()) >= CONTEXT_ENOUGH
            and not supported
            and not fits
            and g.population(best) < BIG_PLACE
            and g.kind(best) != COUNTRY
        )  # fmt: skip  ("Gara" in Hungary for an article about Iraq)

    def _other_provinces(self, r: _Round, k: int) -> Counter[int]:
        """The provinces of the other names' readings at the start of the round."""
        own = r.choice[k]  # still the reading of the previous round
        if own == NO_ID or self.gazetteer.admin1_of(own) == NO_ID:
            return r.chosen_admin1
        return r.chosen_admin1 - Counter({self.gazetteer.admin1_of(own): 1})

    def _contradicted(
        self, mentions: Sequence[Mention], k: int, best: int, weights: Mapping[str, float], choice: Sequence[int]
    ) -> bool:
        """Whether the nearest read container written next to mention k is read reliably and
        rules the reading out. A town that alone has its name, in the container's country, is
        kept ("Mariupol, Zaporizhia": the writer's slip) unless the container's own container
        agrees with it."""
        g = self.gazetteer
        j = next((j for j in self._all_within(mentions, k) if choice[j] != NO_ID), None)
        if j is None or not g.outside(best, choice[j]):
            return False
        outer = choice[j]
        if not self.reliable(mentions[j], outer, weights):
            return False
        if g.iso3(outer) == g.iso3(best) and self._unique_town(mentions[k], best):
            # a slip in one division's name is kept; a district and its province that agree
            # ("Mehrabpur city (Naushahro Firoz, Sindh)") are no slip
            return any(
                choice[i] != NO_ID and any(a in g.areas(outer) for a in g.regions(choice[i], strict=True))
                for i in mentions[j].within
            )
        return True

    def reliable(self, mention: Mention, entry: int, weights: Mapping[str, float]) -> bool:
        """Whether a reading stands on more than its own say-so: among readings of its kind
        (divisions, or places), only one country has the name ("Lara state", "Hama"), or its
        country has other support in the article ("Central" among 29 Centrals has neither)."""
        g = self.gazetteer
        division = g.kind(entry) in (ADMIN1, ADMIN2)
        readings = [i for i in mention.ids[:MAX_CANDIDATES] if (g.kind(i) in (ADMIN1, ADMIN2)) == division]
        if len({g.iso3(i) for i in readings}) == 1 or weights.get(g.iso3(entry), 0.0) - 1.0 > 0.0:
            return True
        # a city that dwarfs its namesakes abroad ("Hama": Hamah, not a Japanese Ono-hara)
        abroad = max((g.population(i) for i in mention.ids[:MAX_CANDIDATES] if g.iso3(i) != g.iso3(entry)), default=0)
        return g.population(entry) >= BIG_PLACE and g.population(entry) >= DWARFS * abroad

    def _unique_town(self, mention: Mention, entry: int) -> bool:
        g = self.gazetteer
        if (
            g.kind(entry) != PLACE
            or g.population(entry) < UNIQUE_TOWN
            or name_key(g.tables.names[entry]) != mention.key
        ):
            return False
        return not any(
            other != entry and g.kind(other) == PLACE and name_key(g.tables.names[other]) == mention.key
            for other in mention.ids[:MAX_CANDIDATES]
        )

    # -- containers -------------------------------------------------------------------------------
    @staticmethod
    def _all_within(mentions: Sequence[Mention], k: int) -> list[int]:
        """The containers written next to mention k, and theirs ("Lalpur village of Bhagabanpur
        area (East Midnapore district, West Bengal)")."""
        found: list[int] = []
        frontier = list(mentions[k].within)
        while frontier and len(found) < 8:
            j = frontier.pop(0)
            if j not in found and j != k:
                found.append(j)
                frontier.extend(mentions[j].within)
        return found

    def _containment(
        self, mentions: Sequence[Mention], choice: Sequence[int], weights: Mapping[str, float]
    ) -> tuple[tuple[tuple[int, ...], ...], list[bool]]:
        """For each mention, the read containers written next to it (and theirs) that hold its
        place: all of them when it is unknown or written as a part of them ("the Soba area of
        Khartoum"); those the gazetteer agrees with otherwise."""
        g = self.gazetteer
        is_container = [False] * len(mentions)
        result: list[tuple[int, ...]] = []
        for k, mention in enumerate(mentions):
            confirmed: list[int] = []
            inner = choice[k]
            for j in self._all_within(mentions, k):
                outer = choice[j]
                if outer == NO_ID:
                    continue
                if inner == NO_ID and not self.reliable(mentions[j], outer, weights):
                    continue  # an unknown village "(..., Central)": no guessing which Central
                if inner == NO_ID or mention.part or any(a in g.areas(inner) for a in g.regions(outer)):
                    confirmed.append(j)
                    is_container[j] = True
            if inner == NO_ID:  # containers in the article's countries first (a "Dara" in Syria is no help)
                confirmed.sort(key=lambda j: -weights.get(g.iso3(choice[j]), 0.0))
            result.append(tuple(confirmed))
        return tuple(result), is_container


def _holders(mentions: Sequence[Mention]) -> tuple[tuple[int, ...], ...]:
    """For each mention, the mentions that name it as their container."""
    holders: list[list[int]] = [[] for _ in mentions]
    for j, mention in enumerate(mentions):
        for k in mention.within:
            holders[k].append(j)
    return tuple(tuple(h) for h in holders)


def _main_key(g: Gazetteer, entry: int) -> str:
    return name_key(g.tables.names[entry])


def _contains_name(longer: str, key: str) -> bool:
    """Whether a name key holds another as whole words ("sofo birnin gwari" holds "birnin gwari")."""
    return longer != key and f" {key} " in f" {longer} "


def _kind_fit(kind: int, said: str) -> float:
    """How a reading fits what the words next to the name say it is."""
    if said == "admin1":
        return KIND_WEIGHT if kind == ADMIN1 else -KIND_WEIGHT / 2
    if said == "admin2":
        return KIND_WEIGHT if kind == ADMIN2 else (0.0 if kind == PLACE else -KIND_WEIGHT / 2)
    if said in ("settlement", "area", "quarter"):
        return KIND_WEIGHT / 2 if kind == PLACE else 0.0
    return 0.25 if kind == PLACE else 0.0
