"""Actor names by ACLED's conventions, once the event's country is known (codebook section 3).

State forces are named for their country ("Military Forces of Mexico", "Police Forces of
Kenya"); forces acting outside their own country are external forces (inter 8). Crowds and
victims carry the country in brackets ("Protesters (Lebanon)", "Civilians (Mexico)"), as do the
generic armed actors ("Unidentified Armed Group (Mexico)"). Named groups keep the name ACLED
gives them (rules/actors.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..geo.countries import country_name
from ..geo.names import ascii_name
from .mentions import ActorMention

# kind -> (pattern, inter). {c} is the country's ACLED name.
_PATTERNS: dict[str, tuple[str, int]] = {
    "military": ("Military Forces of {c}", 1),
    "position": ("Military Forces of {c}", 1),
    "police": ("Police Forces of {c}", 1),
    "government": ("Government of {c}", 1),
    "armed": ("Unidentified Armed Group ({c})", 3),
    "rebel": ("Unidentified Armed Group ({c})", 2),
    "militia": ("Unidentified Armed Group ({c})", 3),
    "gang": ("Unidentified Gang ({c})", 3),
    "communal": ("Unidentified Communal Militia ({c})", 4),
    "protesters": ("Protesters ({c})", 6),
    "rioters": ("Rioters ({c})", 5),
    "civilians": ("Civilians ({c})", 7),
}
# Countries where the military police are part of the armed forces, and ACLED names them so
# ("Military Forces of Brazil (2019-) Military Police").
_MILITARY_POLICE_COUNTRIES = frozenset({"BRA"})
# "the Democratic Republic of Congo": ACLED writes the article after "of" for these.
_WITH_ARTICLE = frozenset({"COD", "COG", "CAF", "GMB", "PHL", "NLD", "USA", "GBR", "ARE", "BHS", "COM", "MDV",
                           "MHL", "SYC", "SLB", "CZE", "DOM"})


@dataclass(frozen=True, slots=True)
class NamedActor:
    name: str
    inter: int


def _country_label(iso3: str | None, *, after_of: bool) -> str | None:
    if not iso3:
        return None
    try:
        name = country_name(iso3)
    except KeyError:
        return None
    if after_of and iso3 in _WITH_ARTICLE and not name.lower().startswith("the "):
        return f"the {name}"
    return name


def name_actor(side: ActorMention | str | None, event_iso3: str | None) -> NamedActor | None:
    """ACLED's name and inter code for one side of an event in country ``event_iso3``."""
    if side is None:
        return None
    if isinstance(side, str):
        kind, own_iso3, group = side, None, None
        modifiers: tuple[str, ...] = ()
    else:
        kind, own_iso3, group, modifiers = side.kind, side.iso3, side.group, side.modifiers
    if group is not None:
        name = group.name
        if group.country_suffix:
            label = _country_label(own_iso3 or event_iso3, after_of=False)
            if label:
                name = f"{name} ({label})"
        inter = group.inter
        if inter == 1 and group.country and event_iso3 and group.country != event_iso3:
            inter = 8
        return NamedActor(name, inter)
    if not isinstance(side, str) and side.leader:
        return NamedActor(f"{ascii_name(side.leader)} Group", 3)  # a group known by its leader
    pattern, inter = _PATTERNS.get(kind, _PATTERNS["armed"])
    country = own_iso3 if kind in {"military", "police", "government", "civilians", "position"} and own_iso3 \
        else event_iso3
    if kind == "police" and "military" in modifiers and country in _MILITARY_POLICE_COUNTRIES:
        pattern = _PATTERNS["military"][0]
    if kind in {"military", "police", "position"} and own_iso3 and event_iso3 and own_iso3 != event_iso3:
        inter = 8  # codebook section 3: state forces acting abroad are external forces
    label = _country_label(country, after_of=pattern.endswith("of {c}"))
    if label is None:
        return NamedActor(pattern.split(" of {c}")[0].split(" ({c})")[0], inter)
    return NamedActor(pattern.format(c=label), inter)
