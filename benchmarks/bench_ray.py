"""Scaling of the Ray engine: the same corpus with 1 and then 2 workers on a local Ray instance.

    python benchmarks/bench_ray.py [--workers 1 2] [--limit N] [--batch-size 32] [--repeat 1] [--json]

Texts: the ACLED dev notes from ../shared/eval when present (read here, never stored), else the
bundled example articles repeated. Start-up is reported apart from throughput:

    ray_init_s       starting the local Ray instance (once)
    startup_s        per run, from run() to the first batch a worker began: starting the actor
                     processes, loading the pipeline in each, warming it up
    articles_per_s   per run, from the first batch a worker began to the last outcome received
    efficiency       articles_per_s with N workers / (N * articles_per_s with 1 worker)
    speedup          articles_per_s with N workers / articles_per_s with 1 worker

With ``--repeat K`` each configuration runs K times and the fastest run counts (the machine may
be shared). The load average before and after is printed: read the figures with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

from corpus import load_articles


def measure(engine, articles: list, workers: int) -> dict:
    started = time.perf_counter()
    events = sum(len(outcome.events) for outcome in engine.run(articles, workers=workers))
    wall = time.perf_counter() - started
    stats = engine.stats
    assert stats.articles == len(articles), "the engine lost or repeated articles"
    return {
        "workers": workers,
        "articles_per_s": round(stats.articles_per_second, 1),
        "startup_s": round(stats.startup_seconds, 2),
        "wall_s": round(wall, 2),
        "events": events,
        # the share of the workers' time spent in Pipeline.process; the rest is Ray's overhead,
        # waiting for work, and the last batches' tail
        "busy_share": round(stats.busy_seconds / (workers * (stats.finished - stats.first_batch_began)), 2),
        "batches_per_worker": sorted(stats.processes.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from eventcoder.engines.ray_engine import RayEngine
    from eventcoder.settings import Settings

    source, articles = load_articles(args.limit)
    load_before = os.getloadavg()
    engine = RayEngine(Settings.from_env(), batch_size=args.batch_size)
    t0 = time.perf_counter()
    engine.start()
    ray_init = time.perf_counter() - t0
    runs: dict[int, dict] = {}
    try:
        for workers in args.workers:
            tries = [measure(engine, articles, workers) for _ in range(args.repeat)]
            runs[workers] = max(tries, key=lambda run: run["articles_per_s"])
    finally:
        engine.close()
    load_after = os.getloadavg()

    base = runs.get(1)
    for run in runs.values():
        if base and run is not base:
            run["speedup"] = round(run["articles_per_s"] / base["articles_per_s"], 2)
            run["efficiency"] = round(run["speedup"] / run["workers"], 2)
    result = {
        "texts": source, "batch_size": args.batch_size, "repeat": args.repeat,
        "ray_init_s": round(ray_init, 2), "runs": list(runs.values()),
        "driver_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "python": sys.version.split()[0], "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"texts: {source}; batches of {args.batch_size}; Ray started in {result['ray_init_s']} s")
    print(f"{'workers':>7} {'articles/s':>10} {'speedup':>7} {'effic.':>6} {'start-up s':>10} {'wall s':>7} "
          f"{'busy':>5} {'events':>6}  batches per worker")
    for run in runs.values():
        print(f"{run['workers']:>7} {run['articles_per_s']:>10} {run.get('speedup', ''):>7} "
              f"{run.get('efficiency', ''):>6} {run['startup_s']:>10} {run['wall_s']:>7} {run['busy_share']:>5} "
              f"{run['events']:>6}  {run['batches_per_worker']}")
    print(f"driver peak RSS {result['driver_peak_rss_mb']} MB; load average before {result['load_average_before']}, "
          f"after {result['load_average_after']} ({result['cpus']} CPUs)")


if __name__ == "__main__":
    main()
