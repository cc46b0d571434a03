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
from dataclasses import dataclass

from spacy.tokens import Token

from .mentions import ActorMention, Cue, DocMentions
from .roles import agents_of, targets_of

ARMED_KINDS = frozenset({"military", "police", "armed", "gang", "rebel", "militia", "communal", "group"})
STATE_KINDS = frozenset({"military", "police", "government"})
CROWD_KINDS = frozenset({"protesters", "rioters", "civilians"})
_CROWD_WORDS = {"protester", "protestor", "demonstrator", "rioter", "mob", "crowd", "resident", "villager",
                "youth", "student", "worker", "people", "supporter", "prisoner", "inmate", "fan", "local",
                "farmer", "man", "men", "trader", "group", "member", "mourner", "labourer", "laborer",
                "activist", "community", "relative", "family", "inhabitant", "passenger", "migrant"}
_RIOT_OBJECTS = {"stone", "rock", "brick", "bottle", "molotov", "petrol", "object", "projectile", "firecracker",
                 "tyre", "tire", "stick", "chair"}
_SERIOUS_INJURY = {"seriously", "critically", "gravely", "severely", "hospitalised", "hospitalized",
                   "hospital", "bullet", "gunshot", "live", "ammunition"}
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


def _is_armed(actor: ActorMention) -> bool:
    return actor.kind in ARMED_KINDS or (actor.kind == "government" and actor.inter == 1 and False)


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


def _crowd_agent(actors: Sequence[ActorMention], m: DocMentions) -> bool:
    return any(a.kind in CROWD_KINDS or m.lemmas[a.head] in _CROWD_WORDS for a in actors)


def _riot_violence(facts: EventFacts, m: DocMentions) -> Cue | None:
    """A violent act by a crowd: stones, arson, vandalism, fighting the police."""
    for cue in facts.cues:
        if cue.kind not in {"riot_act", "clash", "attack", "loot", "mob"}:
            continue
        head = m.doc[cue.head]
        lemma = m.lemmas[cue.head]
        agents = agents_of(m, head)
        if cue.kind == "riot_act":
            if lemma in {"riot", "rioter", "looter"}:
                return cue
            if agents and not _crowd_agent(agents, m) and all(a.kind in ARMED_KINDS for a in agents):
                continue
            return cue
        if cue.kind == "mob":
            return cue
        if cue.kind in {"clash", "attack"} and agents and _crowd_agent(agents, m) and \
                not any(_is_armed(a) for a in agents):
            targets = targets_of(m, head)
            if lemma in {"clash", "fight", "scuffle", "brawl", "confrontation", "attack", "assault", "storm",
                         "throw", "hurl", "pelt", "stone"} and (
                    not targets or any(_is_armed(t) or t.kind in CROWD_KINDS for t in targets)):
                return cue
        if cue.kind == "loot" and agents and _crowd_agent(agents, m) and not any(_is_armed(a) for a in agents):
            if lemma in {"loot", "ransack", "torch", "burn", "vandalize", "vandalise", "damage", "smash",
                         "destroy"}:
                return cue
    for cue in facts.cues:
        if cue.kind in {"attack", "riot_act"} and m.lemmas[cue.head] in {"throw", "hurl", "pelt"}:
            window = set(m.lemmas[cue.head:cue.head + 6])
            if window & _RIOT_OBJECTS:
                return cue
    return None


def classify(facts: EventFacts, m: DocMentions) -> Typing | None:
    """The event type and sub-type the cues support, in the codebook's rank order."""
    cues = list(facts.cues)
    if not cues:
        return None
    kinds = {c.kind for c in cues}
    actors = facts.actors
    protest_cues = [c for c in cues if c.kind == "protest"] or [
        c for c in cues if c.kind == "gather" and _has_purpose(c, m)]
    has_protesters = any(a.kind == "protesters" for a in actors)

    # Battles: two organised armed sides.
    battle = _battle(cues, m)
    if battle is not None:
        return battle

    riot_cue = _riot_violence(facts, m)
    crowd_context = protest_cues or has_protesters
    if crowd_context:
        anchor = protest_cues[0] if protest_cues else cues[0]
        if riot_cue is not None:
            return Typing("Riots", "Violent demonstration", anchor, (), _police_in(actors))
        interveners = _police_in(actors) or tuple(a for a in actors if _is_armed(a))
        if (facts.fatalities > 0 or (facts.injuries > 0 and _serious(facts.text))) and interveners:
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

    return _strategic(cues, m)


