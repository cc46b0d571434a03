"""The server's handles on the store: a few reader threads with a read-only connection each (WAL
lets an ingest write meanwhile), and one writer that loads the extraction pipeline the first time
an article is posted and then stores posted articles one request at a time."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from ..models import Article, Event, Failure, Outcome
from ..pipeline import Pipeline
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


class _Recording:
    """A runner that remembers the outcome of every article it processes."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.outcomes: dict[str, Outcome] = {}

    def run(self, items: Iterable[Article | Failure], *, workers: int = 1) -> Iterator[Outcome]:
        for outcome in self.pipeline.run(items, workers=1):
            self.outcomes[outcome.article.id] = outcome
            yield outcome


class Writer:
    """Extracts posted articles and stores them (through ``store.ingest``: already-stored
    articles are skipped before extraction). One request at a time: extraction is CPU-bound,
    and the store has one writer anyway."""

    def __init__(self, path: Path, pipeline_factory: Callable[[], Pipeline]) -> None:
        self.path = path
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()

    @property
    def pipeline_loaded(self) -> bool:
        return self._pipeline is not None

    def add(self, articles: list[Article]) -> list[Posted]:
        with self._lock:
            if self._pipeline is None:
                log.info("loading the extraction pipeline")
                self._pipeline = self._pipeline_factory()
            if self._store is None:
                self._store = Store.open(self.path)
            runner = _Recording(self._pipeline)
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
            return Posted(article.id, "failed", outcome.failure.reason)
        merged = []
        for event in outcome.events:
            stored = self._store.event(event.event_id)
            merged.append(stored.event_id if stored else None)
        return Posted(article.id, "stored", None, outcome.events, tuple(merged))

    def close(self) -> None:
        with self._lock:
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
