"""The exceptions eventcoder raises. The library raises these; only the shells (CLI, API)
turn them into messages and exit codes.

    EventcoderError
    ├── InputError            an input cannot be read as an article (names the input and the reason)
    ├── ModelError            the spaCy pipeline is missing or unusable
    ├── GazetteerError        the gazetteer cannot be built or loaded
    ├── LexiconError          a rule file of the package cannot be read
    ├── StoreError            the event database cannot be opened or written
    ├── TimeLimitExceeded     an article took longer than its time limit (it becomes a Failure)
    ├── api.config.ConfigError          `eventcoder serve` was asked for an unsafe or invalid setup
    ├── engines.EngineError             the Ray engine cannot run (Ray missing, cluster unreachable)
    └── export.parts.PartsError         the Parquet output folder cannot be written

The last three live beside the shells that raise them, so the library core needs neither
FastAPI nor Ray.
"""

from __future__ import annotations

from .safetext import safe_text


class EventcoderError(Exception):
    """Base class of every error eventcoder raises on purpose."""


class InputError(EventcoderError):
    """An input cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        # Both are printed and sent as JSON: what UTF-8 cannot encode is replaced.
        source, reason = (safe_text(str(part))[0] for part in (source, reason))
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(EventcoderError):
    """The spaCy pipeline is missing or unusable."""


class GazetteerError(EventcoderError):
    """The gazetteer cannot be built or loaded."""


class LexiconError(EventcoderError):
    """A rule file of the package cannot be read."""


class StoreError(EventcoderError):
    """The event database cannot be opened or written."""


class TimeLimitExceeded(EventcoderError):
    """An article took longer to process than the time limit allows."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"took longer than {limit:g} s (the time limit per article)")
        self.limit = limit
