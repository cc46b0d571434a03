"""Actor words and named groups (``actors.yaml``): what a noun phrase says its actor is, and the
groups ACLED names. Named groups match their aliases in lower case, or exactly when the alias is
an acronym that is also a word ("AA", "IS")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fields import table, words
from .phrases import PhraseIndex

FILE = "actors.yaml"


@dataclass(frozen=True, slots=True)
class GroupEntry:
    """A named armed or political group and ACLED's name for it."""

    name: str
    inter: int
    country: str | None = None
    country_suffix: bool = False


@dataclass(frozen=True, slots=True)
class ActorKind:
    kind: str
    inter: int


@dataclass(frozen=True, slots=True)
class Naming:
    """ACLED's name of a generic kind ({c}: the country) and its inter code."""

    pattern: str
    inter: int


@dataclass(frozen=True, slots=True)
class ActorWords:
    kinds: Mapping[str, ActorKind]
    words: PhraseIndex  # generic actor words and phrases, labelled with their kind
    armed_modifiers: frozenset[str]
    groups: tuple[GroupEntry, ...]
    group_aliases: PhraseIndex  # aliases matched in lower case, labelled with the group's index
    exact_aliases: Mapping[tuple[str, ...], int]  # aliases matched as written (acronyms that are words)
    naming: Mapping[str, Naming]
    own_country_kinds: frozenset[str]
    state_force_kinds: frozenset[str]
    with_article_countries: frozenset[str]
    military_police_countries: frozenset[str]
    kind_groups: Mapping[str, frozenset[str]]
    renegade_words: frozenset[str]
    named_member_words: frozenset[str]
    member_words: frozenset[str]
    membership_nouns: frozenset[str]
    name_particles: frozenset[str]
    armed_heads: Mapping[str, int]
    state_words: frozenset[str]
    stance_prefixes: frozenset[str]
    definite_words: frozenset[str]
    force_words: frozenset[str]
    officer_words: frozenset[str]
    target_prepositions: frozenset[str]
    member_prepositions: frozenset[str]
    belonging_verbs: frozenset[str]
    victim_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    mob_words: frozenset[str]
    people_words: frozenset[str]
    group_nouns: frozenset[str]
    few: Mapping[str, int]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ActorWords:
        groups: list[GroupEntry] = []
        lower_aliases: list[tuple[str, str]] = []
        exact_aliases: dict[tuple[str, ...], int] = {}
        for index, spec in enumerate(data["groups"]):
            groups.append(GroupEntry(spec["name"], spec["inter"], spec.get("country"),
                                     bool(spec.get("country_suffix"))))
            for alias in spec["aliases"]:
                if spec.get("case", False) or (alias.isupper() and len(alias) <= 3):
                    exact_aliases[tuple(alias.split())] = index
                else:
                    lower_aliases.append((alias, str(index)))
        return cls(
            kinds={kind: ActorKind(kind, spec["inter"]) for kind, spec in data["kinds"].items()},
            words=PhraseIndex([(w, kind) for kind, spec in data["kinds"].items()
                               for w in [*(spec.get("words") or ()), *(spec.get("phrases") or ())]]),
            armed_modifiers=frozenset(data["armed_modifiers"]),
            groups=tuple(groups),
            group_aliases=PhraseIndex(lower_aliases),
            exact_aliases=exact_aliases,
            naming={kind: Naming(str(spec["pattern"]), int(spec["inter"]))
                    for kind, spec in table(data, "naming", FILE).items()},
            own_country_kinds=words(data, "own_country_kinds", FILE),
            state_force_kinds=words(data, "state_force_kinds", FILE),
            with_article_countries=words(data, "with_article_countries", FILE, lower=False),
            military_police_countries=words(data, "military_police_countries", FILE, lower=False),
            kind_groups={name: frozenset(map(str, kinds)) for name, kinds in table(data, "kind_groups", FILE).items()},
            **{name: words(data, name, FILE) for name in _WORD_SETS},
            armed_heads={str(k): int(v) for k, v in table(data, "armed_heads", FILE).items()},
            few={str(k): int(v) for k, v in table(data, "few", FILE).items()},
        )


_WORD_SETS = ("renegade_words", "named_member_words", "member_words", "membership_nouns", "name_particles",
              "state_words", "stance_prefixes", "definite_words", "force_words", "officer_words", "target_prepositions",
              "member_prepositions", "belonging_verbs", "victim_verbs", "place_prepositions", "mob_words",
              "people_words", "group_nouns")
