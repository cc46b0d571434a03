"""Actors: the phrases that name them in a doc, and their names by ACLED's conventions once the
event's country is known (codebook section 3).

State forces are named for their country ("Military Forces of Mexico", "Police Forces of
Kenya"); forces acting outside their own country are external forces (inter 8). Crowds and
victims carry the country in brackets ("Protesters (Lebanon)", "Civilians (Mexico)"), as do the
generic armed actors ("Unidentified Armed Group (Mexico)"). Named groups keep the name ACLED
gives them (rules/actors.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..codebook.countries import country_name, iso3_of
from ..codebook.names import ascii_name
from ..rules.actors import ActorWords, GroupEntry
from ..rules.lexicon import Lexicon
from ..syntax import entity_of
from .findings import ActorMention, DocMentions, sent_index


@dataclass(frozen=True, slots=True)
class NamedActor:
    name: str
    inter: int


def _country_label(iso3: str | None, words: ActorWords, *, after_of: bool) -> str | None:
    if not iso3:
        return None
    try:
        name = country_name(iso3)
    except KeyError:
        return None
    if after_of and iso3 in words.with_article_countries and not name.lower().startswith("the "):
        return f"the {name}"
    return name


def name_actor(side: ActorMention | str | None, event_iso3: str | None, words: ActorWords) -> NamedActor | None:
    """ACLED's name and inter code for one side of an event in country ``event_iso3``, by the
    naming rules of ``words`` (the lexicon's actors)."""
    if side is None:
        return None
    if isinstance(side, str):
        kind, own_iso3, group = side, None, None
        modifiers: tuple[str, ...] = ()
    else:
        kind, own_iso3, group, modifiers = side.kind, side.iso3, side.group, side.modifiers
    if group is not None:
        name = group.name
        if group.country_suffix:
            label = _country_label(own_iso3 or event_iso3, words, after_of=False)
            if label:
                name = f"{name} ({label})"
        inter = group.inter
        if inter == 1 and group.country and event_iso3 and group.country != event_iso3:
            inter = 8
        return NamedActor(name, inter)
    if not isinstance(side, str) and side.leader:
        return NamedActor(f"{ascii_name(side.leader)} Group", 3)  # a group known by its leader
    naming = words.naming.get(kind, words.naming["armed"])
    pattern, inter = naming.pattern, naming.inter
    country = own_iso3 if kind in words.own_country_kinds and own_iso3 else event_iso3
    if kind == "police" and "military" in modifiers and country in words.military_police_countries:
        pattern = words.naming["military"].pattern
    if kind in words.state_force_kinds and own_iso3 and event_iso3 and own_iso3 != event_iso3:
        inter = 8  # codebook section 3: state forces acting abroad are external forces
    label = _country_label(country, words, after_of=pattern.endswith("of {c}"))
    if label is None:
        return NamedActor(pattern.split(" of {c}")[0].split(" ({c})")[0], inter)
    return NamedActor(pattern.format(c=label), inter)


# -- finding actor phrases ----------------------------------------------------------------

def find_actors(m: DocMentions, lexicon: Lexicon) -> list[ActorMention]:
    """The noun phrases that may name an actor: named groups first (the most specific), then
    names shaped like armed groups, then generic words; modifiers folded into their heads."""
    doc = m.doc
    taken: set[int] = set()
    actors: list[ActorMention] = []
    # Named groups first: they are the most specific.
    group_spans = [(s, e, int(label)) for s, e, label in lexicon.actors.group_aliases.find(doc, m.lowers, m.lemmas)]
    orths = [t.text for t in doc]
    for alias, index in lexicon.actors.exact_aliases.items():
        n = len(alias)
        for i in range(len(orths) - n + 1):
            if tuple(orths[i:i + n]) == alias:
                group_spans.append((i, i + n, index))
    group_spans.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    for start, end, index in group_spans:
        if any(i in taken for i in range(start, end)):
            continue
        group = lexicon.actors.groups[index]
        head = _actor_head(doc, start, end)
        actors.append(ActorMention("group", group.inter, start, end, head, sent_index(m, start), group=group,
                                   iso3=_country_words(doc, start, end, head)))
        taken.update(range(start, end))
    for actor in _named_organisations(m, taken):
        actors.append(actor)
        taken.update(range(actor.start, actor.end))
    generic = sorted(lexicon.actors.words.find(doc, m.lowers, m.lemmas), key=lambda x: (x[0], -(x[1] - x[0])))
    for start, end, kind in generic:
        if any(i in taken for i in range(start, end)):
            continue
        head = _actor_head(doc, start, end)
        token = doc[head]
        if token.pos_ not in {"NOUN", "PROPN", "ADJ", "PRON"} and kind not in {"protesters"}:
            continue
        if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in lexicon.actors.stance_prefixes:
            continue  # "pro-government militia", "anti-government protesters": a stance, not an actor
        spec = lexicon.actors.kinds[kind]
        modifiers = tuple(t.lower_ for t in token.children if t.dep_ in {"amod", "compound", "nmod"})
        actors.append(ActorMention(kind, spec.inter, start, end, head, sent_index(m, start),
                                   iso3=_country_words(doc, start, end, head), modifiers=modifiers))
        taken.update(range(start, end))
    actors.sort(key=lambda a: a.start)
    return _resolve_definite(m, _merge_modifiers(m, actors))


def _resolve_definite(m: DocMentions, actors: list[ActorMention]) -> list[ActorMention]:
    """"the militants", "the rebels" after a named armed group was mentioned refer to it: a
    definite generic armed noun takes the named non-state group mentioned most so far (the
    latest of equals)."""
    resolved: list[ActorMention] = []
    seen: dict[str, tuple[int, int, ActorMention]] = {}  # name -> (mentions, last position, mention)
    for position, actor in enumerate(actors):
        token = m.doc[actor.head]
        definite = any(c.dep_ == "det" and c.lower_ in m.lexicon.actors.definite_words for c in token.children)
        if actor.kind in {"armed", "rebel", "militia"} and definite and seen and actor.group is None \
                and not actor.iso3:
            _, _, named = max(seen.values(), key=lambda item: (item[0], item[1]))
            resolved.append(ActorMention("group", named.inter, actor.start, actor.end, actor.head, actor.sent,
                                         named.group, named.iso3, actor.modifiers))
            continue
        if actor.kind == "group" and actor.group is not None and actor.inter in {2, 3, 4}:
            count = seen.get(actor.group.name, (0, 0, actor))[0]
            seen[actor.group.name] = (count + 1, position, actor)
        resolved.append(actor)
    return resolved


def _named_organisations(m: DocMentions, taken: set[int]) -> list[ActorMention]:
    """Named armed groups missing from the lexicon, by their shape: a proper name ending in a
    word such as Forces, Army, Brigade, Front ("National Resistance Forces", "Sharqiya Army",
    "Hamza Division"). State bodies ("Military Police", "Special Forces") are left to the
    generic words; country names make state forces ("Afghan National Army")."""
    doc = m.doc
    words = m.lexicon.actors
    found: list[ActorMention] = []
    for token in doc:
        member = _members_of_name(doc, token, taken, words)
        if member is not None:
            found.append(ActorMention("group", 3, member.start, member.end, member.root.i, sent_index(m, member.start),
                                      group=GroupEntry(member.text, 3)))
            taken.update(range(member.start, member.end))
            continue
        head_inter = words.armed_heads.get(token.lower_)
        if head_inter is None or token.i in taken:
            continue
        start = token.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].dep_ in {"compound", "amod", "nmod"} \
                and doc[start - 1].head.i >= start and (start - 1) not in taken:
            start -= 1
        if start == token.i:
            continue
        names = [t.lower_ for t in doc[start:token.i]]
        if all(w in words.state_words for w in names) or any(iso3_of(t.text, codes=False) for t in doc[start:token.i]):
            continue
        name = " ".join(t.text for t in doc[start:token.i + 1])
        name = name[0].upper() + name[1:] if token.is_title else " ".join(
            [t.text for t in doc[start:token.i]] + [token.text.capitalize()])
        group = GroupEntry(name, head_inter)
        found.append(ActorMention("group", head_inter, start, token.i + 1, token.i, sent_index(m, start), group=group))
    return found


