"""What a Ray actor does: load the pipeline once, then run ``Pipeline.process`` on each batch.

Batches travel as dataset rows, one row per batch: ``seq`` (the batch's number in the input)
and ``items`` (its articles and input failures, pickled). The answer is one row per batch too:
``seq``, ``outcomes`` (pickled, one per item, in order), and which worker made them and when.
A batch is one object in Ray's store, so one actor call moves one batch, however large the
articles are; and a batch a killed worker was halfway through has no answer yet, so the retry's
answer is the only one.
"""

from __future__ import annotations

import os
import pickle
import socket
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import pyarrow as pa

from ..models import Article, Failure, Outcome
from . import EngineError

BATCH_SCHEMA = pa.schema([("seq", pa.int64()), ("items", pa.large_binary())])
RESULT_SCHEMA = pa.schema([("seq", pa.int64()), ("outcomes", pa.large_binary()), ("worker", pa.string()),
                           ("began", pa.float64()), ("seconds", pa.float64())])

# Run once when an actor starts, so that what the pipeline loads lazily is loaded then, not in
# the first batch (start-up is reported apart from throughput).
WARM_UP = Article(id="warm-up", text="Police fired tear gas at protesters in Nairobi on Monday.")


class Processor(Protocol):
    """What a worker runs: ``Pipeline.process``, one Outcome per item, in order."""

    def process(self, items: Sequence[Article | Failure]) -> list[Outcome]: ...


ProcessorFactory = Callable[[], Processor]


def encode_batch(seq: int, items: Sequence[Article | Failure]) -> pa.Table:
    return pa.table({"seq": [seq], "items": [pickle.dumps(list(items), protocol=5)]}, schema=BATCH_SCHEMA)


def decode_outcomes(blob: bytes) -> list[Outcome]:
    outcomes: list[Outcome] = pickle.loads(blob)
    return outcomes


class PipelineWorker:
    """The callable class given to ``Dataset.map_batches``: Ray makes one per actor."""

    def __init__(self, make_pipeline: ProcessorFactory) -> None:
        self.pipeline = make_pipeline()
        self.pipeline.process([WARM_UP])
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows: dict[str, list[object]] = {name: [] for name in RESULT_SCHEMA.names}
        for seq, blob in zip(batch["seq"].to_pylist(), batch["items"].to_pylist(), strict=True):
            began = time.time()
            items: list[Article | Failure] = pickle.loads(blob)
            outcomes = self.pipeline.process(items)
            _check(seq, items, outcomes)
            rows["seq"].append(seq)
            rows["outcomes"].append(pickle.dumps(outcomes, protocol=5))
            rows["worker"].append(self.worker)
            rows["began"].append(began)
            rows["seconds"].append(time.time() - began)
        return pa.table(rows, schema=RESULT_SCHEMA)


def _check(seq: int, items: Sequence[Article | Failure], outcomes: Sequence[Outcome]) -> None:
    """The pipeline's promise, checked where it is kept: one outcome per item, in order."""
    wanted = [item.source if isinstance(item, Failure) else item.id for item in items]
    got = [outcome.article.id for outcome in outcomes]
    if wanted != got:
        raise EngineError(f"batch {seq}: the pipeline returned outcomes for {got[:3]}... "
                          f"({len(got)}) instead of {wanted[:3]}... ({len(wanted)})")
