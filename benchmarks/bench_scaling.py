"""How extraction time and memory grow with the length of one text, 10 KB to 1 MB.

    python benchmarks/bench_scaling.py [--sizes 10000,30000,100000,300000,1000000] [--shapes news,short,flat]

Each size of each shape runs in a process of its own, so that its peak memory (RSS) is its
own; the time is ``Pipeline.process`` on the one article (parse and extraction, without the
time limit), after the pipeline has loaded. Shapes, all text we own:

    news    the bundled example articles, one after the other (paragraphs, dates, events)
    short   short sentences, each an event with its own town and date (many events)
    flat    the news text with no punctuation and no line breaks (one endless sentence)

Linear growth shows as a steady characters-per-second column. A last run checks the time
limit: the 1 MB news text under the default limit is refused in about that many seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWNS = ("Kabul", "Kisumu", "Nyala", "Caracas", "Kankan", "Beni", "Gao", "Mosul", "Aleppo", "Goma")
EVENTS = ("Police killed two men in {town} on {day}.", "Gunmen attacked a village near {town} on {day}, killing {n}.",
          "Protesters marched in {town} on {day}.", "Soldiers clashed with rebels in {town} on {day}.",
          "A bomb exploded in {town} on {day}.", "Rioters burned a police station in {town} on {day}.")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PUBLISHED = dt.date(2024, 3, 14)


def text_of(shape: str, size: int) -> str:
    if shape == "short":
        rng, parts, length = random.Random(7), [], 0
        while length < size:
            day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2023"
            parts.append(rng.choice(EVENTS).format(town=rng.choice(TOWNS), day=day, n=rng.randint(2, 9)))
            length += len(parts[-1]) + 1
        return " ".join(parts)[:size]
    news = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt")))
    if shape == "flat":
        news = " ".join(news.replace(".", " ").replace(",", " ").split())
    return (news * (size // len(news) + 1))[:size]


def measure(shape: str, size: int, time_limit: float) -> dict[str, object]:
    """One size in this process: the time, the events, the outcome and the peak RSS."""
    from eventcoder.models import Article
    from eventcoder.pipeline import Pipeline
    from eventcoder.settings import Settings

    pipeline = Pipeline(Settings.from_env(time_limit=time_limit))
    pipeline.extract("Police fired tear gas at protesters in Nairobi on Monday.")  # load what loads lazily
    article = Article(id=f"{shape}-{size}", text=text_of(shape, size), published=PUBLISHED)
    started = time.perf_counter()
    [outcome] = pipeline.process([article])
    seconds = time.perf_counter() - started
    return {"shape": shape, "chars": size, "seconds": round(seconds, 2), "events": len(outcome.events),
            "failure": outcome.failure.reason if outcome.failure else None,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,30000,100000,300000,1000000")
    parser.add_argument("--shapes", default="news,short,flat")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("SHAPE", "SIZE", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), float(args.one[2]))))
        return
    from eventcoder.settings import DEFAULT_TIME_LIMIT

    runs = [(shape, int(size), 0.0) for shape in args.shapes.split(",") for size in args.sizes.split(",")]
    runs.append(("news", max(int(size) for size in args.sizes.split(",")), DEFAULT_TIME_LIMIT))
    rows = []
    print(f"{'shape':6} {'chars':>9} {'seconds':>8} {'chars/s':>8} {'peak RSS':>9} {'events':>6}  limit / outcome")
    for shape, size, limit in runs:
        done = subprocess.run([sys.executable, __file__, "--one", shape, str(size), str(limit)],
                              capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        rate = int(size / row["seconds"]) if row["seconds"] else 0
        print(f"{shape:6} {size:>9,} {row['seconds']:>8.2f} {rate:>8,} {row['peak_rss_mb']:>6} MB {row['events']:>6}  "
              f"{f'{limit:g} s' if limit else 'none'} / {row['failure'] or 'extracted'}", flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
