"""Strategic developments (codebook sections 1.18-1.25): the non-violent events that matter,
when nothing of a higher-ranked type happened."""

from __future__ import annotations

from collections.abc import Sequence

from .findings import Cue, DocMentions, EventFacts, Typing
from .roles import agents_of, targets_of


def strategic(cues: Sequence[Cue], m: DocMentions) -> Typing | None:
    present = {c.kind: c for c in reversed(cues)}
    if "disrupt" in present or _weapons_seized(cues, m):
        cue = present.get("disrupt") or next(c for c in cues if c.kind in {"loot", "capture", "arrest"})
        return Typing("Strategic developments", "Disrupted weapons use", cue,
                      tuple(agents_of(m, m.doc[cue.head])))
    kinds = m.lexicon.events.strategic_kinds
    first = next((c for c in cues if c.kind in kinds), None) or damage(cues, m)
    if first is None:
        return None
    # Rank within strategic developments applies to one actor pair; the lead cue decides
    # between an arrest and the looting it followed.
    sub = kinds[first.kind]
    return Typing("Strategic developments", sub, first, tuple(agents_of(m, m.doc[first.head])),
                  tuple(targets_of(m, m.doc[first.head])))


def group_activity(facts: EventFacts, m: DocMentions) -> Typing | None:
    """An armed group doing something that is none of the above ("cartel members delivered
    food packages", "the group placed checkpoints"): codebook 1.20, a change to the group's
    activity. Only for a named or organised armed group acting (not speaking) in the past."""
    for sent in sorted({a.sent for a in facts.actors}):
        for verb in m.sentences[sent]:
            said = verb.lemma_.lower() in m.lexicon.language.statement_verbs
            if verb.pos_ != "VERB" or verb.tag_ not in {"VBD", "VBN"} or said:
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue
            # "members of the Gulf Cartel delivered food": the subject, or the group it stands for.
            doers = [a for a in agents_of(m, verb) if a.kind in {"group", "gang", "militia", "rebel"}]
            if doers:
                cue = Cue("change", verb.i, verb.i + 1, verb.i, sent)
                return Typing("Strategic developments", "Change to group/activity", cue, (doers[0],), ())
    return None


def _weapons_seized(cues: Sequence[Cue], m: DocMentions) -> bool:
    lex = m.lexicon.events
    for cue in cues:
        if cue.kind in {"loot", "capture", "arrest", "disrupt"} and m.lemmas[cue.head] in lex.seizing_verbs:
            head = m.doc[cue.head]
            for child in head.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    words = {t.lemma_.lower() for t in child.subtree}
                    if words & lex.weapon_words:
                        return True
    return False


def damage(cues: Sequence[Cue], m: DocMentions) -> Cue | None:
    """The first cue of looting or destroying property, as a loot cue."""
    for c in cues:
        if c.kind == "loot":
            return c
        if c.kind == "riot_act" and any(m.lemmas[i] in m.lexicon.events.damage_words for i in range(c.start, c.end)):
            return Cue("loot", c.start, c.end, c.head, c.sent)
    return None
