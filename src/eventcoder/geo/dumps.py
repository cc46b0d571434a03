"""Reading GeoNames dump files (allCountries.txt, or a country file such as VE.txt): the standard
19-column, tab-separated format documented at https://download.geonames.org/export/dump/."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import GazetteerError

log = logging.getLogger(__name__)

COLUMNS = 19


@dataclass(frozen=True, slots=True)
class DumpRow:
    """The columns of one GeoNames record that the gazetteer uses."""

    geonameid: int
    name: str
    ascii_name: str
    alternate_names: tuple[str, ...]
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin2_code: str
    population: int


def read_dump(path: Path) -> Iterator[DumpRow]:
    """The records of a GeoNames dump file. GazetteerError names the file and line when the file
    cannot be read or a line is not a GeoNames record."""
    try:
        handle = path.open(encoding="utf-8", newline="\n")
    except OSError as err:
        raise GazetteerError(f"cannot read GeoNames file {path}: {err.strerror or err}") from err
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                yield _parse(line.rstrip("\r\n").split("\t"), path, number)
        except UnicodeDecodeError as err:
            raise GazetteerError(f"{path}: not a UTF-8 GeoNames file ({err.reason})") from err


def _parse(cols: list[str], path: Path, number: int) -> DumpRow:
    if len(cols) != COLUMNS:
        raise GazetteerError(
            f"{path}, line {number}: expected the {COLUMNS} tab-separated columns of a GeoNames "
            f"dump (allCountries.txt format), found {len(cols)}"
        )
    try:
        return DumpRow(
            geonameid=int(cols[0]),
            name=cols[1],
            ascii_name=cols[2],
            alternate_names=tuple(n for n in cols[3].split(",") if n),
            latitude=_coordinate(cols[4], 90.0),
            longitude=_coordinate(cols[5], 180.0),
            feature_class=cols[6],
            feature_code=cols[7],
            country_code=cols[8],
            admin1_code=cols[10],
            admin2_code=cols[11],
            population=int(cols[14] or 0),
        )
    except ValueError as err:
        raise GazetteerError(f"{path}, line {number}: not a GeoNames record ({err})") from err


def _coordinate(text: str, limit: float) -> float:
    value = float(text)
    if not -limit <= value <= limit:
        raise ValueError(f"coordinate {text} out of range")
    return value
