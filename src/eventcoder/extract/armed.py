"""Armed violence: Battles, Explosions/Remote violence and Violence against civilians, each by its
codebook definition (sections 1.1-1.17 and 2).

- Battles need two organised armed sides fighting (or an attack on an armed side by another).
- Explosions/Remote violence need a weapon used at range with no other engagement.
- Violence against civilians needs an organised armed actor harming unarmed people.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from .findings import ActorMention, Cue, DocMentions, EventFacts, Typing, sent_index
from .roles import STATE_KINDS, actor_at, agents_of, is_armed, is_crowd, is_mob, targets_of
from .strategic import WEAPONS, damage

OFF_DUTY = re.compile(r"\boff[- ]duty\b|\bat (?:his|her|their) (?:house|home|residence)\b|\bin (?:his|her|their) "
                       r"(?:house|home)\b|\bretired (?:police|soldier|officer|army)", re.IGNORECASE)
_REMOTE_KINDS = ("chemical", "air", "suicide", "shelling", "ied", "grenade")
_EXPLOSION_SUBTYPE = {
    "chemical": "Chemical weapon",
    "air": "Air/drone strike",
    "suicide": "Suicide bomb",
    "shelling": "Shelling/artillery/missile attack",
    "ied": "Remote explosive/landmine/IED",
    "grenade": "Grenade",
}


def weapon_of(cue: Cue, m: DocMentions) -> str | None:
    """The remote weapon a cue names, if any ('shelling', 'ied'...), with the codebook's
    exclusions: grenade launchers are shelling, stun grenades are no weapon at all."""
    kind = cue.kind
    words = " ".join(m.lowers[cue.start:cue.end + 1])
    if kind == "grenade":
        if "launcher" in words or "rocket" in m.lowers[max(0, cue.start - 2):cue.start]:
            return "shelling"
        if any(w in m.lowers[max(0, cue.start - 2):cue.start] for w in ("stun", "sound", "smoke", "tear")):
            return None
    if kind == "air":
        head = m.doc[cue.head]
        lemma = head.lemma_.lower()
        if lemma in {"drone", "helicopter", "aircraft", "jet", "uav"}:
            # A drone or helicopter is a strike only when it attacks ("a drone strike", "helicopters fired").
            if not _attacks(head, m):
                return None
        if lemma in {"bomb", "bombing", "bombardment"} and not _near_air(cue, m):
            return "ied" if lemma != "bombardment" else "shelling"
    if kind == "shelling" and m.lemmas[cue.head] in {"explosion", "tank", "cannon"}:
        if m.lemmas[cue.head] == "explosion" and m.doc[cue.head].tag_ != "NNS":
            return "ied"
    return kind if kind in _REMOTE_KINDS else None


def _near_air(cue: Cue, m: DocMentions) -> bool:
    window = m.lowers[max(0, cue.start - 8):cue.end + 8]
    return any(w in {"aircraft", "warplane", "warplanes", "jet", "jets", "plane", "planes", "drone", "drones",
                     "air", "aerial", "helicopter", "helicopters", "airstrike", "airstrikes"} for w in window)


def _attacks(token: Token, m: DocMentions) -> bool:
    window = m.lemmas[max(0, token.i - 6):token.i + 8]
    return any(w in {"strike", "attack", "fire", "bomb", "target", "hit", "raid", "shell", "launch", "drop",
                     "kill", "shoot", "missile", "rocket", "airstrike", "bombard"} for w in window)


_STRONG_CLASH = {"clash", "fight", "fighting", "gunfight", "shootout", "shoot", "firefight", "skirmish", "battle",
                 "exchange", "combat", "crossfire", "engagement", "engage", "confrontation", "retaliate", "fire",
                 "respond", "return", "direction", "trade", "gun"}


def is_strong_clash(cue: Cue, m: DocMentions) -> bool:
    """Words that name fighting between two sides ("clashes", "exchange of fire"), as against
    one side's act ("attack", "raid")."""
    return cue.kind == "clash" and any(m.lemmas[i] in _STRONG_CLASH for i in range(cue.start, cue.end))


_PLACES = {"town", "village", "city", "area", "control", "district", "base", "position", "post", "hill", "territory",
           "headquarters", "hq", "locality", "camp", "checkpoint", "region", "front", "frontline", "airport", "port",
           "island", "bridge", "road", "highway", "mountain", "neighbourhood", "neighborhood", "outpost"}


