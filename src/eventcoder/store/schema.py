"""The database's schema, as numbered migrations.

``PRAGMA user_version`` holds the number of the last migration applied; ``migrate`` applies the
ones after it, in order, each in its own transaction together with the new version number, so
a database is always at exactly one version. A migration is never edited once released: a
change to the schema is a new function appended to MIGRATIONS.

Tables (version 5):

    articles   one row per stored article: its id, URL, normalised-content hash, text, and the
               story (near-duplicate group) it belongs to, with its MinHash signature
    article_bands   the signature's band keys, to find near-duplicates by index
    reports    one row per event an article gave (the extractor's Event as JSON, its evidence
               apart): the article<->event link; ``event`` names the merged event it belongs to,
               ``component`` the reports it is connected to (see merging.py)
    events     one row per happening: the merged event, the range of fatalities reported, and
               how many sources reported it
    failures   inputs that could not be stored, with the reason
    actors     every actor name an event has had (names are kept when their events go)
    event_actors    which events name which actor, in any of the four actor columns; kept in
               step with ``events`` by triggers, so the actor filter looks names up in
               ``actors`` instead of scanning every event's four columns
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ..errors import StoreError

_V1 = """
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    article_id    TEXT NOT NULL UNIQUE,
    url           TEXT UNIQUE,
    content_hash  TEXT NOT NULL UNIQUE,
    story         TEXT NOT NULL,
    signature     BLOB NOT NULL,
    title         TEXT,
    published     TEXT,
    outlet        TEXT,
    text          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_story ON articles (story);

CREATE TABLE article_bands (
    band_key  INTEGER NOT NULL,
    article   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_bands_key ON article_bands (band_key);

CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    report_id       TEXT NOT NULL UNIQUE,
    article         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    rank            INTEGER NOT NULL,
    event           TEXT NOT NULL,
    component       INTEGER NOT NULL,
    family          TEXT NOT NULL,
    iso3            TEXT,
    date_ordinal    INTEGER,
    time_precision  INTEGER NOT NULL,
    latitude        REAL,
    longitude       REAL,
    geo_precision   INTEGER,
    place_key       TEXT,
    record          TEXT NOT NULL
);
CREATE INDEX reports_block ON reports (family, iso3, date_ordinal);
CREATE INDEX reports_event ON reports (event);
CREATE INDEX reports_component ON reports (component);
CREATE INDEX reports_article ON reports (article);

