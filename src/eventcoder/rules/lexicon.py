"""The lexicon: every rule file of this folder, loaded once into one typed object that the
extractor and the geocoder are given (``Lexicon.load()``; nothing is kept per process).

Named groups match their aliases in lower case, or exactly when the alias is an acronym that is
also a word ("AA", "IS").
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import LexiconError
from .phrases import PhraseIndex
from .places import PlaceWords


def load_yaml(name: str) -> Any:
    """One rule file of this folder, parsed. Raises LexiconError naming it."""
    try:
        return yaml.safe_load(importlib.resources.files(__package__).joinpath(name).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"cannot read the rule file rules/{name}: {error}") from error


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


class Lexicon:
    """Everything extraction looks up: event cues, actor words, named groups, vague amounts."""

    def __init__(self) -> None:
        cues = load_yaml("cues.yaml")
        self.cue_kinds: tuple[str, ...] = tuple(cues)
        self.cues = PhraseIndex([(w, kind) for kind, spec in cues.items()
                                 for w in [*(spec.get("words") or ()), *(spec.get("phrases") or ())]], inflect=True)
        actors = load_yaml("actors.yaml")
        self.actor_kinds: dict[str, ActorKind] = {
            kind: ActorKind(kind, spec["inter"]) for kind, spec in actors["kinds"].items()}
        self.actor_words = PhraseIndex([(w, kind) for kind, spec in actors["kinds"].items()
                                        for w in [*(spec.get("words") or ()), *(spec.get("phrases") or ())]])
        self.armed_modifiers = frozenset(actors["armed_modifiers"])
        groups: list[GroupEntry] = []
        lower_aliases: list[tuple[str, str]] = []
        self.exact_aliases: dict[tuple[str, ...], int] = {}
        for index, spec in enumerate(actors["groups"]):
            groups.append(GroupEntry(spec["name"], spec["inter"], spec.get("country"),
                                     bool(spec.get("country_suffix"))))
            for alias in spec["aliases"]:
                if spec.get("case", False) or (alias.isupper() and len(alias) <= 3):
                    self.exact_aliases[tuple(alias.split())] = index
                else:
                    lower_aliases.append((alias, str(index)))
        self.groups = tuple(groups)
        self.group_aliases = PhraseIndex(lower_aliases)
        amounts = load_yaml("amounts.yaml")
        self.vague_amounts: dict[str, int] = {str(k): int(v) for k, v in amounts["vague"].items()}
        self.plural_without_number: int = int(amounts["plural_without_number"])
        boiler = load_yaml("boilerplate.yaml")
        self.boilerplate_lines = tuple(str(p).lower() for p in boiler["lines"])
        self.boilerplate_prefixes = tuple(str(p).lower() for p in boiler["prefixes"])
        self.places = PlaceWords.from_data(load_yaml("places.yaml"))
