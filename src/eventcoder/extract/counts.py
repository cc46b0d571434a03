"""How many were killed, injured and arrested, read off the dependency parse.

Codebook section 4: one total per event, everyone killed on all sides included; the lowest
figure when reports differ; vague words by the conventions in rules/amounts.yaml; "casualties"
alone are not deaths; a total over weeks or months ("120 died in four months of protests") is no
single event's toll.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..rules.counts import CountWords
from ..rules.lexicon import Lexicon
from ..syntax import clause_head, enclosing_clauses
from .numbers import Amount, amount_of, number_span_value

FIELDS = ("fatalities", "injuries", "arrests")

_AGGREGATE = re.compile(
    r"\b(since|so far|to date|this year|last year|in total since|over the (?:past|last|course)|"
    r"in the (?:past|last) \w+ (?:days|weeks|months|years)|(?:\w+|\d+)[- ](?:day|week|month|year)s?[- ]"
    r"(?:span|period|long|old)|over (?:a|the) (?:\w+[- ])?(?:weeks|months|years|period|span)|"
    r"in (?:\w+|\d+) (?:weeks|months|years) of|cumulative|overall toll|throughout)\b", re.IGNORECASE)
_CODED_AS = re.compile(r"\bfatalit(?:y|ies) (?:were |was |are )?coded as (\d+)", re.IGNORECASE)
_RANGE_OF = re.compile(r"\bfatalit(?:y|ies) (?:range|ranging|ranged|vary|varying) (?:from|between) (\d+)",
                       re.IGNORECASE)
_TOTAL_OF = re.compile(r"\b(?:a )?total of (\d+) (?:fatalities|deaths|dead|killed|people killed)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CountStatement:
    """One statement of a figure: "seven people killed", "eight others injured"."""

    field: str
    value: int
    sent: int
    start: int  # character offsets of the evidence
    end: int
    victim: str  # the victim noun's lemma, to tell restatements from new victims
    victim_i: int = -1  # the victim noun's token, to count one phrase once
    additive: bool = False  # "also", "others", "another": adds to earlier figures
    total: bool = False  # "a total of", "death toll": replaces the sum
    subset: bool = False  # "among those killed", "including two children": already counted
    vague: bool = False
    serious: bool = False  # injuries described as serious (codebook 1.4: e.g. hospitalisation)


def _aggregate_clauses(sent: Span) -> set[int]:
    """The clauses of a sentence that speak of a span of time ("over a four-month span",
    "since January"): their figures are totals over many events, not one event's toll."""
    heads: set[int] = set()
    for m in _AGGREGATE.finditer(sent.text):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None and len(span):
            heads.add(clause_head(span.root).i)
    return heads


def _has_negation(token: Token, w: CountWords) -> bool:
    return any(t.lower_ in w.negations or t.dep_ == "neg" for t in [token, *token.children])


def _not_happened(token: Token, w: CountWords) -> bool:
    for ancestor in [token, *list(token.ancestors)[:3]]:
        if ancestor.lemma_.lower() in w.not_happened_words and ancestor.i != token.i:
            return True
        if ancestor.dep_ in {"relcl", "ROOT"} and ancestor.i != token.i:
            break
    return any(t.lower_ in w.conditional_auxiliaries and t.dep_ == "aux" for t in token.children)


def _victim(token: Token, w: CountWords) -> Token | None:
    """The noun a count verb is about: its passive subject, object, or the noun it modifies."""
    deps = {c.dep_: c for c in token.children}
    if "nsubjpass" in deps:
        return deps["nsubjpass"]
    if "dobj" in deps and token.dep_ in {"acl", "relcl"}:
        return deps["dobj"]  # "an airstrike ... killed at least 10 militants": active, not passive
    if token.dep_ in {"acl", "amod", "relcl"} and token.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"} \
            and token.head.i < token.i:
        return token.head
    if "dobj" in deps:
        return deps["dobj"]
    if token.lemma_.lower() in w.die_verbs or token.pos_ == "ADJ":
        if "nsubj" in deps:
            return deps["nsubj"]
    if "nsubj" in deps and token.tag_ == "VBN":  # headline style: "Five killed in Kabul blast"
        return deps["nsubj"]
    # "killed and wounded" sharing a subject, or "X were killed and Y injured".
    if token.dep_ == "conj" and token.head.i != token.i:
        return _victim(token.head, w) if "nsubj" not in deps else deps["nsubj"]
    if "nsubj" in deps and token.dep_ in {"ccomp", "conj"}:
        return deps["nsubj"]
    # A passive whose subject the parser lost ("Bahia, a suspected trafficker was killed"):
    # the noun just before the auxiliary.
    aux = [c for c in token.children if c.dep_ == "auxpass"]
    if aux and "nsubjpass" not in deps and "nsubj" not in deps:
        for t in reversed(token.doc[token.sent.start:aux[0].i]):
            if t.pos_ in {"NOUN", "PROPN", "NUM"}:
                return t
            if t.pos_ not in {"ADV", "AUX", "PART"}:
                break
    # "nine fighters were reported killed": the subject of the reporting verb.
    if token.dep_ in {"oprd", "xcomp", "acomp", "ccomp"} and token.head.lemma_.lower() in w.reported_state_verbs:
        for child in token.head.children:
            if child.dep_ in {"nsubjpass", "nsubj"}:
                return child
    return None


