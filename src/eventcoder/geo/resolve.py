"""Toponym resolution: which of the places called by a name the article means.

Each candidate is scored on what an analyst would weigh: the countries the article names or
whose people it mentions (and the countries of the places it names without ambiguity), the
divisions written next to the name ("Celaya, Guanajuato", "Bansur town (Alwar, Rajasthan)"),
what the words around it say it is ("Idlib province"), whether it is the place's main name,
and its population. A name with no good candidate stays unresolved; the others are unaffected.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .gazetteer import Gazetteer
from .names import name_key, sound_key
from .tables import ADMIN1, ADMIN2, COUNTRY, NO_ID, PLACE
from .toponyms import CountryMention, Mention

# Score weights (see Resolver._score). Country context dominates; a division named next to the
# name outweighs it, since "Tripoli (Lebanon's North)" beats an article mostly about Libya.
COUNTRY_WEIGHT = 4.0
HINT_WEIGHT = 2.5
CONTAINER_WEIGHT = 5.0
KIND_WEIGHT = 2.0
MAIN_NAME_WEIGHT = 1.0
POPULATION_WEIGHT = 0.35  # per power of ten
NEIGHBOUR_WEIGHT = 0.8
OUT_OF_CONTEXT = 3.0  # a candidate in a country the article gives no sign of
CONTEXT_ENOUGH = 2.0  # country weight that counts as the article's context (one country named)
BIG_PLACE = 100_000  # population above which a place named alone is taken wherever it is
UNIQUE_TOWN = 10_000  # population above which a place that alone has its name outweighs its container
MAX_CANDIDATES = 400
SOUND_LIKENESS = 0.75  # spelling likeness (difflib ratio) for a sound-alike outside any named division
SOUND_MIN_LETTERS = 4  # consonants a sound key needs to be distinctive
SOUND_ALONE_LETTERS = 6  # consonants for a sound-alike to be taken with no other sign of its country


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the geo stage knows about one article, computed once and shared by its events."""

    mentions: tuple[Mention, ...]
    country_mentions: tuple[CountryMention, ...]
    choice: tuple[int, ...]  # per mention: the gazetteer entry it names, or NO_ID
    containers: tuple[tuple[int, ...], ...]  # per mention: the mentions confirmed to contain it
    is_container: tuple[bool, ...]  # per mention: named only to say where another place is
    country_weights: Mapping[str, float]  # countries named, their peoples, groups, places read
    named_weights: Mapping[str, float]  # countries named and places read only

    @property
    def main_country(self) -> str | None:
        """The country the article is chiefly about, or None when it names none."""
        if not self.country_weights:
            return None
        return max(self.country_weights.items(), key=lambda item: item[1])[0]


class Resolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def context(self, mentions: Sequence[Mention], country_mentions: Sequence[CountryMention]) -> ArticleContext:
        g = self.gazetteer
        weights, named = self._reweigh(country_mentions, ())
        for mention in mentions:
            countries = {g.iso3(i) for i in mention.ids[:MAX_CANDIDATES] if g.kind(i) != COUNTRY}
            if len(countries) == 1 and (mention.label or mention.located):
                weights[next(iter(countries))] += 1.0
        choice = [NO_ID] * len(mentions)
        # readings inform each other; the last rounds also check them against their containers
        for final in (False, False, True, True):
            choice = [self._choose(mentions, k, weights, named, choice, (), final) for k in range(len(mentions))]
            weights, named = self._reweigh(country_mentions, choice)
        containers, is_container = self._containment(mentions, choice, weights)
        return ArticleContext(
            tuple(mentions),
            tuple(country_mentions),
            tuple(choice),
            containers,
            tuple(is_container),
            MappingProxyType(dict(weights)),
            MappingProxyType(dict(named)),
        )

    def rechoose(self, context: ArticleContext, k: int, hints: Sequence[str]) -> int:
        """The entry for mention k, given the event's actors' countries (ISO3) as well."""
        if not hints:
            return context.choice[k]
        return self._choose(
            context.mentions, k, context.country_weights, context.named_weights, context.choice, hints, True
        )

    # -----------------------------------------------------------------------------------------
    def _reweigh(
        self, country_mentions: Sequence[CountryMention], choice: Sequence[int]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Country weights from everything (countries named, their peoples and groups, places
        read), and from countries named and places read only: a people is often a foreign actor
        ("Israeli airstrikes ... in Dar'a"), so only the second says what the article is about."""
        weights: dict[str, float] = defaultdict(float)
        named: dict[str, float] = defaultdict(float)
        for cm in country_mentions:
            weights[cm.iso3] += 2.0 if cm.kind == "country" else 1.0
            if cm.kind == "country":
                named[cm.iso3] += 2.0
        for entry in choice:
            if entry != NO_ID:
                weights[self.gazetteer.iso3(entry)] += 1.0
                named[self.gazetteer.iso3(entry)] += 1.0
        return weights, named

    def _choose(
        self,
        mentions: Sequence[Mention],
        k: int,
        weights: Mapping[str, float],
        named: Mapping[str, float],
        choice: Sequence[int],
        hints: Sequence[str],
        final: bool,
    ) -> int:
        mention = mentions[k]
        g = self.gazetteer
        if not mention.ids:
            return self._choose_by_sound(mentions, k, weights, choice)
        if choice[k] != NO_ID:  # the country of this name's own earlier reading is no evidence for it
            weights, named = dict(weights), dict(named)
            weights[g.iso3(choice[k])] -= 1.0
            named[g.iso3(choice[k])] -= 1.0
        total = sum(weights.values())
        regions = self._regions(mentions, self._all_within(mentions, k), choice)
        contained_ids = [mentions[j].ids for j, m in enumerate(mentions) if k in m.within]
        best, best_score = NO_ID, -math.inf
        for entry in mention.ids[:MAX_CANDIDATES]:
            score = self._score(entry, mention, weights, total, regions, contained_ids, choice, hints)
            if score > best_score:
                best, best_score = entry, score
        if best == NO_ID:
            return NO_ID
        inside = any(self._in_region(best, region) for region in regions)
        iso3 = g.iso3(best)
        strong = mention.label in ("GPE", "LOC", "FAC") or mention.located or mention.kind
        if not (strong or mention.within or contained_ids) and weights.get(iso3, 0.0) <= 0.0 and iso3 not in hints:
            # a capitalised word only the gazetteer knows, with nothing around it saying it is a
            # place and no sign of its country in the article ("Victoria would be avenged")
            return NO_ID
        if final and not inside and self._contradicted(mentions, k, best, weights, choice, contained_ids):
            return NO_ID  # "Benito Juarez, Nuevo Leon", no Benito Juarez in Nuevo Leon: the state
        if mention.variant and not inside and weights.get(iso3, 0.0) <= 0.0 and g.population(best) < BIG_PLACE:
            return NO_ID  # "Al Amir" read as "Amir" in Israel
        if (
            sum(named.values()) >= CONTEXT_ENOUGH
            and weights.get(iso3, 0.0) <= 0.0
            and iso3 not in hints
            and not inside
            and g.population(best) < BIG_PLACE
            and g.kind(best) != COUNTRY
        ):
            return NO_ID  # "Gara" in Hungary for an article about Iraq
        return best

    def _contradicted(
        self,
        mentions: Sequence[Mention],
        k: int,
        best: int,
        weights: Mapping[str, float],
        choice: Sequence[int],
        contained_ids: list[tuple[int, ...]],
    ) -> bool:
        """Whether the divisions written next to mention k rule its reading out: none of their
        readings holds it, one of them is read reliably (its country has support besides
        itself), and that reading is a division or in another country. A reading that is itself
        confirmed by the place it qualifies ("Western Area Urban" holding Freetown), or a town
        that alone has its name ("Mariupol, Zaporizhia"), is kept."""
        g = self.gazetteer
        if self._unique_town(mentions[k], best) and all(
            choice[j] == NO_ID or g.iso3(choice[j]) == g.iso3(best) for j in mentions[k].within
        ):
            return False
        if any(self._contains(best, inner) for ids in contained_ids for inner in ids[:MAX_CANDIDATES]):
            return False
        within = self._all_within(mentions, k)
        if any(self._in_region(best, region) for region in self._regions(mentions, within, [NO_ID] * len(mentions))):
            return False
        for j in mentions[k].within:
            outer = choice[j]
            if outer == NO_ID or weights.get(g.iso3(outer), 0.0) - 1.0 <= 0.0:
                continue  # unread, or read only on its own say-so ("Central" among 29 Centrals)
            if self._outside(best, outer):
                return True
        return False

    def _choose_by_sound(
        self, mentions: Sequence[Mention], k: int, weights: Mapping[str, float], choice: Sequence[int]
    ) -> int:
        """A name the gazetteer does not spell this way ("Tal Tamer", "Zaghniya") read as a
        transliteration of one it has: only a place inside the division written next to it, or,
        when close in spelling and long enough to be distinctive, in a country of the article."""
        g = self.gazetteer
        mention = mentions[k]
        sound = sound_key(mention.key)
        if len(sound.replace(" ", "")) < 3:
            return NO_ID
        regions = self._regions(mentions, self._all_within(mentions, k), choice)
        candidates = [e for e in g.sound_ids(mention.key)[:MAX_CANDIDATES] if g.kind(e) != COUNTRY]
        letters = len(sound.replace(" ", ""))
        # a long name whose sound-alikes are all in one country needs no other sign of it
        one_country = letters >= SOUND_ALONE_LETTERS and len({g.iso3(e) for e in candidates}) == 1
        best, best_score = NO_ID, -math.inf
        for entry in candidates:
            kind = g.kind(entry)
            inside = any(self._in_region(entry, region) for region in regions)
            supported = weights.get(g.iso3(entry), 0.0) > 0 and letters >= SOUND_MIN_LETTERS
            if not inside and (regions or not (supported or one_country)):
                continue
            likeness = difflib.SequenceMatcher(None, mention.key, name_key(g.tables.names[entry])).ratio()
            if inside:
                score = 10.0 + 4 * likeness
            elif likeness >= SOUND_LIKENESS:
                score = 4 * likeness
            else:
                continue
            score += self._kind_fit(kind, mention.kind) + POPULATION_WEIGHT * math.log10(g.population(entry) + 1)
            if score > best_score:
                best, best_score = entry, score
        return best

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

    def _unique_town(self, mention: Mention, entry: int) -> bool:
        """Whether ``entry`` is a town of some size and the only place with that main name: then
        a container that disagrees is the writer's slip ("Mariupol, Zaporizhia")."""
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

    def _outside(self, entry: int, outer: int) -> bool:
        """Whether the gazetteer shows ``entry`` is not in the division or town ``outer``: another
        country, or another first-level division (second-level links are too patchy to rule out)."""
        g = self.gazetteer
        if g.iso3(entry) != g.iso3(outer):
            return True
        kind = g.kind(outer)
        if kind not in (ADMIN1, ADMIN2):
            return False
        outer_admin1, admin1 = g.admin1_of(outer), g.admin1_of(entry)
        return NO_ID not in (outer_admin1, admin1) and outer_admin1 != admin1

    def _in_region(self, entry: int, region: tuple[int, int, str]) -> bool:
        g = self.gazetteer
        admin1, admin2, iso3 = region
        if admin2 != NO_ID:
            return g.admin2_of(entry) == admin2
        if admin1 != NO_ID:
            return g.admin1_of(entry) == admin1
        return g.iso3(entry) == iso3

    def _score(
        self,
        entry: int,
        mention: Mention,
        weights: Mapping[str, float],
        total: float,
        regions: list[tuple[int, int, str]],
        contained_ids: list[tuple[int, ...]],
        choice: Sequence[int],
        hints: Sequence[str],
    ) -> float:
        g = self.gazetteer
        kind, iso3 = g.kind(entry), g.iso3(entry)
        score = 0.0
        if total:
            score += COUNTRY_WEIGHT * weights.get(iso3, 0.0) / total
            if total >= CONTEXT_ENOUGH and weights.get(iso3, 0.0) == 0.0 and iso3 not in hints:
                score -= OUT_OF_CONTEXT
        if iso3 in hints:
            score += HINT_WEIGHT
        admin1, admin2 = g.admin1_of(entry), g.admin2_of(entry)
        for region_admin1, region_admin2, region_iso3 in regions:
            if (region_admin2 != NO_ID and region_admin2 == admin2) or (
                region_admin1 != NO_ID and region_admin1 == admin1
            ):
                score += CONTAINER_WEIGHT
                break
            if region_iso3 == iso3 and region_admin1 == NO_ID:
                score += CONTAINER_WEIGHT / 2
                break
        # named as where another place is ("Celaya, Guanajuato"): a division, best one holding it
        if contained_ids and kind in (ADMIN1, ADMIN2):
            score += KIND_WEIGHT / 2
            if any(self._contains(entry, inner) for ids in contained_ids for inner in ids[:MAX_CANDIDATES]):
                score += KIND_WEIGHT
        score += self._kind_fit(kind, mention.kind)
        if kind in (PLACE, ADMIN2):
            for other in choice:
                if other != NO_ID and other != entry and g.admin1_of(other) == admin1 and admin1 != NO_ID:
                    score += NEIGHBOUR_WEIGHT
                    break
        if name_key(g.tables.names[entry]) == mention.key:
            score += MAIN_NAME_WEIGHT
        score += POPULATION_WEIGHT * math.log10(g.population(entry) + 1)
        return score

    @staticmethod
    def _kind_fit(kind: int, said: str) -> float:
        if said == "admin1":
            return KIND_WEIGHT if kind == ADMIN1 else -KIND_WEIGHT / 2
        if said == "admin2":
            return KIND_WEIGHT if kind == ADMIN2 else (0.0 if kind == PLACE else -KIND_WEIGHT / 2)
        if said in ("settlement", "area"):
            return KIND_WEIGHT / 2 if kind == PLACE else 0.0
        return 0.25 if kind == PLACE else 0.0

    def _regions(
        self, mentions: Sequence[Mention], within: Sequence[int], choice: Sequence[int]
    ) -> list[tuple[int, int, str]]:
        """The (admin1, admin2, iso3) areas that the containers written next to a name can be."""
        g = self.gazetteer
        regions: list[tuple[int, int, str]] = []
        for j in within:
            ids = (choice[j],) if choice[j] != NO_ID else mentions[j].ids[:MAX_CANDIDATES]
            for entry in ids:
                kind = g.kind(entry)
                if kind == ADMIN1:
                    regions.append((entry, NO_ID, g.iso3(entry)))
                elif kind == ADMIN2:
                    regions.append((NO_ID, entry, g.iso3(entry)))
                elif kind == COUNTRY:
                    regions.append((NO_ID, NO_ID, g.iso3(entry)))
                else:  # a town: the names next to it are in its province (its district is too narrow)
                    regions.append((g.admin1_of(entry), NO_ID, g.iso3(entry)))
        return regions

    def _contains(self, outer: int, inner: int) -> bool:
        g = self.gazetteer
        kind = g.kind(outer)
        if kind == ADMIN1:
            return g.admin1_of(inner) == outer
        if kind == ADMIN2:
            return g.admin2_of(inner) == outer
        if kind == COUNTRY:
            return g.iso3(inner) == g.iso3(outer) and inner != outer
        return False

    def _containment(
        self, mentions: Sequence[Mention], choice: Sequence[int], weights: Mapping[str, float]
    ) -> tuple[tuple[tuple[int, ...], ...], list[bool]]:
        """For each mention, the containers written next to it (and theirs) that hold its
        place: all of them when it is unknown or written as a part of them ("the Soba area of
        Khartoum"); those the gazetteer agrees with otherwise. Only read containers count."""
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
                if (
                    inner == NO_ID
                    or mention.part
                    or self._contains(outer, inner)
                    or (
                        g.kind(outer) in (PLACE, ADMIN2)
                        and g.admin1_of(outer) == g.admin1_of(inner)
                        and g.admin1_of(inner) != NO_ID
                    )
                ):
                    confirmed.append(j)
                    is_container[j] = True
            if inner == NO_ID:  # containers in the article's countries first (a "Dara" in Syria is no help)
                confirmed.sort(key=lambda j: -weights.get(g.iso3(choice[j]), 0.0))
            result.append(tuple(confirmed))
        return tuple(result), is_container
