"""Page furniture (``boilerplate.yaml``): lines of a news page that are not the article."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PageWords:
    boilerplate_lines: tuple[str, ...]
    boilerplate_prefixes: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PageWords:
        return cls(
            boilerplate_lines=tuple(str(p).lower() for p in data["lines"]),
            boilerplate_prefixes=tuple(str(p).lower() for p in data["prefixes"]),
        )
