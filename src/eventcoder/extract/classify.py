"""What kind of event: ACLED's event type and sub-event type from an event's cues and actors.

The codebook (sections 1-2) ranks the types: Battles > Protests > Riots > Explosions/Remote
violence > Violence against civilians > Strategic developments, and the sub-types within each.
When tactics mix in one encounter, the highest-ranked type that the evidence *supports* wins;
each type's test below is its codebook definition:

- Battles need two organised armed sides fighting (or an attack on an armed side by another).
- Protests need a gathering of people who are not violent themselves.
- Riots need a crowd that is violent (in a demonstration: Violent demonstration; otherwise Mob).
- Explosions/Remote violence need a weapon used at range with no other engagement.
- Violence against civilians needs an organised armed actor harming unarmed people.
- Strategic developments are the rest of the codebook's list, when nothing above applies.
"""

from __future__ import annotations

from collections.abc import Sequence

from .armed import (
    battle,
    disrupted_weapons,
    is_projectile,
    is_strong_clash,
    remote,
    violence_against_civilians,
)
from .findings import ActorMention, Cue, DocMentions, EventFacts, Typing
from .roles import agents_of, hung_subject, is_armed, is_mob, targets_of
from .strategic import group_activity, strategic

__all__ = ["EventFacts", "Typing", "classify"]

def _riot_violence(
    facts: EventFacts, m: DocMentions, crowd_context: bool, protest_context: bool = False
) -> Cue | None:
    """A violent act by a crowd (codebook 1.7-1.8): stones, arson, vandalism, fighting the police,
    beating people. The crowd must be the one acting: armed men setting fire to a house are not
    rioters."""
    lex = m.lexicon.events
    for cue in facts.cues:
        head = m.doc[cue.head]
        lemma = m.lemmas[cue.head]
        if cue.kind in {"riot_act", "mob"} and lemma in lex.riot_nouns:
            if head.pos_ in {"VERB"} or head.dep_ in {"nsubj", "nsubjpass", "dobj", "ROOT", "attr", "conj"}:
                return cue
        if cue.kind not in {"riot_act", "mob", "clash", "attack", "harm", "loot"}:
            continue
        agents = agents_of(m, head)
        if any(is_armed(a, m) for a in agents):
            continue
        crowd_agent = any(is_mob(a, m) for a in agents)
        if cue.kind in {"riot_act", "mob"} and (crowd_agent or (not agents and crowd_context)):
            if lemma == "torch" and head.pos_ != "VERB":
                continue  # "lighting torches" is no arson
            if lemma == "throw" or lemma == "hurl":
                window = set(m.lemmas[cue.head:cue.head + 6])
                if not window & lex.riot_objects:
                    continue
            return cue
        if not crowd_agent:
            continue
        if cue.kind in {"clash", "attack", "harm"}:
            return cue
        if cue.kind == "loot" and lemma in lex.crowd_damage_verbs:
            return cue
    for cue in facts.cues:
        # "police fought with market vendors": the crowd is the other side.
        if cue.kind in {"clash"} and is_strong_clash(cue, m):
            sides = agents_of(m, m.doc[cue.head]) + targets_of(m, m.doc[cue.head])
            if any(is_mob(a, m) for a in sides) and not all(is_armed(a, m) for a in sides):
                return cue
            fighting = m.lemmas[cue.head] in lex.fighting_words
            if protest_context and fighting and not any(a.kind in m.lexicon.actors.kind_groups["non_state_armed"]
                                                        for a in sides):
                return cue  # "clashes with the police broke out" at a demonstration (codebook 1.7)
    return None


def classify(facts: EventFacts, m: DocMentions) -> Typing | None:
    """The event type and sub-type the cues support, in the codebook's rank order."""
    cues = [_as_abduction(c, m) for c in facts.cues]
    if not cues:
        return None
    kinds = {c.kind for c in cues}
    actors = facts.actors
    protest_cues = [c for c in cues if c.kind == "protest"] or [
        c for c in cues if c.kind == "gather" and _has_purpose(c, m)]
    has_protesters = any(a.kind == "protesters" for a in actors)
    # Police dispersing a crowd shows there was a gathering to disperse.
    dispersed = any(_disperses_crowd(c, m) for c in cues)
    crowd_context = bool(protest_cues or has_protesters or dispersed)
    riot_cue = _riot_violence(facts, m, crowd_context or any(a.kind == "rioters" for a in actors),
                              protest_context=bool(protest_cues))

    # Battles: two organised armed sides. Where a crowd is fighting, both sides must be named
    # as armed for the fight to be a battle rather than a riot.
    fight = battle(cues, m, off_duty=m.lexicon.events.off_duty.search(facts.text) is not None,
                   both_sides_needed=riot_cue is not None or crowd_context)
    if fight is not None:
        return fight

    if crowd_context:
        anchor = protest_cues[0] if protest_cues else cues[0]
        if riot_cue is not None:
            return Typing("Riots", "Violent demonstration", anchor, (), _police_in(actors))
        interveners = _police_in(actors) or tuple(a for a in actors if is_armed(a, m))
        if (facts.fatalities > 0 or facts.serious_injuries) and interveners:
            return Typing("Protests", "Excessive force against protesters", anchor, (), interveners)
        if any(_intervenes(c, m) for c in cues) or (interveners and kinds & {"attack", "harm", "clash"}):
            return Typing("Protests", "Protest with intervention", anchor, (), interveners)
        return Typing("Protests", "Peaceful protest", anchor)

    if riot_cue is not None:
        return Typing("Riots", _riot_kind(cues, m, facts), riot_cue, (), ())

    stopped = disrupted_weapons(cues, m, harmed=facts.fatalities > 0 or facts.injuries > 0)
    if stopped is not None:
        return stopped
    explosion = remote(cues, m)
    if explosion is not None:
        return explosion

    violence = violence_against_civilians(cues, m, facts)
    if violence is not None:
        return violence

    return strategic(cues, m) or group_activity(facts, m)