def battle(cues: Sequence[Cue], m: DocMentions, *, off_duty: bool, both_sides_needed: bool) -> Typing | None:
    """Battles (codebook 1.1-1.3): two organised armed sides fight. Strong clash words say so by
    themselves; an attack, a shooting or a killing is a battle when armed men do it to an armed
    side without a remote weapon, or with direct fire (small arms) alongside one."""
    remote = any(weapon_of(c, m) and _disruption(c, m) != "stopped" for c in cues)  # seized: not fired
    direct_fire = any(c.kind == "small_arms" for c in cues)
    candidates: list[tuple[int, int, Typing]] = []
    for order, cue in enumerate(cues):
        head = m.doc[cue.head]
        if (head.dep_ == "compound" and cue.end - cue.start == 1) or cue.kind not in {
                "clash", "attack", "harm", "regain", "capture", "small_arms"}:
            continue
        if head.pos_ == "NOUN" and cue.kind in {"small_arms", "attack"} and _disruption(cue, m) == "stopped":
            continue  # "seized an assault rifle": a weapon taken, not fired
        agents = agents_of(m, head)
        targets = targets_of(m, head)
        if cue.kind == "clash" and m.lemmas[cue.head] in _REPEL:
            # "GNA forces repelled an attack by LNA forces": the attacker is the other side.
            attacked_by = [_by_agent(c, m) for c in head.children if c.dep_ == "dobj"]
            targets = [a for a in attacked_by if a is not None] or targets
        if any(is_mob(a, m) for a in agents) or (cue.kind != "harm" and any(
                is_crowd(t) and t.kind != "civilians" for t in targets)):
            continue
        armed_agents = [a for a in agents if is_armed(a)]
        armed_targets = [t for t in targets if is_armed(t) and t not in armed_agents]
        if off_duty:  # codebook: off-duty soldiers attacked at home are civilians
            armed_targets = [t for t in armed_targets if t.kind not in {"military", "police"}]
        if both_sides_needed and not (armed_agents and armed_targets):
            continue
        if cue.kind in {"regain", "capture"}:
            if not armed_agents:
                continue
            # Codebook 1.1-1.2: who ends in control of a place decides the sub-type.
            state = any(a.kind in STATE_KINDS or (a.group and a.inter == 1) for a in armed_agents)
            if cue.kind == "regain" and state:
                return Typing("Battles", "Government regains territory", cue, tuple(armed_agents), tuple(armed_targets))
            if cue.kind == "capture" and m.lemmas[cue.head] in {"capture", "seize", "overrun", "take", "takeover",
                                                               "overtake", "gain", "fall"}:
                objects = {t.lemma_.lower() for c in head.children if c.dep_ in {"dobj", "nsubjpass"}
                           for t in _taken_thing(c)}
                if objects & _PLACES:
                    sub = "Government regains territory" if state else "Non-state actor overtakes territory"
                    return Typing("Battles", sub, cue, tuple(armed_agents), tuple(armed_targets))
            continue
        if agents and not armed_agents and cue.kind != "harm":
            continue
        found = Typing("Battles", "Armed clash", cue, tuple(armed_agents), tuple(armed_targets))
        # The reading that names both sides wins: "an attack by the Taliban on a checkpoint"
        # over "four policemen were killed".
        score = 2 * bool(armed_agents and armed_targets) + bool(armed_agents) + bool(armed_targets)
        harmed = any(c.kind in {"harm", "found_dead"} for c in cues)
        if is_strong_clash(cue, m) or (cue.kind == "small_arms" and not agents and not harmed):
            candidates.append((score, -order, found))
            continue
        if not armed_targets:
            continue
        if remote and not direct_fire:
            continue
        if cue.kind == "harm" and m.lemmas[cue.head] not in {"kill", "shoot", "wound", "injure", "attack", "ambush",
                                                             "fire", "gun", "assassinate", "execute", "murder"}:
            continue
        # "gunmen" against "gunmen": one group described twice, not two sides (but gunmen who
        # shoot a drug dealer fight a gang: codebook 3, gangs are armed actors)
        if armed_agents and all(a.kind in {"armed", "gang"} for a in armed_agents) and \
                all(t.kind in {"armed", "gang"} for t in armed_targets) and \
                {m.lemmas[a.head] for a in armed_agents} & {m.lemmas[t.head] for t in armed_targets}:
            continue
        candidates.append((score, -order, found))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[0], c[1]))[2]
    attacker = _named_attacker(cues, m, exclude=best.targets)
    if attacker is not None and attacker not in best.agents:
        # "two soldiers were killed following an attack by Taliban militants": the attacker is
        # the first side, whatever the cue that proved the battle.
        others = tuple(t for t in (*best.agents, *best.targets) if t is not attacker)
        return Typing("Battles", best.sub_event_type, best.cue, (attacker,), others)
    return best


