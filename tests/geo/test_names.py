from eventcoder.codebook.names import ascii_name, is_latin, name_key, sound_key


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("São Gonçalo") == name_key("SAO GONCALO") == name_key("Sao Goncalo") == "sao goncalo"
    assert name_key("Deir-ez-Zor") == "deir ez zor"
    assert name_key("Ma’rib") == name_key("Ma'rib") == name_key("Marib") == "marib"
    assert name_key("Tərtər") == "tartar"
    assert name_key("Łódź") == "lodz"


def test_ascii_name_keeps_case_and_hyphens():
    assert ascii_name("São Gonçalo") == "Sao Goncalo"
    assert ascii_name("Ivano-Frankivsk") == "Ivano-Frankivsk"


def test_non_latin_names_are_not_latin():
    assert is_latin("Київ") is False
    assert is_latin("Ḩalab") is True


def test_sound_key_joins_transliterations_and_not_different_names():
    assert sound_key(name_key("Tal Tamer")) == sound_key(name_key("Tall Tamr"))
    assert sound_key(name_key("Al-Hasakeh")) == sound_key(name_key("Hasakah"))
    assert sound_key(name_key("Ein Issa")) == sound_key(name_key("Ayn Isa"))
    assert sound_key(name_key("Kabul")) != sound_key(name_key("Kirkuk"))
