"""The Store: one SQLite file holding articles, events, their links and failures.

    with Store.open("eventcoder.db") as store:
        store.add_outcome(outcome)                 # one article and its events, atomically
        for stored in store.events(EventFilter(country="Sudan", min_fatalities=1)):
            print(stored.event.event_date, stored.event.location, len(stored.sources))

The file is in WAL mode, so readers (another process, the HTTP API) read while an ingest
writes; each article is written with its events in one transaction, so a killed process leaves
no half-written article. ``synchronous=NORMAL``: a committed transaction survives the process
being killed; only a power cut can lose the last commits (never corrupt the file).

A Store may be shared between threads when calls are not concurrent; ``ingest`` does this.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Concatenate, ParamSpec, TypeVar

from ..dedup import Report
from ..dedup.neardup import NEAR_DUPLICATE_SIMILARITY, MinHasher, content_hash
from ..errors import StoreError
from ..models import Article, Event, Failure, Outcome
from . import queries
from .merging import (
    NewReport,
    event_decoder,
    join_components,
    place,
    remerge,
    report_columns,
    stories_spanning,
)
from .records import EventFilter, Stats, StoredEvent, StoredFailure
from .rows import date_of
from .schema import migrate
from .urls import normalise_url

log = logging.getLogger(__name__)

DEFAULT_PATH = Path("eventcoder.db")
# Band keys two articles must share to be compared (see _near_duplicate_stories).
MIN_SHARED_BANDS = 2
READ_MMAP_BYTES = 1 << 30  # read-only Stores map up to this much of the file (address space, not memory)
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Identity:
    """What makes two articles the same article: the id, the URL, the normalised content."""

    article_id: str
    url: str | None
    content_hash: str

    @classmethod
    def of(cls, article: Article) -> Identity:
        return cls(article.id, normalise_url(article.url) if article.url else None, content_hash(article.text))


@dataclass(frozen=True, slots=True)
class Added:
    """What storing one outcome did: ``skipped`` names why an article was not stored (it
    already was); ``new_events`` is how many more events the database holds after storing it,
    and ``merged_events`` how many of its events did not add one (they merged with another
    article's): together, its events. A report that joins an event can push out one that
    disagrees with it, into an event of its own, so ``new_events`` can exceed the article's
    events (and ``merged_events`` be negative). ``near_duplicate`` is true when the article is a
    version of a stored story."""

    failure: Failure | None = None
    skipped: str | None = None
    new_events: int = 0
    merged_events: int = 0
    near_duplicate: bool = False


class Store:
    """An eventcoder database. Open with ``Store.open(path)``; use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: str, *, readonly: bool = False) -> None:
        self._connection = connection
        self.path = path
        self.readonly = readonly
        self._hasher = MinHasher()
        self._decode = event_decoder()
        self._lock = threading.RLock()
        self._depth = 0

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, readonly: bool = False, timeout: float = 30.0) -> Store:
        """Open (creating and migrating if needed) the database at ``path``. ``readonly`` opens an
        existing database for reading only. ``timeout``: seconds to wait for another writer."""
        name = str(path)
        try:
            if readonly:
                if not Path(name).exists():
                    raise StoreError(f"{name}: no such database")
                connection = sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                                             isolation_level=None, check_same_thread=False)
            else:
                connection = sqlite3.connect(name, timeout=timeout, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal" and name != ":memory:":
                    log.warning("%s: journal mode is %s, not WAL; readers may wait for writers", name, mode)
                connection.execute("PRAGMA synchronous = NORMAL")
                migrate(connection, path=name)
            else:
                # Read pages from a memory map of the file rather than copying each through a
                # read() call: a fifth less time per API read on the load test's 100k events.
                connection.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES:d}")
                from .schema import SCHEMA_VERSION, schema_version
                if schema_version(connection) != SCHEMA_VERSION:
                    raise StoreError(f"{name}: schema version {schema_version(connection)}; this eventcoder "
                                     f"reads version {SCHEMA_VERSION} (open it once for writing to migrate)")
        except sqlite3.Error as error:
            raise StoreError(f"{name}: cannot open the database: {error}") from error
        return cls(connection, name, readonly=readonly)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one transaction (nested calls become savepoints). Committed when the
        block ends, rolled back if it raises. Other threads may read through this Store during
        the block (they see its writes); only one thread may write."""
        with self._lock:
            self._depth += 1
            depth = self._depth
            self._execute("BEGIN IMMEDIATE" if depth == 1 else f"SAVEPOINT s{depth}")
        try:
            yield
        except BaseException:
            with self._lock:
                self._execute("ROLLBACK" if depth == 1 else f"ROLLBACK TO s{depth}")
                if depth > 1:
                    self._execute(f"RELEASE s{depth}")
            raise
        else:
            with self._lock:
                self._execute("COMMIT" if depth == 1 else f"RELEASE s{depth}")
        finally:
            with self._lock:
                self._depth -= 1

    def _execute(self, sql: str) -> None:
        try:
            self._connection.execute(sql)
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: {error}") from error

    # -- writing --------------------------------------------------------------------------------------
    def known(self, identity: Identity) -> str | None:
        """Why an article with this identity is already stored ("same id", "same URL",
        "same content"), or None if it is not."""
        with self._lock:
            row = self._connection.execute(
                "SELECT CASE WHEN article_id = ? THEN 'same id' WHEN url = ? THEN 'same URL' ELSE 'same content' END "
                "FROM articles WHERE article_id = ? OR url = ? OR content_hash = ? "
                "ORDER BY (article_id = ?) DESC, (url = ?) DESC LIMIT 1",
                (identity.article_id, identity.url, identity.article_id, identity.url, identity.content_hash,
                 identity.article_id, identity.url)).fetchone()
            return row[0] if row else None

    def add_failure(self, failure: Failure) -> None:
        """Record an input that could not be stored (once per source and reason)."""
        with self._lock, self._writing():
            self._connection.execute("INSERT OR IGNORE INTO failures (source, reason, first_seen) VALUES (?, ?, ?)",
                                     (failure.source, failure.reason, _now()))

    def add_outcome(self, outcome: Outcome, identity: Identity | None = None) -> Added:
        """Store what the pipeline made of one article: the article and its events (merged with
        the events of other articles that report the same happenings), or its failure. The
        article is skipped if it is already stored. Atomic: all of it is written, or none."""
        if outcome.failure is not None:
            self.add_failure(outcome.failure)
            return Added(failure=outcome.failure)
        article = outcome.article
        identity = identity or Identity.of(article)
        with self._lock:
            if reason := self.known(identity):
                return Added(skipped=reason)
            try:
                with self.transaction():
                    return self._insert(article, identity, outcome.events)
            except sqlite3.IntegrityError:  # another process stored it meanwhile
                return Added(skipped=self.known(identity) or "stored meanwhile")
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: cannot store {article.id}: {error}") from error

    def _insert(self, article: Article, identity: Identity, events: tuple[Event, ...]) -> Added:
        c = self._connection
        signature = self._hasher.signature(article.text)
        bands = self._hasher.band_keys(signature)
        stories = sorted(self._near_duplicate_stories(signature, bands))
        story = min([identity.content_hash, *stories])
        rejoined = stories_spanning(c, stories)  # before the stories are relabelled as one
        cursor = c.execute(
            "INSERT INTO articles (article_id, url, content_hash, story, signature, title, published, outlet, "
            "text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, identity.url, identity.content_hash, story, signature, article.title,
             article.published.isoformat() if article.published else None, article.source, article.text, _now()))
        row = int(cursor.lastrowid or 0)
        c.executemany("INSERT INTO article_bands (band_key, article) VALUES (?, ?)", [(key, row) for key in bands])
        relabelled = sorted(s for s in stories if s != story)
        for old in relabelled:
            c.execute("UPDATE articles SET story = ? WHERE story = ?", (story, old))
        c.execute("DELETE FROM failures WHERE source = ?", (article.id,))
        new = []
        for rank, event in enumerate(events):
            columns = report_columns(event)
            cursor = c.execute(
                "INSERT INTO reports (report_id, article, rank, event, component, family, iso3, date_ordinal, "
                "time_precision, latitude, longitude, geo_precision, place_key, record, evidence) VALUES "
                "(:report_id, :article, :rank, :report_id, 0, :family, :iso3, :date_ordinal, :time_precision, "
                ":latitude, :longitude, :geo_precision, :place_key, :record, :evidence)",
                {**columns, "report_id": event.event_id, "article": row, "rank": rank})
            report_row = int(cursor.lastrowid or 0)
            c.execute("UPDATE reports SET component = id WHERE id = ?", (report_row,))
            new.append(NewReport(report_row, Report(event, story, article.published)))
        remerge(c, rejoined, self._decode)  # rewrites events in place: no change in their number
        by_component: dict[int, list[Report]] = {}
        for component, report in join_components(c, new, row, self._decode):
            by_component.setdefault(component, []).append(report)
        # Counted as rows of the events table, not by which event each report landed in: placing
        # a report can regroup others (see merging.place), and the summary must add up to the table.
        added = sum(place(c, component, reports, self._decode) for component, reports in sorted(by_component.items()))
        return Added(new_events=added, merged_events=len(new) - added, near_duplicate=bool(stories))

    def _near_duplicate_stories(self, signature: bytes, bands: list[int]) -> set[str]:
        """The stories of stored articles whose text is nearly the same as this signature's.

        Candidates share at least two band keys (an article at the similarity threshold shares
        about four): formulaic reports ("On 2 May, protesters in X...") share single bands by
        the thousand, and comparing them all would make ingestion quadratic."""
        marks = ",".join("?" * len(bands))
        rows = self._connection.execute(
            f"SELECT a.story, a.signature FROM articles a JOIN (SELECT article FROM article_bands "
            f"WHERE band_key IN ({marks}) GROUP BY article HAVING count(*) >= ?) c ON c.article = a.id",
            [*bands, MIN_SHARED_BANDS]).fetchall()
        return {story for story, other in rows
                if self._hasher.similarity(signature, other) >= NEAR_DUPLICATE_SIMILARITY}

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: {error}") from error

    # -- reading --------------------------------------------------------------------------------------
    def events(self, criteria: EventFilter | None = None) -> Iterator[StoredEvent]:
        """The events matching ``criteria`` (all by default), ordered by date then id, each with
        its sources."""
        try:
            yield from queries.iter_events(self._connection, criteria or EventFilter())
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: {error}") from error

    def event(self, event_id: str) -> StoredEvent | None:
        """One event, by its id or the id any of its sources gave it; None if unknown."""
        return self._read(queries.get_event, event_id)

    def count(self, criteria: EventFilter | None = None) -> int:
        return self._read(queries.count, criteria or EventFilter())

    def stats(self, criteria: EventFilter | None = None) -> Stats:
        return self._read(queries.stats, criteria or EventFilter())

    def failures(self) -> list[StoredFailure]:
        return self._read(lambda connection: list(queries.iter_failures(connection)))

    def article(self, article_id: str) -> Article | None:
        """A stored article, with the text its sources' evidence offsets point into."""
        row = self._read(lambda connection: connection.execute(
            "SELECT article_id, text, title, published, url, outlet FROM articles WHERE article_id = ?",
            (article_id,)).fetchone())
        if row is None:
            return None
        return Article(id=row[0], text=row[1], title=row[2], published=date_of(row[3]), url=row[4], source=row[5])

    def _read(self, query: Callable[Concatenate[sqlite3.Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock:
            try:
                return query(self._connection, *args, **kwargs)
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: {error}") from error


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
