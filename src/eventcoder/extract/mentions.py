"""Doc -> mentions: the event cues, actor phrases and dates of one article, each tied to its
clause (extract/clauses.py), and which sentences are the article's own text."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from spacy.tokens import Doc, Token

from ..budget import UNLIMITED, Budget
from ..rules.lexicon import Lexicon
from ..syntax import clause_head
from .actors import find_actors
from .dates import find_dates
from .findings import Cue, DocMentions, sent_index
from .sentences import Lines, is_boilerplate, quoted_tokens


def find_mentions(doc: Doc, published: dt.date | None, lexicon: Lexicon, budget: Budget = UNLIMITED) -> DocMentions:
    sentences = list(doc.sents)
    lines = Lines(doc, lexicon)
    content = [not is_boilerplate(lines, s) for s in sentences]
    lowers = [t.lower_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    m = DocMentions(doc, lexicon, sentences, content, [], [], [], quoted=quoted_tokens(doc), lowers=lowers,
                    lemmas=lemmas, text=lines.text)
    m.dates = find_dates(m.text, published)
    budget.check()
    in_dates: set[int] = set()
    for index, date in enumerate(m.dates):
        span = doc.char_span(date.start, date.end, alignment_mode="expand")
        if span is not None and len(span):
            if _names_a_thing(span.root):
                continue
            m.date_clause[index] = clause_head(span.root).i
            in_dates.update(range(span.start, span.end))
    # "In March" is a month, not a march.
    m.cues = [c for c in _find_cues(m, lexicon) if not any(i in in_dates for i in range(c.start, c.end))]
    budget.check()
    labels = _label_tokens(doc, m.text)
    m.actors = [a for a in find_actors(m, lexicon) if a.head not in labels]
    m.index()
    budget.check()
    return m


def _names_a_thing(root: Token) -> bool:
    """A date that says which thing a noun is, not when the clause happened ("admissions for
    next year", "the budget for 2021"): it dates no event."""
    prep = root.head
    return prep.i != root.i and prep.lower_ == "for" and prep.head.pos_ in {"NOUN", "PROPN"}


_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][A-Za-z]+(?:[ -][A-Za-z]+){0,3}):[ \t]+")


def _label_tokens(doc: Doc, text: str) -> set[int]:
    """Tokens of a short heading that opens a line ("Movement of forces: On 2 May..."): it says
    what kind of report follows (its cues count), but names no actor."""
    tokens: set[int] = set()
    for m in _LABEL.finditer(text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens


def _cue_head(doc: Doc, start: int, end: int) -> int:
    """The token that carries a cue in the parse: the word itself, or a phrase's first verb
    ("opened fire") or its syntactic root ("shoot - outs", "tear gas")."""
    span = doc[start:end]
    if len(span) == 1:
        return start
    for token in span:
        if token.pos_ == "VERB" and token.dep_ != "compound" and token.head.i not in range(start, end):
            return token.i
    return span.root.i


def _find_cues(m: DocMentions, lexicon: Lexicon) -> list[Cue]:
    doc = m.doc
    cues: list[Cue] = []
    matches = list(lexicon.cues.index.find(doc, m.lowers, m.lemmas))
    # A word inside a longer phrase is read as part of it: "machine gun" in "heavy machine gun".
    matches = [match for match in matches if not _inside_longer(match, matches, lexicon.cues.index.longest)]
    for start, end, kind in matches:
        head = _cue_head(doc, start, end)
        sent = sent_index(m, start)
        if not m.content[sent] or head in m.quoted:
            continue
        cues.append(Cue(kind, start, end, head, sent))
    return cues




def _inside_longer(match: tuple[int, int, str], matches: list[tuple[int, int, str]], longest: int) -> bool:
    """Whether a longer match covers ``match``. Only a match starting fewer than ``longest``
    (the longest phrase's length) tokens before it can: ``matches`` is in order of start."""
    start, end, _ = match
    position = bisect.bisect_left(matches, (start - longest,))
    for other_start, other_end, _ in matches[position:]:
        if other_start > start:
            break
        if other_end >= end and (other_end - other_start) > (end - start):
            return True
    return False
