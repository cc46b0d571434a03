"""Doc -> mentions: the event cues, actors and dates of one article, each tied to its clause.

A *clause* is the part of a sentence governed by one verb (the main verb, a relative clause, an
adverbial clause...). Dates belong to clauses, and a cue takes the date of its own clause or of
the clause that contains it: in "an officer who led an attack last year was killed on Monday",
the attack is last year's and the killing Monday's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..geo.countries import iso3_of
from .dates import DateMention, find_dates
from .lexicon import GroupEntry, Lexicon
from .sentences import is_boilerplate, quoted_tokens

# Dependency labels that start a clause of their own.
CLAUSE_DEPS = frozenset({"ROOT", "relcl", "advcl", "ccomp", "conj", "parataxis", "acl", "pcomp", "csubj"})
# Clauses that do not pass their date up to the clause that contains them.
SUBORDINATE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "pcomp", "csubj", "parataxis"})

# Cue kinds that name a happening; the others only modify one (see extract/typing.py).
EVENT_KINDS = frozenset({
    "protest", "riot_act", "mob", "clash", "attack", "regain", "capture", "chemical", "air", "suicide",
    "shelling", "ied", "grenade", "sexual", "harm", "found_dead", "abduct", "agreement", "arrest", "change",
    "disrupt", "base", "loot", "transfer", "other", "gather", "small_arms",
})


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue word or phrase in the text: what kind of happening it signals, and where."""

    kind: str
    start: int  # token indices
    end: int
    head: int  # the token that carries the cue's syntax (the verb or noun)
    sent: int


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A noun phrase naming a possible actor: its kind (military, police, protesters...) or
    named group, and the country its words name ("Ukrainian forces" -> UKR)."""

    kind: str
    inter: int
    start: int
    end: int
    head: int
    sent: int
    group: GroupEntry | None = None
    iso3: str | None = None
    modifiers: tuple[str, ...] = ()
    leader: str | None = None  # a one-man side's leader, who names the group


@dataclass(slots=True)
class DocMentions:
    """Everything found in one doc, with the clause bookkeeping that dates need."""

    doc: Doc
    sentences: list[Span]
    content: list[bool]  # sentence index -> is it article text (not boilerplate)?
    cues: list[Cue]
    actors: list[ActorMention]
    dates: list[DateMention]
    date_clause: dict[int, int] = field(default_factory=dict)  # index in dates -> clause head token
    quoted: set[int] = field(default_factory=set)
    lowers: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)

    def sent_of(self, token_i: int) -> int:
        return _sent_index(self, token_i)

    def cues_by_kind(self, kinds: frozenset[str] | set[str]) -> list[Cue]:
        return [c for c in self.cues if c.kind in kinds]


def _sent_index(m: DocMentions, token_i: int) -> int:
    lo, hi = 0, len(m.sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if m.sentences[mid].start <= token_i:
            lo = mid
        else:
            hi = mid - 1
    return lo


def clause_head(token: Token) -> Token:
    """The head of the clause a token belongs to."""
    current = token
    for _ in range(64):
        if current.dep_ in CLAUSE_DEPS and (current.pos_ in {"VERB", "AUX"} or current.dep_ == "ROOT"):
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current


# Verbs of saying: the day something was said is not the day it happened ("gunmen abducted 31
# people, police said on Monday").
SPEECH_VERBS = frozenset({"say", "tell", "report", "confirm", "announce", "state", "add", "claim", "declare",
                          "explain", "note", "insist", "allege", "write", "tweet", "post", "quote"})


def enclosing_clauses(token: Token, *, for_dates: bool = False) -> list[Token]:
    """The clause heads from the token's own clause up to the sentence root. ``for_dates``:
    stop below a verb of saying, whose date is the report's, not the event's."""
    chain = [clause_head(token)]
    for _ in range(16):
        head = chain[-1]
        if head.head.i == head.i:
            break
        parent = clause_head(head.head)
        if for_dates and parent.lemma_.lower() in SPEECH_VERBS and head.dep_ in {"ccomp", "parataxis", "conj"}:
            break
        chain.append(parent)
    return chain


def find_mentions(doc: Doc, published: dt.date | None, lexicon: Lexicon) -> DocMentions:
    sentences = list(doc.sents)
    content = [not is_boilerplate(doc, s, lexicon) for s in sentences]
    lowers = [t.lower_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    m = DocMentions(doc, sentences, content, [], [], [], quoted=quoted_tokens(doc), lowers=lowers, lemmas=lemmas)
    m.cues = _find_cues(m, lexicon)
    labels = _label_tokens(doc)
    m.actors = [a for a in _find_actors(m, lexicon) if a.head not in labels]
    m.dates = find_dates(doc.text, published)
    for index, date in enumerate(m.dates):
        span = doc.char_span(date.start, date.end, alignment_mode="expand")
        if span is not None and len(span):
            m.date_clause[index] = clause_head(span.root).i
    return m


_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][A-Za-z]+(?:[ -][A-Za-z]+){0,3}):[ \t]+")


def _label_tokens(doc: Doc) -> set[int]:
    """Tokens of a short heading that opens a line ("Movement of forces: On 2 May..."): it says
    what kind of report follows (its cues count), but names no actor."""
    tokens: set[int] = set()
    for m in _LABEL.finditer(doc.text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens


def _cue_head(doc: Doc, start: int, end: int) -> int:
    """The token that carries a cue in the parse: the word itself, or a phrase's first verb
    ("opened fire") or its syntactic root ("shoot - outs", "tear gas")."""
    span = doc[start:end]
    if len(span) == 1:
        return start
    for token in span:
        if token.pos_ == "VERB" and token.dep_ != "compound" and token.head.i not in range(start, end):
            return token.i
    return span.root.i


def _find_cues(m: DocMentions, lexicon: Lexicon) -> list[Cue]:
    doc = m.doc
    cues: list[Cue] = []
    matches = list(lexicon.cues.find(doc, m.lowers, m.lemmas))
    # A word inside a longer phrase is read as part of it: "machine gun" in "heavy machine gun".
    spans = {(s, e) for s, e, _ in matches}
    matches = [(s, e, k) for s, e, k in matches
               if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2 in spans)]
    for start, end, kind in matches:
        head = _cue_head(doc, start, end)
        sent = _sent_index(m, start)
        if not m.content[sent] or head in m.quoted:
            continue
        cues.append(Cue(kind, start, end, head, sent))
    return cues


def _find_actors(m: DocMentions, lexicon: Lexicon) -> list[ActorMention]:
    doc = m.doc
    taken: set[int] = set()
    actors: list[ActorMention] = []
    # Named groups first: they are the most specific.
    group_spans = [(s, e, int(label)) for s, e, label in lexicon.group_aliases.find(doc, m.lowers, m.lemmas)]
    orths = [t.text for t in doc]
    for alias, index in lexicon.exact_aliases.items():
        n = len(alias)
        for i in range(len(orths) - n + 1):
            if tuple(orths[i:i + n]) == alias:
                group_spans.append((i, i + n, index))
    group_spans.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    for start, end, index in group_spans:
        if any(i in taken for i in range(start, end)):
            continue
        group = lexicon.groups[index]
        head = _actor_head(doc, start, end)
        actors.append(ActorMention("group", group.inter, start, end, head, _sent_index(m, start), group=group,
                                   iso3=_country_words(doc, start, end, head)))
        taken.update(range(start, end))
    for actor in _named_organisations(m, taken):
        actors.append(actor)
        taken.update(range(actor.start, actor.end))
    generic = sorted(lexicon.actor_words.find(doc, m.lowers, m.lemmas), key=lambda x: (x[0], -(x[1] - x[0])))
    for start, end, kind in generic:
        if any(i in taken for i in range(start, end)):
            continue
        head = _actor_head(doc, start, end)
        token = doc[head]
        if token.pos_ not in {"NOUN", "PROPN", "ADJ", "PRON"} and kind not in {"protesters"}:
            continue
        if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"pro", "anti"}:
            continue  # "pro-government militia", "anti-government protesters": a stance, not an actor
        spec = lexicon.actor_kinds[kind]
        modifiers = tuple(t.lower_ for t in token.children if t.dep_ in {"amod", "compound", "nmod"})
        actors.append(ActorMention(kind, spec.inter, start, end, head, _sent_index(m, start),
                                   iso3=_country_words(doc, start, end, head), modifiers=modifiers))
        taken.update(range(start, end))
    actors.sort(key=lambda a: a.start)
    return _merge_modifiers(m, actors)


# Words that turn a state force into a non-state one: "a rebel police officer", "renegade soldiers".
_RENEGADE = frozenset({"rebel", "rebellious", "renegade", "rogue", "dissident", "mutinous", "mutineer", "defected",
                       "deserter", "breakaway", "former"})
# People named by their membership: "BJP workers", "IS elements".
_MEMBER_WORDS = frozenset({"member", "fighter", "element", "cadre", "operative", "commander", "worker", "loyalist",
                           "militant", "recruit", "supporter", "gunman", "gunmen", "man", "men", "force"})
# Kinds a modifier passes to the noun it modifies: "police checkpoint" is held by the police.
_HOLDER_KINDS = frozenset({"military", "police", "group", "rebel", "militia", "armed", "gang", "communal"})


# Heads that make a proper name an armed group: "National Resistance Forces", "Sharqiya Army".
_ARMED_HEADS = {"forces": 3, "force": 3, "army": 2, "brigade": 3, "brigades": 3, "corps": 3, "division": 3,
                "battalion": 3, "front": 2, "movement": 2, "militia": 3, "militias": 3, "resistance": 3,
                "legion": 3, "battalions": 3, "regiment": 3}
# Words that make a name a state body rather than a group ("National Army", "Police Forces").
_STATE_WORDS = {"police", "military", "armed", "national", "army", "navy", "air", "security", "government",
                "federal", "state", "republican", "presidential", "special", "defence", "defense", "border",
                "guard", "gendarmerie", "forces", "force", "joint", "coalition", "regime", "royal", "civil",
                "municipal", "ministerial", "counter", "anti", "terrorism", "intelligence", "unit", "units",
                "govt", "gov", "govt.", "government's", "regular", "popular", "elite", "rapid", "reserve",
                "the", "of", "and", "-", "'s", "command", "operations", "mobile"}


def _named_organisations(m: DocMentions, taken: set[int]) -> list[ActorMention]:
    """Named armed groups missing from the lexicon, by their shape: a proper name ending in a
    word such as Forces, Army, Brigade, Front ("National Resistance Forces", "Sharqiya Army",
    "Hamza Division"). State bodies ("Military Police", "Special Forces") are left to the
    generic words; country names make state forces ("Afghan National Army")."""
    doc = m.doc
    found: list[ActorMention] = []
    for token in doc:
        member = _members_of_name(doc, token, taken)
        if member is not None:
            found.append(ActorMention("group", 3, member.start, member.end, member.root.i, _sent_index(m, member.start),
                                      group=GroupEntry(member.text, 3)))
            taken.update(range(member.start, member.end))
            continue
        head_inter = _ARMED_HEADS.get(token.lower_)
        if head_inter is None or token.i in taken:
            continue
        start = token.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].dep_ in {"compound", "amod", "nmod"} \
                and doc[start - 1].head.i >= start and (start - 1) not in taken:
            start -= 1
        if start == token.i:
            continue
        words = [t.lower_ for t in doc[start:token.i]]
        if all(w in _STATE_WORDS for w in words) or any(iso3_of(t.text) for t in doc[start:token.i]):
            continue
        name = " ".join(t.text for t in doc[start:token.i + 1])
        name = name[0].upper() + name[1:] if token.is_title else " ".join(
            [t.text for t in doc[start:token.i]] + [token.text.capitalize()])
        group = GroupEntry(name, head_inter)
        found.append(ActorMention("group", head_inter, start, token.i + 1, token.i, _sent_index(m, start), group=group))
    return found


_MEMBERSHIP = {"member", "members", "fighter", "fighters", "militant", "militants", "gunman", "gunmen",
               "elements", "element", "cadre", "cadres", "operatives", "hitmen"}


def _members_of_name(doc: Doc, token: Token, taken: set[int]) -> Span | None:
    """"members of Tropa del Infierno": the proper name after "members of" names a group."""
    if token.lower_ not in _MEMBERSHIP or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "of":
        return None
    start = token.i + 2
    if doc[start].lower_ == "the":
        start += 1
    end = start
    while end < len(doc) and (doc[end].is_title or (doc[end].lower_ in {"del", "de", "la", "los", "al", "el", "of"}
                                                   and end + 1 < len(doc) and doc[end + 1].is_title)):
        end += 1
    if end == start or any(i in taken for i in range(start, end)):
        return None
    span = doc[start:end]
    if any(t.ent_type_ in {"GPE", "LOC", "NORP", "DATE", "PERSON"} for t in span) or iso3_of(span.text):
        return None
    return span


def _merge_modifiers(m: DocMentions, actors: list[ActorMention]) -> list[ActorMention]:
    """One mention per noun phrase: a modifier naming an actor ("police" in "police
    checkpoint", "rebel" in "rebel police officer") is folded into the phrase's head."""
    by_head = {a.head: a for a in actors}
    merged: list[ActorMention] = []
    dropped: set[int] = set()
    named_heads: dict[int, ActorMention] = {}
    for actor in actors:
        token = m.doc[actor.head]
        if token.dep_ not in {"amod", "compound", "nmod"} or token.head.i not in by_head:
            continue
        head = by_head[token.head.i]
        if actor.kind != "group":
            dropped.add(id(actor))
        elif head.kind in _HOLDER_KINDS | {"position"} or m.lemmas[head.head] in _MEMBER_WORDS:
            # "the NAF rebel forces", "Houthi positions", "BJP workers": the named group.
            named_heads[head.head] = actor
            dropped.add(id(actor))
    for actor in actors:
        if id(actor) in dropped:
            continue
        if actor.head in named_heads:
            group = named_heads[actor.head]
            merged.append(ActorMention("group", group.inter, min(group.start, actor.start), actor.end, actor.head,
                                       actor.sent, group.group, group.iso3 or actor.iso3, actor.modifiers))
            continue
        modifier_actors = [a for a in actors if id(a) in dropped and m.doc[a.head].head.i == actor.head]
        kind, inter = actor.kind, actor.inter
        words = set(actor.modifiers) | {m.lowers[a.head] for a in modifier_actors}
        if kind in {"military", "police"} and words & _RENEGADE:
            kind, inter = "militia", 3
        elif kind in {"position", "civilians"}:
            holder = next((a for a in modifier_actors if a.kind in _HOLDER_KINDS), None)
            if holder is not None and kind == "position":
                kind, inter = holder.kind, holder.inter
        start = min([actor.start, *(a.start for a in modifier_actors)])
        iso3 = actor.iso3 or next((a.iso3 for a in modifier_actors if a.iso3), None)
        merged.append(ActorMention(kind, inter, start, actor.end, actor.head, actor.sent, actor.group, iso3,
                                   tuple(sorted(words)), leader=_leader(m, actor) if kind == "militia" else None))
    return merged


def _leader(m: DocMentions, actor: ActorMention) -> str | None:
    """The person a one-man armed side is known by: a rebel officer who is the story's main
    figure ("Óscar Pérez"). Only for a singular mention, and only a person named three times."""
    if m.doc[actor.head].tag_ != "NN":
        return None
    names: dict[str, int] = {}
    full: dict[str, str] = {}
    for ent in m.doc.ents:
        if ent.label_ == "PERSON":
            surname = ent[-1].text
            names[surname] = names.get(surname, 0) + 1
            if len(ent.text) > len(full.get(surname, "")):
                full[surname] = ent.text
    if not names:
        return None
    surname, count = max(names.items(), key=lambda item: item[1])
    mentions = count + sum(1 for t in m.doc if t.text == surname) // 2
    return full[surname] if mentions >= 3 else None


def _actor_head(doc: Doc, start: int, end: int) -> int:
    span = doc[start:end]
    root = span.root
    # "forces of the Democratic Republic of Congo": the head is "forces", not a token outside the span.
    return root.i


def _country_words(doc: Doc, start: int, end: int, head: int) -> str | None:
    """The country an actor phrase names: "Ukrainian forces", "the Afghan army",
    "police of Mexico", "Mexico's army"."""
    token = doc[head]
    candidates: list[Token] = [t for t in doc[start:end] if t.i != head]
    candidates += [t for t in token.children if t.dep_ in {"amod", "compound", "nmod", "poss"} and t.i < head]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            candidates += [t for t in prep.children if t.dep_ == "pobj"]
    for t in candidates:
        if t.ent_type_ in {"NORP", "GPE"} or t.pos_ in {"PROPN", "ADJ"}:
            words = t.text
            if t.ent_type_ == "GPE" and t.ent_iob_ != "O":
                ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    words = ent.text
            code = iso3_of(words)
            if code:
                return code
    return None