def _statement(field: str, token: Token, victim: Token | None, amount: Amount | None, sent_index: int,
               sent: Span, w: CountWords, people: frozenset[int] = frozenset()) -> CountStatement | None:
    if amount is None:
        return None
    if victim is not None and victim is not token and not _is_people(victim, people, w):
        return None  # "our businesses are dying", "hold talks": not people
    words = {t.lower_ for t in sent}
    victim_key = victim.lemma_.lower() if victim is not None else ""
    additive = bool(words & w.additive_words) or victim_key in w.other_words
    # "among them two children" is part of a figure already given; but in "was among seven
    # people killed" the seven are the figure itself.
    subset = bool(victim is not None and token.head.i != victim.i and (
        victim.head.lower_ in w.subset_words or _partitive_of_known(victim, w)))
    if victim is not None and victim.lower_ in w.known_pronouns:
        return None
    # "3 fatalities", "12 deaths": a stated total for the event, not one more group of victims.
    total = token.pos_ == "NOUN" and token.lemma_.lower() in w.death_nouns and victim is token
    victim_i = victim.i if victim is not None else -1
    if victim is not None and victim.dep_ == "poss":  # "a man's body": the man
        victim_i = victim.head.i
    serious = field == "injuries" and (
        any(c.lower_ in w.serious_words for c in token.children) or token.lemma_.lower() in w.hospital_verbs
        or any(t.lemma_.lower() in w.serious_context for t in sent))
    return CountStatement(field, amount.value, sent_index, sent.start_char, sent.end_char, victim_key,
                          victim_i=victim_i, additive=additive, total=total, subset=subset, vague=amount.vague,
                          serious=serious)


def _partitive_of_known(victim: Token, w: CountWords) -> bool:
    """"many of the victims", "most of them": part of a group already counted (a number,
    as in "killed one of them", is a count of its own)."""
    if victim.like_num or victim.pos_ == "NUM" or victim.lemma_.lower() not in w.quantifiers:
        return False
    for prep in victim.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and (obj.lower_ in w.known_objects or any(
                        c.dep_ in {"det", "poss"} and c.lower_ in w.known_determiners
                        for c in obj.children)):
                    return True
    return False


def _is_people(victim: Token, people: frozenset[int], w: CountWords) -> bool:
    """Does the noun name people? An actor phrase, a number, a person's name, a word for people,
    or a role held by an actor ("the Taliban district head")."""
    return (victim.i in people or any(c.i in people for c in victim.children if c.dep_ in {"compound", "amod", "poss"})
            or any(c.dep_ == "prep" and c.lower_ == "of" and any(g.i in people for g in c.children)
                   for c in victim.children)
            or victim.like_num or victim.pos_ == "NUM" or victim.ent_type_ in {"PERSON", "NORP"}
            or victim.lemma_.lower() in w.person_words or victim.lower_ in w.person_words or victim.tag_ == "NNP"
            or any(c.dep_ == "nummod" for c in victim.children))


