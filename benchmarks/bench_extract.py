"""Extraction speed: the whole pipeline against bare spaCy ``nlp.pipe`` on the same texts, both
on all cores (``n_process`` for spaCy, the process pool for eventcoder).

    python benchmarks/bench_extract.py [--workers 2] [--limit N] [--json]

Texts: the ACLED dev notes from ../shared/eval when present (read here, never stored), else the
bundled example articles repeated. Start-up (loading models and gazetteer, forking workers) is
reported separately from throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from corpus import load_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import spacy

    from eventcoder.pipeline import Pipeline
    from eventcoder.settings import Settings

    source, articles = load_articles(args.limit)
    texts = [a.text for a in articles]
    settings = Settings.from_env()

    t0 = time.perf_counter()
    bare = spacy.load(settings.model) if "/" in settings.model else __import__(settings.model).load()
    bare_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=settings.batch_size, n_process=args.workers):
        pass
    bare_secs = time.perf_counter() - t0

    t0 = time.perf_counter()
    pipeline = Pipeline(settings)
    ours_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = sum(len(o.events) for o in pipeline.run(articles, workers=args.workers))
    ours_secs = time.perf_counter() - t0

    result = {
        "texts": source, "workers": args.workers,
        "nlp_pipe_articles_per_s": round(len(texts) / bare_secs, 1),
        "eventcoder_articles_per_s": round(len(texts) / ours_secs, 1),
        "ratio": round(bare_secs / ours_secs, 3),
        "events": events,
        "startup_s": {"spacy_load": round(bare_load, 2), "pipeline_load": round(ours_load, 2)},
        "python": sys.version.split()[0], "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"texts: {source}; {args.workers} worker(s) / n_process")
    print(f"  bare spaCy nlp.pipe   {result['nlp_pipe_articles_per_s']:8.1f} articles/s")
    print(f"  eventcoder pipeline   {result['eventcoder_articles_per_s']:8.1f} articles/s   ({events} events)")
    print(f"  ratio                 {result['ratio']:8.3f}   (target >= 0.5)")
    print(f"  start-up: spaCy {bare_load:.2f} s, eventcoder (spaCy + rules + gazetteer) {ours_load:.2f} s")


if __name__ == "__main__":
    main()
