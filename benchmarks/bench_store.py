"""The event store at volume: ingest throughput and peak memory for 10k and 50k articles, and
the latency of filtered exports from a database of 100k events.

    python benchmarks/bench_store.py                      # 10k and 50k articles, 100k events
    python benchmarks/bench_store.py --sizes 2000 --events 20000 --json

Ingest: articles built from the ACLED dev notes (../shared/eval, read here, never stored; the
ingest part is skipped with a message when they are absent), the example articles and the
store tests' corpus. Past the first copy of each, the stream mixes exact duplicates under new
ids, the same ids again (as a re-run sends them), and near-duplicates (each original under
another outlet's dateline and footer, as wire copies are), so that skipping, near-duplicate
stories and merging all do their share. Each size runs in a fresh process, through
``eventcoder.store.ingest`` and the real pipeline on ``--workers`` processes; peak memory is the
high-water mark of resident memory (getrusage) of the main process and of the largest worker.

Queries: 100k synthetic events (random places, dates, types and actors; no text to extract)
are written through the Store API, which also measures the store alone, without extraction.
Then each filtered export is timed (median of --repeat runs) with its result size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "acled-dev.jsonl"
OUTLETS = ("Reuters", "AFP", "AP", "Xinhua", "Anadolu", "The Lakes Courier", "Sahel Dispatch", "Radio Okapi")


# -- ingest --------------------------------------------------------------------------------------

def base_articles() -> list[Any]:
    from eventcoder.evaluate import read_gold
    from eventcoder.models import Article
    from eventcoder.readers import read_inputs

    articles = [record.article() for record in read_gold(DEV)]
    local = [str(ROOT / "examples"), str(ROOT / "tests" / "store" / "corpus")]
    articles += [item for item in read_inputs(local) if isinstance(item, Article)]
    return articles


def article_stream(size: int, seed: int = 11) -> Iterator[Any]:
    """``size`` articles: every base article once, then duplicates and near-duplicates."""
    import dataclasses

    bases = base_articles()
    rng = random.Random(seed)
    for n in range(size):
        if n < len(bases):
            yield bases[n]
            continue
        base = bases[rng.randrange(len(bases))]
        draw = rng.random()
        if draw < 0.25:  # the same text under another id (another path, another feed)
            yield dataclasses.replace(base, id=f"{base.id}#copy{n}")
        elif draw < 0.35:  # the same id again, as a re-run sends it
            yield base
        else:  # a wire copy: another outlet's dateline and footer
            outlet = OUTLETS[n % len(OUTLETS)]
            text = f"{outlet.upper()} - {base.text}\n\nReporting by the {outlet} desk (item {n})."
            yield dataclasses.replace(base, id=f"{base.id}#wire{n}", text=text, source=outlet)


def measure_ingest(size: int, workers: int, db: Path) -> dict[str, Any]:
    """Ingest ``size`` articles into a new database at ``db``, in this process."""
    from eventcoder.pipeline import Pipeline
    from eventcoder.settings import Settings
    from eventcoder.store import Store, ingest

    started = time.perf_counter()
    pipeline = Pipeline(Settings.from_env())
    load = time.perf_counter() - started
    started = time.perf_counter()
    with Store.open(db) as store:
        summary = ingest(store, article_stream(size), pipeline, workers=workers)
        stats = store.stats()
    seconds = time.perf_counter() - started
    return {
        "articles": size, "workers": workers, "seconds": round(seconds, 1), "startup_s": round(load, 2),
        "articles_per_s": round(size / seconds, 1),
        "extracted_per_s": round((summary.articles_new + summary.articles_failed) / seconds, 1),
        "new": summary.articles_new, "skipped": summary.articles_skipped, "failed": summary.articles_failed,
        "near_duplicates": summary.near_duplicates, "reports": stats.reports, "events": stats.events,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "db_mb": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20, 1),
    }


def ingest_in_fresh_process(size: int, workers: int, folder: Path) -> dict[str, Any]:
    out = folder / f"ingest-{size}.json"
    subprocess.run([sys.executable, __file__, "--ingest-only", str(size), "--workers", str(workers),
                    "--db", str(folder / f"ingest-{size}.db"), "--result", str(out)], check=True)
    return dict(json.loads(out.read_text()))


# -- queries -------------------------------------------------------------------------------------

COUNTRIES = [("Nigeria", "NGA", 9.1, 8.7), ("Sudan", "SDN", 15.5, 30.0), ("Mali", "MLI", 14.5, -3.5),
             ("Mexico", "MEX", 21.0, -101.0), ("Ukraine", "UKR", 49.0, 32.0), ("Syria", "SYR", 35.0, 38.5),
             ("Myanmar", "MMR", 20.0, 96.0), ("Colombia", "COL", 4.5, -74.0), ("Kenya", "KEN", 0.5, 37.5),
             ("Pakistan", "PAK", 30.0, 70.0), ("Brazil", "BRA", -12.0, -51.0), ("Philippines", "PHL", 12.0, 122.0)]
ACTORS = {1: "Military Forces of {c}", 2: "Rebel Group {k} ({c})", 3: "Unidentified Armed Group ({c})",
          5: "Rioters ({c})", 6: "Protesters ({c})", 7: "Civilians ({c})"}
WORDS = ("army", "village", "market", "clash", "police", "district", "road", "fighters", "residents", "officials",
         "said", "attack", "killed", "injured", "protest", "town", "night", "morning", "group", "forces")


def synthetic_outcomes(count: int, seed: int = 5) -> Iterator[Any]:
    from eventcoder.codebook.event_types import EVENT_TYPE_OF
    from eventcoder.models import Article, Event, Outcome, stable_id

    rng = random.Random(seed)
    subtypes = list(EVENT_TYPE_OF)
    towns = [(name, iso3, f"Region {r}", f"Town {name[:3]}-{t}", lat + rng.uniform(-3, 3), lon + rng.uniform(-3, 3))
             for name, iso3, lat, lon in COUNTRIES for r in range(4) for t in range(25)]
    start = dt.date(2018, 1, 1)
    for n in range(count):
        country, iso3, admin1, location, lat, lon = rng.choice(towns)
        sub = rng.choice(subtypes)
        inter1, inter2 = rng.choice([(1, 2), (1, 3), (3, 7), (6, 0), (5, 1), (1, 7), (2, 0)])
        actor1 = ACTORS[inter1].format(c=country, k=rng.randrange(5))
        actor2 = ACTORS[inter2].format(c=country, k=rng.randrange(5)) if inter2 else None
        article_id = f"synthetic-{n:06d}"
        text = " ".join(rng.choice(WORDS) for _ in range(60)) + f" ({article_id})"
        event = Event(
            event_id=stable_id(article_id), article_id=article_id,
            event_date=start + dt.timedelta(days=rng.randrange(7 * 365)), time_precision=rng.choice((1, 1, 1, 2)),
            event_type=EVENT_TYPE_OF[sub], sub_event_type=sub, actor1=actor1, actor2=actor2, inter1=inter1,
            inter2=inter2, country=country, iso3=iso3, admin1=admin1, location=location, latitude=round(lat, 4),
            longitude=round(lon, 4), geo_precision=1, fatalities=int(rng.paretovariate(1.5)) - 1,
            confidence=round(rng.uniform(0.4, 1.0), 2))
        yield Outcome(Article(id=article_id, text=text), (event,))


def timed(repeat: int, work: Callable[[], int]) -> tuple[float, int]:
    """Median seconds of ``repeat`` runs, and the size of the result."""
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def measure_queries(count: int, folder: Path, repeat: int) -> dict[str, Any]:
    from eventcoder.export import write_parquet_file, write_stored
    from eventcoder.store import EventFilter, Store

    db = folder / "queries.db"
    started = time.perf_counter()
    outcomes = synthetic_outcomes(count)
    with Store.open(db) as store:
        for _ in range(0, count, 1000):
            with store.transaction():
                for outcome in itertools.islice(outcomes, 1000):
                    store.add_outcome(outcome)
    build = time.perf_counter() - started

    def export(fmt: str, criteria: EventFilter) -> Callable[[], int]:
        def run() -> int:
            with Store.open(db, readonly=True) as store:
                if fmt == "parquet":
                    return write_parquet_file(store.events(criteria), folder / "out.parquet").events
                return write_stored(store.events(criteria), fmt, io.StringIO()).events
        return run

    queries = {
        "csv: one country, one year": ("csv", EventFilter(country="Nigeria", since=dt.date(2022, 1, 1),
                                                          until=dt.date(2022, 12, 31))),
        "geojson: a 4x4 degree box, >= 1 killed": ("geojson", EventFilter(bbox=(6.0, 7.0, 10.0, 11.0),
                                                                        min_fatalities=1)),
        "jsonl: Battles, actor 'rebel group 3'": ("jsonl", EventFilter(event_type="Battles", actor="rebel group 3")),
        "csv: first page of 100, all events": ("csv", EventFilter(limit=100)),
        "parquet: everything": ("parquet", EventFilter()),
    }
    results: dict[str, Any] = {}
    for name, (fmt, criteria) in queries.items():
        seconds, size = timed(1 if fmt == "parquet" else repeat, export(fmt, criteria))
        results[name] = {"ms": round(seconds * 1000, 1), "events": size}
    with Store.open(db, readonly=True) as store:
        seconds, _ = timed(repeat, lambda: store.stats().events)
        results["stats: by week, type, country"] = {"ms": round(seconds * 1000, 1), "events": store.count()}
        some_id = next(iter(store.events(EventFilter(limit=1)))).event_id
        seconds, _ = timed(repeat, lambda: len(store.event(some_id).sources))  # type: ignore[union-attr]
        results["event(id) with sources"] = {"ms": round(seconds * 1000, 2), "events": 1}
        total = store.count()
    return {"synthetic_articles": count, "events": total, "build_s": round(build, 1),
            "store_only_articles_per_s": round(count / build, 1), "queries": results,
            "db_mb": round(db.stat().st_size / 2**20, 1)}


# -- report --------------------------------------------------------------------------------------

def print_table(result: dict[str, Any]) -> None:
    print(f"eventcoder store benchmark  (python {result['python']}, {result['cpus']} cpus)")
    if result.get("ingest"):
        print("\ningest (real pipeline; duplicates and near-duplicates mixed in)")
        print(f"{'articles':>9} {'workers':>7} {'seconds':>8} {'art/s':>7} {'extr/s':>7} {'new':>6} {'skipped':>7} "
              f"{'near-dup':>8} {'events':>7} {'RSS main':>9} {'RSS worker':>10} {'db MB':>6}")
        for r in result["ingest"]:
            print(f"{r['articles']:>9} {r['workers']:>7} {r['seconds']:>8} {r['articles_per_s']:>7} "
                  f"{r['extracted_per_s']:>7} {r['new']:>6} {r['skipped']:>7} {r['near_duplicates']:>8} "
                  f"{r['events']:>7} {r['peak_rss_mb']:>7}MB {r['peak_rss_worker_mb']:>8}MB {r['db_mb']:>6}")
    else:
        print(f"\ningest: skipped ({result.get('ingest_skipped', 'not asked for')})")
    if result.get("query"):
        q = result["query"]
        print(f"\nqueries on {q['events']:,} events ({q['synthetic_articles']:,} synthetic articles written through "
              f"the Store API in {q['build_s']} s: {q['store_only_articles_per_s']} articles/s without extraction; "
              f"{q['db_mb']} MB)")
        for name, r in q["queries"].items():
            print(f"  {name:45} {r['ms']:>9} ms  {r['events']:>7,} events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000], help="articles per ingest run")
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events for the query part (0: skip)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (the median is reported)")
    parser.add_argument("--dir", type=Path, help="where the databases go (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    parser.add_argument("--ingest-only", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.ingest_only:  # a child run: one size, in a process of its own
        args.result.write_stored(json.dumps(measure_ingest(args.ingest_only, args.workers, args.db)))
        return

    result: dict[str, Any] = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "ingest": []}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        if not DEV.exists():
            result["ingest_skipped"] = f"{DEV} is absent"
            print(f"bench_store: {DEV} is absent; skipping the ingest runs", file=sys.stderr)
        else:
            for size in args.sizes:
                print(f"bench_store: ingesting {size:,} articles ...", file=sys.stderr, flush=True)
                result["ingest"].append(ingest_in_fresh_process(size, args.workers, folder))
        if args.events:
            print(f"bench_store: writing {args.events:,} synthetic events ...", file=sys.stderr, flush=True)
            result["query"] = measure_queries(args.events, folder, args.repeat)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
