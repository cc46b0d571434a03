"""eventcoder extract FILES...: the events in articles, as a table or for machines."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..export import FORMATS, write_events
from ..models import Event, Outcome
from ..readers import parse_published, read_inputs
from . import add_common_options, add_engine_options, open_runner

if TYPE_CHECKING:
    from . import Runner


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract events from articles (text, HTML, JSONL, feeds, WARC, - for stdin)",
                       description="Read articles and print the events in them. Bad inputs are reported "
                                   "one per line on stderr; the others are still processed.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file, folder, JSONL, feed, WARC, URL, or - for stdin")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: table on a terminal, jsonl otherwise; parquet with "
                        "--engine ray and --output); parquet writes part files into the folder --output names")
    p.add_argument("--published", metavar="DATE",
                   help="publication date (YYYY-MM-DD) for inputs that carry none: the anchor of "
                        "relative dates such as 'on Monday'")
    p.add_argument("--workers", type=int, default=None,
                   help="processes to use (default 1); with --engine ray, actors (default: one per CPU of the cluster)")
    p.add_argument("--output", "-o", metavar="PATH",
                   help="write events here instead of stdout; for parquet, a folder that receives "
                        "part-00000.parquet, ... and _failures.jsonl")
    add_engine_options(p)
    add_common_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    published = parse_published(args.published, source="--published") if args.published else None
    fmt = args.format or ("parquet" if args.engine == "ray" and args.output else
                          "table" if sys.stdout.isatty() and not args.output else "jsonl")
    if fmt == "parquet" and not args.output:
        print("eventcoder: --format parquet needs --output FOLDER", file=sys.stderr)
        return 2
    failures = 0

    def outcomes(runner: Runner) -> Iterator[Outcome]:
        nonlocal failures
        workers = args.workers if args.engine == "ray" else args.workers or 1
        for outcome in runner.run(read_inputs(args.inputs, published=published), workers=workers):
            if outcome.failure is not None:
                failures += 1
                print(f"eventcoder: {outcome.failure}", file=sys.stderr, flush=True)
            for warning in outcome.warnings:
                print(f"eventcoder: warning: {outcome.article.id}: {warning}", file=sys.stderr, flush=True)
            yield outcome

    def events(runner: Runner) -> Iterator[Event]:
        for outcome in outcomes(runner):
            yield from outcome.events

    with contextlib.ExitStack() as stack:
        runner, _ = open_runner(args, stack)
        if fmt == "parquet":
            from ..export.parts import write_parts
            write_parts(outcomes(runner), args.output)
        elif args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                write_events(events(runner), fmt, out)
        else:
            write_events(events(runner), fmt, sys.stdout)
            sys.stdout.flush()
    return 1 if failures else 0
