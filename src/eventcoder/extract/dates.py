"""When: date expressions in the text, resolved against the article's publication date.

Codebook section 5 (time_precision): 1 the day is known; 2 only the week or weekend, or the day
is approximate ("around 2 May", "as reported on 2 May"): use the reported day or the week's
midpoint; 3 only the month: the 15th, or the 1st / last day when early / late is said.
Anything vaguer ("last year", "in recent months") is not a codable date: it is found (so an
event mentioned with it is not mistaken for today's) but has no date.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .numbers import parse_number

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_APPROX = (r"(?P<approx>(?:[Aa]round|[Aa]bout|[Aa]pproximately|[Cc]irca"
           r"|(?:[Aa]s |It was |[Ww]as )?[Rr]eported(?:ly)? on"
           r"|[Oo]n or (?:about|around)|[Ss]ometime (?:on|around))\s+(?:the\s+)?)?")
_PART = r"(?P<part>[Ee]arly|[Ll]ate|[Mm]id|[Tt]he (?:beginning|start|end|middle) of)[\s-]*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy", re.compile(_APPROX + r"\b" + _DAY + r"(?:\s*(?:-|–|and|to)\s*[0-3]?\d(?:st|nd|rd|th)?)?"
                       r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b")),
    ("mdy", re.compile(_APPROX + r"\b" + _MONTH + r"\s+" + _DAY + r"(?:\s*(?:-|–)\s*[0-3]?\d)?,?\s+" + _YEAR
                       + r"\b")),
    ("dm", re.compile(_APPROX + r"\b" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?![\w-])")),
    ("md", re.compile(_APPROX + r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?!\s*(?:,\s*)?(?:19|20)\d\d)")),
    ("my", re.compile(r"(?:" + _PART + r")?\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b")),
    ("month", re.compile(r"(?:\b(?P<rel>[Ll]ast|[Tt]his|[Pp]ast|[Nn]ext)\s+|(?:" + _PART + r"))?\b" + _MONTH
                         + r"(?!\s+(?:[0-3]?\d\b|(?:19|20)\d\d))(?=[\s,.;:)!?'’]|$)")),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|this|past|previous|on|early|late|Monday|Tuesday|Wednesday|"
                           r"Thursday|Friday|Saturday|Sunday)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday)s?\b", re.IGNORECASE)),
    ("relday", re.compile(r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|this morning|"
                          r"this afternoon|this evening|last night|overnight|earlier today|earlier in the day)\b",
                          re.IGNORECASE)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)\s+"
                       r"(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)\b", re.IGNORECASE)),
    ("relweek", re.compile(r"\b(?P<rel>last|this|past|previous|over the|on the|at the)\s+(?P<unit>week|weekend)\b"
                           r"|\b(?P<rel2>earlier|later) this week\b", re.IGNORECASE)),
    ("relmonth", re.compile(r"\b(?P<rel>last|this|earlier this|past|previous|late last|early last|earlier "
                            r"last)\s+month\b|\b(?P<span>the past|the last|in recent|recent|past)\s+(?:two|three|"
                            r"2|3|few|couple of)\s+weeks\b", re.IGNORECASE)),
    ("vague", re.compile(r"\b(?:last|this|past|previous|next) year\b|\bin (?:19|20)\d\d\b|\b(?:19|20)\d\d\b|"
                         r"\b(?:recent|past|previous|last) (?:months|years|decades?)\b|\byears? ago\b|"
                         r"\bsince (?:19|20)\d\d\b|\bin recent months\b|\bearlier this year\b|"
                         r"\b(?:days|weeks|months) (?:after|before|later|earlier)\b", re.IGNORECASE)),
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: where it is, and the day it names (None when vaguer than a month)."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: int
    approximate: bool = False


def _part_day(part: str | None, year: int, month: int) -> int:
    part = (part or "").lower()
    if part.startswith(("early", "the beginning", "the start")):
        return 1
    if part.startswith(("late", "the end")):
        return calendar.monthrange(year, month)[1]
    return 15


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a day named without one: the latest such day not (much) after publication;
    a day a few weeks after it is this year's (an update or a plan), not last year's."""
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published + dt.timedelta(days=45):
        return published.year - 1
    return published.year


