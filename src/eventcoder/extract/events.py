"""Mentions -> event drafts: one per distinct happening, each with its own date.

A cue takes the date of its clause (or of the clause around it); sentences with no date of
their own continue the paragraph's last date, and an undated paragraph belongs to the story's
main event. Cues are grouped by date; each group is one happening, typed by the codebook's
ranking (extract/typing.py). The group the article is chiefly about (most cues, in the lead,
dated near publication) gets the highest confidence. Dates vaguer than a month ("last year")
are not codable (codebook section 5), so what happened then is not coded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from ..budget import UNLIMITED, Budget
from ..models import Article, Evidence
from ..rules.lexicon import Lexicon
from ..syntax import clause_head, enclosing_clauses
from .classify import EventFacts, Typing, classify
from .counts import CountStatement, combine, find_counts, split_factor
from .dates import DateMention
from .findings import ActorMention, Cue, DocMentions

_PRESENT_TAGS = {"VBP", "VBZ"}
UNDATED = "undated"
VAGUE = "vague"

DateKey = tuple[dt.date, int]


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event before geolocation and actor naming (those need the gazetteer)."""

    event_type: str
    sub_event_type: str
    date: dt.date | None
    time_precision: int
    side1: ActorMention | str | None  # a mention, or a default kind such as "protesters"
    side2: ActorMention | str | None
    fatalities: int
    injuries: int | None
    arrests: int | None
    confidence: float
    trigger: int  # token index of the cue that carries the event
    evidence: tuple[Evidence, ...]
    country_hints: tuple[str, ...]


def _evidence(m: DocMentions, field: str, start_char: int, end_char: int) -> Evidence:
    return Evidence(field, m.text[start_char:end_char], start_char, end_char)


