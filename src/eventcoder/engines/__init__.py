"""Engines run ``Pipeline.process`` over a stream of articles and give the outcomes back in
input order: in this process (``Pipeline.run(workers=1)``), in a pool of local processes
(``pool.ProcessPool``) or on a Ray cluster (``ray_engine.RayEngine``, optional: ``pip install
'eventcoder[ray]'``; nothing imports Ray until an engine starts). Whatever they run on, ingest
and the shells see one interface, ``Runner``. The engines are shells: they move articles to the
pipeline and outcomes back, and hold no extraction logic.

    Runner        run(items, *, workers) -> Outcome, ... in input order
    ProcessPool   local worker processes; a worker that dies or hangs costs only its article
    RayEngine     a pool of Ray actors, on this machine or a cluster; RunStats: what a run did
    EngineError   Ray is missing, the cluster cannot be reached, or a batch failed for good
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ..errors import EventcoderError
from ..models import Article, Failure, Outcome


class EngineError(EventcoderError):
    """The Ray engine cannot run: Ray is not installed, the cluster cannot be reached, or a
    batch failed even after its retries."""


class Runner(Protocol):
    """Outcomes for a stream of articles and input failures, one per item, in input order."""

    def run(self, items: Iterable[Article | Failure], *, workers: int = ...) -> Iterator[Outcome]: ...