def _taken_thing(obj: Token) -> list[Token]:
    """The words that say what was taken: the object and its modifiers, and what "control of"
    is of; not where it was ("marijuana hidden in a truck on the highway" is no highway taken)."""
    words = [obj, *(t for t in obj.children if t.dep_ in {"compound", "amod", "conj"})]
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and obj.lemma_.lower() in {"control", "part", "most", "all"}:
            words += [t for t in prep.children if t.dep_ == "pobj"]
    return words


_REPEL = {"repel", "repulse", "thwart", "foil", "counter", "resist", "fend", "beat"}


def _named_attacker(cues: Sequence[Cue], m: DocMentions, exclude: Sequence[ActorMention]) -> ActorMention | None:
    """The side an attack is attributed to: "an attack by X", "X ambushed...", also when another
    side "repelled an attack by X"."""
    for cue in cues:
        head = m.doc[cue.head]
        if cue.kind == "clash" and m.lemmas[cue.head] in _REPEL:
            for child in head.children:
                if child.dep_ == "dobj" and child.lemma_.lower() in {"attack", "assault", "offensive", "incursion",
                                                                    "raid", "ambush"}:
                    by = _by_agent(child, m) or _their_side(child, head, m)
                    if by is not None:
                        return by
        if cue.kind in {"attack", "clash", "harm"} and head.pos_ == "NOUN":
            by = _by_agent(head, m)
            if by is not None and is_armed(by) and by not in exclude:
                return by
    return None


def _their_side(attack: Token, repel: Token, m: DocMentions) -> ActorMention | None:
    """Whose attack "their attack" is when another side repelled it ("13 Taliban militants were
    killed when Afghan forces repulsed their attacks"): the sentence's armed side that is not
    the repeller."""
    if not any(c.dep_ == "poss" and c.lower_ in {"their", "its", "his"} for c in attack.children):
        return None
    repellers = agents_of(m, repel)
    sent = sent_index(m, repel.i)
    return next((a for a in m.actors_in([sent]) if is_armed(a) and a.kind != "position"
                 and a not in repellers), None)


def _by_agent(noun: Token, m: DocMentions) -> ActorMention | None:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = actor_at(m, obj)
                    if found is not None and is_armed(found):
                        return found
    return None


# Verbs whose object is a weapon that was not used: codebook 1.21, Disrupted weapons use.
_DISRUPTING = {"defuse", "dismantle", "intercept", "neutralize", "neutralise", "disarm", "recover", "find",
               "discover", "locate", "seize", "confiscate", "detect", "uncover", "unearth"}


def _disruption(cue: Cue, m: DocMentions) -> str | None:
    """How a weapon cue's weapon was stopped: "stopped" when found, defused or shot down before
    use, "premature" when it went off on its own planter ("landmines they were planting exploded
    prematurely"), "used" otherwise; None for a cue no verb governs (a heading, "Detonation:")."""
    head = m.doc[cue.head]
    for token in [head, *head.ancestors]:  # the nearest verb decides
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        if lemma in _DISRUPTING:
            return "stopped"
        if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            return "stopped"
        early = any(c.lower_ in {"prematurely", "accidentally"} for c in token.children)
        if lemma in {"explode", "detonate"} and early:
            return "premature"
        return "used"
    return None


def disrupted_weapons(cues: Sequence[Cue], m: DocMentions, *, harmed: bool) -> Typing | None:
    """Disrupted weapons use (codebook 1.21) when every weapon the event names was stopped before
    it was used: it ranks below the explosions and violence those weapons would have been. A
    weapons haul from a raid that killed people is the raid's (a clash), unless the dead are
    the planters of a bomb that went off early."""
    weapons = [(c, _disruption(c, m)) for c in cues if weapon_of(c, m)]
    ways = {way for _, way in weapons if way is not None}
    if "premature" in ways:
        ways = {"premature"}  # the weapons named with it are the ones that went off early
    if not ways or "used" in ways or (harmed and ways != {"premature"}):
        return None
    cue = next(c for c, way in weapons if way is not None)
    verb = next((t for t in [m.doc[cue.head], *m.doc[cue.head].ancestors] if t.pos_ == "VERB"), m.doc[cue.head])
    agents = [a for a in agents_of(m, verb) if is_armed(a)]
    return Typing("Strategic developments", "Disrupted weapons use", cue, tuple(agents), ())


