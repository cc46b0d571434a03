"""Armed violence: Battles, Explosions/Remote violence and Violence against civilians, each by its
codebook definition (sections 1.1-1.17 and 2).

- Battles need two organised armed sides fighting (or an attack on an armed side by another).
- Explosions/Remote violence need a weapon used at range with no other engagement.
- Violence against civilians needs an organised armed actor harming unarmed people.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from .findings import ActorMention, Cue, DocMentions, EventFacts, Typing, sent_index
from .roles import actor_at, agents_of, is_armed, is_crowd, is_mob, targets_of
from .strategic import damage


def weapon_of(cue: Cue, m: DocMentions) -> str | None:
    """The remote weapon a cue names, if any ('shelling', 'ied'...), with the codebook's
    exclusions: grenade launchers are shelling, stun grenades are no weapon at all."""
    kind = cue.kind
    lex = m.lexicon.events
    words = " ".join(m.lowers[cue.start:cue.end + 1])
    if kind == "grenade":
        if "launcher" in words or "rocket" in m.lowers[max(0, cue.start - 2):cue.start]:
            return "shelling"
        if any(w in lex.harmless_grenade_words for w in m.lowers[max(0, cue.start - 2):cue.start]):
            return None
    if kind == "air":
        head = m.doc[cue.head]
        lemma = head.lemma_.lower()
        if lemma in lex.aircraft_words:
            # A drone or helicopter is a strike only when it attacks ("a drone strike", "helicopters fired").
            if not _attacks(head, m):
                return None
        if lemma in lex.bomb_words and not _near_air(cue, m):
            return "ied" if lemma != "bombardment" else "shelling"
    if kind == "shelling" and m.lemmas[cue.head] in lex.heavy_weapon_words:
        if m.lemmas[cue.head] == "explosion" and m.doc[cue.head].tag_ != "NNS":
            return "ied"
    return kind if kind in lex.remote_weapons else None


def _near_air(cue: Cue, m: DocMentions) -> bool:
    window = m.lowers[max(0, cue.start - 8):cue.end + 8]
    return any(w in m.lexicon.events.air_words for w in window)


def _attacks(token: Token, m: DocMentions) -> bool:
    window = m.lemmas[max(0, token.i - 6):token.i + 8]
    return any(w in m.lexicon.events.aircraft_attack_words for w in window)


def is_strong_clash(cue: Cue, m: DocMentions) -> bool:
    """Words that name fighting between two sides ("clashes", "exchange of fire"), as against
    one side's act ("attack", "raid")."""
    two_sided = m.lexicon.events.two_sided_words
    return cue.kind == "clash" and any(m.lemmas[i] in two_sided for i in range(cue.start, cue.end))


def battle(cues: Sequence[Cue], m: DocMentions, *, off_duty: bool, both_sides_needed: bool) -> Typing | None:
    """Battles (codebook 1.1-1.3): two organised armed sides fight. Strong clash words say so by
    themselves; an attack, a shooting or a killing is a battle when armed men do it to an armed
    side without a remote weapon, or with direct fire (small arms) alongside one."""
    lex = m.lexicon.events
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
        if cue.kind == "clash" and m.lemmas[cue.head] in lex.repel_verbs:
            # "GNA forces repelled an attack by LNA forces": the attacker is the other side.
            attacked_by = [_by_agent(c, m) for c in head.children if c.dep_ == "dobj"]
            targets = [a for a in attacked_by if a is not None] or targets
        if any(is_mob(a, m) for a in agents) or (cue.kind != "harm" and any(
                is_crowd(t, m) and t.kind != "civilians" for t in targets)):
            continue
        armed_agents = [a for a in agents if is_armed(a, m)]
        armed_targets = [t for t in targets if is_armed(t, m) and t not in armed_agents]
        if off_duty:  # codebook: off-duty soldiers attacked at home are civilians
            armed_targets = [t for t in armed_targets if t.kind not in {"military", "police"}]
        if both_sides_needed and not (armed_agents and armed_targets):
            continue
        if cue.kind in {"regain", "capture"}:
            if not armed_agents:
                continue
            # Codebook 1.1-1.2: who ends in control of a place decides the sub-type.
            state_kinds = m.lexicon.actors.kind_groups["state"]
            state = any(a.kind in state_kinds or (a.group and a.inter == 1) for a in armed_agents)
            if cue.kind == "regain" and state:
                return Typing("Battles", "Government regains territory", cue, tuple(armed_agents), tuple(armed_targets))
            if cue.kind == "capture" and m.lemmas[cue.head] in lex.taking_verbs:
                objects = {t.lemma_.lower() for c in head.children if c.dep_ in {"dobj", "nsubjpass"}
                           for t in _taken_thing(c, lex.share_words)}
                if objects & lex.territory_words:
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
        if cue.kind == "harm" and m.lemmas[cue.head] not in lex.battle_harm_verbs:
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


