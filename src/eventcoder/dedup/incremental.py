"""Incremental grouping: adding reports to a grouping made by ``cluster`` without redoing it all.

The result is the grouping ``cluster`` makes of the whole set, which depends only on the set of
reports: the events are the same whatever order the articles came in, and the cost of a report
does not grow with the database (the sweep is redone from the new report's date until it is
back in step with the stored grouping, a few days later, usually).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .rule import SPAN_DAYS, Grouping, Report, sweep_key


@dataclass(frozen=True, slots=True)
class Regrouped:
    """What adding reports changed: every group whose members changed (complete), and the
    stored events they replace."""

    groups: list[list[Report]]
    stale: set[str]


def resume(window: Sequence[Report], stored: Mapping[str, str], closed: set[str], new: Sequence[Report]) -> Regrouped:
    """Add ``new`` reports to a grouping made by ``dedup.cluster``, redoing its sweep only from
    the first new report until the sweep is back in step with the stored grouping.

    ``window``: the stored reports of the component dated no earlier than SPAN_DAYS before the
    first new report; ``stored``: their events (report id -> event id); ``closed``: the events
    among them that also have reports dated before the window (no later report can join those).

    The sweep takes reports in date order, and a group takes no report more than SPAN_DAYS after
    its first, so once every group that changed is that far behind, what follows is as stored."""
    first = min(sweep_key(report) for report in new)
    ordered = sorted(window, key=sweep_key)
    by_event: dict[str, list[Report]] = {}
    for report in ordered:
        by_event.setdefault(stored[report.event.event_id], []).append(report)
    seed_of = {report.event.event_id: members[0] for members in by_event.values() for report in members}
    grouping = Grouping([[r for r in members if sweep_key(r) < first] for event, members in by_event.items()
                         if event not in closed])
    pending = {report.event.event_id for report in new}
    changed: dict[str, Report] = {}  # seeds of the groups whose members changed
    for report in sorted([r for r in ordered if sweep_key(r) >= first] + list(new), key=sweep_key):
        day = sweep_key(report)[0]
        if not pending and all(sweep_key(seed)[0] < day - SPAN_DAYS for seed in changed.values()):
            break  # back in step: every changed group is closed to this report and all after it
        old_seed = seed_of.get(report.event.event_id)
        if (old_seed is not None and old_seed.event.event_id not in changed
                and not grouping.could_join(report, changed)):
            # Its stored group is unchanged and no changed group can take it: the groups it could
            # join are those it could before (fewer, if some changed), its choice among them too.
            grouping.place(report, old_seed.event.event_id)
            continue
        seed = grouping.add(report)
        pending.discard(report.event.event_id)
        if old_seed is None or old_seed.event.event_id != seed.event.event_id:
            changed[seed.event.event_id] = seed
            if old_seed is not None:
                changed[old_seed.event.event_id] = old_seed
    groups = [members for members in grouping.groups if members[0].event.event_id in changed]
    stale = {event for event, members in by_event.items() if members[0].event.event_id in changed}
    return Regrouped(groups, stale)
