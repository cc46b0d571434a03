"""Which sentences are the article: page furniture ("Connect with us", share buttons, captions)
and quoted speech never yield events."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .lexicon import Lexicon

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_QUOTES_OPEN = {'"', "“", "«", "„"}
_QUOTES_CLOSE = {'"', "”", "»", "“"}


def _line_of(doc: Doc, sent: Span) -> str:
    """The text line the sentence sits on (boilerplate is a property of lines, not sentences)."""
    text = doc.text
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char)
    return text[start:] if end < 0 else text[start:end]


def is_boilerplate(doc: Doc, sent: Span, lexicon: Lexicon) -> bool:
    line = _line_of(doc, sent).strip()
    key = _EDGE_PUNCT.sub("", line.lower())
    if key in lexicon.boilerplate_lines or line.lower().startswith(lexicon.boilerplate_prefixes):
        return True
    words = [t for t in sent if t.is_alpha]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in sent)
    # A short line with no verb ("Connect with us" is tagged as a verb, but is a listed line);
    # a headline such as "Five killed in Kabul blast" keeps its participle and stays.
    return len(words) < 6 and not has_verb and not any(t.pos_ == "NUM" for t in sent)


def quoted_tokens(doc: Doc) -> set[int]:
    """Token indices inside quotation marks: what someone said is not itself an event."""
    inside: set[int] = set()
    open_at: int | None = None
    for token in doc:
        text = token.text
        if open_at is None and (text in _QUOTES_OPEN) and not (text == '"' and token.i and doc[token.i - 1].is_alpha
                                                                and not doc[token.i - 1].whitespace_):
            open_at = token.i
        elif open_at is not None and (text in _QUOTES_CLOSE or text == "\n\n"):
            if token.i - open_at > 4:  # scare quotes around a word or two are not speech
                inside.update(range(open_at, token.i))
            open_at = None
        elif open_at is not None and "\n" in token.text:
            open_at = None  # an unbalanced quote never runs past a paragraph
    return inside
