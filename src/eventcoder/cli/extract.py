"""eventcoder extract FILES...: the events in articles, as a table or for machines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from ..export import FORMATS, write_events
from ..ingest import parse_published, read_inputs
from ..models import Event, Outcome
from ..pipeline import Pipeline
from . import add_common_options, settings_from


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract events from articles (text, HTML, JSONL, feeds, WARC, - for stdin)",
                       description="Read articles and print the events in them. Bad inputs are reported "
                                   "one per line on stderr; the others are still processed.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file, folder, JSONL, feed, WARC, URL, or - for stdin")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: table on a terminal, jsonl otherwise)")
    p.add_argument("--published", metavar="DATE",
                   help="publication date (YYYY-MM-DD) for inputs that carry none: the anchor of "
                        "relative dates such as 'on Monday'")
    p.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    p.add_argument("--output", "-o", metavar="FILE", help="write events here instead of stdout")
    add_common_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    published = parse_published(args.published, source="--published") if args.published else None
    pipeline = Pipeline(settings_from(args))
    fmt = args.format or ("table" if sys.stdout.isatty() and not args.output else "jsonl")
    failures = 0

    def events() -> Iterator[Event]:
        nonlocal failures
        outcomes: Iterator[Outcome] = pipeline.run(read_inputs(args.inputs, published=published),
                                                    workers=args.workers)
        for outcome in outcomes:
            if outcome.failure is not None:
                failures += 1
                print(f"eventcoder: {outcome.failure}", file=sys.stderr, flush=True)
                continue
            yield from outcome.events

    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_events(events(), fmt, out)
    else:
        write_events(events(), fmt, sys.stdout)
        sys.stdout.flush()
    return 1 if failures else 0