def _members_of_name(doc: Doc, token: Token, taken: set[int], words: ActorWords) -> Span | None:
    """"members of Tropa del Infierno": the proper name after "members of" names a group."""
    if token.lower_ not in words.membership_nouns or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "of":
        return None
    start = token.i + 2
    if doc[start].lower_ == "the":
        start += 1
    end = start
    while end < len(doc) and (doc[end].is_title or (doc[end].lower_ in words.name_particles
                                                   and end + 1 < len(doc) and doc[end + 1].is_title)):
        end += 1
    if end == start or any(i in taken for i in range(start, end)):
        return None
    span = doc[start:end]
    if any(t.ent_type_ in {"GPE", "LOC", "NORP", "DATE", "PERSON"} for t in span) or iso3_of(span.text, codes=False):
        return None
    return span


def _merge_modifiers(m: DocMentions, actors: list[ActorMention]) -> list[ActorMention]:
    """One mention per noun phrase: a modifier naming an actor ("police" in "police
    checkpoint", "rebel" in "rebel police officer") is folded into the phrase's head."""
    words = m.lexicon.actors
    holders = words.kind_groups["holders"]
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
        elif head.kind in holders | {"position"} or m.lemmas[head.head] in words.named_member_words:
            # "the NAF rebel forces", "Houthi positions", "BJP workers": the named group.
            named_heads[head.head] = actor
            dropped.add(id(actor))
    modifiers_of: dict[int, list[ActorMention]] = {}  # head token -> the dropped mentions modifying it
    for actor in actors:
        if id(actor) in dropped:
            modifiers_of.setdefault(m.doc[actor.head].head.i, []).append(actor)
    leader = _Leader(m)
    for actor in actors:
        if id(actor) in dropped:
            continue
        if actor.head in named_heads:
            group = named_heads[actor.head]
            merged.append(ActorMention("group", group.inter, min(group.start, actor.start), actor.end, actor.head,
                                       actor.sent, group.group, group.iso3 or actor.iso3, actor.modifiers))
            continue
        modifier_actors = modifiers_of.get(actor.head, [])
        kind, inter = actor.kind, actor.inter
        modifiers = set(actor.modifiers) | {m.lowers[a.head] for a in modifier_actors}
        if kind in {"military", "police"} and modifiers & words.renegade_words:
            kind, inter = "militia", 3
        elif kind == "military" and m.lemmas[actor.head] in words.force_words and any(
                a.kind == "police" for a in modifier_actors):
            kind = "police"  # "federal police forces" are police
        elif kind == "police" and m.lemmas[actor.head] in words.officer_words and any(
                a.kind == "military" for a in modifier_actors):
            kind, inter = "military", 1  # "army officers", "Military Police officers"
        elif kind in {"position", "civilians"}:
            holder = next((a for a in modifier_actors if a.kind in holders), None)
            if holder is not None and (kind == "position" or m.lemmas[actor.head] in words.named_member_words):
                kind, inter = holder.kind, holder.inter  # "gang members" are the gang
        start = min([actor.start, *(a.start for a in modifier_actors)])
        iso3 = actor.iso3 or next((a.iso3 for a in modifier_actors if a.iso3), None)
        merged.append(ActorMention(kind, inter, start, actor.end, actor.head, actor.sent, actor.group, iso3,
                                   tuple(sorted(modifiers)), leader=leader.of(actor) if kind == "militia" else None))
    return merged


class _Leader:
    """The person a one-man armed side is known by: a rebel officer who is the story's main
    figure ("Óscar Pérez"). Only for a singular mention, and only a person named three times.
    The story's main figure is found once per doc, when first asked for."""

    def __init__(self, m: DocMentions) -> None:
        self.m = m
        self._name: str | None = None
        self._found = False

    def of(self, actor: ActorMention) -> str | None:
        if self.m.doc[actor.head].tag_ != "NN":
            return None
        if not self._found:
            self._name, self._found = self._main_figure(), True
        return self._name

    def _main_figure(self) -> str | None:
        names: dict[str, int] = {}
        full: dict[str, str] = {}
        for ent in self.m.doc.ents:
            if ent.label_ == "PERSON":
                surname = ent[-1].text
                names[surname] = names.get(surname, 0) + 1
                if len(ent.text) > len(full.get(surname, "")):
                    full[surname] = ent.text
        if not names:
            return None
        surname, count = max(names.items(), key=lambda item: item[1])
        mentions = count + sum(1 for t in self.m.doc if t.text == surname) // 2
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
                words = entity_of(doc, t.i).text
            code = iso3_of(words, codes=False)
            if code:
                return code
    return None
