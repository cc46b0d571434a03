"""The words around a place name, and what they say (codebook 5): "in X" places the event in
X; "near X", "30 km north of X", "in the area of X" near it (precision 2); "the town of X",
"X district", "X province" what kind of place X is; "X, Y", "X (Y, Z)", "X village of Y
district", "X in the countryside of Y" that Y contains X; "the X neighbourhood of Y", "X road
in Y" that X is a part of Y."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..codebook.names import name_key
from ..rules.places import PlaceWords
from ..syntax import governing_verb
from .layout import Layout, dated_to_another_time
from .place_mentions import Mention

_DISTANCE = re.compile(
    r"(?:^|\s)(?:\d+(?:[.,]\d+)?|a few|several|some|about \d+)\s*-?\s*"
    r"(?:km|kms|kilometers|kilometres|miles|mi|m|meters|metres)\b.*\bof$"
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their"})
_TOWN_WORDS = frozenset({"city", "town", "port", "capital"})  # "the [region] city of X"
_AREA_OF = re.compile(
    r"\b(?:in|on|at|into) (?:the |a )?(?:[a-z-]+ ){0,3}(?:countryside|outskirts|vicinity|suburbs?|"
    r"area|areas|surroundings|environs|periphery|part|parts|countryside areas) of$"
)


def read_cue(doc: Doc, start: int, lex: PlaceWords) -> tuple[bool, bool, str]:
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
        if len(words) >= 3 and is_name(doc[start - 3]):
            return True, False, ""  # "the Amendoeira neighbourhood of X": X is the town itself
        kind = lex.kind_of(tail[-2])
        tail = tail[:-2]
        # "near the central town of X", "in the rebel-held town of X": words describing the town
        for _ in range(2):
            if (
                tail
                and tail[-1] not in _DETERMINERS
                and not _cue_word(tail, lex)
                and tail[-1].replace("-", "").isalpha()
            ):
                tail = tail[:-1]
    while tail and tail[-1] in _DETERMINERS:
        tail = tail[:-1]
    if kind and _ends_with_near(" ".join(tail), lex):
        return True, True, kind  # "near the town of X", "outside the village of X"
    located = bool(tail) and (tail[-1] in lex.at_words or tail[-1] in lex.place_verbs
                              or (tail[-1] == "of" and len(tail) >= 2 and tail[-2] in lex.dweller_words))
    return located or bool(kind), kind == "area", kind


def _cue_word(tail: list[str], lex: PlaceWords) -> bool:
    return tail[-1] in lex.at_words or tail[-1] in lex.place_verbs or _ends_with_near(" ".join(tail), lex)


def _ends_with_near(before: str, lex: PlaceWords) -> bool:
    return any(before == phrase or before.endswith(" " + phrase) for phrase in lex.near_phrases)


def describe(
    doc: Doc, start: int, end: int, ids: tuple[int, ...], key: str, sentence_of: dict[int, int], lex: PlaceWords,
    layout: Layout,
) -> PlaceDraft:  # fmt: skip
    """A name's draft mention: what the words before and after it say, and where it ends."""
    located, near, kind = read_cue(doc, start, lex)
    after = kind_after(doc, end, lex)
    if after:
        kind = after[0]
        # "on Murree road", "at Hama airbase": near the town; "Nyala market": in it
        near = near or (kind == "feature" and doc[after[1] - 1].lower_ not in lex.site_words)
    span = doc[start:end]
    written = name_key(span.text)
    clause = governing_verb(doc, span.root.i)
    # only a sentence that gives another time can have a clause about it ("... in Caracas last year")
    background = sentence_of.get(start, 0) in layout.dated and dated_to_another_time(doc, clause, lex)
    return PlaceDraft(
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
        dateline=layout.in_dateline(span.start_char),
        quoted=layout.quoted(span.start_char),
        clause=clause,
        background=background,
        said=_where_someone_spoke(doc, span.root, lex),
    )


def kind_after(doc: Doc, end: int, lex: PlaceWords) -> tuple[str, int] | None:
    """The designator after a name ("town", "district", "local government area") and the token
    index after it; after a road's other end too ("the Khulna-Jessore highway": a feature)."""
    if end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        k = end + 1
        while k < len(doc) and (is_name(doc[k]) or doc[k].text == "-"):
            k += 1
        if k > end + 1 and k < len(doc) and lex.kind_of(doc[k].lower_) == "feature":
            return "feature", k + 1
    site_end = named_site_end(doc, end, lex)
    if site_end is not None:
        return "feature", site_end  # "near Donetsk Filtration Station": a site named after the town
    for size in (3, 2, 1):
        if end + size <= len(doc):
            words = " ".join(t.lower_ for t in doc[end : end + size])
            kind = lex.kind_of(words)
            if kind:
                after = end + size
                if after < len(doc) and lex.kind_of(doc[after].lower_) == "area":
                    after += 1  # "Naushera sector area (Rajouri district, J&K)"
                return kind, after
    return None


