"""Which sentences are the article: page furniture ("Connect with us", share buttons, captions)
and quoted speech never yield events."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from ..rules.lexicon import Lexicon

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_QUOTES_OPEN = {'"', "“", "«", "„"}
_QUOTES_CLOSE = {'"', "”", "»", "“"}


class Lines:
    """The text lines of a doc (boilerplate is a property of lines, not sentences), found once:
    a sentence's line is a binary search away, and each line is judged once however many
    sentences it holds."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.text = doc.text
        self.lexicon = lexicon
        self.breaks = [m.start() for m in re.finditer("\n", self.text)]
        # Listed lines and prefixes are short: a longer line is never one of them, and is not
        # lower-cased or scanned whole (a text with no line breaks is one line).
        self.longest = max((len(line) for line in lexicon.page.boilerplate_lines), default=0)
        self.longest_prefix = max((len(prefix) for prefix in lexicon.page.boilerplate_prefixes), default=0)
        self._listed: dict[int, bool] = {}

    def listed(self, sent: Span) -> bool:
        """Whether the sentence's line is a listed boilerplate line or starts with a listed prefix."""
        index = bisect.bisect_left(self.breaks, sent.start_char)
        if index not in self._listed:
            start = self.breaks[index - 1] + 1 if index else 0
            end = self.breaks[index] if index < len(self.breaks) else len(self.text)
            self._listed[index] = self._is_listed(start, end)
        return self._listed[index]

    def _is_listed(self, start: int, end: int) -> bool:
        while start < end and self.text[start].isspace():
            start += 1
        head = self.text[start:min(end, start + max(self.longest_prefix, self.longest) + 1)].lower()
        if head.startswith(self.lexicon.page.boilerplate_prefixes):
            return True
        if end - start > self.longest + 64:  # room for punctuation and spaces at the ends
            return False
        key = _EDGE_PUNCT.sub("", self.text[start:end].strip().lower())
        return key in self.lexicon.page.boilerplate_lines


def is_boilerplate(lines: Lines, sent: Span) -> bool:
    if lines.listed(sent):
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
