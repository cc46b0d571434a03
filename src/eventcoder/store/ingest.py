"""Inputs -> pipeline -> store, for collections of any size.

``ingest`` skips an article already stored (same id, URL or normalised content) *before* it
reaches the extractor, so running the same ingest again costs little more than reading the
inputs; writes each article with its events atomically, in transactions of ``commit_every``
articles or ``commit_seconds`` of extraction; and records every input that fails. A killed
ingest loses at most the batch not yet written, which the next run does again; an interrupted
one (Ctrl-C) writes what was extracted first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from ..models import Article, Failure, Outcome
from .db import Added, Identity, Store
from .records import IngestSummary

log = logging.getLogger(__name__)

MAX_FAILURES_SHOWN = 20


class Runner(Protocol):
    """What ``ingest`` needs of a pipeline: outcomes for a stream of articles, in input order."""

    def run(self, items: Iterable[Article | Failure], *, workers: int = ...) -> Iterator[Outcome]: ...


class _InFlight:
    """Articles sent to the runner and not yet stored: a duplicate of one of them is skipped
    too (a folder can hold the same article twice)."""

    def __init__(self) -> None:
        self.by_id: dict[str, Identity] = {}
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    def reason(self, identity: Identity) -> str | None:
        if identity.article_id in self.by_id:
            return "same id"
        if identity.url and identity.url in self.urls:
            return "same URL"
        return "same content" if identity.content_hash in self.hashes else None

    def add(self, identity: Identity) -> None:
        self.by_id[identity.article_id] = identity
        if identity.url:
            self.urls.add(identity.url)
        self.hashes.add(identity.content_hash)

    def pop(self, article_id: str) -> Identity | None:
        identity = self.by_id.pop(article_id, None)
        if identity is not None:
            self.urls.discard(identity.url or "")
            self.hashes.discard(identity.content_hash)
        return identity


def ingest(store: Store, items: Iterable[Article | Failure], runner: Runner, *, workers: int = 1,
           commit_every: int = 100, commit_seconds: float = 2.0,
           progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Store the articles in ``items`` and their events; returns what was done.

    ``progress`` is called with the summary so far after each batch and each skipped input
    (from the thread that reads the inputs when the runner uses a process pool, so it must be
    thread-safe)."""
    summary = IngestSummary()
    in_flight = _InFlight()
    lock = threading.Lock()

    def unseen() -> Iterator[Article | Failure]:
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            identity = Identity.of(item)
            with lock:
                reason = in_flight.reason(identity) or store.known(identity)
                if reason is None:
                    in_flight.add(identity)
                else:
                    summary.skipped[reason] = summary.skipped.get(reason, 0) + 1
            if reason is None:
                yield item
            else:
                log.debug("%s: skipped, already stored (%s)", item.id, reason)
                if progress:
                    progress(summary)

    def store_batch(batch: list[Outcome]) -> None:
        with store.transaction():
            for outcome in batch:
                with lock:
                    identity = in_flight.pop(outcome.article.id) if outcome.article.text else None
                    _tally(summary, store.add_outcome(outcome, identity))
                    for warning in outcome.warnings:
                        summary.warnings += 1
                        if len(summary.first_warnings) < MAX_FAILURES_SHOWN:
                            summary.first_warnings.append(f"{outcome.article.id}: {warning}")
        if progress:
            progress(summary)

    # Outcomes are gathered while the workers extract, then written in one short transaction,
    # so the database is locked for writing only while a batch is written.
    batch: list[Outcome] = []
    started = time.monotonic()
    try:
        for outcome in runner.run(unseen(), workers=workers):
            batch.append(outcome)
            if len(batch) >= commit_every or time.monotonic() - started >= commit_seconds:
                store_batch(batch)
                batch, started = [], time.monotonic()
    except KeyboardInterrupt:
        store_batch(batch)  # keep what was extracted before the interrupt
        raise
    store_batch(batch)
    summary.events_stored = store.count()
    return summary


def _tally(summary: IngestSummary, added: Added) -> None:
    if added.failure is not None:
        reason = added.failure.reason
        summary.failures[reason] = summary.failures.get(reason, 0) + 1
        if len(summary.first_failures) < MAX_FAILURES_SHOWN:
            summary.first_failures.append(added.failure)
    elif added.skipped is not None:
        summary.skipped[added.skipped] = summary.skipped.get(added.skipped, 0) + 1
    else:
        summary.articles_new += 1
        summary.near_duplicates += added.near_duplicate
        summary.events_new += added.new_events
        summary.events_merged += added.merged_events
