"""The merged event: one canonical event from the reports of one happening, with ACLED's
conservative rule for the figures (see the package's docstring)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Event
from .rule import Report


@dataclass(frozen=True, slots=True)
class Merged:
    """One happening: the canonical event and the reports it was merged from, lead first."""

    event: Event
    reports: tuple[Report, ...]
    fatalities_min: int | None
    fatalities_max: int | None


def _lead_first(report: Report) -> tuple[float, int, int, str]:
    e = report.event
    return (-e.confidence, e.time_precision, e.geo_precision or 4, e.event_id)


def _figure(reports: Sequence[Report], field: str) -> int | None:
    """ACLED's conservative figure (see the module docstring): one figure per story, its latest
    version's; then the lowest above zero; 0 if all are zero; None if no one gives a figure."""
    by_story: dict[str, tuple[dt.date, int, int]] = {}
    seen_zero = False
    for report in reports:
        value = getattr(report.event, field)
        if value is None:
            continue
        if value <= 0:
            seen_zero = True
            continue
        key = (report.published or dt.date.min, -value, value)
        if report.story not in by_story or key > by_story[report.story]:
            by_story[report.story] = key
    if by_story:
        return min(value for _, _, value in by_story.values())
    return 0 if seen_zero else None


def merge(reports: Sequence[Report]) -> Merged:
    """One canonical event from the reports of one happening (a group from ``cluster``)."""
    if not reports:
        raise ValueError("merge needs at least one report")
    ordered = tuple(sorted(reports, key=_lead_first))
    lead = ordered[0].event
    best_time = min(r.event.time_precision for r in ordered if r.event.event_date) if any(
        r.event.event_date for r in ordered) else lead.time_precision
    dates = Counter(r.event.event_date for r in ordered
                    if r.event.event_date and r.event.time_precision == best_time)
    event_date = max(dates, key=lambda d: (dates[d], -d.toordinal())) if dates else lead.event_date
    placed = [r.event for r in ordered if r.event.latitude is not None and r.event.longitude is not None]
    place = lead.place
    if placed:
        best_geo = min(e.geo_precision or 4 for e in placed)
        candidates = [e for e in placed if (e.geo_precision or 4) == best_geo]
        counts = Counter(e.place for e in candidates)
        place = max(counts, key=lambda p: counts[p])  # ties: the first in lead order (Counter keeps it)
    fatalities = [r.event.fatalities for r in ordered if r.event.fatalities > 0]
    event = dataclasses.replace(
        lead.with_place(place),
        event_id=min(r.event.event_id for r in ordered),
        event_date=event_date,
        time_precision=best_time,
        fatalities=_figure(ordered, "fatalities") or 0,
        injuries=_figure(ordered, "injuries"),
        arrests=_figure(ordered, "arrests"),
        confidence=max(r.event.confidence for r in ordered),
    )
    return Merged(event, ordered, min(fatalities, default=None), max(fatalities, default=None))
