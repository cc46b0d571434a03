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
