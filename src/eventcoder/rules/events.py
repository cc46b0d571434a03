"""What makes a happening an event of the story, and of which type (``events.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fields import table, word_list, words

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
    # battles
    two_sided_words: frozenset[str]
    territory_words: frozenset[str]
    taking_verbs: frozenset[str]
    share_words: frozenset[str]
    repel_verbs: frozenset[str]
    attack_nouns: frozenset[str]
    their_words: frozenset[str]
    battle_harm_verbs: frozenset[str]
    off_duty: re.Pattern[str]  # off_duty_phrases and off_duty_prefixes, as one pattern
    # explosions/remote violence, in rank order, and what tells a weapon apart
    remote_weapons: Mapping[str, str]  # cue kind -> sub-event type
    harmless_grenade_words: frozenset[str]
    aircraft_words: frozenset[str]
    aircraft_attack_words: frozenset[str]
    bomb_words: frozenset[str]
    air_words: frozenset[str]
    heavy_weapon_words: frozenset[str]
    fired_weapon_words: frozenset[str]
    # disrupted weapons use
    disrupting_verbs: frozenset[str]
    premature_words: frozenset[str]
    seizing_verbs: frozenset[str]
    weapon_words: frozenset[str]
    # protests and riots
    projectile_words: frozenset[str]
    dispersal_words: frozenset[str]
    crowd_words: frozenset[str]
    crowd_pronouns: frozenset[str]
    purpose_words: frozenset[str]
    riot_objects: frozenset[str]
    riot_nouns: frozenset[str]
    crowd_damage_verbs: frozenset[str]
    fighting_words: frozenset[str]
    demonstration_acts: frozenset[str]
    demand_words: frozenset[str]
    mob_words: frozenset[str]
    # violence against civilians
    seizing_people_verbs: frozenset[str]
    inhabited_words: frozenset[str]
    attack_verbs: frozenset[str]
    shooting_verbs: frozenset[str]
    # strategic developments, in rank order
    strategic_kinds: Mapping[str, str]  # cue kind -> sub-event type
    damage_words: frozenset[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> EventWords:
        tables = {"remote_weapons", "strategic_kinds"}
        values: dict[str, Any] = {name: words(data, name, FILE) for name in cls.__dataclass_fields__
                                  if name not in tables | {"off_duty"}}
        for name in tables:
            values[name] = {str(k): str(v) for k, v in table(data, name, FILE).items()}
        values["off_duty"] = phrase_pattern(word_list(data, "off_duty_phrases", FILE),
                                            word_list(data, "off_duty_prefixes", FILE))
        return cls(**values)


def phrase_pattern(phrases: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> re.Pattern[str]:
    """One case-insensitive pattern for whole phrases (a space matches a space or a hyphen, as in
    "off duty", "off-duty") and for phrases a longer word may continue ("retired policeman")."""
    def spaced(phrase: str) -> str:
        return r"[- ]".join(re.escape(word) for word in phrase.split())
    whole = [rf"\b{spaced(p)}\b" for p in phrases]
    started = [rf"\b{spaced(p)}" for p in prefixes]
    return re.compile("|".join(whole + started) or r"(?!)", re.IGNORECASE)
