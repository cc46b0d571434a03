"""Articles from the driver into a Ray dataset, as a stream.

The items come from the machine that runs the command (``read_inputs`` over files, folders,
JSONL, WARC, feeds, stdin; or ``store.ingest``'s stream of the articles it has not stored), so
every input behaves exactly as in a local run, and inputs need not sit on storage the whole
cluster sees. A thread cuts them into numbered batches and puts them on a Ray queue of a few
batches; one read task, pinned to the driver's node, drains the queue into the dataset, one row
per batch. Memory stays flat: the thread waits while the queue is full, and Ray Data holds the
read task back while the workers are busy.

The read task is not retried: what it took from the queue cannot be taken again, so if it dies
the run ends with an error (the batch numbers would show the gap anyway). It and the queue do no
real work and need no CPU of their own.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
import ray
from ray.data import Datasource, ReadTask
from ray.data.block import BlockMetadata
from ray.util.queue import Full, Queue
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from ..models import Article, Failure
from .ray_worker import BATCH_SCHEMA, encode_batch

log = logging.getLogger(__name__)

PUT_TIMEOUT = 0.5  # seconds between looks at the stop flag while the queue is full


class Feed:
    """The driver's side: a thread putting numbered batches of ``items`` on a Ray queue."""

    def __init__(self, items: Iterable[Article | Failure], *, batch_size: int, depth: int) -> None:
        node = ray.get_runtime_context().get_node_id()
        self._queue = Queue(maxsize=depth, actor_options={
            "num_cpus": 0, "scheduling_strategy": NodeAffinitySchedulingStrategy(node, soft=True)})
        self._items = items
        self._batch_size = batch_size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._fill, name="eventcoder-feed", daemon=True)
        self.sent = 0  # batches put on the queue
        self.items = 0
        self.error: BaseException | None = None  # what stopped the items, raised again by the engine

    def source(self) -> Datasource:
        return ArticleFeedDatasource(self._queue)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop the thread (if the run ended early) and the queue."""
        self._stop.set()
        if self._thread.ident is not None:  # started
            self._thread.join(timeout=10)
        self._queue.shutdown(grace_period_s=2)

    def _fill(self) -> None:
        try:
            for chunk in _chunks(self._items, self._batch_size):
                if not self._put(encode_batch(self.sent, chunk)):
                    return
                self.sent += 1
                self.items += len(chunk)
        except BaseException as error:  # handed to the driver's thread, which raises it
            self.error = error
        try:
            self._put(None)  # the end of the stream
        except ray.exceptions.RayError as error:
            self.error = self.error or error

    def _put(self, row: pa.Table | None) -> bool:
        """Put ``row`` on the queue, waiting while it is full; False if the run was stopped."""
        while not self._stop.is_set():
            try:
                self._queue.put(row, timeout=PUT_TIMEOUT)
                return True
            except Full:
                continue
        return False


class ArticleFeedDatasource(Datasource):
    """One read task that yields the queue's batches until the end mark."""

    def __init__(self, queue: Queue) -> None:
        super().__init__()
        self._queue = queue

    @property
    def supports_distributed_reads(self) -> bool:
        return False  # Ray Data then runs the read task on the driver's node, beside the queue

    def estimate_inmemory_data_size(self) -> int | None:
        return None

    def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                       data_context: Any = None) -> list[ReadTask]:
        queue = self._queue

        def drain() -> Iterator[pa.Table]:
            while (row := queue.get()) is not None:
                yield row

        metadata = BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None, input_files=None)
        return [ReadTask(drain, metadata, schema=BATCH_SCHEMA)]


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
