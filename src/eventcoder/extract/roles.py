"""Who did it and to whom: the agent and the targets of a cue, read off the dependency parse.

Active voice: the subject acts on the object ("militants attacked the army"). Passive: the
subject is acted on and "by" names the agent ("a man was shot by gunmen"). Prepositions name
the other side: "clashed with police", "fired at positions of the militia", "an attack on a
checkpoint", "clashes between the army and rebels".
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Token

from .findings import ActorMention, DocMentions


def actor_at(m: DocMentions, token: Token, *, depth: int = 3) -> ActorMention | None:
    """The actor a noun phrase names: the mention covering its head, or the one it stands in
    for ("the positions of the Donbass People's Militia", "Taliban members")."""
    words = m.lexicon.actors
    actor = m.actor_of(token.i)
    if actor is not None:
        member = m.lemmas[actor.head] in words.member_words
        if actor.kind in words.kind_groups["stand_ins"] or member:
            nested = _nested(m, m.doc[actor.head], depth=depth, through_modifiers=actor.kind == "position" or member)
            if nested is not None:
                return nested
        return actor
    return _nested(m, token, depth=depth, through_modifiers=True)


def _nested(m: DocMentions, token: Token, *, depth: int, through_modifiers: bool) -> ActorMention | None:
    """The first actor below ``token`` through "of" phrases (and, when allowed, through
    modifiers such as "Houthi" in "Houthi positions")."""
    words = m.lexicon.actors
    frontier = [token]
    for _ in range(depth):
        nxt: list[Token] = []
        for t in frontier:
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ not in words.member_prepositions:
                    continue
                if child.dep_ in {"compound", "amod", "nmod", "poss"} and not through_modifiers:
                    continue
                if child.dep_ not in {"prep", "pobj", "compound", "amod", "nmod", "poss", "acl"}:
                    continue
                if child.dep_ == "acl" and child.lemma_.lower() not in words.belonging_verbs:
                    continue
                for actor in m.actors_spanning(child.i):
                    if actor.head != token.i:
                        if actor.kind in words.kind_groups["stand_ins"] or m.lemmas[actor.head] in words.member_words:
                            deeper = _nested(m, m.doc[actor.head], depth=2, through_modifiers=True)
                            if deeper is not None:
                                return deeper
                        return actor
                nxt.append(child)
        frontier = nxt
    return None


def _conjuncts(m: DocMentions, token: Token) -> list[ActorMention]:
    found = []
    for t in [token, *token.conjuncts]:
        actor = actor_at(m, t)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def _verb_of(token: Token) -> Token:
    """A noun cue's governing verb ("carried out an attack" -> carried) or the token itself."""
    if token.pos_ in {"VERB", "AUX"}:
        return token
    while token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"}:
        token = token.head  # "hurled tear gas canisters": the canisters were hurled
    if token.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"} and token.head.pos_ in {"VERB", "AUX"}:
        return token.head
    return token


def agents_of(m: DocMentions, head: Token) -> list[ActorMention]:
    """The actors doing what the cue says."""
    verb = _verb_of(head)
    # "was shot and killed by X": passive verbs joined by "and" share the agent written last
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    shared = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"] if passive else []
    for t in (head, verb, *shared):
        for child in t.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _conjuncts(m, obj)
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            if verb.i != head.i and verb.lemma_.lower() in m.lexicon.actors.victim_verbs:
                return []  # "the officer survived the attack": the officer was attacked
            return _conjuncts(m, child)
    # A participle or gerund shares the subject of the verb it hangs on: "..., killing 5".
    if verb.dep_ in {"advcl", "conj", "xcomp"} and verb.head.i != verb.i:
        return agents_of(m, verb.head)
    # "the attack by X" / "X's attack"
    for child in head.children:
        if child.dep_ == "poss":
            return _conjuncts(m, child)
    # A main verb whose subject the parser hung elsewhere ("in Victoria, Tamaulipas, members of
    # the Gulf Cartel delivered..."): the phrase right before it, back to the last comma.
    if verb.pos_ == "VERB" and verb.dep_ == "ROOT" and not any(c.dep_ in {"nsubjpass", "auxpass"}
                                                                for c in verb.children):
        for token in reversed(m.doc[verb.sent.start:verb.i]):
            if token.text in {",", ";", ":"} or token.pos_ == "VERB":
                break
            if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"appos", "npadvmod", "dep", "nmod"}:
                found = actor_at(m, token)
                return [found] if found is not None else []
    return []


def hung_subject(m: DocMentions, verb: Token) -> list[ActorMention]:
    """The subject of a finite verb the parser hung on a noun as its modifier ("..., Michoacan,
    students blocked with a truck the tracks"): that noun (a participle, "students detained", is
    VBN). Not part of agents_of: who shoots in such a sentence is for the battle rules to weigh."""
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return _conjuncts(m, verb.head)
    return []


def targets_of(m: DocMentions, head: Token) -> list[ActorMention]:
    """The actors the cue's action is aimed at (or fought against)."""
    verb = _verb_of(head)
    found: list[ActorMention] = []
    lex = m.lexicon.actors
    victim = verb.i != head.i and verb.lemma_.lower() in lex.victim_verbs
    words = (head, verb) if verb.i != head.i else (head,)  # in this order: targets[0] must not vary
    for t in words:
        for child in t.children:
            if (child.dep_ in {"dobj", "nsubjpass"} or (victim and child.dep_ == "nsubj")) and child.i != head.i:
                found += [a for a in _conjuncts(m, child) if a not in found]
    direct = bool(found)
    for t in words:
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ in lex.target_prepositions:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        # "killed a driver at a checkpoint": with a direct object, the place it
                        # happened is no target.
                        found += [a for a in _conjuncts(m, obj) if a not in found
                                  and not (direct and a.kind == "position" and child.lower_ in lex.place_prepositions)]
    return found


# -- what kind of side an actor is -----------------------------------------------------------

def is_armed(actor: ActorMention, m: DocMentions) -> bool:
    return actor.kind in m.lexicon.actors.kind_groups["armed"]


def is_crowd(actor: ActorMention, m: DocMentions) -> bool:
    return actor.kind in m.lexicon.actors.kind_groups["crowd"]


def is_mob(actor: ActorMention, m: DocMentions) -> bool:
    """A crowd of three or more (codebook 1.8): a mob, villagers, residents, "a group of men",
    "three persons"; not "two men"."""
    words = m.lexicon.actors
    head = m.doc[actor.head]
    lemma = head.lemma_.lower()
    if actor.kind in {"rioters", "protesters"}:
        return True
    if actor.kind != "civilians":
        return False
    if lemma in {"crowd", "group"}:
        return True
    if head.tag_ not in {"NNS", "NNPS"}:
        return False
    grouped = head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in words.group_nouns
    numbers = [c for c in head.children if c.dep_ == "nummod" and c.like_num]
    few = any((value := _small_number(c.text, words.few)) is not None and value < 3 for c in numbers)
    if lemma in words.mob_words:
        return not few
    return lemma in words.people_words and (grouped or (bool(numbers) and not few))


def _small_number(text: str, few: Mapping[str, int]) -> int | None:
    if text.lower() in few:
        return few[text.lower()]
    return int(text) if text.isdigit() else None
