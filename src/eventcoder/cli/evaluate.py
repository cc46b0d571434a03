"""eventcoder evaluate GOLD.jsonl: per-field accuracy against coded records."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from ..evaluate import evaluate, format_scores
from ..models import Article, Event
from ..pipeline import Pipeline
from . import add_common_options, settings_from


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score the extractor against gold records (ACLED-style JSONL)",
                       description="Score the extractor against gold records: one JSON object per line with "
                                   "'id', 'text' and 'gold' (ACLED columns). Prints per-field accuracy.")
    p.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    p.add_argument("--sample", type=int, default=0, help="score a seeded random sample of N records")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_common_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pipeline = Pipeline(settings_from(args))

    def extract(articles: list[Article]) -> Iterator[Event]:
        for outcome in pipeline.run(articles, workers=args.workers):
            if outcome.failure is not None:
                print(f"eventcoder: {outcome.failure}", file=sys.stderr)
            yield from outcome.events

    scores = evaluate(args.gold, extract, sample=args.sample, seed=args.seed)
    if args.json:
        print(json.dumps(scores.to_dict(), indent=1))
    else:
        sys.stdout.write(format_scores(scores))
    return 0
