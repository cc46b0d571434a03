"""Names the gazetteer does not spell the way the article does ("Tal Tamer" for Tall Tamr,
"Zaghniya" for Zaghiniyah, "Menbij" for Manbij), read through their sound key (names.sound_key).

Many names share a sound key, so a sound-alike is only taken where the text backs it: inside a
division written next to the name, or, when it is spelled much the same and is long enough to be
distinctive, in a country the article points to (or the only country that has it).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence

from ..codebook.names import name_key, sound_key
from .gazetteer import Gazetteer
from .place_mentions import Mention
from .tables import ADMIN1, ADMIN2, COUNTRY, NO_ID, PLACE

LIKENESS = 0.75  # spelling likeness (difflib ratio) for a sound-alike outside any named division
MIN_LETTERS = 4  # consonants a sound key needs to be distinctive in the article's country
ALONE_LETTERS = 6  # consonants for a sound-alike to be taken with no other sign of its country
MAX_CANDIDATES = 400
POPULATION_WEIGHT = 0.35


def choose_by_sound(
    g: Gazetteer,
    mentions: Sequence[Mention],
    k: int,
    weights: Mapping[str, float],
    choice: Sequence[int],
    within: Sequence[int],
) -> int:
    """The entry an unknown name (mention k) most likely transliterates, or NO_ID."""
    mention = mentions[k]
    letters = len(sound_key(mention.key).replace(" ", ""))
    if letters < 3:
        return NO_ID
    # the nearest read container only: "Dariyal town, Rampur district (UP)" is in Rampur district,
    # not anywhere in Uttar Pradesh
    nearest = next((choice[j] for j in within if choice[j] != NO_ID), NO_ID)
    regions = set(g.regions(nearest, strict=True)) if nearest != NO_ID else set()
    candidates = [e for e in g.sound_ids(mention.key)[:MAX_CANDIDATES] if g.kind(e) != COUNTRY]
    # a long name whose sound-alikes are all in one country, in an article that points to none
    one_country = letters >= ALONE_LETTERS and len({g.iso3(e) for e in candidates}) == 1 and sum(weights.values()) <= 0
    best, best_score = NO_ID, -math.inf
    for entry in candidates:
        inside = any(a in regions for a in g.areas(entry))
        supported = weights.get(g.iso3(entry), 0.0) > 0 and letters >= MIN_LETTERS
        if not inside and (regions or not (supported or one_country)):
            continue
        # word breaks vary ("Almargeb" for Al Marqab): compare without them
        likeness = difflib.SequenceMatcher(
            None, mention.key.replace(" ", ""), name_key(g.tables.names[entry]).replace(" ", "")
        ).ratio()
        if not inside and likeness < LIKENESS:
            continue
        score = (10.0 if inside else 0.0) + 4 * likeness + POPULATION_WEIGHT * math.log10(g.population(entry) + 1)
        score += _kind_fit(g.kind(entry), mention.kind)
        if score > best_score:
            best, best_score = entry, score
    return best


def _kind_fit(kind: int, said: str) -> float:
    if said == "admin1":
        return 2.0 if kind == ADMIN1 else -1.0
    if said == "admin2":
        return 2.0 if kind == ADMIN2 else 0.0
    return 1.0 if kind == PLACE and said in ("settlement", "area", "quarter") else 0.0
