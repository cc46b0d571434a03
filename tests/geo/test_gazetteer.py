"""The gazetteer: lookups on the real compiled data, the cache, and user GeoNames dump files.

``data/VE-sample.txt`` is a GeoNames dump in the standard 19-column format, written for these
tests: two made-up places ("La Quebradita de Prueba", a populated place; "Sabana del Ensayo",
an area), a mountain (feature class T, which the gazetteer leaves out), and Caracas's real
geonameid with one made-up alternate name.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import pytest

from eventcoder.errors import GazetteerError
from eventcoder.geo import Gazetteer, Geocoder
from eventcoder.geo.dumps import read_dump
from eventcoder.geo.gazetteer import _write_atomically, cache_path
from eventcoder.settings import Settings

SAMPLE = Path(__file__).parent / "data" / "VE-sample.txt"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def places(gazetteer: Gazetteer, name: str, iso3: str) -> list:
    return [e for e in gazetteer.lookup(name) if e.iso3 == iso3 and e.kind == "place"]


def test_lookup_ignores_case_and_accents(gazetteer):
    assert places(gazetteer, "São Gonçalo", "BRA") == places(gazetteer, "SAO GONCALO", "BRA")
    kyiv = places(gazetteer, "KYIV", "UKR")[0]
    assert km((kyiv.latitude, kyiv.longitude), (50.45, 30.52)) < 5
    assert places(gazetteer, "Kiev", "UKR")[0].id == kyiv.id  # an alternate name


def test_lookup_most_populous_first_and_unknown_empty(gazetteer):
    tripolis = [e for e in gazetteer.lookup("Tripoli") if e.kind == "place"]
    assert tripolis[0].iso3 == "LBY"
    assert {e.iso3 for e in tripolis} >= {"LBY", "LBN"}
    assert gazetteer.lookup("Qwxzvbnmtrpl") == ()


def test_places_carry_english_division_names(gazetteer):
    assert places(gazetteer, "Celaya", "MEX")[0].admin1 == "Guanajuato"
    assert places(gazetteer, "Aleppo", "SYR")[0].admin1 == "Aleppo"  # GeoNames: "Ḩalab"
    assert places(gazetteer, "Kramatorsk", "UKR")[0].admin1 == "Donetsk"  # GeoNames: "Donetska oblast"
    assert places(gazetteer, "Beirut", "LBN")[0].admin1 == "Beirut"  # GeoNames: "Bayrūt"
    assert places(gazetteer, "Morelia", "MEX")[0].admin1 == "Michoacan"  # "Michoacán de Ocampo"


def test_divisions_go_by_the_names_english_news_uses(gazetteer):
    # data/division_names.yaml: GeoNames calls it "Shabeellaha Hoose"
    assert places(gazetteer, "Marka", "SOM")[0].admin1 == "Lower Shabelle"
    for written, iso3 in (
        ("Lower Shabelle", "SOM"),
        ("Hodeidah", "YEM"),
        ("Salahuddin", "IRQ"),
        ("Karen State", "MMR"),
    ):
        assert [(e.kind, e.iso3) for e in gazetteer.lookup(written)] == [("admin1", iso3)], written
    assert gazetteer.lookup("Karen") == ()  # only with its unit word: also a people and a name


def test_divisions_sit_at_their_seat(gazetteer):
    idlib = next(e for e in gazetteer.lookup("Idlib") if e.kind == "admin1")
    assert idlib.iso3 == "SYR"
    assert km((idlib.latitude, idlib.longitude), (35.93, 36.63)) < 5  # Idlib city
    nuevo_leon = next(e for e in gazetteer.lookup("Nuevo Leon") if e.kind == "admin1")
    assert km((nuevo_leon.latitude, nuevo_leon.longitude), (25.67, -100.31)) < 15  # Monterrey
    countries = [e for e in gazetteer.lookup("Venezuela") if e.kind == "country"]
    assert countries and countries[0].latitude is None  # a country has no point


def test_cache_is_reused_not_rebuilt(settings):
    path = cache_path(settings.cache_dir)
    Gazetteer.from_settings(settings)
    before = path.stat().st_mtime_ns
    Gazetteer.from_settings(settings)
    assert path.stat().st_mtime_ns == before
    assert not list(path.parent.glob(".gazetteer-*.tmp"))


def test_atomic_write_leaves_no_partial_file(tmp_path, gazetteer):
    target = tmp_path / "gazetteer-test-base.marshal"
    _write_atomically(target, gazetteer.tables)
    assert target.stat().st_size > 1_000_000
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.fixture(scope="module")
def cache_with_base(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """A fresh cache directory holding the compiled base gazetteer (linked, not rebuilt)."""
    directory = tmp_path_factory.mktemp("cache")
    base = cache_path(settings.cache_dir)
    Gazetteer.from_settings(settings)
    try:
        os.link(base, directory / base.name)
    except OSError:
        shutil.copy(base, directory / base.name)
    return directory


@pytest.fixture(scope="module")
def with_sample(cache_with_base: Path) -> Gazetteer:
    return Gazetteer.load(cache_with_base, [SAMPLE])


def test_dump_file_adds_places_and_names(cache_with_base, with_sample):
    gazetteer = with_sample
    village = gazetteer.lookup("la quebradita de prueba")
    assert len(village) == 1
    assert (village[0].kind, village[0].iso3, village[0].admin1) == ("place", "VEN", "Distrito Capital")
    assert (village[0].latitude, village[0].longitude) == (10.50123, -66.91234)
    assert gazetteer.lookup("Sabana del Ensayo")[0].kind == "feature"
    assert gazetteer.lookup("Cerro Prueba") == ()  # mountains are left out
    caracas = places(gazetteer, "Caracas", "VEN")[0]
    assert [e.id for e in gazetteer.lookup("Santiago de Leon de Caracas Prueba")] == [caracas.id]
    assert len(gazetteer) == len(Gazetteer.load(cache_with_base)) + 2
    assert cache_path(cache_with_base, [SAMPLE]).exists()


def test_dump_file_change_gives_a_new_cache(cache_with_base, tmp_path_factory):
    copy = tmp_path_factory.mktemp("dumps") / "VE.txt"
    shutil.copy(SAMPLE, copy)
    first = cache_path(cache_with_base, [copy])
    with copy.open("a", encoding="utf-8") as handle:
        handle.write(SAMPLE.read_text(encoding="utf-8").splitlines()[0].replace("9990001", "9990009") + "\n")
    assert cache_path(cache_with_base, [copy]) != first


def test_geocoder_uses_dump_places(with_sample, nlp):
    geocoder = Geocoder(with_sample)
    doc = nlp("Residents blocked a road in La Quebradita de Prueba on Monday.")
    place = geocoder.locate(doc, doc[1])
    assert (place.iso3, place.latitude, place.longitude, place.geo_precision) == ("VEN", 10.5012, -66.9123, 1)


def test_malformed_dump_names_file_and_line(tmp_path):
    bad = tmp_path / "VE.txt"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    bad.write_text(lines[0] + "\n" + "\t".join(lines[1].split("\t")[:18]) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"VE\.txt, line 2: expected the 19 tab-separated columns"):
        list(read_dump(bad))
    bad.write_text(lines[0].replace("10.50123", "north"), encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 1: not a GeoNames record"):
        list(read_dump(bad))
    bad.write_bytes(b"\xff\xfe\x00garbage\n")
    with pytest.raises(GazetteerError, match="not a UTF-8 GeoNames file"):
        list(read_dump(bad))


def test_missing_dump_is_a_gazetteer_error(tmp_path):
    with pytest.raises(GazetteerError, match="cannot read GeoNames file"):
        Gazetteer.load(tmp_path, [tmp_path / "allCountries.txt"])


def test_unreadable_cache_is_compiled_again(cache_with_base, caplog):
    path = cache_path(cache_with_base, [SAMPLE])
    path.write_bytes(b"not a gazetteer")
    gazetteer = Gazetteer.load(cache_with_base, [SAMPLE])
    assert gazetteer.lookup("La Quebradita de Prueba")
    assert "unreadable" in caplog.text


@pytest.mark.slow
def test_two_processes_compiling_at_once_leave_one_good_file(tmp_path):
    import subprocess
    import sys

    code = "import sys; from pathlib import Path; from eventcoder.geo import Gazetteer; " \
        "print(len(Gazetteer.load(Path(sys.argv[1]))))"  # fmt: skip
    runs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    outputs = [run.communicate(timeout=600)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1] == str(len(Gazetteer.load(tmp_path)))
    assert [p.name for p in tmp_path.iterdir()] == [cache_path(tmp_path).name]
