"""ProcessPool: ``Pipeline.process`` in local worker processes, outcomes in input order, and no
article lost to a worker that dies or hangs.

Each worker loads the pipeline once (or inherits the parent's, copy-on-write, where processes
are forked) and answers a chunk of articles one outcome at a time, so the pool always knows
which articles a worker has finished. When a worker dies (killed, out of memory, a crash in
native code) or stops answering for ``stall_seconds`` (work that never reaches the time
limit's checks), it is replaced and the articles of its chunk it had not finished go to a
worker again, one at a time (a chunk's short articles are parsed together, so any of them may
be the one to blame); the article a worker dies or stalls on alone becomes a Failure saying
so. Nothing is lost, repeated or reordered.

multiprocessing.Pool cannot do this: a worker killed during a task leaves ``imap`` waiting
forever, and a task cannot be stopped.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..models import Article, Failure, Outcome
from ..settings import Settings

if TYPE_CHECKING:
    from ..pipeline import Pipeline

log = logging.getLogger(__name__)

# A worker gets a chunk at a time, and at most this many chunks per worker wait, done, for an
# earlier one: memory stays bounded when one chunk is slow.
CHUNKS_AHEAD_PER_WORKER = 4
# A chunk holds at most chunk_size articles and about this much text, so that the workers share
# a batch of long articles too.
CHUNK_CHARS = 50_000


def default_stall_seconds(time_limit: float) -> float | None:
    """How long a worker may go without answering: past twice the time limit and a minute for
    parsing, the article it is on is not going to reach the limit's next check."""
    return 2 * time_limit + 60 if time_limit else None


@dataclass(slots=True)
class _Task:
    """Articles of one chunk sent to a worker: ``items`` fill the chunk's answers from ``offset``."""

    seq: int
    offset: int
    items: list[Article | Failure]


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    connection: Connection
    task: _Task | None = None
    answered: int = 0  # outcomes of the task received so far
    since: float = field(default_factory=time.monotonic)  # when it last answered or was given work


