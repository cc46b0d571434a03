"""One event per happening: near-duplicate articles, and the events that different articles
give of one happening merged into one event that lists every source.

The store groups events with ``Grouping`` (the sweep behind ``cluster``) and ``merge``; it
recognises near-duplicate articles with ``dedup.neardup``. All are pure functions of
their inputs, which is what makes the database the same whatever the order of ingestion.

How eventcoder decides that reports describe the same happening
----------------------------------------------------------------
**Articles.** An article whose normalised text (case, accents' composed forms, punctuation
and spacing ignored) or URL or id is already stored is skipped before extraction. An article
whose text is *nearly* the same as a stored one (a wire copy under another headline, an update
that adds a paragraph) is kept, extracted and stored, and joins that article's *story*: word
5-shingles are compared by MinHash (60 hash functions in 20 bands of 3; articles sharing at
least two bands are compared) and two articles whose estimated Jaccard similarity is at least
0.6 are versions of one story. Formulaic reports that differ only in a place, a number or a
date ("On 2 May, journalists protested in Multan..." / "...in Sialkot...") count as versions of
one story too; that is harmless, since a story matters only among reports of one happening.

**Events.** Two events from different articles are reports of the same happening when all of
these hold:

- the same family of event type: political violence (Battles, Violence against civilians,
  Explosions/Remote violence), demonstrations (Protests, Riots) or Strategic developments.
  Outlets often disagree on the type within a family (one writes of an attack on a market,
  another of a clash, a third of a bombing; one of a protest, another of a riot), rarely
  across families; the actors' rule below keeps apart, for instance, a battle between the army
  and a group and that group's attack on civilians the same day;
- dates that agree: within 1 day when both are known to the day, within 3 days when either is
  known only to the week, within 15 days when either is known only to the month; an event
  with no date matches nothing;
- places that agree: the same country, and the same named location (in the same first-level
  division), or coordinates within 10 km (25 km when either is "near" a town), or one is
  known only to a region that contains the other (same admin1);
- actors that agree, side by side (either order, except Violence against civilians where the
  victim is always actor 2): the same name, or one side unknown, or a generic actor
  ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters") against an actor of the
  same kind (armed group, civilians, crowd), or state forces of the same country (outlets
  write "police" and "soldiers" for the same unit).

Every two reports grouped into one event must agree in this way (complete linkage), so a
vague report cannot chain two distinct events together. The grouping sweeps the reports in a
fixed order: by date, and on each day the most specific first (best date precision, then best
place precision, then the most named actors, then the highest confidence, then the report's
id); each joins the event whose every report it agrees with, preferring the closest in date and
then distance (then the earliest), or starts a new one. Two events in the same city on the same
day therefore stay two when their families, or their actors, differ (the army's attack on a
village and an armed group's attack on a market: state forces are not an unidentified armed
group). The sweep depends only on the set of reports, so the events are the same whatever the
order of ingestion; and since no event spans more than 15 days, the store redoes it only from a
new report's date until it is back in step with what is stored.

**The merged event.** Its id is the smallest of its reports' ids (so an event reported once
keeps the id ``eventcoder extract`` gives it). Type, sub-event type and actors are those of
the *lead* report (highest confidence, then best precision, then id); the date is the most
common among the reports with the best date precision (the earlier on a tie); the place is
that of the most precise report with coordinates (the most common such place on a tie).
Confidence is the highest of the reports'.

**Fatalities: ACLED's conservative rule.** ACLED records the lowest credible figure reported
and notes the dispute. Here:

1. Versions of one story count once: a wire copy repeats a figure rather than confirming it,
   and an update supersedes what it updates. A story's figure is that of its latest version
   (by publication date) that reports a death toll; the lower figure when versions of the same
   day disagree.
2. A report that mentions no deaths does not lower the figure to 0: silence is not a dispute.
   The event's ``fatalities`` is the lowest figure among the stories that report deaths, and 0
   only when none does.
3. ``fatalities_min`` and ``fatalities_max`` record the range of every figure reported by any
   source (superseded versions included), or are empty when no source reports deaths.

Injuries and arrests follow the same rule (empty when no source mentions them).
"""

from __future__ import annotations

from .incremental import Regrouped, resume
from .merge import Merged, merge
from .neardup import NEAR_DUPLICATE_SIMILARITY, MinHasher, content_hash
from .rule import (
    SPAN_DAYS,
    Grouping,
    Report,
    cluster,
    date_tolerance,
    family,
    normalise_text,
    place_key,
    same_happening,
    sweep_key,
)

__all__ = [
    "NEAR_DUPLICATE_SIMILARITY",
    "SPAN_DAYS",
    "Grouping",
    "Merged",
    "MinHasher",
    "Regrouped",
    "Report",
    "cluster",
    "content_hash",
    "date_tolerance",
    "family",
    "merge",
    "normalise_text",
    "place_key",
    "resume",
    "same_happening",
    "sweep_key",
]
