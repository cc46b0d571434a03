"""Engines run ``Pipeline.process`` over a stream of articles and give the outcomes back in
input order: in this process (``Pipeline.run(workers=1)``), in a pool of local processes
(``ProcessPool``) or on a Ray cluster (eventcoder.distributed). Whatever they run on, ingest and
the shells see one interface, ``Runner``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ..models import Article, Failure, Outcome


class Runner(Protocol):
    """Outcomes for a stream of articles and input failures, one per item, in input order."""

    def run(self, items: Iterable[Article | Failure], *, workers: int = ...) -> Iterator[Outcome]: ...
