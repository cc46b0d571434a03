"""The gazetteer's compiled form (``Tables``: flat columns and two name indexes) and the builder
that fills it, either from nothing or on top of compiled tables (a user's dump files)."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..codebook.names import is_latin, name_key, sound_key

# What an entry is. Countries and divisions are entries too, so "Idlib" can name the province.
PLACE, ADMIN1, ADMIN2, COUNTRY, FEATURE = 0, 1, 2, 3, 4
NO_ID = -1
SEAT_MIN_POPULATION = 5000  # a namesake smaller than this is a village, not the division's seat

Ids = int | tuple[int, ...]  # one entry id, or several: most names are unique, so ints save space

# Genitive words a unit word leaves at the front of a division name ("Partido de La Matanza").
_LEFT_BY_UNIT = frozenset({"de", "del", "do", "da", "dos", "das", "di", "du", "des"})


@dataclass(slots=True)
class Tables:
    """The compiled gazetteer: parallel columns indexed by entry id, and the name indexes."""

    names: list[str]  # ASCII, as ACLED writes place names
    kinds: bytes  # PLACE, ADMIN1, ...
    countries: list[str]  # ISO3 codes; ``country`` holds indexes into it
    country: array  # 'H'
    admin1: array  # 'i': entry id of the first-level division, or NO_ID
    admin2: array  # 'i'
    lat: array  # 'd', NaN when unknown
    lon: array  # 'd'
    population: array  # 'q'
    geonameids: array  # 'q', 0 when none
    seat: array  # 'i': for a division, the entry of the place whose coordinates it has; else NO_ID
    division_codes: dict[str, int]  # GeoNames division code ("SY.12", "MX.11.007") -> entry id
    index: dict[str, Ids]  # name key (names.name_key) -> entry ids
    sounds: dict[str, Ids]  # names.sound_key -> ids of places and divisions


def as_tuple(ids: Ids | None) -> tuple[int, ...]:
    if ids is None:
        return ()
    return (ids,) if isinstance(ids, int) else ids


def _pack(ids: set[int]) -> Ids:
    return min(ids) if len(ids) == 1 else tuple(sorted(ids))


class TableBuilder:
    """Columns and names being compiled. Built on ``base`` tables, it copies their columns and
    only indexes the new names, so adding a dump file costs seconds, not a full compile."""

    def __init__(self, admin_words: Sequence[str], base: Tables | None = None) -> None:
        self.admin_word_keys = frozenset(name_key(w) for w in admin_words)
        self.admin_words = sorted(self.admin_word_keys, key=len, reverse=True)
        self.keys: dict[str, set[int]] = defaultdict(set)  # names added here
        if base is None:
            self.base_index: dict[str, Ids] = {}
            self.base_sounds: dict[str, Ids] = {}
            self.names: list[str] = []
            self.kinds = bytearray()
            self.countries: list[str] = []
            self.country, self.admin1, self.admin2 = array("H"), array("i"), array("i")
            self.lat, self.lon, self.population = array("d"), array("d"), array("q")
            self.geonameids, self.seat = array("q"), array("i")
            self.division_codes: dict[str, int] = {}
            self.touched: set[int] | None = None  # every division's seat is computed
        else:
            self.base_index, self.base_sounds = base.index, base.sounds
            self.names, self.kinds, self.countries = list(base.names), bytearray(base.kinds), list(base.countries)
            for column in ("country", "admin1", "admin2", "lat", "lon", "population", "geonameids", "seat"):
                setattr(self, column, array(getattr(base, column).typecode, getattr(base, column)))
            self.division_codes = dict(base.division_codes)
            self.touched = set()  # divisions that gain places
        self.country_ids = {iso3: i for i, iso3 in enumerate(self.countries)}
        self.by_geonameid = {gid: entry for entry, gid in enumerate(self.geonameids) if gid}

    def add(self, name: str, kind: int, iso3: str, admin1: int, admin2: int, lat: float, lon: float,
            population: int, geonameid: int = 0) -> int:  # fmt: skip
        if iso3 not in self.country_ids:
            self.country_ids[iso3] = len(self.countries)
            self.countries.append(iso3)
        entry = len(self.names)
        self.names.append(name)
        self.kinds.append(kind)
        self.country.append(self.country_ids[iso3])
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(max(0, population))
        self.geonameids.append(geonameid)
        self.seat.append(NO_ID)
        if geonameid:
            self.by_geonameid[geonameid] = entry
        if self.touched is not None:
            self.touched.update(d for d in (admin1, admin2) if d != NO_ID)
        return entry

    def index(self, entry: int, names: Iterable[str]) -> None:
        for name in names:
            if name and is_latin(name) and not _is_code(name):
                key = name_key(name)
                if len(key) >= 2 and not key.isdigit():
                    self.keys[key].add(entry)

    def core(self, name: str) -> str:
        """A division's name without its unit words: "Estado de Guanajuato" -> "guanajuato",
        "Partido de La Matanza" -> "la matanza" (the "de" a unit word leaves behind goes too)."""
        key = f" {name_key(name)} "
        for word in self.admin_words:
            key = key.replace(f" {word} ", " ")
        core = key.strip()
        if core != name_key(name):
            head, _, rest = core.partition(" ")
            if head in _LEFT_BY_UNIT and rest:
                return rest
        return core

    def place_division_seats(self) -> None:
        """Give each division the coordinates of its seat (codebook 5: an event known only by
        province is placed at the provincial capital). GeoNames' capital flags are not in
        cities500, so the seat is the place inside the division that carries its name ("Idlib"
        in Idlib province) if it is a town of some size, else the division's most populous place."""
        only = self.touched
        division_keys: dict[int, set[str]] = defaultdict(set)
        indexes = [(k, as_tuple(v)) for k, v in self.base_index.items()] if only else []
        for key, ids in [*indexes, *self.keys.items()]:
            for entry in ids:
                if self.kinds[entry] in (ADMIN1, ADMIN2) and (only is None or entry in only):
                    division_keys[entry].add(key)
        largest: dict[int, tuple[int, int]] = {}  # division -> (population, -entry)
        named: dict[int, tuple[int, int]] = {}
        for entry, kind in enumerate(self.kinds):
            if kind != PLACE:
                continue
            rank = (self.population[entry], -entry)
            for division in (self.admin1[entry], self.admin2[entry]):
                if division == NO_ID or (only is not None and division not in only):
                    continue
                if division not in largest or rank > largest[division]:
                    largest[division] = rank
                if name_key(self.names[entry]) in division_keys[division] and rank > named.get(division, (-1, 0)):
                    named[division] = rank
        for division, (population, negative_entry) in largest.items():
            if division in named and named[division][0] >= max(SEAT_MIN_POPULATION, population // 10):
                population, negative_entry = named[division]
            seat = -negative_entry
            self.lat[division], self.lon[division] = self.lat[seat], self.lon[seat]
            self.population[division] = population
            self.seat[division] = seat

    def tables(self) -> Tables:
        index = dict(self.base_index)
        sounds: dict[str, set[int]] = defaultdict(set)
        for key, ids in self.keys.items():
            merged = ids.union(as_tuple(index.get(key)))
            index[key] = _pack(merged)
            named = [i for i in merged if self.kinds[i] != COUNTRY]
            if named:
                sounds[sound_key(key)].update(named)
        sound_index = dict(self.base_sounds)
        for key, ids in sounds.items():
            sound_index[key] = _pack(ids.union(as_tuple(sound_index.get(key))))
        return Tables(
            self.names, bytes(self.kinds), self.countries, self.country, self.admin1, self.admin2, self.lat,
            self.lon, self.population, self.geonameids, self.seat, self.division_codes, index, sound_index,
        )  # fmt: skip


def _is_code(name: str) -> bool:
    """Airport and other codes among GeoNames' alternate names ("PMF", "LHR"): not names."""
    return len(name) <= 4 and name.isupper()
