"""An article's places, as every event of it is placed (``Geocoder.places(doc)`` makes it once per
article, ``Geocoder.locate`` takes it): what resolution found (``context``) and the places that
can be an event's, sorted out so that placing each event costs the same however long the
article is.

A mention can be an event's place unless it only says where another place is, is a whole
country or is the dateline (``eligible``). Those in the event's own sentence are weighed by
their link to the trigger; those in other sentences are taken in the order of the text, the
headline's and lead's first, and never when quoted, said or in a passage about another time.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from .gazetteer import Gazetteer
from .resolve import ArticleContext
from .tables import COUNTRY, NO_ID

# How many places in other sentences an event looks through, of the lead's and of the rest; and
# how far from the trigger a place in its own sentence may be (tokens). Articles have far fewer:
# the bounds only keep a text of a million characters from costing events x places.
MAX_CANDIDATES = 100
SENTENCE_WINDOW = 250


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    """An article's places, grouped as ``Geocoder.locate`` takes them: the geo stage's
    per-article state."""

    context: ArticleContext
    text: str  # the article's text (doc.text is rebuilt from the tokens at every call)
    sentence_starts: tuple[int, ...]  # token index where each sentence starts
    in_sentences: dict[int, tuple[tuple[int, ...], tuple[int, ...]]]  # sentence -> (starts, mentions)
    front: tuple[tuple[int, ...], tuple[int, ...]]  # (sentences, mentions) of the headline and lead
    rest: tuple[tuple[int, ...], tuple[int, ...]]  # (sentences, mentions) elsewhere
    datelines: tuple[int, ...]  # the dateline's places
    countries_named: frozenset[str]  # countries of the places read outside the dateline

    @classmethod
    def of(cls, doc: Doc, context: ArticleContext, gazetteer: Gazetteer, eligible: Sequence[bool]) -> ArticlePlaces:
        layout = context.layout
        front_sentences = layout.headline | layout.lead
        own: dict[int, list[tuple[int, int]]] = {}
        front: list[tuple[int, int, int]] = []
        rest: list[tuple[int, int, int]] = []
        datelines: list[int] = []
        named: set[str] = set()
        for k, mention in enumerate(context.mentions):
            entry = context.choice[k]
            is_country = entry != NO_ID and gazetteer.kind(entry) == COUNTRY
            if not mention.dateline and entry != NO_ID and not is_country:
                named.add(gazetteer.iso3(entry))
            if mention.dateline and entry != NO_ID and not is_country and not context.is_container[k]:
                datelines.append(k)
            if not eligible[k]:
                continue
            own.setdefault(mention.sentence, []).append((mention.start, k))
            if mention.background or mention.said or mention.quoted or mention.sentence in layout.background:
                continue
            (front if mention.sentence in front_sentences else rest).append((mention.sentence, mention.start, k))
        return cls(
            context=context,
            text=doc.text,
            sentence_starts=tuple(sent.start for sent in doc.sents),
            in_sentences={sentence: _columns(sorted(found)) for sentence, found in own.items()},
            front=_columns([(s, k) for s, _, k in sorted(front)]),
            rest=_columns([(s, k) for s, _, k in sorted(rest)]),
            datelines=tuple(datelines),
            countries_named=frozenset(named),
        )

    def sentence_of(self, token: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, token) - 1)

    def near(self, sentence: int, token: int) -> tuple[int, ...]:
        """The mentions in the sentence within SENTENCE_WINDOW tokens of ``token``."""
        starts, mentions = self.in_sentences.get(sentence, ((), ()))
        low = bisect.bisect_left(starts, token - SENTENCE_WINDOW)
        high = bisect.bisect_right(starts, token + SENTENCE_WINDOW)
        return mentions[low:high]

    def elsewhere(self, group: tuple[tuple[int, ...], tuple[int, ...]], sentence: int) -> Iterator[int]:
        """Up to MAX_CANDIDATES mentions of ``group`` (front or rest) outside ``sentence``, in
        the order of the text."""
        sentences, mentions = group
        low, high = bisect.bisect_left(sentences, sentence), bisect.bisect_right(sentences, sentence)
        yield from mentions[:low][:MAX_CANDIDATES]
        yield from mentions[high:][: max(0, MAX_CANDIDATES - low)]


def _columns(pairs: Sequence[tuple[int, int]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)
