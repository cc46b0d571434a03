"""The time an article may take: a deadline its stages check between steps of work.

Extraction is linear in the text, so a check at every sentence, cue or event is never far
away; an article over its limit stops at the next check and becomes a Failure, and the rest of
the batch goes on. Engines that run articles in other processes also stop a worker that stops
answering (engines/pool.py), for work that never reaches a check.
"""

from __future__ import annotations

import time

from .errors import TimeLimitExceeded


class Budget:
    """A deadline ``limit`` seconds from now; None or 0 means no limit."""

    __slots__ = ("deadline", "limit")

    def __init__(self, limit: float | None) -> None:
        self.limit = limit or None
        self.deadline = time.monotonic() + limit if limit else None

    def check(self) -> None:
        """Raise TimeLimitExceeded once the deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitExceeded(self.limit or 0.0)

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()


UNLIMITED = Budget(None)
