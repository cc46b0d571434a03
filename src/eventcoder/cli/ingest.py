"""eventcoder ingest SOURCES...: articles into the event database, each happening one event."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from pathlib import Path

from ..readers import parse_published, read_inputs
from ..readers.files import Kind, is_sidecar, kind_by_name
from ..store import DEFAULT_PATH, IngestSummary, Store, ingest
from . import add_common_options, add_engine_options, open_runner


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="add articles (files, folders, JSONL, feeds, WARC, URLs, - for stdin) to the event database",
        description="Extract the events in articles and store them in the event database, merging the "
                    "reports of one happening into one event. Articles already stored (same id, URL or "
                    "text) are skipped before extraction, so running the same ingest again is cheap and "
                    "changes nothing; an interrupted ingest continues where it stopped. Inputs that fail are "
                    "recorded with their reason; the exit status is 1 if any failed.")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="file, folder (read recursively), JSONL, RSS/Atom feed, WARC, URL, or - for stdin")
    p.add_argument("--db", type=Path, default=DEFAULT_PATH, help=f"database file (default: ./{DEFAULT_PATH})")
    p.add_argument("--published", metavar="DATE",
                   help="publication date (YYYY-MM-DD) for inputs that carry none: the anchor of "
                        "relative dates such as 'on Monday'")
    p.add_argument("--workers", type=int, default=None,
                   help=f"processes extracting events (default: the cores available, {_default_workers()} here); "
                        "with --engine ray, actors (default: one per CPU of the cluster)")
    p.add_argument("--commit-every", type=int, default=100, metavar="N",
                   help="articles per transaction (default %(default)s); a crash loses at most these")
    add_engine_options(p)  # either way this process alone writes the database
    add_common_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    published = parse_published(args.published, source="--published") if args.published else None
    if (args.workers is not None and args.workers < 1) or args.commit_every < 1:
        print("eventcoder: --workers and --commit-every must be at least 1", file=sys.stderr)
        return 2
    with Store.open(args.db) as store, contextlib.ExitStack() as stack:
        runner, engine_workers = open_runner(args, stack)
        workers = args.workers or engine_workers or _default_workers()
        items = read_inputs(args.sources, published=published)
        with _Progress(_estimate_total(args.sources) if sys.stderr.isatty() else None) as progress:
            summary = ingest(store, items, runner, workers=workers, commit_every=args.commit_every,
                             progress=progress)
    print(format_summary(summary, db=str(args.db)), end="")
    return 1 if summary.articles_failed else 0


class _Progress:
    """A progress bar (rate and, when the total is known, ETA) on a terminal; nothing otherwise."""

    def __init__(self, total: int | None) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=total, unit=" articles", file=sys.stderr, disable=not sys.stderr.isatty(),
                         dynamic_ncols=True, smoothing=0.05)
        self._seen = 0
        self._lock = threading.Lock()

    def __call__(self, summary: IngestSummary) -> None:
        with self._lock:
            seen = summary.articles_seen
            if seen > self._seen:
                self._bar.update(seen - self._seen)
                self._seen = seen
                self._bar.set_postfix(new=summary.articles_new, skipped=summary.articles_skipped,
                                      failed=summary.articles_failed, refresh=False)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()


def _estimate_total(sources: list[str]) -> int | None:
    """How many articles the sources hold, when that is cheap to know (files, folders, JSONL
    lines); None if any source is a feed, WARC, URL or stdin."""
    total = 0
    for source in sources:
        if source == "-" or source.startswith(("http://", "https://")):
            return None
        paths = [Path(source)] if not os.path.isdir(source) else [
            Path(root, name) for root, dirs, files in os.walk(source)
            for name in files if not name.startswith(".") and not is_sidecar(name) and kind_by_name(name)
            if not any(part.startswith(".") for part in Path(root).relative_to(source).parts)]
        for path in paths:
            kind = kind_by_name(path)
            if kind in (Kind.TEXT, Kind.HTML):
                total += 1
            elif kind is Kind.JSONL:
                try:
                    with path.open("rb") as stream:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
                except OSError:
                    total += 1
            else:
                return None
    return total


def format_summary(summary: IngestSummary, *, db: str) -> str:
    """What an ingest did, for people."""
    skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(summary.skipped.items())) or "none"
    lines = [
        f"{db}: {summary.articles_seen} inputs",
        f"  articles  {summary.articles_new} new ({summary.near_duplicates} near-duplicates of stored stories), "
        f"{summary.articles_skipped} already stored ({skipped})",
        f"  events    {summary.events_new} new, {summary.events_merged} merged into events other articles "
        f"reported ({summary.reports} reports); the database holds {summary.events_stored}",
        f"  failed    {summary.articles_failed}",
    ]
    for failure in summary.first_failures:
        lines.append(f"    {failure}")
    if summary.articles_failed > len(summary.first_failures):
        lines.append(f"    ... and {summary.articles_failed - len(summary.first_failures)} more "
                     f"(all are listed by: eventcoder events --failures --db {db})")
    if summary.warnings:
        lines.append(f"  warnings  {summary.warnings} (the articles were stored)")
        lines.extend(f"    {warning}" for warning in summary.first_warnings)
        if summary.warnings > len(summary.first_warnings):
            lines.append(f"    ... and {summary.warnings - len(summary.first_warnings)} more")
    return "\n".join(lines) + "\n"
