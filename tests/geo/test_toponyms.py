"""Toponym recognition: the names found, and what the words around them say."""

from __future__ import annotations

import pytest

from eventcoder.geo.place_mentions import Mention


def mentions(nlp, geocoder, text: str) -> dict[str, Mention]:
    found, _countries = geocoder.finder.find(nlp(text))
    return {m.text: m for m in found}


def texts(found: dict[str, Mention], mention: Mention) -> list[str]:
    by_index = list(found.values())
    return [by_index[j].text for j in mention.within]


def test_comma_and_bracket_containers(nlp, geocoder):
    found = mentions(nlp, geocoder, "Gunmen killed two men in Celaya, Guanajuato, and fled.")
    assert texts(found, found["Celaya"]) == ["Guanajuato"] and found["Celaya"].located
    found_list, _countries = geocoder.finder.find(nlp("Insurgents raided a village near Pemba (Pemba, Cabo Delgado)."))
    assert [m.text for m in found_list] == ["Pemba", "Pemba", "Cabo Delgado"]
    assert found_list[0].near and found_list[0].within == (1, 2)


def test_unit_words_and_unknown_villages(nlp, geocoder):
    found = mentions(nlp, geocoder, "Police clashed with farmers in Cuauhtemoc municipality, Chihuahua.")
    assert found["Cuauhtemoc"].kind == "admin2" and texts(found, found["Cuauhtemoc"]) == ["Chihuahua"]
    found = mentions(nlp, geocoder, "Troops burned houses in Qwertaba village of Zhari district, Kandahar.")
    village = found["Qwertaba"]
    assert village.ids == () and village.kind == "settlement"
    assert texts(found, village) == ["Zhari"] and texts(found, found["Zhari"]) == ["Kandahar"]


def test_parts_of_towns(nlp, geocoder):
    found = mentions(nlp, geocoder, "Residents protested in the Amendoeira neighbourhood of Sao Goncalo.")
    assert found["Amendoeira"].part and texts(found, found["Amendoeira"]) == ["Sao Goncalo"]
    assert not found["Sao Goncalo"].near
    found = mentions(nlp, geocoder, "Students blocked Murree road in Rawalpindi on Monday.")
    assert found["Murree"].kind == "feature" and found["Murree"].part


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Clashes were reported near Caracas on Sunday.", "Caracas"),
        ("A bomb exploded 30 km north of Kabul.", "Kabul"),
        ("Armed men were seen in the mountains outside Caracas.", "Caracas"),
        ("Shells fell in the area of Mineralne, Donetsk.", "Mineralne"),
        ("Troops advanced on the northern outskirts of Aleppo.", "Aleppo"),
    ],
)
def test_near_a_place(nlp, geocoder, text, name):
    assert mentions(nlp, geocoder, text)[name].near


def test_lists_are_not_containers(nlp, geocoder):
    found = mentions(nlp, geocoder, "Protests were held in Sidon, Tripoli and Zahle on Friday.")
    assert found["Sidon"].within == ()


def test_country_mentions(nlp, geocoder):
    doc = nlp("Ukrainian forces and AMISOM troops met US officials as the US dollar rose in Lebanon.")
    _found, countries = geocoder.finder.find(doc)
    assert [(c.text, c.iso3, c.kind) for c in countries] == [
        ("Ukrainian", "UKR", "people"),
        ("AMISOM", "SOM", "group"),
        ("US", "USA", "people"),
        ("Lebanon", "LBN", "country"),
    ]


def test_people_named_by_their_town(nlp, geocoder):
    # The small model reads "Kasoa" as a person; "residents of" says it is a place.
    found = mentions(nlp, geocoder, "On Monday, residents of Kasoa (Awutu Efutu Senya, Central) demonstrated.")
    assert found["Kasoa"].located and found["Kasoa"].ids


def test_two_places_joined_by_and(nlp, geocoder):
    # "Monterrey" is tagged a person; "municipalities" after it says it is a place, and the
    # state after the comma contains both.
    found = mentions(nlp, geocoder, "A man was found dead between Escobedo and Monterrey municipalities, Nuevo Leon.")
    assert found["Escobedo"].ids and found["Monterrey"].ids and found["Nuevo Leon"].ids


def test_a_spanish_name_written_with_a_de_it_lacks(nlp, geocoder):
    found = mentions(nlp, geocoder, "Two armed men clashed with police in Cerritos, San Luis de Potosi.")
    assert found["San Luis de Potosi"].ids


def test_an_arabic_article_read_as_at_opens_a_container(nlp, geocoder):
    found = mentions(nlp, geocoder, "Houthi forces fired machine guns at farms in Al Jabaliyah area (At Tuhayat, "
                                    "Al Hudaydah) on Monday.")
    assert texts(found, found["Al Jabaliyah"]) == ["At Tuhayat", "Al Hudaydah"] and found["Al Hudaydah"].ids


def test_a_city_and_its_district_joined_by_a_hyphen(nlp, geocoder):
    found = mentions(nlp, geocoder, "Opposition supporters demonstrated in Belgrade-Stari Grad, Serbia, on Monday.")
    assert "Belgrade" in found and found["Belgrade"].ids
    # two towns of one country joined by a hyphen name a road between them, not a district
    found = mentions(nlp, geocoder, "Migrants protested on the Mumbai-Barwani stretch in Barwani district on Monday.")
    assert "Mumbai" not in found and found["Barwani"].ids


def test_a_division_written_with_its_article_joined_on(nlp, geocoder):
    # "Almargeb" is how Libyan reports write the district GeoNames calls Al Marqab.
    doc = nlp("Shells fired by LNA forces fell in Bir at Tutah (Almargeb) on Monday.")
    context = geocoder.context(doc)
    chosen = {m.text: e for m, e in zip(context.mentions, context.choice, strict=True)}
    assert geocoder.gazetteer.name_of(chosen["Almargeb"]) == "Al Marqab"
