"""Event cues (``cues.yaml``): the words that signal what happened, by kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .phrases import PhraseIndex


@dataclass(frozen=True, slots=True)
class CueWords:
    kinds: tuple[str, ...]  # in the file's order
    index: PhraseIndex  # every word and phrase, labelled with its kind, matched in any inflection

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CueWords:
        return cls(
            kinds=tuple(data),
            index=PhraseIndex([(w, kind) for kind, spec in data.items()
                               for w in [*(spec.get("words") or ()), *(spec.get("phrases") or ())]], inflect=True),
        )
