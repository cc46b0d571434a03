"""What makes a happening an event of the story, and of which type (``events.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fields import words

FILE = "events.yaml"


@dataclass(frozen=True, slots=True)
class EventWords:
    event_kinds: frozenset[str]  # cue kinds that name a happening
    hypothetical_words: frozenset[str]
    future_auxiliaries: frozenset[str]
    nobody_words: frozenset[str]
    topic_words: frozenset[str]
    referring_verbs: frozenset[str]
    symmetric_verbs: frozenset[str]
    attacking_verbs: frozenset[str]
    weapon_user_kinds: frozenset[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> EventWords:
        return cls(**{name: words(data, name, FILE) for name in cls.__dataclass_fields__})