class ProcessPool:
    """A runner (``run(items)``) over ``workers`` processes, each running ``Pipeline.process``.

    ``pipeline``: a loaded pipeline for forked workers to inherit (default: each loads its own
    from ``settings``). ``method``: the multiprocessing start method ("fork" where available;
    "spawn" in a process with threads, such as a server). The pool may run several streams one
    after the other (its workers stay up) and must be closed (``with ProcessPool(...)``)."""

    def __init__(self, settings: Settings, *, workers: int = 2, pipeline: Pipeline | None = None,
                 chunk_size: int = 64, method: str | None = None, stall_seconds: float | None = None) -> None:
        if workers < 1 or chunk_size < 1:
            raise ValueError("workers and chunk_size must be at least 1")
        self.settings = settings
        self.workers = workers
        self.chunk_size = chunk_size
        self.stall_seconds = stall_seconds if stall_seconds is not None else default_stall_seconds(
            settings.time_limit)
        available = multiprocessing.get_all_start_methods()
        self.method = method or ("fork" if "fork" in available else "spawn")
        self._context: Any = multiprocessing.get_context(self.method)  # typeshed's BaseContext lacks Process
        self._pipeline = pipeline if self.method == "fork" else None
        self._pool: list[_Worker] = []
        self.restarts = 0  # workers replaced because they died or stalled

    # -- lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (those at work are killed)."""
        for worker in self._pool:
            with contextlib.suppress(OSError, ValueError):
                if worker.task is None:
                    worker.connection.send(None)
        for worker in self._pool:
            worker.process.join(timeout=5 if worker.task is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._pool.clear()

    def worker_pids(self) -> list[int]:
        """The process ids of the workers running now (none before the first run)."""
        return [worker.process.pid for worker in self._pool if worker.process.pid is not None]

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.settings, self._pipeline),
                                        name="eventcoder-worker", daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    # -- running ------------------------------------------------------------------------------
    def run(self, items: Iterable[Article | Failure], *, workers: int | None = None) -> Iterator[Outcome]:
        """Outcomes for ``items``, in input order. ``workers`` is accepted for the Runner
        interface; the pool's own count is used."""
        while len(self._pool) < self.workers:
            self._pool.append(self._start())
        chunks = _chunks(items, self.chunk_size)
        pending: collections.deque[_Task] = collections.deque()
        answers: dict[int, list[Outcome | None]] = {}
        next_seq = 0  # the next chunk to yield
        read = 0  # chunks read from the input
        exhausted = False
        try:
            while True:
                # Give idle workers work: a remainder first, then new chunks while few wait.
                for worker in self._pool:
                    if worker.task is not None:
                        continue
                    if not pending and not exhausted and len(answers) < self.workers * CHUNKS_AHEAD_PER_WORKER:
                        chunk = next(chunks, None)
                        if chunk is None:
                            exhausted = True
                        else:
                            answers[read] = [None] * len(chunk)
                            pending.append(_Task(read, 0, chunk))
                            read += 1
                    if pending:
                        self._assign(worker, pending.popleft())
                while next_seq in answers and all(outcome is not None for outcome in answers[next_seq]):
                    yield from answers.pop(next_seq)  # type: ignore[misc]
                    next_seq += 1
                busy = [worker for worker in self._pool if worker.task is not None]
                if not busy:
                    if exhausted and not pending:
                        return
                    continue
                self._wait(busy, answers, pending)
        except BaseException:
            # An abandoned or interrupted run: work in flight is stale for the next one, whose
            # start replaces the workers stopped here.
            for worker in [w for w in self._pool if w.task is not None]:
                self._stop(worker)
                self._pool.remove(worker)
            raise

    def _assign(self, worker: _Worker, task: _Task) -> None:
        try:
            worker.connection.send((task.seq, task.items))
        except (OSError, ValueError):  # it died while idle: a new one takes the task
            self._replace(worker)
            worker = next(w for w in self._pool if w.task is None)
            worker.connection.send((task.seq, task.items))
        worker.task, worker.answered, worker.since = task, 0, time.monotonic()

    def _wait(self, busy: list[_Worker], answers: dict[int, list[Outcome | None]],
              pending: collections.deque[_Task]) -> None:
        """Take what the busy workers have sent; deal with any that died or stalled."""
        timeout = None
        if self.stall_seconds is not None:
            timeout = max(0.0, min(w.since for w in busy) + self.stall_seconds - time.monotonic())
        handles: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(multiprocessing.connection.wait(handles, timeout))
        for worker in busy:
            if worker.connection in ready:
                if not self._receive(worker, answers):
                    self._lose(worker, answers, pending, self._death(worker))
            elif worker.process.sentinel in ready:
                self._lose(worker, answers, pending, self._death(worker))
            elif self.stall_seconds is not None and time.monotonic() - worker.since > self.stall_seconds:
                self._lose(worker, answers, pending,
                           f"took longer than {self.stall_seconds:g} s without finishing; its worker process "
                           f"was stopped")

    def _receive(self, worker: _Worker, answers: dict[int, list[Outcome | None]]) -> bool:
        """Read the worker's messages; False if its connection broke (it died)."""
        task = worker.task
        assert task is not None
        try:
            while worker.connection.poll():
                message = worker.connection.recv()
                if message == "done":
                    worker.task = None
                    return True
                answers[task.seq][task.offset + worker.answered] = message
                worker.answered += 1
                worker.since = time.monotonic()
        except (EOFError, OSError):
            return False
        return True

    def _lose(self, worker: _Worker, answers: dict[int, list[Outcome | None]], pending: collections.deque[_Task],
              reason: str) -> None:
        """The worker died or stalled: the articles of its task it had not finished go back
        to wait for a worker, each alone; if it was on one article alone, that one fails with
        ``reason``. The worker is replaced."""
        task = worker.task
        assert task is not None
        self._receive(worker, answers)  # what it sent before it went
        if worker.task is not None:
            rest = task.items[worker.answered:]
            if len(rest) == 1:
                lost = rest[0]
                name = lost.id if isinstance(lost, Article) else lost.source
                log.warning("%s: %s", name, reason)
                answers[task.seq][task.offset + worker.answered] = Outcome(
                    lost if isinstance(lost, Article) else Article(id=name, text=""), failure=Failure(name, reason))
            else:
                start = task.offset + worker.answered
                pending.extendleft(_Task(task.seq, start + n, [item]) for n, item in reversed(list(enumerate(rest))))
        self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        self.restarts += 1
        self._pool[self._pool.index(worker)] = self._start()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()

    @staticmethod
    def _death(worker: _Worker) -> str:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"its worker process was killed by {name}{hint} while processing it"
        return f"its worker process died (exit status {code}) while processing it"


def _serve(connection: Connection, settings: Settings, inherited: Pipeline | None) -> None:
    """A worker: load the pipeline, then answer chunks one outcome at a time, "done" after each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if inherited is None:
        from ..pipeline import Pipeline

        inherited = Pipeline(settings)
    pipeline = inherited
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        _seq, items = message
        pipeline.process(items, on_outcome=connection.send)
        connection.send("done")


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    chunk: list[Article | Failure] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item.text) if isinstance(item, Article) else 0
        if len(chunk) >= size or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk
