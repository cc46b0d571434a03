"""Words of English that several stages read, or that mean one thing in several rules
(``language.yaml``), kept once here so that their lists cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LanguageWords:
    reporting_verbs: frozenset[str]  # what is said on a day did not happen that day
    statement_verbs: frozenset[str]  # an armed group saying something has not done it

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> LanguageWords:
        def words(section: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data[section])

        return cls(reporting_verbs=words("reporting_verbs"), statement_verbs=words("statement_verbs"))
