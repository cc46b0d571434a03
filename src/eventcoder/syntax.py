"""Reading spaCy's parse, as every stage after it does: the clause a token belongs to, the verb
above it, the entity it is part of.

A clause is the part of a sentence governed by one verb (the main verb, a relative clause, an
adverbial clause...): dates belong to clauses, and what a clause tells takes the date of its own
clause or of the clause around it ("an officer who led an attack last year was killed on
Monday": the attack is last year's, the killing Monday's).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Dependency labels that start a clause of their own.
CLAUSE_DEPS = frozenset({"ROOT", "relcl", "advcl", "ccomp", "conj", "parataxis", "acl", "pcomp", "csubj"})
VERB_POS = frozenset({"VERB", "AUX"})


def clause_head(token: Token) -> Token:
    """The head of the clause a token belongs to: the nearest token above it (itself included)
    that starts a clause and is a verb, or the sentence's root."""
    current = token
    for _ in range(64):
        if current.dep_ in CLAUSE_DEPS and (current.pos_ in VERB_POS or current.dep_ == "ROOT"):
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current


def enclosing_clauses(token: Token, *, stop_below: frozenset[str] = frozenset()) -> list[Token]:
    """The clause heads from the token's own clause up to the sentence root, stopping below a
    verb whose lemma is in ``stop_below`` (for dates: a verb of saying, whose date is the
    report's, not the event's)."""
    chain = [clause_head(token)]
    for _ in range(16):
        head = chain[-1]
        if head.head.i == head.i:
            break
        parent = clause_head(head.head)
        if parent.lemma_.lower() in stop_below and head.dep_ in {"ccomp", "parataxis", "conj"}:
            break
        chain.append(parent)
    return chain


def governing_verb(doc: Doc, i: int) -> int:
    """The nearest verb above token ``i`` (itself included), or the sentence's root if none is
    within 16 steps: what a place name's clause is about."""
    node = doc[i]
    for _ in range(16):
        if node.pos_ in VERB_POS or node.head.i == node.i:
            break
        node = node.head
    return node.i


def entity_of(doc: Doc, i: int) -> Span:
    """The entity token ``i`` is part of, found from the tokens' IOB tags."""
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]
