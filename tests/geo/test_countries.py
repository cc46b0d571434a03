import pytest

from eventcoder.codebook.countries import country_name, iso3_of


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("COD", "Democratic Republic of Congo"),
        ("COG", "Republic of Congo"),
        ("PSE", "Palestine"),
        ("IRN", "Iran"),
        ("RUS", "Russia"),
        ("SYR", "Syria"),
        ("VEN", "Venezuela"),
        ("BOL", "Bolivia"),
        ("TZA", "Tanzania"),
        ("KOR", "South Korea"),
        ("CIV", "Ivory Coast"),
        ("SWZ", "eSwatini"),
        ("CZE", "Czech Republic"),
        ("TUR", "Turkey"),
        ("LAO", "Laos"),
        ("VNM", "Vietnam"),
        ("MDA", "Moldova"),
        ("XKX", "Kosovo"),
    ],
)
def test_country_names_are_acleds(iso3, name):
    assert country_name(iso3) == name


def test_unknown_code_is_a_key_error():
    with pytest.raises(KeyError):
        country_name("XXX")


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("DRC", "COD"),
        ("DR Congo", "COD"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("UK", "GBR"),
        ("Iran, Islamic Republic of", "IRN"),
        ("ivory coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Swaziland", "SWZ"),
        ("UKR", "UKR"),
        ("Ukrainian", "UKR"),
        ("Afghan", "AFG"),
        ("Afghans", "AFG"),
        ("Israeli", "ISR"),
        ("Saudi", "SAU"),
        ("Congolese", "COD"),
        ("Emirati", "ARE"),
        ("Filipino", "PHL"),
        ("Burkinabe", "BFA"),
        ("Nigerien", "NER"),
        ("Nigerian", "NGA"),
        ("South Sudanese", "SSD"),
        ("Palestinians", "PSE"),
    ],
)
def test_iso3_of_names_variants_and_demonyms(text, iso3):
    assert iso3_of(text) == iso3


@pytest.mark.parametrize("text", ["Houthi", "Kashmiri", "Kurdish", "Pashtun", "police", ""])
def test_words_that_name_no_country(text):
    assert iso3_of(text) is None


def test_every_theatre_is_a_known_groups_divisions(gazetteer):
    from eventcoder.codebook.countries import load_countries
    from eventcoder.geo.tables import ADMIN1

    table = load_countries()
    assert table.theatres
    for group, divisions in table.theatres.items():
        iso3 = table.groups[group]  # a theatre belongs to a group of one country
        for division in divisions:
            assert any(e.iso3 == iso3 and gazetteer.kind(e.id) == ADMIN1 for e in gazetteer.lookup(division)), division