def remote(cues: Sequence[Cue], m: DocMentions) -> Typing | None:
    best: tuple[int, Cue, str] | None = None
    for cue in cues:
        weapon = weapon_of(cue, m)
        if weapon is None or _disruption(cue, m) in ("stopped", "premature"):
            continue  # grenades seized in a raid were not thrown
        rank = _REMOTE_KINDS.index(weapon)
        if best is None or rank < best[0]:
            best = (rank, cue, weapon)
    if best is None:
        fired = _weapons_fired_at_places(cues, m)
        if fired is None:
            return None
        best = (0, fired, "shelling")
    _, cue, weapon = best
    verb = next((c for c in cues if c.kind in {"attack", "harm"}), cue)
    agents = agents_of(m, m.doc[cue.head]) or agents_of(m, m.doc[verb.head])
    targets = targets_of(m, m.doc[cue.head]) or targets_of(m, m.doc[verb.head])
    return Typing("Explosions/Remote violence", _EXPLOSION_SUBTYPE[weapon], cue,
                  tuple(a for a in agents if is_armed(a)), tuple(targets))


def _weapons_fired_at_places(cues: Sequence[Cue], m: DocMentions) -> Cue | None:
    """Armed men firing weapons at an area, with no side named there to fire back ("forces
    fired heavy and medium weapons at villages"): one-way fire, codebook 1.12."""
    for cue in cues:
        if cue.kind != "attack" or m.lemmas[cue.head] != "fire":
            continue
        head = m.doc[cue.head]
        weapons = [c for c in head.children if c.dep_ == "dobj"
                   and {t.lemma_.lower() for t in c.subtree} & (WEAPONS | {"gun", "machinegun", "machine"})]
        if weapons and any(is_armed(a) for a in agents_of(m, head)) and not any(
                is_armed(t) for t in targets_of(m, head)):
            return cue
    return None


# Means of crowd control that are fired at people: aimed at civilians who are not gathered they
# are an attack on them (codebook 2.1), not the dispersal of a demonstration (1.5).
PROJECTILES = frozenset({"tear", "teargas", "rubber", "pellet", "plastic", "pepper", "stun", "sound"})


def is_projectile(cue: Cue, m: DocMentions) -> bool:
    return cue.kind == "intervention" and any(m.lemmas[i] in PROJECTILES for i in range(cue.start, cue.end))


def _fired_at_civilians(cue: Cue, m: DocMentions) -> bool:
    head = m.doc[cue.head]
    return (is_projectile(cue, m) and any(a.kind == "civilians" for a in targets_of(m, head))
            and any(is_armed(a) for a in agents_of(m, head)))


def violence_against_civilians(cues: Sequence[Cue], m: DocMentions, facts: EventFacts) -> Typing | None:
    sexual = [c for c in cues if c.kind == "sexual"]
    harm = [c for c in cues if c.kind in {"harm", "found_dead", "attack"} or _fired_at_civilians(c, m)]
    abduct = [c for c in cues if c.kind == "abduct"]
    for group, sub in ((sexual, "Sexual violence"), (harm, "Attack"), (abduct, "Abduction/forced disappearance")):
        for cue in group:
            head = m.doc[cue.head]
            agents = agents_of(m, head)
            if agents and any(is_mob(a, m) for a in agents) and not any(is_armed(a) for a in agents):
                return Typing("Riots", "Mob violence", cue, tuple(agents), tuple(targets_of(m, head)))
            unhurt = not targets_of(m, head) and facts.fatalities == 0 and facts.injuries == 0 and \
                not _attacks_people_at_home(head)
            if unhurt and (cue.kind == "attack" or m.lemmas[cue.head] in {"attack", "assault", "target"}) and (
                    m.lemmas[cue.head] in {"open", "fire", "target", "hit", "strike"} or damage(cues, m)):
                continue  # "an arson attack targeting a plant caused material damage": no one was hurt
            if sub == "Abduction/forced disappearance" and (facts.fatalities > 0 or harm):
                continue
            return Typing("Violence against civilians", sub, cue, tuple(a for a in agents if is_armed(a)),
                          tuple(targets_of(m, head)))
    if facts.fatalities > 0:
        cue = next((c for c in cues if c.kind in {"harm", "attack", "clash"}), cues[0])
        return Typing("Violence against civilians", "Attack", cue)
    return None


# Places people live in: an attack on them is an attack on their people (codebook 2.1).
_INHABITED = {"village", "settlement", "town", "camp", "community", "home", "house", "hamlet", "locality", "city",
              "neighbourhood", "neighborhood", "compound", "household"}


def _attacks_people_at_home(head: Token) -> bool:
    verb = head if head.pos_ == "VERB" else head.head
    return any(t.lemma_.lower() in _INHABITED for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}
               for t in c.subtree)