def find_counts(doc: Doc, sentences: Iterable[tuple[int, Span]], lexicon: Lexicon,
                skip: set[int] | None = None, people: frozenset[int] = frozenset()) -> list[CountStatement]:
    """Count statements in the given (index, sentence) pairs; tokens in ``skip`` ignored.
    ``people``: tokens known to name people (actor mentions), which victims must be."""
    skip = skip or set()
    w = lexicon.counts
    out: list[CountStatement] = []
    for sent_index, sent in sentences:
        aggregate_clauses = _aggregate_clauses(sent)
        if m := _CODED_AS.search(sent.text):  # "Fatalities coded as 0": the figure is stated outright
            out.append(CountStatement("fatalities", int(m.group(1)), sent_index, sent.start_char, sent.end_char,
                                      "", total=True))
            continue
        if m := _RANGE_OF.search(sent.text):  # "fatalities range from 1 to 2": the lowest
            out.append(CountStatement("fatalities", int(m.group(1)), sent_index, sent.start_char, sent.end_char,
                                      "", total=True))
        if m := _TOTAL_OF.search(sent.text):
            out.append(CountStatement("fatalities", int(m.group(1)), sent_index, sent.start_char, sent.end_char,
                                      "", total=True))
        for token in sent:
            if token.i in skip:
                continue
            lemma = token.lemma_.lower()
            field = _field_of(token, lemma, w)
            if field is None:
                continue
            if _not_happened(token, w):
                continue
            if aggregate_clauses and any(c.i in aggregate_clauses for c in enclosing_clauses(token)):
                continue
            if _has_negation(token, w) or (token.pos_ == "NOUN" and _negated_noun(token, w)):
                out.append(CountStatement(field, 0, sent_index, sent.start_char, sent.end_char, "", total=False))
                continue
            if _is_ongoing(token, w):
                continue
            statement = _count_at(field, token, lemma, sent_index, sent, lexicon, people)
            if statement is not None:
                out.append(statement)
    return out


def _field_of(token: Token, lemma: str, w: CountWords) -> str | None:
    if token.pos_ in {"VERB", "AUX"} or token.tag_ in {"VBN", "VBD", "VBG"}:
        if lemma in w.kill_verbs or lemma in w.die_verbs:
            return "fatalities"
        following = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
        if lemma in w.kill_if_dead_verbs and following == "dead":
            return "fatalities"  # "shot dead two men", however "dead" is attached
        if lemma in w.kill_if_dead_verbs and any(c.lower_ in w.dead_words or
                                          (c.dep_ == "prep" and any(g.lower_ == "death" for g in c.children))
                                          for c in token.children):
            return "fatalities"
        if lemma in w.injure_verbs:
            return "injuries"
        if lemma in w.treatment_verbs and any(t.lemma_.lower() in w.treatment_words for t in token.subtree):
            return "injuries"  # "two traders were treated at a nearby clinic"
        if lemma in w.arrest_verbs:
            return "arrests"
        return None
    if token.pos_ in {"NOUN", "ADJ"}:
        if lemma in w.death_nouns or (lemma == "dead" and token.pos_ == "ADJ"):
            return "fatalities"
        if lemma in w.body_nouns and token.pos_ == "NOUN":
            return "fatalities"
        if lemma in w.injury_nouns or (lemma in w.injure_verbs and token.pos_ == "ADJ"):
            return "injuries"
        if lemma == "arrest" and token.pos_ == "NOUN":
            return "arrests"
    return None


def _negated_noun(token: Token, w: CountWords) -> bool:
    """'No fatalities', 'no injuries nor fatalities were reported', 'without casualties'."""
    if any(c.lower_ in w.no_words for c in token.children):
        return True
    head = token.head
    if token.dep_ == "conj" and any(c.lower_ in w.no_words for c in head.children):
        return True
    return token.dep_ == "pobj" and head.lower_ == "without"


def _is_ongoing(token: Token, w: CountWords) -> bool:
    """Present tense ("businesses are dying", "hundreds die each year") reports no event, nor
    does a claim in the present ("the army says it has killed hundreds of bandits")."""
    if token.tag_ in {"VBP", "VBZ"}:
        return True
    if token.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in {"VBP", "VBZ"} for c in token.children):
        return True
    return any(head.tag_ in {"VBZ", "VBP"} and head.lemma_.lower() in w.claim_verbs
               for head in enclosing_clauses(token)[1:])


