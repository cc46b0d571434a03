"""What toponym recognition finds in an article: place names (``Mention``) and countries named
directly, through their people or through organisations that act only there (``CountryMention``).
Indexes are spaCy token indexes into the article's Doc; character offsets index its text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in the text. Indexes are token indexes into the Doc."""

    start: int
    end: int  # exclusive
    start_char: int
    end_char: int
    text: str
    key: str
    ids: tuple[int, ...]  # gazetteer entries with this name; empty for a name we do not know
    label: str  # spaCy's entity label on the name ("" for none)
    kind: str  # what a word next to it says it is (lexicon.kind_of): "admin1", "settlement", "quarter", ...
    near: bool  # "near X", "outside X", "30 km north of X", "the area of X" (codebook 5: precision 2)
    located: bool  # a locative word before it ("in", "at", "the town of")
    variant: bool = False  # found only without its Arabic article ("Al Amir" as "Amir"): needs support
    within: tuple[int, ...] = field(default=())  # mentions named as containing it (indexes)
    part: bool = False  # named as a part of the place after it ("the X neighbourhood of Y")
    sentence: int = 0
    root: int = 0  # token index of the name's syntactic head
    dateline: bool = False  # in the dateline: where the story was filed ("DHAKA (Reuters) -")
    quoted: bool = False  # inside quotation marks: someone's words
    clause: int = 0  # token index of the verb heading its clause
    background: bool = False  # its clause is dated to another time ("an attack in Caracas last year")
    said: bool = False  # where someone spoke ("told reporters in Srinagar", "said in a statement in Gusau")


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country named, its people ("Ukrainian forces") or an organisation acting only there
    ("AMISOM"): context for resolution."""

    start_char: int
    end_char: int
    text: str
    iso3: str
    kind: str  # "country", "people" or "group"
    token: int
    dateline: bool = False  # in the dateline ("KYIV, Ukraine (AP) -"): where the story was filed
    theatre: tuple[str, ...] = ()  # a group's: the divisions it works in ("OSCE SMM": Donetsk, Luhansk)
