"""How many: numbers written as digits, words ("twenty-five"), or vague words ("dozens").

The conventions for vague amounts are data (rules/amounts.yaml) and follow the codebook's
conservative rule: the lowest figure the words support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token
from text_to_num import text2num

from ..rules.lexicon import Lexicon

_DIGITS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")
_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
@dataclass(frozen=True, slots=True)
class Amount:
    """A number read from the text; ``vague`` when it comes from a word like "dozens"."""

    value: int
    vague: bool = False


def parse_number(text: str) -> int | None:
    """'12', '1,200', 'twelve', 'twenty-five', 'a hundred' -> int; None if it is not a number."""
    text = text.strip().lower()
    if _DIGITS.match(text):
        return int(re.sub(r"[,.]", "", text))
    if m := _RANGE.match(text):
        return min(int(m.group(1)), int(m.group(2)))
    text = re.sub(r"^(a|an|one)\s+(hundred|thousand)", r"one \2", text)
    try:
        return int(text2num(text.replace(" - ", "-"), "en"))
    except ValueError:
        return None


def number_span_value(token: Token) -> int | None:
    """The value of a NUM token, joining neighbours that belong to it ("twenty - five", "1 , 200")."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].text == "-") and doc[start - 1].dep_ != "punct":
        start -= 1
    while end < len(doc) and (doc[end].like_num or (doc[end].text == "-" and end + 1 < len(doc)
                                                     and doc[end + 1].like_num)):
        end += 1
    span = doc[start:end]
    words = [t.text for t in span]
    # A range "five to 23", "20-25" or "between five and 23": the lowest figure.
    if "-" in words and all(w == "-" or parse_number(w) is not None for w in words):
        values = [parse_number(w) for w in words if w != "-"]
        joined = parse_number(" ".join(words))
        if joined is not None and len(values) == 2 and values[0] is not None and values[0] >= 20 \
                and values[1] is not None and values[1] < 10:
            return joined  # "twenty - five"
        return min(v for v in values if v is not None)
    value = parse_number(" ".join(words))
    if value is None:
        value = parse_number(token.text)
    return value


def amount_of(noun: Token, lexicon: Lexicon) -> Amount | None:
    """How many people a noun phrase names: "seven people", "at least 12 soldiers",
    "dozens of civilians", "a man", "two policemen and a child". None when no amount is given."""
    total = _amount_of_one(noun, lexicon)
    for conj in noun.conjuncts:
        if conj.i > noun.i and conj.pos_ in {"NOUN", "PROPN", "NUM"}:
            part = _amount_of_one(conj, lexicon)
            if part is not None and total is not None:
                total = Amount(total.value + part.value, total.vague or part.vague)
    return total


def _amount_of_one(noun: Token, lexicon: Lexicon) -> Amount | None:
    lower = noun.lower_
    if lower in {"him", "her", "himself", "herself"}:  # "opened fire on a civilian, killing him"
        return Amount(1)
    if noun.pos_ == "NUM" or noun.like_num:
        value = number_span_value(noun)
        if value is not None and value < 100000:
            return Amount(value)
    if lower in lexicon.counts.vague_amounts:  # "dozens of people", "several were killed"
        return Amount(lexicon.counts.vague_amounts[lower], vague=True)
    for child in noun.children:
        if child.dep_ == "nummod" and child.i < noun.i:
            value = number_span_value(child)
            if value is not None and value < 100000:
                return Amount(value)
            phrase = " ".join(t.lower_ for t in child.subtree)
            if phrase in lexicon.counts.vague_amounts:
                return Amount(lexicon.counts.vague_amounts[phrase], vague=True)
            if child.lower_ in lexicon.counts.vague_amounts:
                return Amount(lexicon.counts.vague_amounts[child.lower_], vague=True)
    for child in noun.children:
        if child.i < noun.i and child.dep_ in {"amod", "det", "quantmod", "advmod"} \
                and child.lower_ in lexicon.counts.vague_amounts:
            return Amount(lexicon.counts.vague_amounts[child.lower_], vague=True)
    # "dozens of people": the head is "dozens"; "one of the soldiers": the head is "one".
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        quantifier = noun.head.head
        if quantifier.i < noun.i and (quantifier.like_num or quantifier.lower_ in lexicon.counts.vague_amounts):
            return _amount_of_one(quantifier, lexicon)
    if noun.tag_ not in {"NNS", "NNPS"}:
        # A singular noun with an article or a possessor: one person ("a civilian", "the
        # court's chief", "his brother").
        for child in noun.children:
            if child.dep_ in {"det", "poss", "nummod", "amod"} and child.lower_ in lexicon.counts.singular_determiners:
                return Amount(1)
            if child.dep_ == "poss":
                return Amount(1)
        if noun.tag_ == "NNP" or noun.ent_type_ == "PERSON":
            return Amount(1)
    return None
