"""Doc -> event drafts: cues, actors, dates and counts, typed by the ACLED codebook.

    mentions.py   cues, actor phrases and dates found in the doc, tied to clauses
    findings.py   the records the stages pass on: cues, actor mentions, the doc's findings
    roles.py      who did what to whom, from the dependency parse
    classify.py   the codebook's event types and ranking (armed.py, strategic.py: its parts)
    counts.py     fatalities, injuries, arrests (numbers.py: numbers and vague amounts)
    dates.py      explicit and relative dates, time_precision
    events.py     grouping into one draft per happening, with evidence and confidence
    actors.py     ACLED actor names once the country is known

Every word the stages look for is in the lexicon (rules/), which the Extractor is given.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..budget import UNLIMITED, Budget
from ..models import Article
from ..rules.lexicon import Lexicon
from .actors import NamedActor, name_actor
from .events import EventDraft, build_drafts
from .mentions import find_mentions

__all__ = ["EventDraft", "Extractor", "NamedActor", "name_actor"]


class Extractor:
    """Finds the events in a parsed article. Build once; the rule files load in the constructor."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()

    def drafts(self, doc: Doc, article: Article, budget: Budget = UNLIMITED) -> list[EventDraft]:
        """The article's events, most confident (the one it is about) first. Raises
        TimeLimitExceeded once ``budget`` is spent."""
        mentions = find_mentions(doc, article.published, self.lexicon, budget)
        return build_drafts(mentions, article, self.lexicon, budget)
