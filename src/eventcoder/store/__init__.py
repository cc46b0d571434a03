"""The embedded event database: articles, one event per happening, the links between them
with their evidence, and failures, in one SQLite file.

    Store            open, write (add_outcome) and query (events, event, count, stats, failures)
    EventFilter      which events: country, dates, type, actor, bbox, fatalities, paging
    StoredEvent      a merged event and its Sources
    ingest           inputs -> pipeline -> store, skipping what is stored, committing in batches
"""

from __future__ import annotations

from .db import DEFAULT_PATH, Added, Identity, Store
from .ingest import IngestSummary, ingest
from .records import Bucket, EventFilter, Source, Stats, StoredEvent, StoredFailure
from .schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "Added",
    "Bucket",
    "EventFilter",
    "Identity",
    "IngestSummary",
    "Source",
    "Stats",
    "Store",
    "StoredEvent",
    "StoredFailure",
    "ingest",
]
