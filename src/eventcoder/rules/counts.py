"""How tolls are read (``amounts.yaml``): vague amounts and the figure each stands for, and the
words that report deaths, injuries and arrests, or say a figure is no toll of this event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fields import table, words

FILE = "amounts.yaml"


@dataclass(frozen=True, slots=True)
class CountWords:
    vague_amounts: Mapping[str, int]
    plural_without_number: int
    kill_verbs: frozenset[str]
    kill_if_dead_verbs: frozenset[str]
    dead_words: frozenset[str]
    die_verbs: frozenset[str]
    death_nouns: frozenset[str]
    body_nouns: frozenset[str]
    injure_verbs: frozenset[str]
    injury_nouns: frozenset[str]
    treatment_verbs: frozenset[str]
    treatment_words: frozenset[str]
    hospital_verbs: frozenset[str]
    serious_words: frozenset[str]
    serious_context: frozenset[str]
    arrest_verbs: frozenset[str]
    person_words: frozenset[str]
    not_happened_words: frozenset[str]
    conditional_auxiliaries: frozenset[str]
    negations: frozenset[str]
    no_words: frozenset[str]
    nobody_words: frozenset[str]
    reported_state_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    leaving_verbs: frozenset[str]
    additive_words: frozenset[str]
    other_words: frozenset[str]
    subset_words: frozenset[str]
    quantifiers: frozenset[str]
    known_pronouns: frozenset[str]
    known_objects: frozenset[str]
    known_determiners: frozenset[str]
    definite_determiners: frozenset[str]
    singular_determiners: frozenset[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CountWords:
        plural = data.get("plural_without_number") if isinstance(data, Mapping) else None
        if not isinstance(plural, int):
            from ..errors import LexiconError

            raise LexiconError(f"rules/{FILE}: 'plural_without_number' must be a number")
        return cls(
            vague_amounts={str(k): int(v) for k, v in table(data, "vague", FILE).items()},
            plural_without_number=plural,
            **{name: words(data, name, FILE) for name in cls.__dataclass_fields__
               if name not in ("vague_amounts", "plural_without_number")},
        )