def _intervenes(cue: Cue, m: DocMentions) -> bool:
    """Did someone physically intervene in the protest (codebook 1.5)? The means of dispersal say
    so; "stopped", "prevented" or "intervened" only with police or soldiers doing it; arrests
    only of the protesters ("police detained 5 people"), not the arrest a protest is about."""
    head = m.doc[cue.head]
    if head.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return False  # "to stop the spread of the virus", "to prevent ...": a purpose
    lex = m.lexicon.events
    if cue.kind == "intervention":
        if any(m.lemmas[i] in lex.dispersal_words for i in range(cue.start, cue.end)):
            return True
        return any(a.kind in m.lexicon.actors.kind_groups["state"] or a.kind == "position" for a in agents_of(m, head))
    if cue.kind == "arrest" and head.pos_ == "VERB":
        arrested = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        return any(t.lemma_.lower() in lex.crowd_words or t.lower_ in lex.crowd_pronouns
                   or t.like_num or any(c.dep_ == "nummod" for c in t.children)
                   or any(a.kind in {"protesters", "civilians"} for a in m.actors_spanning(t.i))
                   for t in arrested)  # "police arrested them", "tailors who had no ID were arrested"
    return False


def _lemmas_of(facts: EventFacts, m: DocMentions) -> list[str]:
    sents = {c.sent for c in facts.cues}
    return [m.lemmas[t.i] for i in sents for t in m.sentences[i]]


def _riot_kind(cues: Sequence[Cue], m: DocMentions, facts: EventFacts) -> str:
    """Violent demonstration when the crowd acts as demonstrators do (barricades, burning tyres,
    roads blocked, stones thrown at the security forces); Mob violence when a crowd sets out to
    harm people outside any demonstration (a lynching, a mob attacking someone)."""
    lex = m.lexicon.events
    words = {m.lemmas[i] for c in cues for i in range(c.start, c.end)}
    if words & lex.mob_words or any(c.kind == "mob" for c in cues):
        return "Mob violence"
    if words & lex.demonstration_acts or "demonstrat" in facts.text or lex.demand_words & set(_lemmas_of(facts, m)):
        return "Violent demonstration"  # "prisoners staged a riot demanding their release"
    return "Mob violence"  # villagers attacking a police team, prisoners rioting: no demonstration


def _as_abduction(cue: Cue, m: DocMentions) -> Cue:
    """Seizing people is abducting them ("gunmen seized 14 passengers"); marching captives is
    no march."""
    if cue.kind in {"loot", "capture", "arrest"} and m.lemmas[cue.head] in m.lexicon.events.seizing_people_verbs:
        for child in m.doc[cue.head].children:
            if child.dep_ == "dobj" and any(a.kind == "civilians" for a in m.actors_spanning(child.i)):
                if not any(a.kind in m.lexicon.actors.kind_groups["state"] for a in agents_of(m, m.doc[cue.head])):
                    return Cue("abduct", cue.start, cue.end, cue.head, cue.sent)
    if cue.kind == "protest" and m.lemmas[cue.head] == "march" and any(
            c.dep_ == "dobj" for c in m.doc[cue.head].children):
        return Cue("other_verb", cue.start, cue.end, cue.head, cue.sent)
    return cue


def _disperses_crowd(cue: Cue, m: DocMentions) -> bool:
    """Police dispersing a crowd show there was a gathering to disperse; tear gas fired at
    farmers or residents does not, unless they are called a crowd."""
    if cue.kind != "intervention":
        return False
    crowd = [t for t in targets_of(m, m.doc[cue.head]) if is_mob(t, m)]
    return bool(crowd) and (not is_projectile(cue, m) or any(m.lemmas[t.head] in {"crowd", "gathering"} for t in crowd))


def _has_purpose(cue: Cue, m: DocMentions) -> bool:
    """A gathering is a protest when it has a cause: words of demand or protest in its
    sentence, or a purpose clause ("gathered ... to pressure the government")."""
    sent = m.sentences[cue.sent]
    if any(m.lemmas[t.i] in m.lexicon.events.purpose_words for t in sent):
        return True
    head = m.doc[cue.head]
    if m.lemmas[cue.head] in {"block", "occupy"} and any(
            is_mob(a, m) for a in agents_of(m, head) or hung_subject(m, head)):
        return True  # "students blocked the highway": a blockade by a crowd is a demonstration
    return any(c.dep_ in {"advcl", "xcomp"} and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
               for c in head.children)


def _police_in(actors: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    return tuple(a for a in actors if a.kind in {"police", "military"} or (a.group and a.inter in {1, 8}))
