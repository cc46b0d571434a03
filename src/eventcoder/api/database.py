"""The server's handles on the store: a few reader threads with a read-only connection each (WAL
lets an ingest write meanwhile), and one writer that stores posted articles one request at a
time. Extraction runs in a worker process of its own (started the first time an article is
posted, and replaced if it dies or hangs), so the server's threads only wait for it: reads stay
as fast while an article is extracted, and each article keeps its time limit."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from ..engines import Runner
from ..engines.pool import ProcessPool
from ..models import Article, Event, Failure, Outcome
from ..pipeline import Pipeline
from ..settings import Settings
from ..store import Identity, Store, ingest
from .cache import AnswerCache
from .config import DEFAULT_READ_THREADS, ServerConfig

log = logging.getLogger(__name__)
T = TypeVar("T")


class Readers:
    """``threads`` threads that read the database, each through a read-only Store of its own
    (opened on first use). ``run`` hands them work from the event loop; requests wait their
    turn there, so a burst of requests does not become a crowd of threads."""

    def __init__(self, path: Path, *, threads: int = DEFAULT_READ_THREADS) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    async def run(self, work: Callable[[Store], T]) -> T:
        """``work(store)`` in a reader thread, with that thread's Store."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="eventcoder-read")
            pool = self._pool
        return await asyncio.get_running_loop().run_in_executor(pool, lambda: work(self.store()))

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.path, readonly=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
        self._local = threading.local()


@dataclass(frozen=True, slots=True)
class Posted:
    """What became of one posted article: ``stored`` with its events (``stored_ids`` the ids
    of the merged events they joined, which ``GET /api/events/{id}`` shows), ``duplicate`` of a
    stored article, or ``failed`` with the reason (recorded in the store's failures)."""

    article_id: str
    status: Literal["stored", "duplicate", "failed"]
    reason: str | None = None
    events: tuple[Event, ...] = ()
    stored_ids: tuple[str | None, ...] = ()
    warnings: tuple[str, ...] = ()


class _Recording:
    """A runner that remembers the outcome of every article it processes."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.outcomes: dict[str, Outcome] = {}

    def run(self, items: Iterable[Article | Failure], *, workers: int = 1) -> Iterator[Outcome]:
        for outcome in self.runner.run(items, workers=1):
            self.outcomes[outcome.article.id] = outcome
            yield outcome


class InProcess:
    """A runner that extracts in the server's own process, with a pipeline made on first use:
    for an app embedded in a program that has a pipeline loaded already (and for tests)."""

    def __init__(self, pipeline_factory: Callable[[], Pipeline]) -> None:
        self._factory = pipeline_factory
        self._pipeline: Pipeline | None = None

    def run(self, items: Iterable[Article | Failure], *, workers: int = 1) -> Iterator[Outcome]:
        if self._pipeline is None:
            log.info("loading the extraction pipeline")
            self._pipeline = self._factory()
        return self._pipeline.run(items, workers=1)

    def close(self) -> None:
        self._pipeline = None


def worker_process(settings: Settings) -> ProcessPool:
    """The default extraction runner of a server: one spawned worker process (forking a process
    with threads is unsafe), which loads the pipeline once."""
    return ProcessPool(settings, workers=1, method="spawn", chunk_size=8)


class Writer:
    """Extracts posted articles and stores them (through ``store.ingest``: already-stored
    articles are skipped before extraction). One request at a time: extraction is CPU-bound,
    and the store has one writer anyway. ``runner`` does the extraction (default: a worker
    process, see ``worker_process``)."""

    def __init__(self, path: Path, runner: InProcess | ProcessPool) -> None:
        self.path = path
        self.runner = runner
        self._store: Store | None = None
        self._lock = threading.Lock()

    def add(self, articles: list[Article]) -> list[Posted]:
        with self._lock:
            if self._store is None:
                self._store = Store.open(self.path)
            runner = _Recording(self.runner)
            ingest(self._store, articles, runner)
            posted, seen = [], set()
            for article in articles:  # a second article with the same id in the batch was skipped
                posted.append(self._posted(article, None if article.id in seen else runner.outcomes.get(article.id)))
                seen.add(article.id)
            return posted

    def _posted(self, article: Article, outcome: Outcome | None) -> Posted:
        assert self._store is not None
        if outcome is None:
            return Posted(article.id, "duplicate", self._store.known(Identity.of(article)) or "same id")
        if outcome.failure is not None:
            return Posted(article.id, "failed", outcome.failure.reason, warnings=outcome.warnings)
        merged = []
        for event in outcome.events:
            stored = self._store.event(event.event_id)
            merged.append(stored.event_id if stored else None)
        return Posted(article.id, "stored", None, outcome.events, tuple(merged), outcome.warnings)

    def close(self) -> None:
        with self._lock:
            self.runner.close()
            if self._store is not None:
                self._store.close()
                self._store = None


@dataclass(frozen=True, slots=True)
class Service:
    """What the routes use, built once by ``create_app``."""

    config: ServerConfig
    readers: Readers
    writer: Writer
    cache: AnswerCache
    dashboard_built: bool

    def close(self) -> None:
        self.readers.close()
        self.writer.close()
