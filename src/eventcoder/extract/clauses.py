"""Clauses: the part of a sentence governed by one verb (the main verb, a relative clause, an
adverbial clause...). Dates belong to clauses, and what a clause tells takes the date of its own
clause or of the clause around it: in "an officer who led an attack last year was killed on
Monday", the attack is last year's and the killing Monday's."""

from __future__ import annotations

from spacy.tokens import Token

from ..syntax import clause_head

# Verbs of saying: the day something was said is not the day it happened ("gunmen abducted 31
# people, police said on Monday").
SPEECH_VERBS = frozenset({"say", "tell", "report", "confirm", "announce", "state", "add", "claim", "declare",
                          "explain", "note", "insist", "allege", "write", "tweet", "post", "quote"})


def enclosing_clauses(token: Token, *, for_dates: bool = False) -> list[Token]:
    """The clause heads from the token's own clause up to the sentence root. ``for_dates``:
    stop below a verb of saying, whose date is the report's, not the event's."""
    chain = [clause_head(token)]
    for _ in range(16):
        head = chain[-1]
        if head.head.i == head.i:
            break
        parent = clause_head(head.head)
        if for_dates and parent.lemma_.lower() in SPEECH_VERBS and head.dep_ in {"ccomp", "parataxis", "conj"}:
            break
        chain.append(parent)
    return chain
