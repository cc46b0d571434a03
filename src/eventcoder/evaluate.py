"""Scoring extracted events against gold ACLED-style records, field by field.

The gold file is JSONL: {"id", "text", "gold": {ACLED columns}}. Each record becomes the article
the extractor sees (the note without ACLED's "[size=...]" tag, published 0-3 days after the
event, fixed per record), and the extractor's most confident event is compared with the gold
coding. The rules are those of the shared scorer (../shared/eval/score.py), so the figures agree:
names compared case- and accent-folded, actor names without ACLED's tenure "(2019-)" and unit,
admin1 by its distinctive words, locations within 25 and 100 km.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .models import Article, Event

_SIZE_TAG = re.compile(r"\s*\[size=[^\]]*\]")
_TENURE = re.compile(r"\s*\(\d{4}-\d{0,4}\).*$")
_ADMIN_WORDS = frozenset("""province state region governorate district oblast department departamento estado
provincia region municipality county prefecture territory division muhafazat wilayah of the de do del da la el
al""".split())


def fold(value: object) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def admin_key(name: object) -> str:
    return " ".join(w for w in fold(name).split() if w not in _ADMIN_WORDS)


def actor_key(name: object) -> str:
    return fold(_TENURE.sub("", str(name))) if name else ""


def _as_int(value: object) -> int | None:
    try:
        return round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dphi, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    gold: Mapping[str, Any]

    def gold_date(self) -> dt.date | None:
        value = self.gold.get("event_date")
        return dt.date.fromisoformat(str(value)) if value else None

    def article(self) -> Article:
        """The article the extractor is given for this record."""
        text = _SIZE_TAG.sub("", self.text).strip()
        published = None
        if self.gold.get("event_date"):
            lag = int(hashlib.sha1(self.id.encode()).hexdigest(), 16) % 4
            published = dt.date.fromisoformat(str(self.gold["event_date"])) + dt.timedelta(days=lag)
        return Article(id=self.id, text=text, published=published)


def read_gold(path: Path, *, sample: int = 0, seed: int = 7) -> list[GoldRecord]:
    """Gold records with an event type; ``sample`` > 0 takes a seeded random sample (the same
    one the shared scorer takes)."""
    records: list[GoldRecord] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read gold file: {err}") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            gold = raw.get("gold") or {}
            if gold.get("event_type"):
                records.append(GoldRecord(str(raw["id"]), str(raw["text"]), gold))
        except (json.JSONDecodeError, KeyError, AttributeError, TypeError) as err:
            raise InputError(f"{path}:{number}", f"not a gold record ({err})") from err
    if sample and sample < len(records):
        records = random.Random(seed).sample(records, sample)
    return records


@dataclass(slots=True)
class Scores:
    """Per-field accuracy, the event-type confusions, and how many extra events were made."""

    n: int
    accuracy: dict[str, float]
    confusion: dict[str, int] = field(default_factory=dict)
    extra_events: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "scores": self.accuracy, "extra_events": self.extra_events,
                "confusion": self.confusion}


def _macro_f1(pairs: Sequence[tuple[str, str]]) -> float:
    f1s = []
    for label in {g for g, _ in pairs}:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def score(records: Sequence[GoldRecord], events: Iterable[Event | Mapping[str, Any]]) -> Scores:
    """Compare each record's most confident event with its gold coding."""
    by_article: dict[str, list[Mapping[str, Any]]] = collections.defaultdict(list)
    for event in events:
        record = event.to_record() if isinstance(event, Event) else event
        by_article[str(record.get("article_id"))].append(record)
    hits: collections.Counter[str] = collections.Counter()
    denom: collections.Counter[str] = collections.Counter()
    pairs: list[tuple[str, str]] = []
    confusion: collections.Counter[tuple[str, str]] = collections.Counter()
    km: list[float] = []

    def check(name: str, ok: bool) -> None:
        denom[name] += 1
        hits[name] += ok

    for rec in records:
        g = rec.gold
        candidates = by_article.get(rec.id, [])
        p = max(candidates, key=lambda e: float(e.get("confidence") or 0.0)) if candidates else {}
        check("detected", bool(candidates))
        predicted_type = p.get("event_type") or "(none)"
        pairs.append((g["event_type"], predicted_type))
        confusion[(g["event_type"], predicted_type)] += 1
        for name in ("event_type", "sub_event_type"):
            check(name, fold(p.get(name)) == fold(g.get(name)))
        check("event_date", (p.get("event_date") or "")[:10] == (g.get("event_date") or ""))
        if (gold_fatalities := _as_int(g.get("fatalities"))) is not None:
            check("fatalities", _as_int(p.get("fatalities")) == gold_fatalities)
        if (gold_inter := _as_int(g.get("inter1"))) is not None:
            check("inter1", _as_int(p.get("inter1")) == gold_inter)
        for name in ("actor1", "actor2"):
            if g.get(name):
                check(name, actor_key(p.get(name)) == actor_key(g[name]))
        if g.get("iso3") or g.get("country"):
            check("country", (fold(p.get("iso3")) == fold(g.get("iso3")) and bool(g.get("iso3")))
                  or (fold(p.get("country")) == fold(g.get("country")) and bool(g.get("country"))))
        if g.get("admin1"):
            check("admin1", bool(admin_key(p.get("admin1"))) and admin_key(p.get("admin1")) == admin_key(g["admin1"]))
        if g.get("latitude") is not None and g.get("longitude") is not None:
            try:
                d = _km(float(p["latitude"]), float(p["longitude"]), float(g["latitude"]), float(g["longitude"]))
            except (KeyError, TypeError, ValueError):
                d = float("inf")
            km.append(d)
            check("loc_25km", d <= 25)
            check("loc_100km", d <= 100)
    accuracy = {name: hits[name] / denom[name] for name in denom if denom[name]}
    accuracy["event_type_macro_f1"] = _macro_f1(pairs)
    km.sort()
    accuracy["loc_median_km"] = km[len(km) // 2] if km else float("inf")
    extra = sum(max(0, len(by_article.get(r.id, [])) - 1) for r in records)
    top = {f"{g} -> {p}": c for (g, p), c in confusion.most_common(15) if g != p}
    return Scores(len(records), accuracy, top, extra)


def evaluate(path: Path, extract: Callable[[list[Article]], Iterable[Event]], *, sample: int = 0,
             seed: int = 7) -> Scores:
    """Run ``extract`` over the gold file's articles and score its events."""
    records = read_gold(path, sample=sample, seed=seed)
    events = list(extract([r.article() for r in records]))
    return score(records, events)


def format_scores(scores: Scores) -> str:
    lines = [f"records: {scores.n}   extra events: {scores.extra_events}"]
    lines += [f"  {name:22s} {value:8.3f}" for name, value in sorted(scores.accuracy.items())]
    lines.append("most common event_type confusions (gold -> predicted):")
    lines += [f"  {count:5d}  {pair}" for pair, count in scores.confusion.items()]
    return "\n".join(lines) + "\n"
