"""Event geolocation: the place where one event happened.

    geocoder = Geocoder.from_settings(settings, lexicon)  # loads the gazetteer (about half a second)
    places = geocoder.places(doc)                         # once per article (optional)
    place = geocoder.locate(doc, trigger, country_hints=("UKR",), places=places)

The place is the one linked to the event's trigger through the sentence's structure (the "in X"
attached to the trigger's clause), falling back to other places in its sentence, then to the
places of the headline and the lead paragraph, then to those elsewhere, then to the dateline
(only when the story names no other place in its country), then to the country alone. A place
named only in a quotation, in a clause about another time ("Last year, ... near Coalcoman") or
where someone spoke ("told reporters in Srinagar") is not taken (layout.py). A province, or a
headline's name that is also a division's ("Syria's Idlib"), is refined by a place inside it
named near the trigger or in the lead. ``geo_precision`` follows codebook section 5: 1 the town
itself, 2 near a town / part of a region / a district, 3 only a province named. Coordinates are
only ever a gazetteer entry's; an unknown place has none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..codebook.countries import CountryTable, load_countries
from ..codebook.names import ascii_name, name_key, sound_key
from ..models import Evidence, Place
from ..rules.lexicon import Lexicon
from ..settings import Settings
from ..syntax import governing_verb
from .article_places import ArticlePlaces
from .gazetteer import Gazetteer
from .layout import read_layout
from .place_mentions import Mention
from .resolve import BIG_PLACE, ArticleContext, Resolver
from .tables import ADMIN1, ADMIN2, COUNTRY, FEATURE, NO_ID, PLACE
from .toponyms import ToponymFinder

log = logging.getLogger(__name__)

NOT_LINKED = 1000  # tree distance of a mention in another sentence
DATELINE_PRECISION = 2  # a story's dateline is where its reporter is: the event is at or near it


class Geocoder:
    """Finds, resolves and picks event places. Holds the gazetteer; no per-article state."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None,
                 countries: CountryTable | None = None) -> None:
        self.gazetteer = gazetteer
        self.countries = countries or load_countries()
        self.finder = ToponymFinder(gazetteer, self.countries, (lexicon or Lexicon()).places)
        self.resolver = Resolver(gazetteer)

    @classmethod
    def from_settings(cls, settings: Settings, lexicon: Lexicon | None = None) -> Geocoder:
        return cls(Gazetteer.from_settings(settings), lexicon)

    def places(self, doc: Doc) -> ArticlePlaces:
        """The article's places and country context: compute once per article and give it to
        ``locate`` for each of its events."""
        layout = read_layout(doc, self.finder.lexicon)
        mentions, country_mentions = self.finder.find(doc, layout)
        context = self.resolver.context(mentions, country_mentions, layout)
        eligible = [self._can_be_the_place(context, k) for k in range(len(context.mentions))]
        return ArticlePlaces.of(doc, context, self.gazetteer, eligible)

    def context(self, doc: Doc) -> ArticleContext:
        """What resolution makes of the article's place names (``places(doc).context``)."""
        return self.places(doc).context

    def locate(
        self,
        doc: Doc,
        trigger: Token,
        *,
        country_hints: Sequence[str] = (),
        places: ArticlePlaces | None = None,
    ) -> Place:
        """Where the event whose main word is ``trigger`` happened. ``country_hints``: ISO3 codes
        of the countries of its actors ("Ukrainian forces" -> "UKR"); ``places``: the article's,
        from ``places(doc)`` (computed here if not given)."""
        candidates = places or self.places(doc)
        context = candidates.context
        hints = tuple(h.upper() for h in country_hints if h)
        sentence = candidates.sentence_of(trigger.i)
        ranked = self._ranked_mentions(doc, trigger, sentence, candidates)
        unknown_in: set[int] | None = None  # the sentences naming the event's town, when no gazetteer has it
        for n, (k, floor) in enumerate(ranked):
            mention = context.mentions[k]
            if unknown_in is not None and mention.sentence not in unknown_in:
                break  # "recaptured the town of Bariire ... the government in Mogadishu": not Mogadishu
            place = self._place_of(doc, candidates, k, hints, floor)
            if place is None:
                if (
                    n == 0
                    and mention.kind == "settlement"
                    and (mention.sentence == sentence or sentence in context.layout.headline)
                ):
                    unknown_in = {m.sentence for m in context.mentions if m.key == mention.key}
                continue
            level = ADMIN1 if place.geo_precision == 3 else NO_ID
            if mention.sentence in context.layout.headline:
                level = self._division_named(context, k)  # "Syria's Idlib", "... near Ansongo"
            if level != NO_ID:  # the story may say where in the division
                return self._refined(doc, candidates, ranked[n + 1 :], place, level, hints, sentence) or place
            return place
        for k in self._datelines(candidates, hints) if unknown_in is None else ():
            place = self._place_of(doc, candidates, k, hints, DATELINE_PRECISION)
            if place is not None:
                return place
        iso3 = self._country(context, hints)
        if iso3 is None:
            return Place()
        return Place(country=self.countries.country(iso3).name, iso3=iso3)

    # -- which mention ------------------------------------------------------------------------
    def _ranked_mentions(
        self, doc: Doc, trigger: Token, trigger_sentence: int, candidates: ArticlePlaces
    ) -> list[tuple[int, int]]:
        """Mentions that can be the event's place, best first, each with the least precision it
        can have: the places linked to the trigger through its sentence's structure, then those
        of the headline and the lead paragraph, then those elsewhere (a place not linked to the
        event: precision at least 2). Never a dateline, a place named only in a quotation (unless
        the trigger is quoted too), in a sentence or clause about another time, or where someone
        spoke (unless the trigger is in that clause). At most ``MAX_CANDIDATES`` of each kind,
        so that an article's length does not multiply the work of each of its events."""
        context = candidates.context
        depth = {}
        node, steps = trigger, 0
        while True:
            depth[node.i] = steps
            if node.head.i == node.i:
                break
            node, steps = node.head, steps + 1
        trigger_quoted = context.layout.quoted(trigger.idx)
        trigger_clause = governing_verb(doc, trigger.i)
        linked: list[tuple[tuple[int, int], int]] = []
        for k in candidates.near(trigger_sentence, trigger.i):
            mention = context.mentions[k]
            if (mention.background or mention.said) and mention.clause != trigger_clause:
                continue  # "a police officer who led an attack in Caracas last year", "told reporters in Srinagar"
            if mention.quoted and not trigger_quoted:
                continue  # "'... another Swat,' Khan told reporters": someone's words
            distance = _tree_distance(doc, mention.root, depth)
            cue = 0 if mention.located else 2
            linked.append(((distance + cue, mention.start), k))
        linked.sort()
        return [
            *((k, 1) for _, k in linked),
            *((k, 1) for k in candidates.elsewhere(candidates.front, trigger_sentence)),
            *((k, 2) for k in candidates.elsewhere(candidates.rest, trigger_sentence)),
        ]

    def _division_named(self, context: ArticleContext, k: int) -> int:
        """ADMIN1 or ADMIN2 when mention k's name is also that of a division in the country it
        was read in (the larger one when both); else NO_ID."""
        g = self.gazetteer
        if context.choice[k] == NO_ID:  # placed through a division written next to it
            return NO_ID
        iso3 = g.iso3(context.choice[k])
        kinds = {g.kind(e) for e in context.mentions[k].ids if g.iso3(e) == iso3}
        return ADMIN1 if ADMIN1 in kinds else ADMIN2 if ADMIN2 in kinds else NO_ID

    def _refined(
        self, doc: Doc, candidates: ArticlePlaces, rest: list[tuple[int, int]], place: Place, level: int,
        hints: Sequence[str], trigger_sentence: int,
    ) -> Place | None:  # fmt: skip
        """A more precise place inside the province the event was placed in, from the trigger's
        sentence, the headline, the lead or the paragraph after it, at its own precision: "Air
        strikes kill 12 in Syria's Idlib" / "... in the town of Ariha in Idlib province"; "in a
        village in the Sagaing region" / "the village near the town of Shwebo"."""
        context = candidates.context
        layout = context.layout
        nearby = layout.headline | layout.lead | layout.second | {trigger_sentence}
        for k, _floor in rest:
            if context.mentions[k].sentence not in nearby:
                continue
            inner = self._place_of(doc, candidates, k, hints, 1)  # in the event's province: its own precision
            if (
                inner is not None
                and inner.admin1 is not None
                and (inner.iso3, inner.admin1) == (place.iso3, place.admin1)
                and (level == ADMIN1 or inner.admin2 == place.admin2)
                and (inner.geo_precision or 3) <= (place.geo_precision or 3)
                and (inner.latitude, inner.longitude) != (place.latitude, place.longitude)
            ):
                return inner
        return None

    def _can_be_the_place(self, context: ArticleContext, k: int) -> bool:
        """Not where another place is, not a whole country (codebook 5: not a location), not a
        dateline (where the story was filed)."""
        entry = context.choice[k]
        return not (
            context.is_container[k]
            or context.mentions[k].dateline
            or (entry != NO_ID and self.gazetteer.kind(entry) == COUNTRY)
        )

    def _datelines(self, candidates: ArticlePlaces, hints: Sequence[str]) -> list[int]:
        """The dateline's places, when the article names no other place in their country and the
        event is not placed in another country by its actors or the story."""
        g = self.gazetteer
        context = candidates.context
        country = self._country(context, hints)
        return [
            k for k in candidates.datelines
            if g.iso3(context.choice[k]) not in candidates.countries_named
            and (country is None or country == g.iso3(context.choice[k]))
        ]

    # -- the place ----------------------------------------------------------------------------
    def _place_of(self, doc: Doc, candidates: ArticlePlaces, k: int, hints: Sequence[str], floor: int) -> Place | None:
        g = self.gazetteer
        context = candidates.context
        mention = context.mentions[k]
        entry = self.resolver.rechoose(context, k, hints)
        named_by = mention  # the mention whose entry is used
        if context.containers[k] and (mention.part or entry == NO_ID):
            # "the Amendoeira neighbourhood of Sao Goncalo" is Sao Goncalo (codebook 5: "City -
            # District" is precision 1); an unknown village is placed at the district or town
            # written after it, at precision 2 or 3
            named_by = context.mentions[context.containers[k][0]]
            entry = context.choice[context.containers[k][0]]
            floor = floor if mention.part else 2
        if entry == NO_ID or g.kind(entry) == COUNTRY:
            return None  # unknown, or a whole country (codebook 5: not an event location)
        kind = g.kind(entry)
        if kind in (ADMIN1, ADMIN2) and named_by.kind not in ("admin1", "admin2"):
            namesake = self._namesake_place(named_by, entry)  # "in Aleppo": the city, not the province
            if namesake != NO_ID:
                entry, kind = namesake, PLACE
        point = g.point(g.seat(entry))
        if point is None and kind == ADMIN2:  # a district whose towns the gazetteer lacks: its province
            entry, kind = g.admin1_of(entry), ADMIN1
            point = g.point(g.seat(entry)) if entry != NO_ID else None
        if point is None:
            return None
        seat = g.seat(entry)
        if kind == ADMIN1:
            precision = 3
        elif kind in (ADMIN2, FEATURE) or mention.near or (mention.kind == "area" and not mention.part):
            precision = 2
        else:
            precision = 1
        end = max(mention.end_char, named_by.end_char)
        evidence = Evidence(
            field="location", text=candidates.text[mention.start_char : end], start=mention.start_char, end=end
        )
        iso3 = g.iso3(entry)
        return Place(
            country=self.countries.country(iso3).name,
            iso3=iso3,
            admin1=g.name_of(g.admin1_of(seat)),
            admin2=g.name_of(g.admin2_of(seat)),
            location=self._location_name(named_by, seat),
            latitude=round(point[0], 4),
            longitude=round(point[1], 4),
            geo_precision=max(precision, floor),
            evidence=evidence,
        )

    def _location_name(self, mention: Mention, seat: int) -> str:
        """The place's name as the text writes it when that is one of its names ("Oicha", which
        GeoNames calls Hyosha) or a spelling of it ("Rajouri" for Rajaori), in ASCII as ACLED
        writes names; else its main name ("Marka" for "Lower Shabelle", "Kyiv" for "KYIV")."""
        main = self.gazetteer.tables.names[seat]
        written = ascii_name(mention.text)
        if (
            not written
            or (written.isupper() and len(written) > 1)
            or name_key(written) == name_key(main)
            or not (seat in self.gazetteer.ids(mention.key) or _sounds_alike(main, mention.key))
        ):
            return main
        return written[0].upper() + written[1:]  # "el Marj" -> "El Marj"

    def _namesake_place(self, mention: Mention, division: int) -> int:
        """The most populous place with the mention's name in ``division`` (for a district, in
        its province when the gazetteer does not say which district the place is in), or NO_ID.
        A place called just that name beats a smaller one whose name only contains it."""
        g = self.gazetteer
        best, best_rank = NO_ID, (-1, -1, -1)
        for entry in mention.ids:
            if g.kind(entry) != PLACE:
                continue
            exact = name_key(g.tables.names[entry]) == mention.key or g.population(entry) >= BIG_PLACE
            if division in (g.admin1_of(entry), g.admin2_of(entry)):
                rank = (1, exact, g.population(entry))
            elif (
                g.kind(division) == ADMIN2
                and g.admin2_of(entry) == NO_ID
                and g.admin1_of(entry) == g.admin1_of(division)
            ):
                rank = (0, exact, g.population(entry))
            else:
                continue
            if rank > best_rank:
                best, best_rank = entry, rank
        seat = g.seat(division)
        if best == NO_ID and g.kind(seat) == PLACE and _sounds_alike(g.tables.names[seat], mention.key):
            return seat  # "in Hodeidah": the city Al Hudaydah, seat of the province news also calls Hodeidah
        return best

    def _country(self, context: ArticleContext, hints: Sequence[str]) -> str | None:
        weights = dict(context.country_weights)
        for iso3 in hints:
            weights[iso3] = weights.get(iso3, 0.0) + 1.5
        weights = {iso3: w for iso3, w in weights.items() if iso3 in self.countries.by_iso3}
        if not weights:
            return None
        return max(weights.items(), key=lambda item: item[1])[0]


def _sounds_alike(name: str, key: str) -> bool:
    return sound_key(name_key(name)) == sound_key(key)


def _tree_distance(doc: Doc, start: int, depth: dict[int, int]) -> int:
    """Steps from token ``start`` up to the nearest ancestor of the trigger, plus that
    ancestor's steps down to the trigger."""
    node, steps = doc[start], 0
    while node.i not in depth:
        if node.head.i == node.i or steps > 50:
            return NOT_LINKED
        node, steps = node.head, steps + 1
    return steps + depth[node.i]
