"""Actor words and named groups (``actors.yaml``): what a noun phrase says its actor is, and the
groups ACLED names. Named groups match their aliases in lower case, or exactly when the alias is
an acronym that is also a word ("AA", "IS")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .phrases import PhraseIndex


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
class ActorWords:
    kinds: Mapping[str, ActorKind]
    words: PhraseIndex  # generic actor words and phrases, labelled with their kind
    armed_modifiers: frozenset[str]
    groups: tuple[GroupEntry, ...]
    group_aliases: PhraseIndex  # aliases matched in lower case, labelled with the group's index
    exact_aliases: Mapping[tuple[str, ...], int]  # aliases matched as written (acronyms that are words)

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
        )
