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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from .mentions import ActorMention, Cue, DocMentions
from .roles import actor_at, agents_of, targets_of

ARMED_KINDS = frozenset({"military", "police", "armed", "gang", "rebel", "militia", "communal", "group",
                         "position"})
STATE_KINDS = frozenset({"military", "police", "government"})
CROWD_KINDS = frozenset({"protesters", "rioters", "civilians"})
_RIOT_OBJECTS = {"stone", "rock", "brick", "bottle", "molotov", "petrol", "object", "projectile", "firecracker",
                 "tyre", "tire", "stick", "chair"}
_OFF_DUTY = re.compile(r"\boff[- ]duty\b|\bat (?:his|her|their) (?:house|home|residence)\b|\bin (?:his|her|their) "
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
# Strategic development sub-types in the codebook's rank order, with the cue kind behind each.
_STRATEGIC = (
    ("agreement", "Agreement"),
    ("arrest", "Arrests"),
    ("change", "Change to group/activity"),
    ("disrupt", "Disrupted weapons use"),
    ("base", "Headquarters or base established"),
    ("loot", "Looting/property destruction"),
    ("transfer", "Non-violent transfer of territory"),
    ("other", "Other"),
)


@dataclass(frozen=True, slots=True)
class Typing:
    """The decision, with the cue that carries it (for evidence and geolocation) and the sides."""

    event_type: str
    sub_event_type: str
    cue: Cue
    agents: tuple[ActorMention, ...] = ()
    targets: tuple[ActorMention, ...] = ()


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What typing looks at for one event."""

    cues: Sequence[Cue]
    actors: Sequence[ActorMention]
    fatalities: int
    injuries: int
    text: str  # the event's sentences, lower case
    serious_injuries: bool = False


def _is_armed(actor: ActorMention) -> bool:
    return actor.kind in ARMED_KINDS


def _weapon_of(cue: Cue, m: DocMentions) -> str | None:
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


def _is_crowd(actor: ActorMention) -> bool:
    return actor.kind in CROWD_KINDS


_MOB_WORDS = {"villager", "resident", "youth", "local", "people", "inhabitant", "community", "student",
              "citizen", "relative", "farmer", "worker", "supporter", "trader", "vendor", "passenger", "labourer",
              "laborer", "prisoner", "inmate", "fan", "neighbour", "neighbor", "crowd", "group"}


def _is_mob(actor: ActorMention, m: DocMentions) -> bool:
    """A crowd of three or more (codebook 1.8): a mob, villagers, residents; not "two men"."""
    head = m.doc[actor.head]
    return actor.kind in {"rioters", "protesters"} or (
        actor.kind == "civilians" and head.lemma_.lower() in _MOB_WORDS
        and (head.tag_ in {"NNS", "NNPS"} or head.lemma_.lower() in {"crowd", "group"}))


def _riot_violence(facts: EventFacts, m: DocMentions, crowd_context: bool) -> Cue | None:
    """A violent act by a crowd (codebook 1.7-1.8): stones, arson, vandalism, fighting the police,
    beating people. The crowd must be the one acting: armed men setting fire to a house are not
    rioters."""
    for cue in facts.cues:
        head = m.doc[cue.head]
        lemma = m.lemmas[cue.head]
        if cue.kind in {"riot_act", "mob"} and lemma in {"riot", "rioter", "mob", "lynch", "lynching", "looter"}:
            if head.pos_ in {"VERB"} or head.dep_ in {"nsubj", "nsubjpass", "dobj", "ROOT", "attr", "conj"}:
                return cue
        if cue.kind not in {"riot_act", "mob", "clash", "attack", "harm", "loot"}:
            continue
        agents = agents_of(m, head)
        if any(_is_armed(a) for a in agents):
            continue
        crowd_agent = any(_is_mob(a, m) for a in agents)
        if cue.kind in {"riot_act", "mob"} and (crowd_agent or (not agents and crowd_context)):
            if lemma == "throw" or lemma == "hurl":
                window = set(m.lemmas[cue.head:cue.head + 6])
                if not window & _RIOT_OBJECTS:
                    continue
            return cue
        if not crowd_agent:
            continue
        if cue.kind in {"clash", "attack", "harm"}:
            return cue
        if cue.kind == "loot" and lemma in {"loot", "ransack", "torch", "burn", "vandalize", "vandalise", "damage",
                                            "smash", "destroy"}:
            return cue
    for cue in facts.cues:
        # "police fought with market vendors": the crowd is the other side.
        if cue.kind in {"clash"} and _is_strong_clash(cue, m):
            sides = agents_of(m, m.doc[cue.head]) + targets_of(m, m.doc[cue.head])
            if any(_is_mob(a, m) for a in sides) and not all(_is_armed(a) for a in sides):
                return cue
    return None


_STRONG_CLASH = {"clash", "fight", "fighting", "gunfight", "shootout", "shoot", "firefight", "skirmish", "battle",
                 "exchange", "combat", "crossfire", "engagement", "engage", "confrontation", "retaliate", "fire",
                 "respond", "return", "direction", "trade", "gun"}


def _is_strong_clash(cue: Cue, m: DocMentions) -> bool:
    """Words that name fighting between two sides ("clashes", "exchange of fire"), as against
    one side's act ("attack", "raid")."""
    return cue.kind == "clash" and any(m.lemmas[i] in _STRONG_CLASH for i in range(cue.start, cue.end))


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
    crowd_context = bool(protest_cues or has_protesters)
    riot_cue = _riot_violence(facts, m, crowd_context or any(a.kind == "rioters" for a in actors))

    # Battles: two organised armed sides. Where a crowd is fighting, both sides must be named
    # as armed for the fight to be a battle rather than a riot.
    battle = _battle(cues, m, off_duty=_OFF_DUTY.search(facts.text) is not None,
                     both_sides_needed=riot_cue is not None or crowd_context)
    if battle is not None:
        return battle

    if crowd_context:
        anchor = protest_cues[0] if protest_cues else cues[0]
        if riot_cue is not None:
            return Typing("Riots", "Violent demonstration", anchor, (), _police_in(actors))
        interveners = _police_in(actors) or tuple(a for a in actors if _is_armed(a))
        if (facts.fatalities > 0 or facts.serious_injuries) and interveners:
            return Typing("Protests", "Excessive force against protesters", anchor, (), interveners)
        if kinds & {"intervention", "arrest"} or (interveners and kinds & {"attack", "harm", "clash"}):
            return Typing("Protests", "Protest with intervention", anchor, (), interveners)
        return Typing("Protests", "Peaceful protest", anchor)

    if riot_cue is not None:
        demo = any(m.lemmas[c.head] in {"riot", "rioter"} for c in cues) or "demonstrat" in facts.text
        sub = "Violent demonstration" if demo else "Mob violence"
        return Typing("Riots", sub, riot_cue, (), ())

    remote = _remote(cues, m)
    if remote is not None:
        return remote

    violence = _violence_against_civilians(cues, m, facts)
    if violence is not None:
        return violence

    return _strategic(cues, m) or _group_activity(facts, m)


def _as_abduction(cue: Cue, m: DocMentions) -> Cue:
    """Seizing people is abducting them ("gunmen seized 14 passengers"); marching captives is
    no march."""
    if cue.kind in {"loot", "capture", "arrest"} and m.lemmas[cue.head] in {"seize", "take", "grab", "snatch",
                                                                         "capture", "carry"}:
        for child in m.doc[cue.head].children:
            if child.dep_ == "dobj" and any(a.kind == "civilians" and a.start <= child.i < a.end for a in m.actors):
                if not any(a.kind in STATE_KINDS for a in agents_of(m, m.doc[cue.head])):
                    return Cue("abduct", cue.start, cue.end, cue.head, cue.sent)
    if cue.kind == "protest" and m.lemmas[cue.head] == "march" and any(
            c.dep_ == "dobj" for c in m.doc[cue.head].children):
        return Cue("other_verb", cue.start, cue.end, cue.head, cue.sent)
    return cue


def _has_purpose(cue: Cue, m: DocMentions) -> bool:
    """A gathering is a protest when it has a cause: words of demand or protest in its
    sentence, or a purpose clause ("gathered ... to pressure the government")."""
    sent = m.sentences[cue.sent]
    if any(m.lemmas[t.i] in _PURPOSE for t in sent):
        return True
    head = m.doc[cue.head]
    if m.lemmas[cue.head] in {"block", "occupy"} and any(_is_mob(a, m) for a in agents_of(m, head)):
        return True  # "students blocked the highway": a blockade by a crowd is a demonstration
    return any(c.dep_ in {"advcl", "xcomp"} and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
               for c in head.children)


_PURPOSE = {"demand", "denounce", "condemn", "oppose", "against", "protest", "urge", "reject", "decry",
            "solidarity", "commemorate", "slogan", "placard", "banner", "grievance", "petition", "call", "appeal",
            "pressure", "press", "complain", "voice", "express", "support", "request", "claim", "insist",
            "chant", "sign", "mark"}


def _police_in(actors: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    return tuple(a for a in actors if a.kind in {"police", "military"} or (a.group and a.inter in {1, 8}))


def _battle(cues: Sequence[Cue], m: DocMentions, *, off_duty: bool, both_sides_needed: bool) -> Typing | None:
    """Battles (codebook 1.1-1.3): two organised armed sides fight. Strong clash words say so by
    themselves; an attack, a shooting or a killing is a battle when armed men do it to an armed
    side without a remote weapon, or with direct fire (small arms) alongside one."""
    remote = any(_weapon_of(c, m) for c in cues)
    direct_fire = any(c.kind == "small_arms" for c in cues)
    candidates: list[tuple[int, int, Typing]] = []
    for order, cue in enumerate(cues):
        head = m.doc[cue.head]
        if (head.dep_ == "compound" and cue.end - cue.start == 1) or cue.kind not in {
                "clash", "attack", "harm", "regain", "capture", "small_arms"}:
            continue
        agents = agents_of(m, head)
        targets = targets_of(m, head)
        if cue.kind == "clash" and m.lemmas[cue.head] in _REPEL:
            # "GNA forces repelled an attack by LNA forces": the attacker is the other side.
            attacked_by = [_by_agent(c, m) for c in head.children if c.dep_ == "dobj"]
            targets = [a for a in attacked_by if a is not None] or targets
        if any(_is_mob(a, m) for a in agents) or (cue.kind != "harm" and any(
                _is_crowd(t) and t.kind != "civilians" for t in targets)):
            continue
        armed_agents = [a for a in agents if _is_armed(a)]
        armed_targets = [t for t in targets if _is_armed(t) and t not in armed_agents]
        if off_duty:  # codebook: off-duty soldiers attacked at home are civilians
            armed_targets = [t for t in armed_targets if t.kind not in {"military", "police"}]
        if both_sides_needed and not (armed_agents and armed_targets):
            continue
        if cue.kind in {"regain", "capture"}:
            if not armed_agents:
                continue
            state = any(a.kind in STATE_KINDS or (a.group and a.inter == 1) for a in armed_agents)
            if cue.kind == "regain" and state:
                return Typing("Battles", "Government regains territory", cue, tuple(armed_agents), tuple(armed_targets))
            if cue.kind == "capture" and not state and m.lemmas[cue.head] in {"capture", "seize", "overrun", "take",
                                                                             "takeover", "overtake", "gain", "fall"}:
                objects = {t.lemma_.lower() for c in head.children if c.dep_ in {"dobj", "nsubjpass"}
                           for t in c.subtree}
                if objects & {"town", "village", "city", "area", "control", "district", "base", "position", "post",
                              "hill", "territory", "headquarters", "locality", "camp", "checkpoint"}:
                    return Typing("Battles", "Non-state actor overtakes territory", cue, tuple(armed_agents),
                                  tuple(armed_targets))
            continue
        if agents and not armed_agents and cue.kind != "harm":
            continue
        found = Typing("Battles", "Armed clash", cue, tuple(armed_agents), tuple(armed_targets))
        # The reading that names both sides wins: "an attack by the Taliban on a checkpoint"
        # over "four policemen were killed".
        score = 2 * bool(armed_agents and armed_targets) + bool(armed_agents) + bool(armed_targets)
        if _is_strong_clash(cue, m) or (cue.kind == "small_arms" and not agents):
            candidates.append((score, -order, found))
            continue
        if not armed_targets:
            continue
        if remote and not direct_fire:
            continue
        if cue.kind == "harm" and m.lemmas[cue.head] not in {"kill", "shoot", "wound", "injure", "attack", "ambush",
                                                             "fire", "gun", "assassinate", "execute", "murder"}:
            continue
        if armed_agents and all(a.kind in {"armed", "gang"} for a in armed_agents) and \
                all(t.kind in {"armed", "gang"} for t in armed_targets):
            continue  # "gunmen" against "gunmen": one group described twice, not two sides
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
                    by = _by_agent(child, m)
                    if by is not None:
                        return by
        if cue.kind in {"attack", "clash", "harm"} and head.pos_ == "NOUN":
            by = _by_agent(head, m)
            if by is not None and _is_armed(by) and by not in exclude:
                return by
    return None


def _by_agent(noun: Token, m: DocMentions) -> ActorMention | None:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = actor_at(m, obj)
                    if found is not None and _is_armed(found):
                        return found
    return None


def _remote(cues: Sequence[Cue], m: DocMentions) -> Typing | None:
    best: tuple[int, Cue, str] | None = None
    for cue in cues:
        weapon = _weapon_of(cue, m)
        if weapon is None:
            continue
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
                  tuple(a for a in agents if _is_armed(a)), tuple(targets))


def _weapons_fired_at_places(cues: Sequence[Cue], m: DocMentions) -> Cue | None:
    """Armed men firing weapons at an area, with no side named there to fire back ("forces
    fired heavy and medium weapons at villages"): one-way fire, codebook 1.12."""
    for cue in cues:
        if cue.kind != "attack" or m.lemmas[cue.head] != "fire":
            continue
        head = m.doc[cue.head]
        weapons = [c for c in head.children if c.dep_ == "dobj"
                   and {t.lemma_.lower() for t in c.subtree} & (_WEAPONS | {"gun", "machinegun", "machine"})]
        if weapons and any(_is_armed(a) for a in agents_of(m, head)) and not any(
                _is_armed(t) for t in targets_of(m, head)):
            return cue
    return None


def _violence_against_civilians(cues: Sequence[Cue], m: DocMentions, facts: EventFacts) -> Typing | None:
    sexual = [c for c in cues if c.kind == "sexual"]
    harm = [c for c in cues if c.kind in {"harm", "found_dead", "attack"}]
    abduct = [c for c in cues if c.kind == "abduct"]
    for group, sub in ((sexual, "Sexual violence"), (harm, "Attack"), (abduct, "Abduction/forced disappearance")):
        for cue in group:
            head = m.doc[cue.head]
            agents = agents_of(m, head)
            if agents and any(_is_mob(a, m) for a in agents) and not any(_is_armed(a) for a in agents):
                return Typing("Riots", "Mob violence", cue, tuple(agents), tuple(targets_of(m, head)))
            if cue.kind == "attack" and m.lemmas[cue.head] in {"open", "fire", "target", "hit", "strike"} and \
                    not targets_of(m, head) and facts.fatalities == 0 and facts.injuries == 0:
                continue
            if sub == "Abduction/forced disappearance" and (facts.fatalities > 0 or harm):
                continue
            return Typing("Violence against civilians", sub, cue, tuple(a for a in agents if _is_armed(a)),
                          tuple(targets_of(m, head)))
    if facts.fatalities > 0:
        cue = next((c for c in cues if c.kind in {"harm", "attack", "clash"}), cues[0])
        return Typing("Violence against civilians", "Attack", cue)
    return None


def _strategic(cues: Sequence[Cue], m: DocMentions) -> Typing | None:
    present = {c.kind: c for c in reversed(cues)}
    if "disrupt" in present or _weapons_seized(cues, m):
        cue = present.get("disrupt") or next(c for c in cues if c.kind in {"loot", "capture", "arrest"})
        return Typing("Strategic developments", "Disrupted weapons use", cue,
                      tuple(agents_of(m, m.doc[cue.head])))
    first = next((c for c in cues if c.kind in dict(_STRATEGIC)), None)
    if first is None:
        return None
    # Rank within strategic developments applies to one actor pair; the lead cue decides
    # between an arrest and the looting it followed.
    sub = dict(_STRATEGIC)[first.kind]
    return Typing("Strategic developments", sub, first, tuple(agents_of(m, m.doc[first.head])),
                  tuple(targets_of(m, m.doc[first.head])))


_SAYING = {"say", "tell", "report", "claim", "state", "announce", "deny", "accuse", "warn", "add", "confirm",
           "call", "urge", "demand", "ask", "declare"}


def _group_activity(facts: EventFacts, m: DocMentions) -> Typing | None:
    """An armed group doing something that is none of the above ("cartel members delivered
    food packages", "the group placed checkpoints"): codebook 1.20, a change to the group's
    activity. Only for a named or organised armed group acting (not speaking) in the past."""
    for actor in facts.actors:
        if actor.kind not in {"group", "gang", "militia", "rebel"}:
            continue
        token = m.doc[actor.head]
        verb = token.head
        if token.dep_ != "nsubj" or verb.pos_ != "VERB" or verb.tag_ not in {"VBD", "VBN"}:
            continue
        if verb.lemma_.lower() in _SAYING or any(c.dep_ == "neg" for c in verb.children):
            continue
        cue = Cue("change", verb.i, verb.i + 1, verb.i, actor.sent)
        return Typing("Strategic developments", "Change to group/activity", cue, (actor,), ())
    return None


def _weapons_seized(cues: Sequence[Cue], m: DocMentions) -> bool:
    for cue in cues:
        if cue.kind in {"loot", "capture", "arrest", "disrupt"} and m.lemmas[cue.head] in {
                "seize", "confiscate", "recover", "find", "discover", "capture", "destroy"}:
            head = m.doc[cue.head]
            for child in head.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    words = {t.lemma_.lower() for t in child.subtree}
                    if words & _WEAPONS:
                        return True
    return False


_WEAPONS = {"weapon", "arm", "ammunition", "munition", "explosive", "rifle", "gun", "grenade", "bomb", "rocket",
            "missile", "pistol", "firearm", "cartridge", "detonator", "ied", "mine", "drone", "shell",
            "kalashnikov", "round"}
