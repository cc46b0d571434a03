"""RayEngine: ``Pipeline.process`` on a pool of Ray actors, outcomes in input order.

    driver   items -> numbered batches -> a Ray queue                        (feed.py)
    Ray Data one read task drains the queue: one dataset row per batch
             map_batches(PipelineWorker, ActorPoolStrategy(size=workers)):
             each actor loads the pipeline once and runs Pipeline.process    (worker.py)
    driver   answers in input order (preserve_order); batch numbers checked

Faults. A bad article is the pipeline's business: it becomes an Outcome with a Failure, as in a
local run. A worker that dies (killed, out of memory, its node lost) is Ray's: the actor is
started again (``max_restarts=-1``: a long run outlives any number of lost workers) and the
batches it held are run again on it (``max_task_retries``). A batch's answer exists only once
the whole batch is done, so a batch killed halfway gives nothing and its retry gives all of it:
no gaps, no duplicates. The driver checks this: answers must arrive numbered 0, 1, 2, ... and
one per batch sent, or the run ends with an EngineError. A batch that kills its worker every
time (``task_retries`` + 1 times) ends the run with an EngineError instead of looping forever.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

from ..models import Article, Failure, Outcome
from ..pipeline import Pipeline
from ..settings import Settings
from . import EngineError
from .ray_worker import PipelineWorker, ProcessorFactory, decode_outcomes

if TYPE_CHECKING:  # Ray is imported when an engine starts, never with eventcoder
    import pyarrow as pa
    from ray.data import Dataset

    from .ray_feed import Feed

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'eventcoder[ray]'"

# Ray Data merges rows into blocks of up to 128 MiB before it hands them on; but a row here is a
# whole batch of articles, which must travel alone so that the actors share the work a batch at
# a time. A block is cut as soon as it holds more than this many bytes: after every row.
ROW_BLOCK_BYTES = 1


@dataclass(slots=True)
class RunStats:
    """What one run did, filled in as answers arrive. Times are epoch seconds: ``started`` on
    the driver, ``first_batch_began`` on the worker that began first."""

    workers: int
    started: float = field(default_factory=time.time)
    batches: int = 0
    articles: int = 0  # inputs answered: articles and input failures
    first_batch_began: float | None = None
    finished: float | None = None
    busy_seconds: float = 0.0  # summed over the workers, Pipeline.process only
    processes: dict[str, int] = field(default_factory=dict)  # "host:pid" -> batches it answered

    @property
    def startup_seconds(self) -> float | None:
        """From the start of the run to the first batch a worker began: starting the actors,
        loading the pipeline in each, warming it up."""
        return None if self.first_batch_began is None else max(0.0, self.first_batch_began - self.started)

    @property
    def articles_per_second(self) -> float | None:
        """Throughput once the workers are up (start-up excluded)."""
        if self.first_batch_began is None or self.finished is None or self.finished <= self.first_batch_began:
            return None
        return self.articles / (self.finished - self.first_batch_began)


class RayEngine:
    """Runs ``Pipeline.process`` on Ray actors; a runner like ``Pipeline`` (``run(items, *,
    workers)``), so ``store.ingest`` and the CLI take either.

    ``address``: a running cluster (``"auto"`` on one of its machines, ``"ray://HOST:10001"``
    from elsewhere); None starts Ray on this machine with one CPU per core, and stops it on
    ``close()``. If Ray is already initialised in this process, that instance is used as it is.
    ``batch_size``: articles per actor call. ``task_retries``: how often a batch whose worker
    died is run again. ``make_pipeline``: what each actor builds (default ``Pipeline(settings)``).
    ``quiet``: keep Ray's own logs and progress bars off the terminal.
    """

    def __init__(self, settings: Settings | None = None, *, address: str | None = None, batch_size: int = 64,
                 task_retries: int = 3, make_pipeline: ProcessorFactory | None = None, quiet: bool = True) -> None:
        try:
            import ray
            import ray.data  # noqa: F401
        except ImportError as error:
            raise EngineError(f"the Ray engine needs Ray, which is not installed: {INSTALL_HINT}") from error
        if batch_size < 1 or task_retries < 0:
            raise ValueError("batch_size must be at least 1 and task_retries at least 0")
        self.settings = settings or Settings.from_env()
        self.address = address
        self.batch_size = batch_size
        self.task_retries = task_retries
        self.make_pipeline: ProcessorFactory = make_pipeline or functools.partial(Pipeline, self.settings)
        self.quiet = quiet
        self.stats: RunStats | None = None  # the last (or current) run's
        self._connected = False
        self._owns_ray = False

    # -- the Ray instance ---------------------------------------------------------------------
    def start(self) -> None:
        """Join the cluster, or start Ray on this machine (idempotent; ``run`` calls it)."""
        if self._connected:
            return
        import ray

        if not ray.is_initialized():
            level = logging.ERROR if self.quiet else logging.WARNING
            try:
                # Quiet, the workers' own output stays in Ray's logs (/tmp/ray/session_latest/logs):
                # what matters reaches the driver as the error that ends the run.
                if self.address is None:
                    ray.init(address="local", num_cpus=local_cpus(), include_dashboard=False, logging_level=level,
                             log_to_driver=not self.quiet)
                else:
                    ray.init(address=self.address, logging_level=level, log_to_driver=not self.quiet)
            except (ConnectionError, RuntimeError, TimeoutError, ValueError) as error:
                where = f"connect to the Ray cluster at {self.address}" if self.address else "start Ray on this machine"
                raise EngineError(f"cannot {where}: {_reason(error)}") from error
            self._owns_ray = True
        if self.quiet:
            # Ray Data logs each dataset's start and end, and warns that its progress bars are
            # off (the CLI shows its own); what goes wrong reaches us as exceptions. It also
            # warns that the pool got "only 1 input" when the read task streams many batches.
            logging.getLogger("ray.data").setLevel(logging.ERROR)
            warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)
        self._connected = True

    def cpus(self) -> int:
        """The CPUs of the cluster (or of the local instance)."""
        import ray

        self.start()
        return int(ray.cluster_resources().get("CPU", 0))

    def close(self) -> None:
        """Stop Ray if this engine started it (disconnect, if it joined a cluster)."""
        if self._owns_ray:
            import ray

            ray.shutdown()
        self._owns_ray = self._connected = False

    def __enter__(self) -> RayEngine:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # -- running --------------------------------------------------------------------------------
    def run(self, items: Iterable[Article | Failure], *, workers: int | None = None) -> Iterator[Outcome]:
        """One Outcome per item, in input order. ``workers``: actors to run (default: one per CPU
        of the cluster). Raises EngineError if a batch fails for good or the cluster goes away;
        an error raised by ``items`` is raised again here, after the outcomes before it."""
        import ray

        from .ray_feed import Feed

        self.start()
        workers = self._workers(workers)
        stats = self.stats = RunStats(workers=workers)
        feed = Feed(items, batch_size=self.batch_size, depth=2 * workers)
        batches = None
        try:
            batches = self._dataset(feed, workers).iter_batches(batch_size=None, batch_format="pyarrow")
            feed.start()
            for table in batches:
                for outcomes in self._answers(table, stats):
                    yield from outcomes
            stats.finished = time.time()
            if feed.error is not None:
                raise feed.error
            if stats.batches != feed.sent:
                raise EngineError(f"{feed.sent} batches were sent and {stats.batches} answered")
        except ray.exceptions.RayError as error:
            raise EngineError(f"the Ray run failed after {stats.batches} batches: {_reason(error)}") from error
        finally:
            if batches is not None:
                with contextlib.suppress(Exception):  # shutting down what may already be gone
                    batches.close()  # type: ignore[attr-defined]
            feed.close()

    def _workers(self, wanted: int | None) -> int:
        cpus = self.cpus()
        if wanted is None:
            return max(1, cpus)
        if wanted < 1:
            raise EngineError("workers must be at least 1")
        if wanted > cpus:
            if self._owns_ray:  # a fixed local instance: the extra actors would wait forever
                raise EngineError(f"{wanted} workers asked for, but Ray has {cpus} CPUs here (a worker takes one)")
            log.warning("%d workers asked for; the cluster has %d CPUs now (waiting for the autoscaler)",
                        wanted, cpus)
        return wanted

    def _dataset(self, feed: Feed, workers: int) -> Dataset:
        import ray.data
        from ray.data import ActorPoolStrategy, DataContext

        with warnings.catch_warnings():
            # Ray 2.60 takes retry settings only through ray_remote_args, which it marks as
            # deprecated (to go in 2.64) without a named replacement yet: revisit on upgrading.
            # Copying a DataContext reads its own deprecated settings, which warns too.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.* is deprecated")
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="ray.data.context")
            context = DataContext.get_current().copy()  # a dataset keeps the context it was made in
            context.execution_options.preserve_order = True
            context.target_max_block_size = ROW_BLOCK_BYTES
            context.enable_progress_bars = not self.quiet
            context.print_on_execution_start = not self.quiet
            with DataContext.current(context):
                return ray.data.read_datasource(
                    feed.source(), num_cpus=0, override_num_blocks=1, ray_remote_args={"max_retries": 0},
                ).map_batches(
                    PipelineWorker, fn_constructor_kwargs={"make_pipeline": self.make_pipeline},
                    batch_size=None, batch_format="pyarrow", compute=ActorPoolStrategy(size=workers), num_cpus=1,
                    max_restarts=-1, max_task_retries=self.task_retries,
                )

    @staticmethod
    def _answers(table: pa.Table, stats: RunStats) -> Iterator[list[Outcome]]:
        """The outcomes in one block of answers, each batch's number checked against the next
        one due."""
        for row in table.to_pylist():
            if row["seq"] != stats.batches:
                raise EngineError(f"batch {row['seq']} arrived when batch {stats.batches} was due: "
                                  f"a batch was lost or delivered twice")
            outcomes = decode_outcomes(row["outcomes"])
            stats.batches += 1
            stats.articles += len(outcomes)
            stats.busy_seconds += row["seconds"]
            stats.processes[row["worker"]] = stats.processes.get(row["worker"], 0) + 1
            if stats.first_batch_began is None or row["began"] < stats.first_batch_began:
                stats.first_batch_began = row["began"]
            yield outcomes


def local_cpus() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _reason(error: BaseException) -> str:
    """What went wrong, in one line. Ray puts the remote traceback into its errors' text, which
    then ends with the exception that started it (``ModelError: spaCy pipeline ... is not
    installed``): that last line is the reason."""
    lines = [line.strip() for line in _ANSI.sub("", str(error)).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Ray colours the names of remote processes