def _taken_thing(obj: Token, share_words: frozenset[str]) -> list[Token]:
    """The words that say what was taken: the object and its modifiers, and what "control of"
    is of; not where it was ("marijuana hidden in a truck on the highway" is no highway taken)."""
    words = [obj, *(t for t in obj.children if t.dep_ in {"compound", "amod", "conj"})]
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and obj.lemma_.lower() in share_words:
            words += [t for t in prep.children if t.dep_ == "pobj"]
    return words


def _named_attacker(cues: Sequence[Cue], m: DocMentions, exclude: Sequence[ActorMention]) -> ActorMention | None:
    """The side an attack is attributed to: "an attack by X", "X ambushed...", also when another
    side "repelled an attack by X"."""
    lex = m.lexicon.events
    for cue in cues:
        head = m.doc[cue.head]
        if cue.kind == "clash" and m.lemmas[cue.head] in lex.repel_verbs:
            for child in head.children:
                if child.dep_ == "dobj" and child.lemma_.lower() in lex.attack_nouns:
                    by = _by_agent(child, m) or _their_side(child, head, m)
                    if by is not None:
                        return by
        if cue.kind in {"attack", "clash", "harm"} and head.pos_ == "NOUN":
            by = _by_agent(head, m)
            if by is not None and is_armed(by, m) and by not in exclude:
                return by
    return None


def _their_side(attack: Token, repel: Token, m: DocMentions) -> ActorMention | None:
    """Whose attack "their attack" is when another side repelled it ("13 Taliban militants were
    killed when Afghan forces repulsed their attacks"): the sentence's armed side that is not
    the repeller."""
    if not any(c.dep_ == "poss" and c.lower_ in m.lexicon.events.their_words for c in attack.children):
        return None
    repellers = agents_of(m, repel)
    sent = sent_index(m, repel.i)
    return next((a for a in m.actors_in([sent]) if is_armed(a, m) and a.kind != "position"
                 and a not in repellers), None)


def _by_agent(noun: Token, m: DocMentions) -> ActorMention | None:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = actor_at(m, obj)
                    if found is not None and is_armed(found, m):
                        return found
    return None


def _disruption(cue: Cue, m: DocMentions) -> str | None:
    """How a weapon cue's weapon was stopped: "stopped" when found, defused or shot down before
    use, "premature" when it went off on its own planter ("landmines they were planting exploded
    prematurely"), "used" otherwise; None for a cue no verb governs (a heading, "Detonation:")."""
    head = m.doc[cue.head]
    for token in [head, *head.ancestors]:  # the nearest verb decides
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        if lemma in m.lexicon.events.disrupting_verbs:
            return "stopped"
        if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            return "stopped"
        early = any(c.lower_ in m.lexicon.events.premature_words for c in token.children)
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
    agents = [a for a in agents_of(m, verb) if is_armed(a, m)]
    return Typing("Strategic developments", "Disrupted weapons use", cue, tuple(agents), ())


