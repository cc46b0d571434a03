"""The pipeline on a Ray cluster: the same ``Pipeline.process``, run by a pool of Ray actors.

Optional: ``pip install 'eventcoder[ray]'``. Nothing here imports Ray until an engine starts, so
eventcoder works without it; an engine started without it raises EngineError saying how to
install it.

    RayEngine     a runner (``run(items, *, workers) -> Outcome, ...`` in input order), like
                  ``Pipeline``: hand it to ``store.ingest`` or iterate it yourself
    RunStats      what the last run did: batches, articles, the worker processes, timings
    write_parts   outcomes -> Parquet part files in a folder, one row per event, and the
                  failures beside them (``eventcoder extract --output DIR``)
    EngineError   Ray is missing, the cluster cannot be reached, or a batch failed for good
    PartsError    the Parquet folder cannot be written (or holds an earlier run's parts)

This package is a shell: it moves batches of articles to the pipeline and outcomes back, and
holds no extraction logic.
"""

from __future__ import annotations

import logging

from .engine import RayEngine, RunStats
from .errors import EngineError, PartsError
from .parts import PartsSummary, write_parts

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["EngineError", "PartsError", "PartsSummary", "RayEngine", "RunStats", "write_parts"]
