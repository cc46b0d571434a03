"""Answers to read requests, kept while the database is unchanged.

A dashboard asks the same questions again and again (everyone who opens it reads the same
stats and first pages), and the answers only change when articles are stored. An answer is kept
with the *stamp* of the database files when it was computed (size, modification time and inode of
the database and its write-ahead log: every commit, by this server or by an ingest in another
process, appends to the log) and served again only while the stamp is the same, and for at most
``ttl`` seconds (a bound for the unlikely case of two commits the file system cannot tell apart).
A write through this server clears it at once. Memory is bounded by the bytes kept; with
``max_bytes=0`` nothing is kept.

Requests for an answer being computed wait for it (``once``) instead of computing it again:
when a dashboard opens in many browsers at once, or after a commit changed the stamp of every
kept answer, each distinct answer is computed once.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

Stamp = tuple[tuple[int, int, int], ...]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Kept:
    """A value (an answer's bytes and media type, or a count) and when it was made."""

    value: object
    size: int
    stamp: Stamp
    made: float


class AnswerCache:
    """LRU of values by key (a request, or the count of a filter), bounded by ``max_bytes``;
    valid while the stamp holds."""

    def __init__(self, db: Path, *, max_bytes: int = 64 * 1024 * 1024, max_body: int = 2 * 1024 * 1024,
                 ttl: float = 60.0) -> None:
        self._files = (db, db.with_name(db.name + "-wal"))
        self.max_bytes = max_bytes
        self.max_body = max_body
        self.ttl = ttl
        self._answers: OrderedDict[str, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[tuple[str, Stamp], asyncio.Future[Any]] = {}
        self.hits = self.misses = self.shared = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def stamp(self) -> Stamp:
        """What the database files look like now (taken *before* computing an answer)."""
        stamps = []
        for path in self._files:
            try:
                info = os.stat(path)
                stamps.append((info.st_size, info.st_mtime_ns, info.st_ino))
            except FileNotFoundError:
                stamps.append((-1, 0, 0))
        return tuple(stamps)

    def get(self, key: str, stamp: Stamp) -> Kept | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None or answer.stamp != stamp or time.monotonic() - answer.made > self.ttl:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: str, value: object, size: int, stamp: Stamp) -> None:
        if size > self.max_body or not self.enabled:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._answers[key] = Kept(value, size, stamp, time.monotonic())
            self._bytes += size
            while self._bytes > self.max_bytes and self._answers:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    async def once(self, key: str, stamp: Stamp, compute: Callable[[], Awaitable[T]]) -> tuple[T, bool]:
        """``compute()``, or the result of the computation of ``key`` at ``stamp`` already under
        way (then True with it). Only from the event loop's thread. A request that goes away does
        not cancel the computation others wait for."""
        if not self.enabled:  # nothing kept, nothing shared: every request computes its answer
            return await compute(), False
        task = self._computing.get((key, stamp))
        joined = task is not None
        if task is None:
            task = asyncio.ensure_future(compute())
            self._computing[(key, stamp)] = task
            task.add_done_callback(lambda done: self._finished((key, stamp), done))
        else:
            self.shared += 1
        return await asyncio.shield(task), joined

    def _finished(self, computing: tuple[str, Stamp], task: asyncio.Future[Any]) -> None:
        if self._computing.get(computing) is task:
            del self._computing[computing]
        if not task.cancelled():
            task.exception()  # retrieved: a failure nobody waited for any more is not logged as lost
