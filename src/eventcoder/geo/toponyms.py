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

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .countries import CountryTable
from .gazetteer import Gazetteer
from .lexicon import Lexicon
from .names import name_key
from .tables import ADMIN1

MAX_NAME_TOKENS = 7
TOWN = 50_000  # population of a place that a name after "shelled", "entered" is taken to be
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LAW"})
# Words before a name that do not make it part of a longer name ("North Kivu", "Greater Cairo").
MODIFIERS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "greater",
        "upper",
        "lower",
        "middle",
        "old",
        "new",
        "rural",
        "downtown",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north east",
        "north west",
    }
)
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "ed", "es", "ez"})
_DISTANCE = re.compile(
    r"(?:^|\s)(?:\d+(?:[.,]\d+)?|a few|several|some|about \d+)\s*-?\s*"
    r"(?:km|kms|kilometers|kilometres|miles|mi|m|meters|metres)\b.*\bof$"
)
_AREA_OF = re.compile(
    r"\b(?:in|on|at|into) (?:the |a )?(?:[a-z-]+ ){0,3}(?:countryside|outskirts|vicinity|suburbs?|"
    r"area|areas|surroundings|environs|periphery|part|parts|countryside areas) of$"
)
ENGLISH_JOINERS = frozenset({"and", "of", "on", "a", "upon", "en"})
FUNCTION_POS = frozenset({"ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "VERB", "ADV", "PART", "NUM", "PUNCT", "INTJ"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in the text. Indexes are token indexes into the Doc."""

    start: int
    end: int  # exclusive
    start_char: int
    end_char: int
    text: str
    key: str
    ids: tuple[int, ...]  # gazetteer entries with this name; empty for a name we do not know
    label: str  # spaCy's entity label on the name ("" for none)
    kind: str  # what a word next to it says it is: "admin1", "admin2", "settlement", "area" or ""
    near: bool  # "near X", "outside X", "30 km north of X", "the area of X" (codebook 5: precision 2)
    located: bool  # a locative word before it ("in", "at", "the town of")
    variant: bool = False  # found only without its Arabic article ("Al Amir" as "Amir"): needs support
    within: tuple[int, ...] = field(default=())  # mentions named as containing it (indexes)
    part: bool = False  # named as a part of the place after it ("the X neighbourhood of Y")
    sentence: int = 0
    root: int = 0  # token index of the name's syntactic head


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country named, its people ("Ukrainian forces") or an organisation acting only there
    ("AMISOM"): context for resolution."""

    start_char: int
    end_char: int
    text: str
    iso3: str
    kind: str  # "country", "people" or "group"
    token: int


class ToponymFinder:
    """Finds Mentions and CountryMentions in a Doc. Holds no per-article state."""

    def __init__(self, gazetteer: Gazetteer, countries: CountryTable, lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.countries = countries
        self.lexicon = lexicon

    def find(self, doc: Doc) -> tuple[tuple[Mention, ...], tuple[CountryMention, ...]]:
        spans, country_mentions = self._scan(doc)
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS and not any(s[0] < ent.end and ent.start < s[1] for s in spans):
                start = ent.start + (doc[ent.start].lower_ == "the")
                if start < ent.end:
                    spans.append((start, ent.end, (), ""))
        spans.sort()
        sentence_of = _sentence_index(doc)
        drafts = [self._describe(doc, start, end, ids, key, sentence_of) for start, end, ids, key in spans]
        mentions = _link_containers(doc, drafts, self.lexicon)
        return tuple(mentions), tuple(country_mentions)

    # -- finding names -----------------------------------------------------------------------
    def _scan(self, doc: Doc) -> tuple[list[tuple[int, int, tuple[int, ...], str]], list[CountryMention]]:
        """Longest-match scan of capitalised runs: country names and demonyms, gazetteer names, and
        names the gazetteer lacks that the words around them show are places."""
        spans: list[tuple[int, int, tuple[int, ...], str]] = []
        country_mentions: list[CountryMention] = []
        i, n = 0, len(doc)
        while i < n:
            if not self._can_start(doc, i):
                i += 1
                continue
            ends = self._name_ends(doc, i)
            after_place = bool(spans) and self._follows_place(doc, i, spans[-1][1])
            found = self._longest_match(doc, i, ends, after_place)
            if found is None or (found[0] == "place" and not self._whole_run(doc, found[1], ends)):
                # unknown, or only part of a longer name ("Ayn" of "Ayn Zarah", "Ceel" of "Ceel Salini")
                last = self._unknown_name(doc, i, ends, after_place)
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
                    CountryMention(doc[i].idx, end_char, doc.text[doc[i].idx : end_char], iso3, what, i)
                )
            if what in ("country", "place") and found[0] != "people":
                ids = sorted({e for v in _variants(key) for e in self.gazetteer.ids(v)}) if what == "place" else None
                spans.append((i, j + 1, tuple(ids) if ids else self.gazetteer.ids(key), key))
            i = j + 1
        return spans, country_mentions

    def _name_ends(self, doc: Doc, i: int) -> list[int]:
        """The token indexes where a name starting at i could end: capitalised words, joined by
        connectors ("Qala i Naw", "Deir-ez-Zor"), within one clause."""
        ends = [i]
        for j in range(i + 1, min(len(doc), i + MAX_NAME_TOKENS)):
            token = doc[j]
            if not (_is_name(token) or token.lower_ in self.lexicon.connectors) or doc[j - 1].text in ".;:!?":
                break
            if _is_name(token):
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
        countries, text = self.countries, doc.text
        for j in reversed(ends):
            raw = text[doc[i].idx : doc[j].idx + len(doc[j])]
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
        first = doc[rest[0]].lower_
        if self.lexicon.kind_of(first):
            return True
        matched = name_key(doc[ends[0] : j + 1].text).split()
        # "Ain al Arab": a joining word makes the rest part of the name ("Athens-Central Athens" not)
        joined = any(doc[m].is_alpha for m in range(j + 1, rest[0]))
        institution = name_key(first) in self.lexicon.not_places and not joined
        return institution and not all(w in self.lexicon.not_places for w in matched)  # not "National Press"

    def _can_start(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if _is_name(token):
            # "Municipality of San Juan Cotzocon", "Province of Idlib": the name starts after "of"
            return not (i + 1 < len(doc) and doc[i + 1].lower_ == "of" and self.lexicon.kind_of(token.lower_))
        # "al-Dabaat", "el-Mina": an Arabic article joined to the name by a hyphen; "el Mina",
        # "al Nour": "al" or "el" before it (not "as", "at", "an": English words)
        if token.lower_ in ARABIC_ARTICLES and not token.whitespace_:
            return i + 2 < len(doc) and doc[i + 1].text == "-" and _is_name(doc[i + 2])
        return token.lower_ in ("al", "el") and i + 1 < len(doc) and _is_name(doc[i + 1])

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
        if any(doc[k].pos_ not in ("PROPN", "NOUN", "ADJ", "X") for k in ends) or self._mid_run(doc, i):
            return None
        if after_place or self._cue(doc, i)[0] or doc[i].ent_type_ in PLACE_LABELS:
            return last
        after = doc[last + 1].lower_ if last + 1 < len(doc) else ""
        if self.lexicon.kind_of(after) in ("settlement", "admin2", "area"):
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
        """A date, number or amount: spaCy's label, unless it mislabels a place ("in Posadas"
        tagged DATE): a capitalised word that is not a month, day or number is read anyway."""
        if token.ent_type_ not in NOT_NAME_LABELS:
            return False
        if token.ent_type_ in ("DATE", "TIME") and token.pos_ == "PROPN":
            return token.like_num or name_key(token.text) in self.lexicon.not_places
        return True

    def _mid_run(self, doc: Doc, i: int) -> bool:
        """Whether token i continues a capitalised name that starts before it ("President Hadi",
        "Kahda District Commissioner"), other than after a direction ("North Kivu")."""
        k = i - 1
        if k < 0 or (doc[k].whitespace_ == "" and doc[k].text == "-"):
            k -= 1
        if k < 0 or not _is_name(doc[k]) or (doc[k].is_sent_start and doc[k].pos_ != "PROPN"):
            return False
        return name_key(doc[k].text) not in MODIFIERS

    def _plausible(self, doc: Doc, i: int, j: int, key: str, after_place: bool) -> bool:
        """Whether capitalised words that match a gazetteer name are used as a place name here."""
        first = doc[i]
        if self._not_a_name(first):
            return False
        if first.ent_type_ in PLACE_LABELS and first.ent_iob_ == "B":
            return True
        if i == j and _acronym(first.text) and not doc.text.isupper():
            # acronyms ("AA", "SMM", "PMF"); a short name in capitals ("KYIV") only where a place
            # is, a division's short form ("UP", "J&K") only where a division is ("Amethi (UP)")
            if after_place and any(self.gazetteer.kind(e) == ADMIN1 for e in self.gazetteer.ids(key)):
                return True
            if len(first.text) <= 3 or not (after_place or self._cue(doc, i)[0]):
                return False
        if any(doc[k].pos_ in FUNCTION_POS for k in range(i, j + 1) if _is_name(doc[k])):
            return False  # "On", "As", "Will"
        if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("pro", "anti"):
            return False  # "pro-Hadi forces": a side, not a place
        if after_place:
            return True
        located, _near, kind = self._cue(doc, i)
        next_kind = j + 1 < len(doc) and self.lexicon.kind_of(doc[j + 1].lower_) != ""
        if all(w in self.lexicon.not_places for w in key.split()) and (
            i == 0 or doc[i - 1].lower_ not in self.lexicon.at_words
        ):
            return False  # "Police", "Union", "Justice" ("the Court of Justice"): only as "in Union"
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

    # -- describing a name -----------------------------------------------------------------------
    def _cue(self, doc: Doc, start: int) -> tuple[bool, bool, str]:
        """(located, near, kind) read from the words before a name: "in" -> located; "near",
        "outside", "30 km north of", "in the area of" -> near; "the town of" -> kind settlement."""
        words: list[str] = []
        k = start - 1
        while k >= 0 and len(words) < 8 and not doc[k + 1].is_sent_start:
            token = doc[k]
            if token.is_punct and token.text not in "-":
                break
            words.append(token.lower_)
            k -= 1
        if not words:
            return False, False, ""
        before = " ".join(reversed(words))
        lex = self.lexicon
        for phrase in lex.near_phrases:
            if before == phrase or before.endswith(" " + phrase):
                return True, True, "area" if "area" in phrase or "countryside" in phrase else ""
        if _DISTANCE.search(before):
            return True, True, ""
        if _AREA_OF.search(before):  # "in the southern countryside of X", "on the northern outskirts of X"
            return True, True, "area"
        if before.endswith(("in front of", "outside of", "center of", "centre of", "heart of", "streets of")):
            return True, False, ""  # at a building or site in the town, or in its centre
        kind = ""
        tail = before.split()
        if len(tail) >= 2 and tail[-1] == "of" and lex.kind_of(tail[-2]):  # "the town of X"
            if len(words) >= 3 and _is_name(doc[start - 3]):
                return True, False, ""  # "the Amendoeira neighbourhood of X": X is the town itself
            kind = lex.kind_of(tail[-2])
            tail = tail[:-2]
        while tail and tail[-1] in ("the", "a", "an", "this", "that", "its", "their"):
            tail = tail[:-1]
        located = bool(tail) and (tail[-1] in lex.at_words or tail[-1] in lex.place_verbs)
        return located or bool(kind), kind == "area", kind

    def _describe(
        self, doc: Doc, start: int, end: int, ids: tuple[int, ...], key: str, sentence_of: dict[int, int]
    ) -> _Draft:
        located, near, kind = self._cue(doc, start)
        after = self._kind_after(doc, end)
        if after:
            kind = after[0]
            near = near or kind == "feature"  # "on Murree road", "at Hama airbase": near the town
        span = doc[start:end]
        written = name_key(span.text)
        return _Draft(
            start,
            end,
            span.start_char,
            span.end_char,
            span.text,
            written,
            ids,
            doc[start].ent_type_,
            kind,
            near,
            located,
            sentence_of.get(start, 0),
            span.root.i,
            after[1] if after else end,
            bool(key) and key != written,
        )

    def _kind_after(self, doc: Doc, end: int) -> tuple[str, int] | None:
        """The designator after a name ("town", "district", "local government area") and the token
        index after it; after a road's other end too ("the Khulna-Jessore highway": a feature)."""
        if end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
            k = end + 1
            while k < len(doc) and (_is_name(doc[k]) or doc[k].text == "-"):
                k += 1
            if k > end + 1 and k < len(doc) and self.lexicon.kind_of(doc[k].lower_) == "feature":
                return "feature", k + 1
        for size in (3, 2, 1):
            if end + size <= len(doc):
                words = " ".join(t.lower_ for t in doc[end : end + size])
                kind = self.lexicon.kind_of(words)
                if kind:
                    return kind, end + size
        return None


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    key: str
    ids: tuple[int, ...]
    label: str
    kind: str
    near: bool
    located: bool
    sentence: int
    root: int
    after: int  # token index after the name and its designator
    variant: bool
    within: list[int] = field(default_factory=list)
    part: bool = False


def _link_containers(doc: Doc, drafts: list[_Draft], lex: Lexicon) -> list[Mention]:
    """Link each name to the names given as its containers: "X, Y", "X (Y, Z)", "X district of Y",
    "X in Y". Whether Y really contains X is decided at resolution, from the gazetteer."""
    by_start = {d.start: i for i, d in enumerate(drafts)}
    for i, draft in enumerate(drafts):
        if draft.end < len(doc) and doc[draft.end].text in ("'s", "’s") and draft.end + 1 in by_start:
            part = drafts[by_start[draft.end + 1]]  # "Beirut's Saifi district": a part of Beirut
            part.within.append(i)
            part.part = True
        k = draft.after
        if k >= len(doc):
            continue
        word = doc[k].lower_
        if word in (",", "(", "[", "in", "of") or (word == "-" and doc[k].whitespace_):
            nxt = k + 1
            while nxt < len(doc) and doc[nxt].lower_ in ("the", "a"):
                nxt += 1
            if word == "in" and nxt not in by_start:  # "Bara town in the southern countryside of Idleb"
                nxt = _after_area_of(doc, nxt, lex)
            target = by_start.get(nxt)
            if target is None or target <= i or drafts[target].sentence != draft.sentence:
                continue
            end = drafts[target].end
            if (
                word == ","
                and end < len(doc)
                and doc[end].pos_ == "NOUN"
                and doc[end].is_lower
                and not lex.kind_of(doc[end].lower_)
            ):
                continue  # "Patzcuaro, Michoacan, Normal school students": a noun phrase, not a place
            if word == "," and _in_list(doc, drafts, by_start, target):
                continue  # "in Sidon, Tripoli and Zahle": places side by side, not one inside another
            if (
                word == "of"
                and doc[k - 1].lower_ not in lex.settlement_words | lex.area_words | lex.admin1_words | lex.admin2_words
            ):
                continue
            draft.within.append(target)
            if (word == "of" and lex.kind_of(doc[k - 1].lower_) == "area") or draft.kind == "feature":
                draft.part = True  # "the Amendoeira neighbourhood of Sao Goncalo", "Murree road in Rawalpindi"
            if word in ("(", "["):  # "(Alwar, Rajasthan)": every name in the brackets
                t = target
                while (
                    drafts[t].after < len(doc)
                    and doc[drafts[t].after].text == ","
                    and by_start.get(drafts[t].after + 1) is not None
                ):
                    t = by_start[drafts[t].after + 1]
                    draft.within.append(t)
                after = _after_brackets(doc, k, lex)  # "Zap (Amadiya) region of Dahuk"
                if after in by_start and by_start[after] > t:
                    draft.within.append(by_start[after])
    return [
        Mention(
            d.start,
            d.end,
            d.start_char,
            d.end_char,
            d.text,
            d.key,
            d.ids,
            d.label,
            d.kind,
            d.near,
            d.located,
            d.variant,
            tuple(d.within),
            d.part,
            d.sentence,
            d.root,
        )
        for d in drafts
    ]


def _in_list(doc: Doc, drafts: list[_Draft], by_start: dict[int, int], target: int) -> bool:
    """Whether the names joined by commas from ``target`` on end in "and Y" / "or Y": a list."""
    t = target
    for _ in range(12):
        after = drafts[t].after
        if after + 1 >= len(doc) or after + 1 not in by_start:
            return False
        if doc[after].lower_ in ("and", "or"):
            return True
        if doc[after].text != ",":
            return False
        t = by_start[after + 1]
    return False


def _after_brackets(doc: Doc, k: int, lex: Lexicon) -> int:
    """For brackets opening at k, the token that starts the name in "(...) region of Y",
    "(...) district, Y", "(...) in Y", or -1."""
    close = next((m for m in range(k + 1, min(len(doc), k + 16)) if doc[m].text in (")", "]")), -1)
    if close < 0:
        return -1
    m = close + 1
    while m < len(doc) and lex.kind_of(doc[m].lower_):
        m += 1
    if m < len(doc) and (doc[m].text == "," or doc[m].lower_ == "in" or (doc[m].lower_ == "of" and m > close + 1)):
        return m + 1
    return -1


def _after_area_of(doc: Doc, k: int, lex: Lexicon) -> int:
    """The token after "[adjectives] countryside of" starting at k, or k when there is none."""
    for j in range(k, min(len(doc) - 1, k + 4)):
        if doc[j].lower_ in lex.area_words and doc[j + 1].lower_ == "of":
            return j + 2
        if not doc[j].is_lower:
            break
    return k


def _variants(key: str) -> tuple[str, ...]:
    """The key, with the Arabic article spelled "al" ("el mina" -> "al mina") and without it
    ("ar raqqa" -> "raqqa"), as transliterations differ on how to write it."""
    head, _, rest = key.partition(" ")
    if rest and head in ARABIC_ARTICLES:
        return (key, f"al {rest}", rest) if head != "al" else (key, rest)
    return (key,)


def _acronym(text: str) -> bool:
    """Short words in capitals, or with capitals inside ("SMM", "PMF", "JaS", "KYIV")."""
    return len(text) <= 4 and (text.isupper() or any(ch.isupper() for ch in text[1:]))


def _is_name(token: Token) -> bool:
    first = token.text[:1]
    return first.isupper() or (first.isalpha() and token.text.isupper())


def _sentence_index(doc: Doc) -> dict[int, int]:
    index: dict[int, int] = {}
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index
