"""Numbers in words and digits, and the conventions for vague amounts (codebook section 4)."""

from __future__ import annotations

import pytest

from eventcoder.extract.numbers import amount_of, parse_number
from eventcoder.rules.lexicon import Lexicon


@pytest.mark.parametrize(("text", "value"), [
    ("12", 12), ("1,200", 1200), ("twelve", 12), ("twenty-five", 25), ("twenty five", 25),
    ("a hundred", 100), ("20-25", 20), ("seven", 7),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_words_that_are_not_numbers():
    assert parse_number("several") is None
    assert parse_number("police") is None


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon()


@pytest.mark.parametrize(("sentence", "noun", "value", "vague"), [
    ("At least 12 people were killed.", "people", 12, False),
    ("More than a dozen people were killed.", "people", 12, True),
    ("Dozens of people were killed.", "Dozens", 12, True),
    ("Several civilians were wounded.", "civilians", 3, True),
    ("Hundreds of protesters gathered.", "Hundreds", 100, True),
    ("A man was shot dead.", "man", 1, False),
    ("Two policemen and a child were killed.", "policemen", 3, False),
    ("Between five and 23 migrants drowned.", "migrants", 5, False),
    ("At least 120 people died.", "people", 120, False),
])
def test_amount_of(pipeline, lexicon, sentence, noun, value, vague):
    doc = pipeline.nlp(sentence)
    token = next(t for t in doc if t.text == noun)
    amount = amount_of(token, lexicon)
    assert amount is not None
    assert (amount.value, amount.vague) == (value, vague)
