"""How tolls are read (``amounts.yaml``): vague amounts and the figure each stands for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CountWords:
    vague_amounts: Mapping[str, int]
    plural_without_number: int

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CountWords:
        return cls(
            vague_amounts={str(k): int(v) for k, v in data["vague"].items()},
            plural_without_number=int(data["plural_without_number"]),
        )
