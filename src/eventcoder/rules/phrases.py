"""Finding words and phrases of the lexicon in a parsed text.

Words match a token's lemma or its lower-case form; phrases match a run of tokens the same way
("shoot dead" matches "shot dead"). A phrase is written as spaCy's English tokenizer splits it
("sit-in" is sit, -, in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc


def _split(phrase: str) -> tuple[str, ...]:
    """A phrase as the token keys spaCy's English tokenizer gives it ("sit-in" -> sit, -, in)."""
    out: list[str] = []
    for word in phrase.lower().split():
        if "-" in word and word != "-" and not word.startswith("-"):
            parts = word.split("-")
            for k, part in enumerate(parts):
                if k:
                    out.append("-")
                if part:
                    out.append(part)
        else:
            out.append(word)
    return tuple(out)


def _inflections(word: str) -> set[str]:
    """A word and its regular English inflections: rape, rapes, raped, raping; stop, stopped."""
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    forms |= {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


class PhraseIndex:
    """Finds words and phrases (given as token keys) in a doc, matching lemma or lower case."""

    def __init__(self, entries: Sequence[tuple[str, str]], *, inflect: bool = False) -> None:
        # entries: (phrase, label). One index from first key to the phrases starting with it;
        # the first word is also indexed in its inflected forms, because the lemmatizer is not
        # always right ("raped" -> "rap").
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for phrase, label in entries:
            keys = _split(phrase)
            if keys:
                for first in _inflections(keys[0]) if inflect else (keys[0],):
                    self._by_first[first].append(((first, *keys[1:]), label))
        for items in self._by_first.values():
            items.sort(key=lambda item: -len(item[0]))  # longest first
        self.longest = max((len(keys) for items in self._by_first.values() for keys, _ in items), default=1)

    def find(self, doc: Doc, lowers: Sequence[str], lemmas: Sequence[str]) -> Iterator[tuple[int, int, str]]:
        """(start, end, label) of every match; overlapping matches are all reported."""
        n = len(lowers)
        for i in range(n):
            seen: set[tuple[int, str]] = set()
            # the word, then its lemma: a fixed order, so that the matches' order never varies
            for first in (lowers[i],) if lowers[i] == lemmas[i] else (lowers[i], lemmas[i]):
                for keys, label in self._by_first.get(first, ()):
                    end = i + len(keys)
                    if end > n or (end, label) in seen:
                        continue
                    if all(keys[k] in (lowers[i + k], lemmas[i + k]) for k in range(1, len(keys))):
                        seen.add((end, label))
                        yield i, end, label