def remote(cues: Sequence[Cue], m: DocMentions) -> Typing | None:
    best: tuple[int, Cue, str] | None = None
    for cue in cues:
        weapon = weapon_of(cue, m)
        if weapon is None or _disruption(cue, m) in ("stopped", "premature"):
            continue  # grenades seized in a raid were not thrown
        rank = list(m.lexicon.events.remote_weapons).index(weapon)
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
    return Typing("Explosions/Remote violence", m.lexicon.events.remote_weapons[weapon], cue,
                  tuple(a for a in agents if is_armed(a, m)), tuple(targets))


def _weapons_fired_at_places(cues: Sequence[Cue], m: DocMentions) -> Cue | None:
    """Armed men firing weapons at an area, with no side named there to fire back ("forces
    fired heavy and medium weapons at villages"): one-way fire, codebook 1.12."""
    lex = m.lexicon.events
    for cue in cues:
        if cue.kind != "attack" or m.lemmas[cue.head] != "fire":
            continue
        head = m.doc[cue.head]
        weapons = [c for c in head.children if c.dep_ == "dobj"
                   and {t.lemma_.lower() for t in c.subtree} & (lex.weapon_words | lex.fired_weapon_words)]
        if weapons and any(is_armed(a, m) for a in agents_of(m, head)) and not any(
                is_armed(t, m) for t in targets_of(m, head)):
            return cue
    return None


def is_projectile(cue: Cue, m: DocMentions) -> bool:
    projectiles = m.lexicon.events.projectile_words
    return cue.kind == "intervention" and any(m.lemmas[i] in projectiles for i in range(cue.start, cue.end))


def _fired_at_civilians(cue: Cue, m: DocMentions) -> bool:
    head = m.doc[cue.head]
    return (is_projectile(cue, m) and any(a.kind == "civilians" for a in targets_of(m, head))
            and any(is_armed(a, m) for a in agents_of(m, head)))


def violence_against_civilians(cues: Sequence[Cue], m: DocMentions, facts: EventFacts) -> Typing | None:
    sexual = [c for c in cues if c.kind == "sexual"]
    harm = [c for c in cues if c.kind in {"harm", "found_dead", "attack"} or _fired_at_civilians(c, m)]
    abduct = [c for c in cues if c.kind == "abduct"]
    for group, sub in ((sexual, "Sexual violence"), (harm, "Attack"), (abduct, "Abduction/forced disappearance")):
        for cue in group:
            head = m.doc[cue.head]
            agents = agents_of(m, head)
            if agents and any(is_mob(a, m) for a in agents) and not any(is_armed(a, m) for a in agents):
                return Typing("Riots", "Mob violence", cue, tuple(agents), tuple(targets_of(m, head)))
            unhurt = not targets_of(m, head) and facts.fatalities == 0 and facts.injuries == 0 and \
                not _attacks_people_at_home(head, m.lexicon.events.inhabited_words)
            lemma = m.lemmas[cue.head]
            if unhurt and (cue.kind == "attack" or lemma in m.lexicon.events.attack_verbs) and (
                    lemma in m.lexicon.events.shooting_verbs or damage(cues, m)):
                continue  # "an arson attack targeting a plant caused material damage": no one was hurt
            if sub == "Abduction/forced disappearance" and (facts.fatalities > 0 or harm):
                continue
            return Typing("Violence against civilians", sub, cue, tuple(a for a in agents if is_armed(a, m)),
                          tuple(targets_of(m, head)))
    if facts.fatalities > 0:
        cue = next((c for c in cues if c.kind in {"harm", "attack", "clash"}), cues[0])
        return Typing("Violence against civilians", "Attack", cue)
    return None


def _attacks_people_at_home(head: Token, inhabited: frozenset[str]) -> bool:
    """An attack on a village or a home is an attack on its people (codebook 2.1)."""
    verb = head if head.pos_ == "VERB" else head.head
    return any(t.lemma_.lower() in inhabited for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}
               for t in c.subtree)