CREATE TABLE events (
    event_id        TEXT PRIMARY KEY,
    event_date      TEXT,
    time_precision  INTEGER NOT NULL,
    event_type      TEXT NOT NULL,
    sub_event_type  TEXT NOT NULL,
    actor1          TEXT,
    actor2          TEXT,
    assoc_actor_1   TEXT,
    assoc_actor_2   TEXT,
    inter1          INTEGER NOT NULL,
    inter2          INTEGER NOT NULL,
    country         TEXT,
    iso3            TEXT,
    admin1          TEXT,
    admin2          TEXT,
    location        TEXT,
    latitude        REAL,
    longitude       REAL,
    geo_precision   INTEGER,
    fatalities      INTEGER NOT NULL,
    fatalities_min  INTEGER,
    fatalities_max  INTEGER,
    injuries        INTEGER,
    arrests         INTEGER,
    confidence      REAL NOT NULL,
    lead_report     TEXT NOT NULL,
    n_sources       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_iso3_date ON events (iso3, event_date);
CREATE INDEX events_type_date ON events (event_type, event_date);
CREATE INDEX events_fatalities ON events (fatalities);

CREATE TABLE failures (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    UNIQUE (source, reason)
);
"""


def _v1_initial(connection: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            connection.execute(statement)


def _v2_evidence_apart_and_date_sweep(connection: sqlite3.Connection) -> None:
    """Reports keep their evidence in a column of its own (grouping reads every record of a
    place, never the evidence); an index for the country filter; and the events grouped again,
    since dedup now sweeps reports by date (see eventcoder.dedup)."""
    from .merging import regroup_all

    connection.execute("ALTER TABLE reports ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]'")
    connection.execute("UPDATE reports SET evidence = coalesce(json_extract(record, '$.evidence'), '[]'), "
                       "record = json_set(record, '$.evidence', json('[]'))")
    connection.execute("CREATE INDEX IF NOT EXISTS events_country_date ON events (country COLLATE NOCASE, event_date)")
    regroup_all(connection)


def _v3_box_index(connection: sqlite3.Connection) -> None:
    """An index for the bbox filter (a box query scanned every event: 280 ms for 100k)."""
    connection.execute("CREATE INDEX IF NOT EXISTS events_latitude ON events (latitude, longitude)")


# The trigger bodies that keep the actor table in step with an event's actor names (SQLite
# triggers cannot share a procedure, so the text is shared here).
_LINK_NEW_ACTORS = """\
    INSERT OR IGNORE INTO actors (name)
        SELECT name FROM (SELECT new.actor1 AS name UNION ALL SELECT new.actor2 UNION ALL
                          SELECT new.assoc_actor_1 UNION ALL SELECT new.assoc_actor_2)
        WHERE name IS NOT NULL;
    INSERT OR IGNORE INTO event_actors (actor, event_id)
        SELECT id, new.event_id FROM actors
        WHERE name IN (new.actor1, new.actor2, new.assoc_actor_1, new.assoc_actor_2);
"""
_UNLINK_OLD_ACTORS = """\
    DELETE FROM event_actors WHERE event_id = old.event_id AND actor IN (
        SELECT id FROM actors WHERE name IN (old.actor1, old.actor2, old.assoc_actor_1, old.assoc_actor_2));
"""

_V4 = f"""
DROP INDEX events_date;
DROP INDEX events_iso3_date;
DROP INDEX events_type_date;
DROP INDEX events_fatalities;
DROP INDEX events_country_date;
DROP INDEX events_latitude;
CREATE INDEX events_date ON events (event_date, event_id, fatalities);
CREATE INDEX events_iso3_date ON events (iso3, event_date, event_id, fatalities);
CREATE INDEX events_type_date ON events (event_type, event_date, event_id, fatalities);
CREATE INDEX events_sub_type_date ON events (sub_event_type, event_date, event_id, fatalities);
CREATE INDEX events_fatalities ON events (fatalities, event_date);
CREATE INDEX events_country_iso3 ON events (country COLLATE NOCASE, iso3);
CREATE INDEX events_country ON events (country, fatalities);
CREATE INDEX events_latitude ON events (latitude, longitude, event_date);

CREATE TABLE actors (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);
CREATE TABLE event_actors (
    actor     INTEGER NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (actor, event_id)
) WITHOUT ROWID;

CREATE TRIGGER events_actors_insert AFTER INSERT ON events BEGIN
{_LINK_NEW_ACTORS}END;
CREATE TRIGGER events_actors_delete AFTER DELETE ON events BEGIN
{_UNLINK_OLD_ACTORS}END;
CREATE TRIGGER events_actors_update AFTER UPDATE OF event_id, actor1, actor2, assoc_actor_1, assoc_actor_2
        ON events BEGIN
{_UNLINK_OLD_ACTORS}{_LINK_NEW_ACTORS}END;

INSERT INTO actors (name)
    SELECT actor1 FROM events WHERE actor1 IS NOT NULL UNION SELECT actor2 FROM events WHERE actor2 IS NOT NULL
    UNION SELECT assoc_actor_1 FROM events WHERE assoc_actor_1 IS NOT NULL
    UNION SELECT assoc_actor_2 FROM events WHERE assoc_actor_2 IS NOT NULL;
INSERT OR IGNORE INTO event_actors (actor, event_id)
    SELECT a.id, e.event_id FROM events e JOIN actors a
    ON a.name IN (e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2);
"""


def _v4_read_paths(connection: sqlite3.Connection) -> None:
    """What the API reads, made cheap (timed on the 100k events of benchmarks/loadtest.py):

    - the ordered indexes (by date; by country code, event type or sub-event type, then date)
      end with event_id, the order of every page, and carry fatalities: a page's ids, a
      min_fatalities test and the stats' sums come from the index alone, and the page reads
      its 50 rows last, not every match (queries._pages): a bbox page 25 -> 1.4 ms, a rare
      min_fatalities page 36 -> 1.2 ms; a sub-event type had no index (count 16 -> 0.6 ms);
    - (country, iso3) turns a country name into its code (queries._country: count 11 ->
      0.1 ms), (country, fatalities) serves the stats by country; the bbox index carries the date;
    - actor names in a table of their own, linked to their events by triggers: the actor
      filter read every event's four actor columns (a rare actor's page: 240 ms); it now
      matches the names and follows their links (0.1 ms; 3 ms for an actor of 3,000 events)."""
    for statement in _statements(_V4):
        connection.execute(statement)


def _statements(script: str) -> list[str]:
    """The statements of an SQL script, triggers whole (``executescript`` would commit the
    migration's transaction)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements


def _v5_stats_from_the_indexes(connection: sqlite3.Connection) -> None:
    """The ordered indexes carry the event type and country too, so the stats of a filtered
    set (a country, dates, a type) count by type and by country from the index, not from
    each event's row: a country's stats 20 -> 6 ms on the load test's 100k events."""
    for statement in (
            "DROP INDEX events_date",
            "DROP INDEX events_iso3_date",
            "DROP INDEX events_type_date",
            "DROP INDEX events_sub_type_date",
            "CREATE INDEX events_date ON events (event_date, event_id, fatalities, event_type, country)",
            "CREATE INDEX events_iso3_date ON events (iso3, event_date, event_id, fatalities, event_type, country)",
            "CREATE INDEX events_type_date ON events (event_type, event_date, event_id, fatalities, country)",
            "CREATE INDEX events_sub_type_date ON events "
            "(sub_event_type, event_date, event_id, fatalities, event_type, country)"):
        connection.execute(statement)


# Migration n (1-based) is MIGRATIONS[n - 1]. Append only.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_initial,
    _v2_evidence_apart_and_date_sweep,
    _v3_box_index,
    _v4_read_paths,
    _v5_stats_from_the_indexes,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, *, path: str) -> int:
    """Bring the database up to SCHEMA_VERSION; returns the version it was at. The connection
    must be in autocommit mode (``isolation_level=None``)."""
    start = schema_version(connection)
    if start > SCHEMA_VERSION:
        raise StoreError(f"{path}: the database is at schema version {start}, newer than this eventcoder "
                         f"knows ({SCHEMA_VERSION}); upgrade eventcoder")
    for version in range(start + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(connection) >= version:  # another process migrated meanwhile
                connection.execute("ROLLBACK")
                continue
            MIGRATIONS[version - 1](connection)
            connection.execute(f"PRAGMA user_version = {version:d}")
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            connection.execute("ROLLBACK")
            raise StoreError(f"{path}: migration {version} failed: {error}") from error
    return start
