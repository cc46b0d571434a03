"""Name keys: the accent-, case- and punctuation-insensitive form every place name is indexed
and looked up by ("São Gonçalo", "SAO GONCALO" and "Sao Goncalo" share one key), and the ASCII
spelling shown to users (ACLED writes place names without diacritics)."""

from __future__ import annotations

import re
import unicodedata

# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ə": "a",
        "Ə": "A",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ħ": "h",
        "Ħ": "H",
        "ŧ": "t",
        "Ŧ": "T",
        "ŀ": "l",
        "Ŀ": "L",
        "ɛ": "e",
        "Ɛ": "E",
        "ɔ": "o",
        "Ɔ": "O",
        "ŋ": "ng",
        "Ŋ": "Ng",
        "ʒ": "z",
    }
)
# Apostrophes and the transliteration marks for Arabic 'ayn and hamza: dropped, so that
# "Ma'rib", "Ma’rib" and "Marib" share a key.
_MARKS = re.compile(r"['’‘`´ʼʻʿʾ′ˈ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """The lookup key of a name: lower case, no accents or apostrophes, words separated by one
    space ("Deir-ez-Zor" -> "deir ez zor", "KYIV" -> "kyiv")."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
        text = decomposed.encode("ascii", "ignore").decode("ascii")  # drops the accents
    return _NON_ALNUM.sub(" ", _MARKS.sub("", text).lower()).strip()


def ascii_name(text: str) -> str:
    """The name spelled in ASCII as ACLED writes it ("São Gonçalo" -> "Sao Goncalo"), keeping
    its case, hyphens and spaces; other marks are dropped."""
    plain = _MARKS.sub("", _strip_marks(text))
    return "".join(ch for ch in plain if ch.isascii()).strip()


def is_latin(text: str) -> bool:
    """True when the name is written in Latin letters (with or without accents): only those can
    appear in English news, so names in other scripts are not indexed."""
    if text.isascii():
        return True
    decomposed = unicodedata.normalize("NFKD", _MARKS.sub("", text).translate(_LETTERS))
    return all(ch.isascii() or unicodedata.combining(ch) for ch in decomposed)


_DIGRAPHS = (
    ("kh", "K"),
    ("gh", "G"),
    ("sh", "S"),
    ("ch", "C"),
    ("zh", "J"),
    ("dh", "D"),
    ("th", "T"),
    ("ph", "f"),
    ("dj", "j"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("g", "k"),  # "Garabulli" (Libyan) for Qarabulli, "Almargeb" for Al Marqab
)
_SOFT = frozenset("aeiouyhw")  # vowels, and letters transliterations drop or add ("Hamah", "Suwayda")
_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "ed", "es", "ez", "ul"})


def sound_key(key: str) -> str:
    """A key that transliterations of one name share: consonants only (a word's first letter kept),
    doubled letters single, Arabic articles dropped ("Idleb"/"Idlib", "Tal Tamer"/"Tall Tamr",
    "Zaghniya"/"Zaghiniyah", "Al-Hasakeh"/"Hasakah"). Many names share one: use it only to
    confirm a name inside a division or country the text gives."""
    words = [w for w in key.split() if w not in _ARTICLES] or key.split()
    out = []
    for word in words:
        if word.startswith("al") and len(word) > 5 and word[2] not in "aeiouy":
            word = word[2:]  # the article written on: "Almargeb", "Aljfara"
        for digraph, letter in _DIGRAPHS:
            word = word.replace(digraph, letter)
        first = "a" if word[0] in "aeiouy" else word[0]  # "Ein"/"Ayn", "Idleb"/"Edlib"
        kept = [first] + [ch for ch in word[1:] if ch not in _SOFT]
        collapsed = [ch for i, ch in enumerate(kept) if i == 0 or ch != kept[i - 1]]
        out.append("".join(collapsed).lower())
    return "".join(out)  # word breaks vary too ("Mirpurkhas", "Mirpur Khas")