def named_site_end(doc: Doc, end: int, lex: PlaceWords, most: int = 3) -> int | None:
    """The token index after a site's name that follows a place name in capitals and ends with a
    feature word ("Donetsk Filtration Station", "Kabul International Airport"); None otherwise."""
    for k in range(end + 1, min(len(doc), end + most)):
        if not all(is_name(t) for t in doc[end : k + 1]):
            return None
        if lex.kind_of(doc[k].lower_) == "feature":
            return k + 1
    return None


@dataclass(slots=True)
class PlaceDraft:
    """A mention being put together: mutable until its containers are linked."""

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
    dateline: bool = False
    quoted: bool = False
    clause: int = 0
    background: bool = False
    said: bool = False


def link_containers(doc: Doc, drafts: list[PlaceDraft], lex: PlaceWords) -> list[Mention]:
    """Link each name to the names given as its containers: "X, Y", "X (Y, Z)", "X district of Y",
    "X in Y". Whether Y really contains X is decided at resolution, from the gazetteer."""
    by_start = {d.start: i for i, d in enumerate(drafts)}
    _share_in_lists(doc, drafts, by_start)
    for i, draft in enumerate(drafts):
        if draft.end < len(doc) and doc[draft.end].text in ("'s", "’s") and draft.end + 1 in by_start:
            part = drafts[by_start[draft.end + 1]]  # "Beirut's Saifi district": a part of Beirut
            part.within.append(i)
            part.part = True
        k = draft.after
        if k >= len(doc):
            continue
        word = doc[k].lower_
        town = _the_town_of(doc, draft, k)
        if town is not None:  # "the Rift Valley city of Nakuru", "the Amhara region city of Gondar"
            target = by_start.get(town)
            if target is not None and target > i and drafts[target].sentence == draft.sentence:
                drafts[target].within.append(i)
                if word == "of":
                    draft.kind = ""  # "city" was read as its unit word: it describes the town after it
            continue
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
            if word == "of" and not lex.kind_of(doc[k - 1].lower_):
                continue
            draft.within.append(target)
            if (word == "of" and lex.kind_of(doc[k - 1].lower_) in ("area", "quarter")) or draft.kind == "feature":
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
            d.dateline,
            d.quoted,
            d.clause,
            d.background,
            d.said,
        )
        for d in drafts
    ]


def _where_someone_spoke(doc: Doc, root: Token, lex: PlaceWords) -> bool:
    """Whether a name is where someone spoke: within three steps of a verb of speaking ("told
    reporters in Srinagar", "said in Kabul", "a statement issued in Gusau")."""
    node = root
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node.lemma_ in lex.speaking_verbs
    return False


def _the_town_of(doc: Doc, draft: PlaceDraft, k: int) -> int | None:
    """For "the X city of Y" (k after X and its unit word), the token that starts Y: the town,
    which lies in X; else None."""
    if draft.start == 0 or doc[draft.start - 1].lower_ != "the" or k + 1 >= len(doc):
        return None
    if doc[k].lower_ == "of" and doc[k - 1].lower_ in _TOWN_WORDS:
        return k + 1
    if doc[k].lower_ in _TOWN_WORDS and doc[k + 1].lower_ == "of":
        return k + 2
    return None


def _share_in_lists(doc: Doc, drafts: list[PlaceDraft], by_start: dict[int, int]) -> None:
    """In a list of names ("in Andarai, Cordovil and Vila Isabel neighborhoods"), the word before
    the first and the unit word after the last speak for all of them."""
    i = 0
    while i < len(drafts):
        chain, joined = [i], False
        while True:
            last = drafts[chain[-1]]
            k = last.end
            if k < len(doc) and doc[k].text == "," and k + 1 < len(doc) and doc[k + 1].lower_ in ("and", "or"):
                k += 1
            if k >= len(doc) or doc[k].lower_ not in (",", "and", "or") or k + 1 not in by_start:
                break
            joined = joined or doc[k].lower_ in ("and", "or")
            chain.append(by_start[k + 1])
        if joined:
            first, end = drafts[chain[0]], drafts[chain[-1]]
            for j in chain:
                drafts[j].kind = drafts[j].kind or end.kind
                drafts[j].located = drafts[j].located or first.located
                drafts[j].near = drafts[j].near or first.near
        i = chain[-1] + 1


def _in_list(doc: Doc, drafts: list[PlaceDraft], by_start: dict[int, int], target: int) -> bool:
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


def _after_brackets(doc: Doc, k: int, lex: PlaceWords) -> int:
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


def _after_area_of(doc: Doc, k: int, lex: PlaceWords) -> int:
    """The token after "[adjectives] countryside of" starting at k, or k when there is none."""
    for j in range(k, min(len(doc) - 1, k + 4)):
        if doc[j].lower_ in lex.area_words and doc[j + 1].lower_ == "of":
            return j + 2
        if not doc[j].is_lower:
            break
    return k


def is_name(token: Token) -> bool:
    """A word that can be (part of) a name: capitalised, or all in capitals."""
    first = token.text[:1]
    return first.isupper() or (first.isalpha() and token.text.isupper())


def sentence_index(doc: Doc) -> dict[int, int]:
    index: dict[int, int] = {}
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index