def _is_hypothetical(token: Token, m: DocMentions) -> bool:
    """Plans, threats, wishes, purposes and futures are not events ("preparing a car bomb",
    "measures to combat the spread of the virus")."""
    if token.pos_ == "VERB" and token.dep_ in {"xcomp", "advcl", "acl", "relcl"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return True
    if token.dep_ == "attr" and token.head.lemma_ == "be":
        return True  # "it was the second protest this month": a count of events, not one
    words = m.lexicon.events
    referring = token.head.lemma_.lower() in words.referring_verbs
    if token.pos_ == "NOUN" and token.dep_ in {"dobj", "nsubjpass"} and referring:
        return True  # "police confirmed the attack": the attack is told elsewhere, not again here
    for t in [token, *token.ancestors]:
        if t.i != token.i and t.lemma_.lower() in words.hypothetical_words:
            return True
        if any(c.dep_ == "aux" and c.lower_ in words.future_auxiliaries
               for c in t.children):
            return True
        if any(c.dep_ == "neg" for c in t.children) and t.pos_ in {"VERB", "AUX"}:
            return True
        if t.i == _governing_verb(token).i and any(c.dep_ in {"nsubj", "nsubjpass"} and (
                c.lower_ in words.nobody_words or any(g.lower_ == "no" for g in c.children))
                for c in t.children):
            return True  # "nobody had been killed"
        if t.dep_ in {"ROOT", "relcl", "advcl"}:
            break
    return False


def _governing_verb(token: Token) -> Token:
    if token.pos_ == "VERB":
        return token
    return token.head if token.head.pos_ in {"VERB", "AUX"} else token


def _is_present(token: Token, first_line_end: int) -> bool:
    """A present-tense statement ("he is fighting for freedom") reports no event, except in a
    headline, which news writes in the present ("Police fire tear gas at protesters")."""
    if token.idx < first_line_end:
        return False
    verb = clause_head(token)
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.tag_ == "VBG" and any(c.tag_ in _PRESENT_TAGS for c in verb.children if c.dep_ == "aux"):
        return True
    return verb.tag_ in _PRESENT_TAGS and not (tags & {"VBD", "VBN"})


class Dating:
    """Dates for tokens: their clause's date, their sentence's, or their paragraph's."""

    def __init__(self, m: DocMentions, published: dt.date | None) -> None:
        self.m = m
        self.published = published
        self.by_clause: dict[int, list[int]] = defaultdict(list)
        self.clause_of: dict[int, int] = {}  # index in dates -> its clause head, for the dates in by_clause
        reporting_verbs = m.lexicon.language.reporting_verbs
        self.report_dates: list[int] = []
        for index, head in m.date_clause.items():
            # The day something was said is not the day it was done ("police said on Monday"),
            # unless the text offers the report's day as the event's ("as reported on 2 May").
            speaker = any(c.dep_ == "nsubj" for c in m.doc[head].children)
            said = m.doc[head].lemma_.lower() in reporting_verbs
            if said and speaker and not m.dates[index].approximate:
                self.report_dates.append(index)
            else:
                self.by_clause[head].append(index)
                self.clause_of[index] = head
        # A sentence with no date of its own continues the last date before it, across paragraphs:
        # news tells the main event first and moves to background with a date ("In June, ..."),
        # so what follows a dated background passage is background too. Sentences before any
        # date belong to the main event.
        self.first_mention: dict[dt.date, DateMention] = {}  # a date -> where the text first gives it
        for mention in m.dates:
            if mention.date is not None:
                self.first_mention.setdefault(mention.date, mention)
        self.sentence_date: list[object] = []
        running: object = UNDATED
        for index, sent in enumerate(m.sentences):
            own = UNDATED if sent.root.lemma_.lower() in reporting_verbs else self._date_of_clause_chain(sent.root)
            if own is UNDATED:
                own = self._single_date_in(index)
            if own is UNDATED:
                own = running
            elif not self._dates_a_non_event(index):
                running = own
            self.sentence_date.append(own)

    def _dates_a_non_event(self, s_index: int) -> bool:
        """The sentence's dates sit on things that did not happen ("no ransom demand had been
        made by Monday evening"): they do not move the story's clock."""
        heads = {self.m.date_clause[i] for i in self.m.dates_in(s_index) if i in self.clause_of}
        return bool(heads) and all(_is_hypothetical(self.m.doc[h], self.m) for h in heads)

    def _key(self, index: int) -> object:
        mention: DateMention = self.m.dates[index]
        if mention.date is None:
            return VAGUE
        if self.published is not None and mention.date > self.published + dt.timedelta(days=1):
            return UNDATED  # after publication: a later discovery or update of the story's event
        return (mention.date, mention.precision)

    def _date_of_clause_chain(self, token: Token) -> object:
        for head in enclosing_clauses(token, stop_below=self.m.lexicon.language.reporting_verbs):
            if head.i in self.by_clause:
                keys = [self._key(i) for i in self.by_clause[head.i]]
                codable = [k for k in keys if k is not VAGUE]
                return codable[0] if codable else VAGUE
        return UNDATED

    def _single_date_in(self, s_index: int) -> object:
        """A sentence whose only codable date sits outside relative clauses takes that date
        ("X was among those killed in the clash near Caracas on Monday")."""
        sent = self.m.sentences[s_index]
        inside = [i for i in self.m.dates_in(s_index) if self.m.dates[i].date is not None
                  and self.m.doc[self.m.date_clause.get(i, sent.root.i)].dep_ not in {"relcl"}
                  and i in self.clause_of]
        if len(inside) == 1:
            return self._key(inside[0])
        return UNDATED

    def date_of(self, token: Token, s_index: int) -> object:
        own = self._date_of_clause_chain(token)
        if own is not UNDATED:
            return own
        return self.sentence_date[s_index]


def build_drafts(m: DocMentions, article: Article, lexicon: Lexicon, budget: Budget = UNLIMITED) -> list[EventDraft]:
    doc = m.doc
    first_line_end = m.text.find("\n", len(m.text) - len(m.text.lstrip()))
    first_line_end = len(m.text) if first_line_end < 0 else first_line_end
    dating = Dating(m, article.published)
    groups: dict[object, list[Cue]] = defaultdict(list)
    event_kinds = m.lexicon.events.event_kinds
    protest_sentences = {c.sent for c in m.cues if c.kind in {"protest", "gather"}}
    for cue in m.cues:
        if cue.kind not in event_kinds and cue.kind not in {"intervention", "weapons"}:
            continue
        token = doc[cue.head]
        if cue.kind in event_kinds and (_is_hypothetical(token, m) or _is_present(token, first_line_end)):
            continue
        if cue.kind not in {"protest", "gather", "intervention"} and cue.sent in protest_sentences and \
                any(a.lemma_.lower() in m.lexicon.events.topic_words for a in token.ancestors):
            continue
        key = dating.date_of(token, cue.sent)
        if key is VAGUE:
            continue
        groups[key].append(cue)
    if not groups:
        # No event cue at all: an armed group may still have done something that matters
        # (codebook 1.20); typing decides, from the lead sentence's main verb.
        lead = _lead_verb_cue(m, dating)
        if lead is None:
            return []
        groups[lead[0]].append(lead[1])
    dated = [k for k in groups if k is not UNDATED]
    main_key = _main_key(groups, dated, article.published, m.lexicon.events.event_kinds)
    if UNDATED in groups:
        undated = groups.pop(UNDATED)
        if main_key is UNDATED:
            groups[UNDATED] = undated
        else:
            groups[main_key] = sorted(groups[main_key] + undated, key=lambda c: c.start)

    # Figures inside quotes count: officials' statements are where tolls are reported.
    people = frozenset(i for a in m.actors for i in range(a.start, a.end))
    counts = find_counts(doc, [(i, s) for i, s in enumerate(m.sentences) if m.content[i]], lexicon, people=people)
    counts_by_key: dict[object, list[CountStatement]] = defaultdict(list)
    for statement in counts:
        sent = m.sentences[statement.sent]
        key = dating.sentence_date[statement.sent]
        if key is VAGUE:
            continue
        if key is UNDATED or key not in groups:
            key = main_key
        counts_by_key[key].append(statement)
        del sent

    budget.check()
    drafts: list[EventDraft] = []
    for key, cues in groups.items():
        budget.check()
        draft = _draft(m, key, cues, counts_by_key.get(key, []), article, dating, is_main=key == main_key)
        if draft is not None:
            drafts.append(draft)
    drafts.sort(key=lambda d: -d.confidence)
    return drafts


def _lead_verb_cue(m: DocMentions, dating: Dating) -> tuple[object, Cue] | None:
    """The first article sentence's main verb, as a cue of no kind, with the sentence's date."""
    for index, sent in enumerate(m.sentences):
        if not m.content[index]:
            continue
        key = dating.sentence_date[index]
        if key is VAGUE or sent.root.pos_ != "VERB":
            return None
        return key, Cue("lead", sent.root.i, sent.root.i + 1, sent.root.i, index)
    return None


def _main_key(groups: dict[object, list[Cue]], dated: list[object], published: dt.date | None,
              event_kinds: frozenset[str]) -> object:
    """The happening the article is about: most cues, earliest in the text, near publication."""
    if not dated:
        return UNDATED

    def score(key: object) -> float:
        day: dt.date = key[0]  # type: ignore[index]
        value = len([c for c in groups[key] if c.kind in event_kinds]) - 0.02 * min(c.sent for c in groups[key])
        if published is not None:
            lag = (published - day).days
            value += 3 if 0 <= lag <= 7 else (1 if -2 <= lag <= 31 else 0)
        return value

    return max(dated, key=score)


def _draft(m: DocMentions, key: object, cues: list[Cue], statements: list[CountStatement], article: Article,
           dating: Dating, *, is_main: bool) -> EventDraft | None:
    sents = sorted({c.sent for c in cues} | {s.sent for s in statements})
    text = " ".join(m.sentences[i].text.lower() for i in sents)
    fatalities, fatality_sources = combine(statements, "fatalities")
    parts = split_factor(text)
    if fatalities and parts > 1:
        fatalities //= parts
    injuries, injury_sources = combine(statements, "injuries")
    arrests, arrest_sources = combine(statements, "arrests")
    actors = m.actors_in(sents)
    if not actors and sents and sents[0] > 0 and m.content[sents[0] - 1]:
        # "The Military Police carried out an operation in Inga. A shoot-out broke out ...": the
        # sentence before names who was there
        actors = m.actors_in([sents[0] - 1])
    serious = any(s.serious and s.value > 0 for s in statements if s.field == "injuries")
    facts = EventFacts(cues, actors, fatalities or 0, injuries or 0, text, serious)
    typing = classify(facts, m)
    if typing is None:
        return None
    if typing.event_type == "Protests" and typing.sub_event_type != "Excessive force against protesters":
        fatalities = 0  # codebook section 4: peaceful protests and protests with intervention have none
    victims = [a for s in statements if s.value > 0 and s.field in {"fatalities", "injuries"}
               for a in actors if a.start <= s.victim_i < a.end]
    side1, side2 = _sides(typing, actors, m, victims)
    if key is UNDATED:
        # No date of its own: the day it was reported, or failing that the publication day,
        # both approximate (codebook section 5, time_precision 2).
        reported = [d.date for i in dating.report_dates if (d := m.dates[i]).date is not None]
        fallback = min(reported) if reported else article.published
        date, precision = (fallback, 2) if fallback else (None, 3)
    else:
        date, precision = key  # type: ignore[misc]
    cue = typing.cue
    evidence = [_evidence(m, "event_type", m.sentences[cue.sent].start_char, m.sentences[cue.sent].end_char)]
    date_mention = dating.first_mention.get(date) if date is not None else None
    if date_mention is not None:
        evidence.append(_evidence(m, "event_date", date_mention.start, date_mention.end))
    for field, sources in (("fatalities", fatality_sources), ("injuries", injury_sources),
                           ("arrests", arrest_sources)):
        for s in sources:
            evidence.append(_evidence(m, field, s.start, s.end))
    for field, side in (("actor1", side1), ("actor2", side2)):
        if isinstance(side, ActorMention):
            span = m.doc[side.start:side.end]
            evidence.append(_evidence(m, field, span.start_char, span.end_char))
    hints = tuple(dict.fromkeys(a.iso3 for a in actors if a.iso3))
    confidence = _confidence(typing, cues, is_main, date, article.published, m.lexicon.events.event_kinds)
    return EventDraft(typing.event_type, typing.sub_event_type, date, precision, side1, side2, fatalities or 0,
                 injuries, arrests, confidence, cue.head, tuple(evidence), hints)


def _confidence(typing: Typing, cues: list[Cue], is_main: bool, date: dt.date | None,
                published: dt.date | None, event_kinds: frozenset[str]) -> float:
    value = 0.55 + 0.05 * min(len([c for c in cues if c.kind in event_kinds]), 4)
    if is_main:
        value += 0.15
    if date is None or (published is not None and not 0 <= (published - date).days <= 7):
        value -= 0.2
    return round(max(0.05, min(0.95, value)), 2)


Side = ActorMention | str | None


def _sides(typing: Typing, actors: list[ActorMention], m: DocMentions,
           victims: list[ActorMention]) -> tuple[Side, Side]:
    """actor1 and actor2 by the codebook's conventions for each type."""
    kind, sub = typing.event_type, typing.sub_event_type
    kind_groups = m.lexicon.actors.kind_groups
    armed = [a for a in actors if a.kind in kind_groups["fighters"]]
    if kind == "Protests":
        return "protesters", (typing.targets[0] if typing.targets and sub != "Peaceful protest" else None)
    if kind == "Riots":
        if sub == "Mob violence":
            victims = [t for t in typing.targets if t.kind not in {"rioters", "protesters"}]
            return "rioters", (victims[0] if victims else ("civilians" if typing.targets else None))
        return "rioters", (typing.targets[0] if typing.targets else None)
    agents = list(typing.agents)
    targets = [t for t in typing.targets if t not in agents]
    if kind == "Battles":
        symmetric = typing.cue.kind == "clash" and m.lemmas[typing.cue.head] in m.lexicon.events.symmetric_verbs
        if not agents and not symmetric and targets and all(
                any(not _different(a, t) for t in targets) for a in armed):
            # "a police officer was attacked": the attackers are unnamed, the police the other side
            return "armed", targets[0]
        first: Side = agents[0] if agents else (armed[0] if armed else "armed")
        others = [a for a in targets if a.kind != "civilians" and _different(a, first)] or [
            a for a in armed if a is not first and _different(a, first)]
        second: Side = others[0] if others else None
        # State forces come first when no side is named as the attacker, or when the other
        # side is only described ("drug traffickers exchanged fire with police"): ACLED lists
        # a named group that attacks first ("Al Shabaab attacked a base").
        if isinstance(second, ActorMention) and _is_state(second) and not _is_state(first) and (
                not agents or (symmetric and isinstance(first, ActorMention) and first.group is None)):
            first, second = second, first
        return first, second
    if kind == "Violence against civilians":
        # The perpetrator is organised and armed by definition: "two men shot..." are an
        # unidentified armed group, not civilians.
        first = next((a for a in agents if a.kind != "civilians"), None) or next(
            (a for a in armed if a.kind != "civilians"), "armed")
        return first, "civilians"
    if kind == "Explosions/Remote violence":
        # Whoever fired or planted it; when the text does not say, an unidentified armed group
        # (not the soldiers it hit).
        attacking = m.lexicon.events.attacking_verbs
        weapon_tokens = m.cue_heads(m.lexicon.events.weapon_user_kinds)
        first = agents[0] if agents else next(
            (a for a in armed if a not in targets and a not in victims and (
                (m.doc[a.head].dep_ == "nsubj" and m.doc[a.head].head.lemma_.lower() in attacking)
                # "a military aircraft dropped bombs", "Russian warplanes"
                or (m.doc[a.head].dep_ in {"amod", "compound"} and m.doc[a.head].head.i in weapon_tokens))),
            "armed")
        second = None
        hit = [t for t in [*targets, *victims] if t is not first]
        armed_targets = [t for t in hit if t.kind in kind_groups["armed_targets"]]
        if armed_targets:
            second = armed_targets[0]
        elif any(t.kind == "civilians" for t in hit):
            second = "civilians"
        return first, second
    return (agents[0] if agents else (armed[0] if armed else None)), (targets[0] if targets else None)


def _is_state(side: object) -> bool:
    return isinstance(side, ActorMention) and (side.kind in {"military", "police", "government"} or bool(
        side.group and side.group.inter == 1))


def _different(a: ActorMention, b: object) -> bool:
    if not isinstance(b, ActorMention):
        return True
    return (a.kind, a.group, a.iso3) != (b.kind, b.group, b.iso3)
