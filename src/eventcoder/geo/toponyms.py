"""Toponym recognition: the place names in a parsed article, with what the words around them
say about them.

Names are found two ways, because the small English model misses many non-English place names
(or tags them PERSON/ORG): spaCy's GPE/LOC/FAC entities, and a longest-match scan of capitalised
words against the gazetteer. Around each name we read the patterns news uses to place an event
(codebook 5): "in Celaya, Guanajuato", "Bansur town (Alwar, Rajasthan)", "Cuauhtemoc
municipality, Chihuahua", "the Amendoeira neighbourhood of Sao Goncalo", "near Caracas",
"30 km north of Kabul", "in the area of Mineralne, Donetsk".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..codebook.countries import CountryTable
from ..codebook.geodesy import haversine_km
from ..codebook.names import name_key
from ..rules.places import PlaceWords
from .gazetteer import Gazetteer
from .layout import Layout, read_layout
from .place_mentions import CountryMention, Mention
from .surroundings import describe, is_name, link_containers, named_site_end, read_cue, sentence_index
from .tables import ADMIN1, COUNTRY, PLACE

MAX_NAME_TOKENS = 7
DISTRICT_KM = 25  # a place this close to a city, named after it with a hyphen, is one of its districts
CITY = 100_000  # population of a city whose district may follow it after a hyphen ("Belgrade-Stari Grad")
TOWN = 50_000  # population of a place that a name after "shelled", "entered" is taken to be
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LAW"})
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "ed", "es", "ez"})
ENGLISH_JOINERS = frozenset({"and", "of", "on", "a", "upon", "en"})
FUNCTION_POS = frozenset({"ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "VERB", "ADV", "PART", "NUM", "PUNCT", "INTJ"})


class ToponymFinder:
    """Finds Mentions and CountryMentions in a Doc. Holds no per-article state."""

    def __init__(self, gazetteer: Gazetteer, countries: CountryTable, lexicon: PlaceWords) -> None:
        self.gazetteer = gazetteer
        self.countries = countries
        self.lexicon = lexicon

    def find(self, doc: Doc, layout: Layout | None = None) -> tuple[tuple[Mention, ...], tuple[CountryMention, ...]]:
        layout = layout or read_layout(doc, self.lexicon)
        spans, country_mentions = self._scan(doc, layout)
        covered = {i for start, end, _, _ in spans for i in range(start, end)}
        for ent in doc.ents:
            if (
                ent.label_ in PLACE_LABELS
                and not layout.in_agency(ent.start_char)
                and not any(i in covered for i in range(ent.start, ent.end))
            ):
                start = ent.start + (doc[ent.start].lower_ == "the")
                if start < ent.end:
                    spans.append((start, ent.end, (), ""))
                    covered.update(range(start, ent.end))
        spans = sorted(s for s in spans if not self._attribute(doc, s[1]))
        sentence_of = sentence_index(doc)
        drafts = [
            describe(doc, start, end, ids, key, sentence_of, self.lexicon, layout) for start, end, ids, key in spans
        ]
        mentions = link_containers(doc, drafts, self.lexicon)
        return tuple(mentions), tuple(country_mentions)

    # -- finding names -----------------------------------------------------------------------
    def _scan(
        self, doc: Doc, layout: Layout
    ) -> tuple[list[tuple[int, int, tuple[int, ...], str]], list[CountryMention]]:
        """Longest-match scan of capitalised runs: country names and demonyms, gazetteer names, and
        names the gazetteer lacks that the words around them show are places."""
        spans: list[tuple[int, int, tuple[int, ...], str]] = []
        country_mentions: list[CountryMention] = []
        i, n = 0, len(doc)
        while i < n:
            if not self._can_start(doc, i) or layout.in_agency(doc[i].idx):
                i += 1
                continue
            ends = self._name_ends(doc, i)
            after_place = bool(spans) and self._follows_place(doc, i, spans[-1][1])
            if layout.in_dateline(doc[i].idx):  # its words are place names, in any case ("KYIV, Ukraine (AP) -")
                ends = [k for k in ends if layout.in_dateline(doc[k].idx)]
                after_place = True
            found = self._longest_match(doc, i, ends, after_place)
            partial = found is not None and found[0] == "place" and not self._whole_run(doc, found[1], ends)
            if found is None or partial:
                # unknown, or only part of a longer name ("Ayn" of "Ayn Zarah", "Ceel" of "Ceel Salini");
                # not a run that goes on only across "and" ("Escobedo and Monterrey")
                last = self._unknown_name(doc, i, ends, after_place)
                if found is None or last != found[1]:
                    if last is not None:
                        spans.append((i, last + 1, (), ""))
                    i = (last if last is not None else (i if found is None else ends[-1])) + 1
                    continue
            what, j, key = found
            if what in ("people", "country", "group"):
                table = {
                    "people": self.countries.people,
                    "country": self.countries.names,
                    "group": self.countries.groups,
                }
                iso3 = table[what][key]
                nxt = doc[j + 1] if j + 1 < len(doc) else None
                if nxt is not None and nxt.lower_ in self.lexicon.currencies:
                    i = j + 1
                    continue  # "the US dollar", "the Lebanese pound": money, not a country's part in the story
                if what == "country" and (
                    doc[j].dep_ in ("compound", "amod", "poss") or (nxt and nxt.text in ("-", "'s"))
                ):
                    what = "people"  # "US officials", "US-backed", "Lebanon's central bank": an actor's country
                end_char = doc[j].idx + len(doc[j])
                country_mentions.append(
                    CountryMention(
                        doc[i].idx, end_char, doc[i : j + 1].text, iso3, what, i, layout.in_dateline(doc[i].idx),
                        self.countries.theatres.get(key, ()) if what == "group" else (),
                    )
                )
            if what == "place":
                ids = sorted({e for v in _variants(key) for e in self.gazetteer.ids(v)})
                spans.append((i, j + 1, tuple(ids) if ids else self.gazetteer.ids(key), key))
            elif what == "country" and found[0] != "people":
                spans.append((i, j + 1, self._country_readings(doc, j, key), key))
            elif what == "people" and j + 1 < len(doc) and doc[j + 1].lower_ == "capital":
                capital = self._capital(table[what][key])  # "in the Afghan capital": Kabul
                if capital is not None:
                    spans.append((i, j + 2, *capital))
            i = j + 1
        return spans, country_mentions

    def _capital(self, iso3: str) -> tuple[tuple[int, ...], str] | None:
        """The gazetteer places that are a country's capital, and their name key."""
        name = self.countries.country(iso3).capital
        if not name:
            return None
        key = name_key(name)
        ids = tuple(
            e for e in self.gazetteer.ids(key) if self.gazetteer.kind(e) == PLACE and self.gazetteer.iso3(e) == iso3
        )
        return (ids, key) if ids else None

    def _attribute(self, doc: Doc, end: int) -> bool:
        """Whether the name ending before token ``end`` describes something else: "a Lagos-based
        rights group", "Kyiv-controlled territory"."""
        return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self.lexicon.attribute_words

    def _country_readings(self, doc: Doc, j: int, key: str) -> tuple[int, ...]:
        """The readings of a country's name ending at token j: the country, or a division of
        that name ("Mexico" is the country, not Mexico City; "Mexico state" the state; "Georgia"
        may be the US state). Places only where the capital has the country's name ("Djibouti",
        "Singapore"), or a unit word follows."""
        ids = self.gazetteer.ids(key)
        capital = self.countries.country(self.countries.names[key]).capital
        if (capital and name_key(capital) == key) or (
            j + 1 < len(doc) and self.lexicon.kind_of(doc[j + 1].lower_) in ("settlement", "admin2")
        ):
            return ids
        return tuple(e for e in ids if self.gazetteer.kind(e) in (COUNTRY, ADMIN1))

    def _name_ends(self, doc: Doc, i: int) -> list[int]:
        """The token indexes where a name starting at i could end: capitalised words, joined by
        connectors ("Qala i Naw", "Deir-ez-Zor"), within one clause."""
        ends = [i]
        for j in range(i + 1, min(len(doc), i + MAX_NAME_TOKENS)):
            token = doc[j]
            if not (is_name(token) or token.lower_ in self.lexicon.connectors) or doc[j - 1].text in ".;:!?":
                break
            if is_name(token):
                ends.append(j)
        return ends

    def _follows_place(self, doc: Doc, i: int, prev_end: int) -> bool:
        """Whether token i opens a name written as the container of the name before it:
        "Celaya, Guanajuato", "Bansur town (Alwar, Rajasthan)", "Nirkh district, Wardak"."""
        k = prev_end
        while k < i and (self.lexicon.kind_of(doc[k].lower_) or doc[k].text in (")", "]")):
            k += 1
        return k == i - 1 and doc[k].text in ("(", ",", "[")

    def _longest_match(self, doc: Doc, i: int, ends: list[int], after_place: bool) -> tuple[str, int, str] | None:
        countries = self.countries
        for j in reversed(ends):
            raw = doc[i : j + 1].text
            key = name_key(raw)
            capitals = raw.replace(".", "").isupper()
            if key in countries.people and (key not in countries.capitals_only or capitals):
                if (
                    j + 1 < len(doc)
                    and self.lexicon.kind_of(doc[j + 1].lower_) in ("admin1", "admin2")
                    and self.gazetteer.has(key)
                ):
                    return "place", j, key  # "Somali region" (Ethiopia), "Kurdistan Region"
                return "people", j, key
            if key in countries.names and (key not in countries.capitals_only or capitals):
                return "country", j, key
            if key in countries.groups and (key not in countries.capitals_only or capitals):
                return "group", j, key
            if key in self.lexicon.connectors or key in ARABIC_ARTICLES or (i == j and self.lexicon.kind_of(key)):
                continue  # "Al", "Mine 6/7", "Camp 3": not names by themselves
            variants = [v for v in _variants(key) if self.gazetteer.has(v)]
            if variants and self._plausible(doc, i, j, variants[0], after_place):
                return "place", j, variants[0]
        return None

    def _whole_run(self, doc: Doc, j: int, ends: list[int]) -> bool:
        """Whether a match ending at j leaves nothing of its capitalised run but unit words
        ("Rakhine State") or words of an institution ("Kyiv Mayor ...")."""
        rest = [k for k in ends if k > j]
        if not rest:
            return True
        if (
            doc[j + 1].text == "-"
            and rest[-1] + 1 < len(doc)
            and self.lexicon.kind_of(doc[rest[-1] + 1].lower_) == "feature"
        ):
            return True  # "the Tripoli-Beirut highway": a road between two places
        if self._city_district(doc, ends[0], j, rest[-1]):
            return True  # "Belgrade-Stari Grad": a city and, after the hyphen, its district
        first = doc[rest[0]].lower_
        if self.lexicon.kind_of(first) or named_site_end(doc, j + 1, self.lexicon) == rest[-1] + 1:
            return True  # "Rakhine State", "Donetsk Filtration Station"
        matched = name_key(doc[ends[0] : j + 1].text).split()
        # "Ain al Arab": a joining word makes the rest part of the name ("Athens-Central Athens" not)
        joined = any(doc[m].is_alpha for m in range(j + 1, rest[0]))
        institution = name_key(first) in self.lexicon.not_places and not joined
        return institution and not all(w in self.lexicon.not_places for w in matched)  # not "National Press"

    def _city_district(self, doc: Doc, i: int, j: int, last: int) -> bool:
        """Whether doc[i..j] is a city and a hyphen joins it to the name of one of its districts
        ("Belgrade-Stari Grad", "Bogota-La Candelaria"); not "Nawa-e Barakzayi" (one name) nor the
        "Mumbai-Barwani stretch" (two towns of one country)."""
        if not (j + 2 <= last and doc[j + 1].text == "-" and not doc[j].whitespace_ and not doc[j + 1].whitespace_
                and is_name(doc[j + 2])):
            return False
        g = self.gazetteer
        cities = [(g.iso3(e), p) for e in g.ids(name_key(doc[i : j + 1].text))
                  if g.population(e) >= CITY and (p := g.point(e)) is not None]
        towns = [(g.iso3(e), p) for e in g.ids(name_key(doc[j + 2 : last + 1].text))
                 if g.kind(e) == PLACE and (p := g.point(e)) is not None]
        return bool(cities) and not any(
            town_iso3 == city_iso3 and haversine_km(*town, *city) > DISTRICT_KM
            for city_iso3, city in cities for town_iso3, town in towns
        )  # fmt: skip

    def _can_start(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if is_name(token):
            # "Municipality of San Juan Cotzocon", "Province of Idlib": the name starts after "of"
            return not (i + 1 < len(doc) and doc[i + 1].lower_ == "of" and self.lexicon.kind_of(token.lower_))
        # "al-Dabaat", "el-Mina": an Arabic article joined to the name by a hyphen; "el Mina",
        # "al Nour": "al" or "el" before it (not "as", "at", "an": English words)
        if token.lower_ in ARABIC_ARTICLES and not token.whitespace_:
            return i + 2 < len(doc) and doc[i + 1].text == "-" and is_name(doc[i + 2])
        return token.lower_ in ("al", "el") and i + 1 < len(doc) and is_name(doc[i + 1])

    def _unknown_name(self, doc: Doc, i: int, ends: list[int], after_place: bool) -> int | None:
        """The last token of a name the gazetteer lacks but the words around it show is a place:
        "in Majdel Aanjar", "Done Paik village", "(Ayn Zarah)", "shelled Menbij in Aleppo";
        None when it is not one. English joining words end it ("Harim and Sarmada")."""
        ends = [
            k
            for k in ends
            if not any(doc[m].lower_ in ENGLISH_JOINERS or self._names_country(doc, m) for m in range(i + 1, k + 1))
        ]
        last = ends[-1]
        if self._not_a_name(doc[i]) or (doc[i].is_sent_start and not after_place):
            return None
        key = name_key(doc[i : last + 1].text)
        if not key or all(w in self.lexicon.not_places for w in key.split()) or (i == last and _acronym(doc[i].text)):
            return None  # common words, or an acronym ("LoC", "PD12")
        # "(At Tuhayta, Al Hudaydah)": an Arabic article the tagger reads as "at" opens a container
        article = after_place and doc[i].lower_ in ARABIC_ARTICLES and len(ends) > 1
        if any(doc[k].pos_ not in ("PROPN", "NOUN", "ADJ", "X") for k in ends if not (article and k == i)):
            return None
        if self._mid_run(doc, i):
            return None
        if after_place or read_cue(doc, i, self.lexicon)[0] or doc[i].ent_type_ in PLACE_LABELS:
            return last
        after = doc[last + 1].lower_ if last + 1 < len(doc) else ""
        if self.lexicon.kind_of(after) in ("settlement", "admin2", "area", "quarter"):
            return last
        if (
            after in ("in", ",")
            and last + 2 < len(doc)
            and self.gazetteer.has(name_key(doc[last + 2].text))
            and not any(w in self.lexicon.not_places for w in key.split())
        ):
            return last  # "Menbij in Aleppo", "Bijasan, Barwani"; not "Defence Minister in Freetown"
        return None

    def _names_country(self, doc: Doc, k: int) -> bool:
        """Whether token k is a country's name or people ("Northern Iraq", "the Syrian town of")."""
        key = name_key(doc[k].text)
        return key in self.countries.names or key in self.countries.people

    def _not_a_name(self, token: Token) -> bool:
        """A date, number or amount by spaCy's label, unless it mislabels a name ("in Posadas"
        tagged DATE, "Murree road" CARDINAL): a proper noun that is not a number, month or day."""
        if token.ent_type_ not in NOT_NAME_LABELS:
            return False
        return token.like_num or token.pos_ != "PROPN" or name_key(token.text) in self.lexicon.not_places

    def _mid_run(self, doc: Doc, i: int) -> bool:
        """Whether token i continues a capitalised name that starts before it ("President Hadi",
        "Kahda District Commissioner"), other than after a direction ("North Kivu")."""
        k = i - 1
        if k < 0 or (doc[k].whitespace_ == "" and doc[k].text == "-"):
            k -= 1
        if k < 0 or not is_name(doc[k]) or (doc[k].is_sent_start and doc[k].pos_ != "PROPN"):
            return False
        return name_key(doc[k].text) not in self.lexicon.modifiers

    def _plausible(self, doc: Doc, i: int, j: int, key: str, after_place: bool) -> bool:
        """Whether capitalised words that match a gazetteer name are used as a place name here."""
        first = doc[i]
        if self._not_a_name(first):
            return False
        if first.ent_type_ in PLACE_LABELS and first.ent_iob_ == "B":
            return True
        if i == j and _acronym(first.text) and not _shouting(doc):
            # acronyms ("AA", "SMM", "PMF"); a short name in capitals ("KYIV") only where a place
            # is, a division's short form ("UP", "J&K") only where a division is ("Amethi (UP)")
            if after_place and any(self.gazetteer.kind(e) == ADMIN1 for e in self.gazetteer.ids(key)):
                return True
            if len(first.text) <= 3 or not (after_place or read_cue(doc, i, self.lexicon)[0]):
                return False
        if any(doc[k].pos_ in FUNCTION_POS for k in range(i, j + 1) if is_name(doc[k])):
            return False  # "On", "As", "Will"
        if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("pro", "anti"):
            return False  # "pro-Hadi forces": a side, not a place
        if after_place:
            return True
        located, _near, kind = read_cue(doc, i, self.lexicon)
        next_kind = j + 1 < len(doc) and self.lexicon.kind_of(doc[j + 1].lower_) != ""
        if all(w in self.lexicon.not_places for w in key.split()) and (
            i == 0
            or doc[i - 1].lower_ not in self.lexicon.at_words
            or (j + 1 < len(doc) and doc[j + 1].lower_ in self.lexicon.not_places)
        ):
            return False  # "Police", "Union", "Justice": only as "in Union", not "at Police forces"
        if i == j and first.is_sent_start and first.pos_ != "PROPN" and not located:
            return False
        if self._mid_run(doc, i):
            return False
        if i > 0 and doc[i - 1].lower_ in ("the", "a", "an") and not kind and not next_kind:
            return False  # "the Seray", "the Federation", "a Bancroft convoy": not towns
        if first.ent_type_ == "PERSON":  # "Samir al Jisr" is a man unless "in Samir al Jisr"
            if doc[i - 1].lower_ in self.lexicon.place_verbs:  # "shelled Idleb", not "targeted Ahmed"
                return any(self.gazetteer.population(e) >= TOWN for e in self.gazetteer.ids(key))
            return located or next_kind
        return True


_INNER_DE = frozenset({"de", "del"})  # written into Spanish names that do not have it


def _variants(key: str) -> tuple[str, ...]:
    """The key, with the Arabic article spelled "al" ("el mina" -> "al mina") and without it
    ("ar raqqa" -> "raqqa"), as transliterations differ on how to write it; a numbered
    settlement without its number ("Zolote-4": a mining settlement of Zolote); a Spanish name
    without a "de" it does not have ("San Luis de Potosi")."""
    stem, _, number = key.rpartition(" ")
    if stem and number.isdigit() and len(number) <= 2:
        return (key, stem)
    words = key.split()
    if len(words) >= 3 and any(w in _INNER_DE for w in words[1:-1]):
        return (key, " ".join(w for w in words if w not in _INNER_DE))  # "San Luis de Potosi"
    head, _, rest = key.partition(" ")
    if rest and head in ARABIC_ARTICLES:
        return (key, f"al {rest}", rest) if head != "al" else (key, rest)
    return (key,)


def _shouting(doc: Doc) -> bool:
    """Whether the whole text is in capitals (a headline, a telegram): then capitals say nothing."""
    letters = [t.text for t in doc[:50] if t.is_alpha]
    return bool(letters) and all(w.isupper() for w in letters)


def _acronym(text: str) -> bool:
    """Short words in capitals, or with capitals inside ("SMM", "PMF", "JaS", "KYIV")."""
    return len(text) <= 4 and (text.isupper() or any(ch.isupper() for ch in text[1:]))
