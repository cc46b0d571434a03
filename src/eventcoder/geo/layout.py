"""How a news article is laid out, as far as where its event happened is concerned: the headline,
the dateline, the lead paragraph, quotations and background passages.

    DHAKA, March 3 (Reuters) - Police opened fire on farmers ... in northern Bangladesh ...

A dateline ("CITY (Agency) -", "CITY, Country, Month Day (Agency) -", "CITY —") says where the
story was filed, not where its event happened; the agency in it is no place ("(AP)" is not Andhra
Pradesh). The lead paragraph (the first paragraph of running text, after the headline and page
furniture) says where the main event happened. A place named only inside quotation marks, or in a
sentence about another time ("Last year, ...", "In 2019, ..."), is someone's words or the story's
background, not the event's place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..rules.places import PlaceWords
from ..syntax import entity_of

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WORD = r"[A-Z][\w'’.]*(?:[ -][A-Za-z][\w'’.]*){0,3}"
_DATELINE = re.compile(
    rf"(?P<places>{_WORD}(?:(?:, |/){_WORD}){{0,2}})"  # "KHARTOUM/CAIRO (Reuters) -" too
    rf"(?:,? (?P<date>(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})(?:,? \d{{4}})?))?"
    r" *(?P<agency>\([^()\n]{1,40}\))?"
    r" *(?P<dash>--?|–|—|:) "
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")
_LEAD_WORDS = 8  # fewer words than this is a headline or page furniture ("Share this article")
_SEARCHED = 3  # paragraphs of running text searched for the lead


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the parts of an article are. Sentence numbers are those of ``doc.sents``; spans are
    character offsets into the text."""

    headline: frozenset[int] = frozenset()  # sentences before the lead (headline, page furniture)
    lead: frozenset[int] = frozenset()  # sentences of the lead paragraph
    second: frozenset[int] = frozenset()  # sentences of the paragraph after it, which often says more
    background: frozenset[int] = frozenset()  # sentences outside the lead dated to another time
    dated: frozenset[int] = frozenset()  # sentences with a date of another time somewhere in them
    dateline: tuple[int, int] | None = None  # the place names of the dateline
    agency: tuple[int, int] | None = None  # "(Reuters)": not a place
    quotes: tuple[tuple[int, int], ...] = ()  # text inside quotation marks

    def in_dateline(self, start_char: int) -> bool:
        return self.dateline is not None and self.dateline[0] <= start_char < self.dateline[1]

    def in_agency(self, start_char: int) -> bool:
        return self.agency is not None and self.agency[0] <= start_char < self.agency[1]

    def quoted(self, start_char: int) -> bool:
        return any(start <= start_char < end for start, end in self.quotes)


NO_LAYOUT = Layout()  # a text read as one paragraph of running text, nothing set apart


def read_layout(doc: Doc, lex: PlaceWords) -> Layout:
    text = doc.text
    paragraphs = _paragraphs(text)
    starts = [sent.start_char for sent in doc.sents]
    paragraph_of = tuple(_index_of(paragraphs, start) for start in starts)
    lead = _lead(text, paragraphs)
    dateline = agency = None
    if lead is not None:
        dateline, agency = _dateline(text, paragraphs[lead][0])
    lead_sentences = frozenset(n for n, p in enumerate(paragraph_of) if p == lead)
    second = _next_running(text, paragraphs, lead)
    second_sentences = frozenset(n for n, p in enumerate(paragraph_of) if second is not None and p == second)
    headline = frozenset(n for n, p in enumerate(paragraph_of) if lead is not None and p < lead)
    dated = frozenset(
        bisect.bisect_right(starts, ent.start_char) - 1
        for ent in doc.ents
        if ent.label_ == "DATE" and is_past_date(ent, lex)
    )
    return Layout(
        headline,
        lead_sentences,
        second_sentences,
        dated - lead_sentences,
        dated,
        dateline,
        agency,
        _quotes(text, paragraphs),
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-empty lines."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _index_of(spans: list[tuple[int, int]], char: int) -> int:
    for number, (start, end) in enumerate(spans):
        if char < end:
            return number if char >= start else max(number - 1, 0)
    return len(spans) - 1


def _lead(text: str, paragraphs: list[tuple[int, int]]) -> int | None:
    """The first paragraph of running text: enough words, ending as a sentence ends."""
    searched = 0
    for number, (start, end) in enumerate(paragraphs):
        words = text[start:end].split()
        if len(words) >= _LEAD_WORDS and _SENTENCE_END.search(text[start:end]):
            return number
        if len(words) >= _LEAD_WORDS:
            searched += 1
            if searched >= _SEARCHED:
                break
    return 0 if paragraphs else None


def _next_running(text: str, paragraphs: list[tuple[int, int]], lead: int | None) -> int | None:
    """The first paragraph of running text after the lead, or None."""
    if lead is None:
        return None
    for number in range(lead + 1, len(paragraphs)):
        start, end = paragraphs[number]
        if len(text[start:end].split()) >= _LEAD_WORDS:
            return number
    return None


def _dateline(text: str, start: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The place names and the agency of a dateline opening the paragraph at ``start``. A line
    opening "Name - " is taken as a dateline only when the name is in capitals or an agency or a
    date follows it, and "Name: " only in capitals (not "Police: ...")."""
    lead_in = len(text[start:]) - len(text[start:].lstrip())
    match = _DATELINE.match(text, start + lead_in)
    if match is None:
        return None, None
    places = match.group("places")
    capitals = re.split(r"[,/]", places)[0].replace(" ", "").replace("-", "").replace(".", "").isupper()
    agency = match.group("agency")
    if match.group("dash") == ":":
        if not capitals:
            return None, None
    elif not (capitals or agency or match.group("date")):
        return None, None
    return match.span("places"), (match.span("agency") if agency else None)


def _quotes(text: str, paragraphs: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans inside quotation marks. A quotation left open runs to the end of its paragraph (news
    style opens each paragraph of a long quotation again without closing the one before)."""
    spans: list[tuple[int, int]] = []
    for start, end in paragraphs:
        opened = -1
        for match in re.finditer(r"[\"“”]", text[start:end]):
            at = start + match.start()
            mark = match.group()
            if opened < 0 and mark != "”":
                opened = at
            elif opened >= 0 and mark != "“":
                spans.append((opened, at + 1))
                opened = -1
        if opened >= 0:
            spans.append((opened, end))
    return tuple(spans)


def is_past_date(date: Span, lex: PlaceWords) -> bool:
    """Whether a date is another time than the story's day: "last year", "two weeks ago", "since
    2015", a year or a month alone ("in 2019", "In January"). A full date ("On 2 May 2020",
    "March 3") is an event's own day, not a background."""
    words = [w.strip(".,").lower() for w in date.text.split()]
    if any(w in lex.past_words for w in words):
        return True
    before = date.doc[date.start - 1].lower_ if date.start > 0 else ""  # "2 [May 2020]": spaCy leaves the day out
    day = any(_DAY.fullmatch(w) for w in [before, *words])
    return not day and (bool(_YEAR.search(date.text)) or any(w in lex.months for w in words))


def dated_to_another_time(doc: Doc, head: int, lex: PlaceWords) -> bool:
    """Whether the clause headed by token ``head`` is dated to another time than the story's day
    ("who led an attack in Caracas last year")."""
    for child in doc[head].children:
        for token in (child, *(c for c in child.children if child.dep_ == "prep")):
            if token.ent_type_ == "DATE" and is_past_date(entity_of(doc, token.i), lex):
                return True
    return False
