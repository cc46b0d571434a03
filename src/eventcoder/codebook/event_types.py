"""ACLED's event types and sub-event types, in the codebook's rank order (codebook section 1),
and the actor types behind the inter codes (section 3)."""

from __future__ import annotations

# Event types in rank order (codebook section 2), each with its sub-event types in rank order.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

EVENT_TYPE_OF: dict[str, str] = {sub: kind for kind, subs in EVENT_TYPES.items() for sub in subs}

# A global rank over sub-event types: lower is higher-ranked.
SUB_EVENT_RANK: dict[str, int] = {sub: rank for rank, sub in enumerate(EVENT_TYPE_OF)}

DISORDER_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

INTER_LABELS: dict[int, str] = {
    0: "No actor",
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type; Mob violence and Excessive force are political violence."""
    if sub_event_type == "Mob violence":
        return "Political violence"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    return DISORDER_TYPE[event_type]
