"""The words the geo stage reads around place names (``places.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..codebook.names import name_key


@dataclass(frozen=True, slots=True)
class PlaceWords:
    admin1_words: frozenset[str]
    admin2_words: frozenset[str]
    settlement_words: frozenset[str]
    quarter_words: frozenset[str]
    area_words: frozenset[str]
    feature_words: frozenset[str]
    site_words: frozenset[str]  # features inside a town ("market", "university")
    place_verbs: frozenset[str]
    currencies: frozenset[str]
    at_words: frozenset[str]
    dweller_words: frozenset[str]  # "residents of X": X is a place
    near_phrases: tuple[str, ...]  # longest first
    connectors: frozenset[str]
    not_places: frozenset[str]  # name keys
    modifiers: frozenset[str]  # name keys
    past_words: frozenset[str]  # words of a date that put a sentence at another time than the story's
    months: frozenset[str]
    speaking_verbs: frozenset[str]  # lemmas: a place in their clause is where someone spoke
    attribute_words: frozenset[str]  # "Lagos-based", "Kyiv-controlled": the name describes something else

    def kind_of(self, word: str) -> str:
        """What a word after or before a name says the place is: "admin1" ("province"), "admin2"
        ("district"), "settlement" ("village"), "quarter" ("neighbourhood": part of a town), "area"
        ("area", "countryside") or "feature" ("road",
        "university": a site named after the place); "" for other words."""
        if word in self.admin1_words:
            return "admin1"
        if word in self.admin2_words:
            return "admin2"
        if word in self.settlement_words:
            return "settlement"
        if word in self.quarter_words:
            return "quarter"
        if word in self.area_words:
            return "area"
        if word in self.feature_words:
            return "feature"
        return ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PlaceWords:
        """The words of ``places.yaml``, as parsed."""

        def words(section: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data[section])

        return cls(
            admin1_words=words("admin1_words"),
            admin2_words=words("admin2_words"),
            settlement_words=words("settlement_words"),
            quarter_words=words("quarter_words"),
            area_words=words("area_words"),
            feature_words=words("feature_words"),
            site_words=words("site_words"),
            place_verbs=words("place_verbs"),
            currencies=words("currencies"),
            at_words=words("at_words"),
            dweller_words=words("dweller_words"),
            near_phrases=tuple(sorted(words("near_words"), key=len, reverse=True)),
            connectors=words("connectors"),
            not_places=frozenset(name_key(str(w)) for w in data["not_places"]),
            modifiers=frozenset(name_key(str(w)) for w in data["modifiers"]),
            past_words=words("past_words"),
            months=words("months"),
            speaking_verbs=words("speaking_verbs"),
            attribute_words=words("attribute_words"),
        )