def _has_purpose(cue: Cue, m: DocMentions) -> bool:
    sent = m.sentences[cue.sent]
    return any(m.lemmas[t.i] in _PURPOSE for t in sent)


_PURPOSE = {"demand", "denounce", "condemn", "oppose", "against", "protest", "urge", "reject", "decry",
            "solidarity", "commemorate", "slogan", "placard", "banner", "grievance", "petition", "call"}


def _serious(text: str) -> bool:
    return any(word in text for word in _SERIOUS_INJURY)


def _police_in(actors: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    return tuple(a for a in actors if a.kind in {"police", "military"} or (a.group and a.inter in {1, 8}))


def _battle(cues: Sequence[Cue], m: DocMentions) -> Typing | None:
    for cue in cues:
        if cue.kind not in {"clash", "attack", "regain", "capture"}:
            continue
        head = m.doc[cue.head]
        agents = [a for a in agents_of(m, head) if _is_armed(a)]
        targets = [a for a in targets_of(m, head) if _is_armed(a)]
        if cue.kind == "attack":
            # An attack is a battle when armed men attack armed men with no remote weapon.
            if any(_weapon_of(c, m) for c in cues):
                continue
            if not targets or (agents and all(a.kind in {"armed", "gang"} for a in agents) and
                               all(t.kind in {"armed", "gang"} for t in targets)):
                continue
        if cue.kind == "clash" and not targets and not agents:
            # "heavy fighting broke out": two sides named anywhere in the sentence.
            armed = [a for a in m.actors if a.sent == cue.sent and _is_armed(a)]
            if len({(a.kind, a.group) for a in armed}) < 2:
                continue
            agents, targets = armed[:1], armed[1:2]
        elif cue.kind == "clash" and not (agents and targets):
            armed = [a for a in m.actors if a.sent == cue.sent and _is_armed(a)]
            if not agents and not targets:
                continue
            if len(armed) < 2 and not (agents or targets):
                continue
            if m.lemmas[cue.head] in {"raid", "storm", "assault", "offensive", "encounter", "foil", "thwart"} \
                    and not targets:
                continue
        if cue.kind in {"regain", "capture"}:
            if not agents:
                continue
            state = any(a.kind in STATE_KINDS or (a.group and a.inter == 1) for a in agents)
            sub = "Government regains territory" if state else "Non-state actor overtakes territory"
            if cue.kind == "regain" or not state:
                return Typing("Battles", sub, cue, tuple(agents), tuple(targets))
            continue
        return Typing("Battles", "Armed clash", cue, tuple(agents), tuple(targets))
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
        return None
    _, cue, weapon = best
    verb = next((c for c in cues if c.kind in {"attack", "harm"}), cue)
    agents = agents_of(m, m.doc[cue.head]) or agents_of(m, m.doc[verb.head])
    targets = targets_of(m, m.doc[cue.head]) or targets_of(m, m.doc[verb.head])
    return Typing("Explosions/Remote violence", _EXPLOSION_SUBTYPE[weapon], cue,
                  tuple(a for a in agents if _is_armed(a)), tuple(targets))


def _violence_against_civilians(cues: Sequence[Cue], m: DocMentions, facts: EventFacts) -> Typing | None:
    sexual = [c for c in cues if c.kind == "sexual"]
    harm = [c for c in cues if c.kind in {"harm", "found_dead", "attack"}]
    abduct = [c for c in cues if c.kind == "abduct"]
    for group, sub in ((sexual, "Sexual violence"), (harm, "Attack"), (abduct, "Abduction/forced disappearance")):
        for cue in group:
            head = m.doc[cue.head]
            agents = agents_of(m, head)
            if agents and _crowd_agent(agents, m) and not any(_is_armed(a) for a in agents):
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