def _midweek(day: dt.date) -> dt.date:
    """The Wednesday of day's week (codebook: use the week's midpoint)."""
    return day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=2)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text``, earliest first, without overlaps (the first pattern
    that claims characters keeps them: full dates before partial ones)."""
    taken: list[tuple[int, int]] = []  # sorted, never overlapping: only the neighbours can overlap
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            position = bisect.bisect_left(taken, (start, end))
            if any(a < end and start < b for a, b in taken[max(0, position - 1):position + 1]):
                continue
            mention = _resolve(kind, m, published)
            if mention is None:
                continue
            taken.insert(position, (start, end))
            found.append(mention)
    found.sort(key=lambda d: d.start)
    return found


def _resolve(kind: str, m: re.Match[str], published: dt.date | None) -> DateMention | None:
    groups = m.groupdict()
    approx = bool(groups.get("approx"))
    start, end = m.span()
    text = m.group(0)

    def mention(date: dt.date | None, precision: int, approximate: bool = approx) -> DateMention:
        if approximate and precision == 1:
            precision = 2
        return DateMention(start, end, text, date, precision, approximate)

    if kind == "iso":
        return mention(_safe_date(int(groups["year"]), int(groups["month"]), int(groups["day"])), 1)
    if kind in {"dmy", "mdy"}:
        month = MONTHS[groups["month"].lower().rstrip(".")]
        date = _safe_date(int(groups["year"]), month, int(groups["day"]))
        return mention(date, 1) if date else None
    if kind in {"dm", "md"}:
        month = MONTHS[groups["month"].lower().rstrip(".")]
        day = int(groups["day"])
        if kind == "md" and groups["month"] == "May" and day > 31:
            return None
        year = _year_for(month, day, published)
        if year is None:
            return DateMention(start, end, text, None, 1, approx)
        date = _safe_date(year, month, day)
        return mention(date, 1) if date else None
    if kind == "my":
        month = MONTHS[groups["month"].lower().rstrip(".")]
        year = int(groups["year"])
        return mention(dt.date(year, month, _part_day(groups.get("part"), year, month)), 3)
    if kind == "month":
        word = groups["month"]
        if word == "May" and not (groups.get("rel") or groups.get("part")) and _looks_modal(m):
            return None
        month = MONTHS[word.lower().rstrip(".")]
        if published is None:
            return DateMention(start, end, text, None, 3)
        rel = (groups.get("rel") or "").lower()
        year = published.year
        if month > published.month or (rel in {"last", "past"} and month == published.month):
            year -= 1
        if rel == "next":
            return None
        return mention(dt.date(year, month, _part_day(groups.get("part"), year, month)), 3)
    if published is None:
        return DateMention(start, end, text, None, 1)
    if kind == "weekday":
        weekday = WEEKDAYS[groups["weekday"].lower()]
        rel = (groups.get("rel") or "").lower()
        if rel in WEEKDAYS:  # "Monday Tuesday": the second word is the date
            rel = ""
        back = (published.weekday() - weekday) % 7
        if back == 0 and rel in {"last", "past", "previous"}:
            back = 7
        return mention(published - dt.timedelta(days=back), 1)
    if kind == "relday":
        rel = groups["rel"].lower()
        back = 2 if rel.startswith("the day before") else 1 if rel in {"yesterday", "last night"} else 0
        return mention(published - dt.timedelta(days=back), 1)
    if kind == "ago":
        n_text = groups["n"].lower()
        n = 1 if n_text in {"a", "an"} else 3 if n_text in {"a few", "several"} else parse_number(n_text) or 1
        unit = groups["unit"].lower()
        if unit == "day":
            return mention(published - dt.timedelta(days=n), 1 if n_text not in {"a few", "several"} else 2)
        if unit == "week":
            return mention(_midweek(published - dt.timedelta(weeks=n)), 2)
        if unit == "month":
            month_start = _shift_month(published, -n)
            return mention(month_start.replace(day=15), 3)
        return DateMention(start, end, text, None, 3)
    if kind == "relweek":
        rel = (groups.get("rel") or groups.get("rel2") or "").lower()
        unit = (groups.get("unit") or "week").lower()
        if unit == "weekend":
            # The weekend before publication (or the one being reported on): its Saturday.
            back = (published.weekday() - 5) % 7
            if rel in {"last", "past", "previous"} and back < 2:
                back += 7
            return mention(published - dt.timedelta(days=back), 2, approximate=True)
        if rel in {"last", "past", "previous"}:
            return mention(_midweek(published - dt.timedelta(weeks=1)), 2, approximate=True)
        return mention(min(_midweek(published), published), 2, approximate=True)
    if kind == "relmonth":
        if groups.get("span"):
            return mention(published - dt.timedelta(days=10), 3)
        rel = (groups.get("rel") or "").lower()
        if "last" in rel or rel in {"past", "previous"}:
            prev = _shift_month(published, -1)
            return mention(prev.replace(day=_part_day(rel.split()[0] if " " in rel else None,
                                                       prev.year, prev.month)), 3)
        return mention(min(published.replace(day=15), published), 3)
    if kind == "vague":
        return DateMention(start, end, text, None, 3)
    return None


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _looks_modal(m: re.Match[str]) -> bool:
    """'May' as the verb ("May God...", "...which May lead") rather than the month."""
    text = m.string
    before = text[max(0, m.start() - 12):m.start()].lower()
    return not re.search(r"\b(in|of|since|during|until|by|from|early|late|mid|last|this)\s*$", before)