def _count_at(field: str, token: Token, lemma: str, sent_index: int, sent: Span,
              lexicon: Lexicon, people: frozenset[int] = frozenset()) -> CountStatement | None:
    w = lexicon.counts
    if token.pos_ in {"NOUN", "ADJ"} and lemma not in w.kill_verbs and lemma not in w.injure_verbs:
        # "3 fatalities", "12 deaths", "the bodies of two men", "left 5 dead", "death toll rose to 9".
        amount = None
        victim: Token | None = token
        for child in token.children:
            if child.dep_ == "nummod" or child.like_num:
                value = number_span_value(child)
                if value is not None:
                    amount = Amount(value)
        if amount is None and lemma in w.body_nouns:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            victim = obj
                            amount = amount_of(obj, lexicon)
            if amount is None:
                amount = amount_of(token, lexicon)
        if amount is None and lemma == "dead":
            victim = _dead_victim(token, w)
            amount = amount_of(victim, lexicon) if victim is not None else None
        if amount is None and lemma == "death" and any(c.lower_ == "toll" for c in token.head.children) | (
                token.head.lower_ == "toll"):
            amount = _toll_amount(token)
            if amount is not None:
                return CountStatement(field, amount.value, sent_index, sent.start_char, sent.end_char, "",
                                      total=True)
        return _statement(field, token, victim, amount, sent_index, sent, w, people)
    victim = _victim(token, w)
    if victim is None:
        return None
    if victim.lower_ in w.nobody_words or any(
            c.lower_ == "no" and c.dep_ == "det" for c in victim.children):
        return CountStatement(field, 0, sent_index, sent.start_char, sent.end_char, "")  # "no one was hurt"
    amount = amount_of(victim, lexicon)
    if amount is None and victim.tag_ in {"NNS", "NNPS"} and not any(
            c.dep_ in {"det", "poss"} and c.lower_ in w.definite_determiners for c in victim.children):
        amount = Amount(w.plural_without_number, vague=True)
    return _statement(field, token, victim, amount, sent_index, sent, w, people)


def _dead_victim(token: Token, w: CountWords) -> Token | None:
    """Who is dead in "left 4 people dead", "shot dead a civilian", "the man was found dead",
    "5 dead" (the parser attaches "dead" in many ways)."""
    for dep in ("dobj", "nsubjpass", "nsubj"):
        for child in token.children:
            if child.dep_ == dep:
                return child
    if token.head.lemma_.lower() in w.leaving_verbs:  # "leaving six rebels and two soldiers dead"
        for child in token.head.children:
            if child.dep_ == "dobj":
                return child
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and (before.pos_ in {"NOUN", "PROPN", "NUM"}) and before.lemma_.lower() != "shot":
        return before
    if token.head.i != token.i:
        for child in token.head.children:
            if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and child.i < token.i:
                return child
    return None


def _toll_amount(token: Token) -> Amount | None:
    for t in token.sent:
        if t.like_num and t.i > token.i:
            value = number_span_value(t)
            if value is not None:
                return Amount(value)
    return None


def combine(statements: list[CountStatement], field: str) -> tuple[int | None, list[CountStatement]]:
    """One figure from several statements: a stated total wins (the lowest if several); otherwise
    new victim groups add up. A phrase is counted once, and a figure repeated in another
    sentence without "also" or "other" is the same victims told again."""
    own = [s for s in statements if s.field == field]
    if not own:
        return None, []
    totals = [s for s in own if s.total and s.value > 0] or [s for s in own if s.total]
    if totals:
        best = min(totals, key=lambda s: s.value)
        return best.value, [best]
    used: list[CountStatement] = []
    zero_seen: CountStatement | None = None
    for s in own:
        if s.value == 0:
            zero_seen = zero_seen or s
            continue
        if s.subset:
            continue
        same = next((u for u in used if (s.victim_i >= 0 and u.victim_i == s.victim_i) or (
            not s.additive and u.sent != s.sent and u.value == s.value)), None)
        if same is None and not s.additive:
            same = next((u for u in used if u.victim and u.victim == s.victim and u.sent != s.sent), None)
        if same is not None:
            if s.value < same.value:
                used[used.index(same)] = s
            continue
        used.append(s)
    if not used:
        return (0, [zero_seen]) if zero_seen else (None, [])
    return sum(s.value for s in used), used


_SPLIT = re.compile(r"\b(?:split|spread|divided|distributed)\s+(?:up\s+)?(?:evenly\s+)?(?:between|among|across|over|"
                    r"into)\s+(?P<n>\w+)\s+(?:events|days|locations|places|areas|sites|incidents)"
                    r"(?:\s+(?:in|and|over|across)\s+(?P<m>\w+)\s+(?:days|locations|places|events))?"
                    r"|\bon\s+(?P<c>\w+)\s+consecutive\s+days", re.IGNORECASE)


def split_factor(text: str) -> int:
    """Codebook section 4: a total reported over several days or places is divided evenly among
    them ("78 killed ... on two consecutive days" -> 39 a day). The number of parts, or 1."""
    from .numbers import parse_number
    m = _SPLIT.search(text)
    if not m:
        return 1
    parts = 1
    for key in ("n", "m", "c"):
        if m.group(key):
            value = parse_number(m.group(key))
            if value and 1 < value < 50:
                parts *= value
    return parts
