"""eventcoder events: the events in the database, filtered, as a table or for other tools."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..export import FORMATS, write_parquet_file, write_stored
from ..store import DEFAULT_PATH, EventFilter, Store


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a box is W,S,E,N in degrees (e.g. 29,-2,30,1), not {value!r}") from None
    return west, south, east, north


def _number_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the number options, naming the option; EventFilter checks the same
    bounds but can only name its field."""
    for name in ("min_fatalities", "limit", "offset"):
        value = getattr(args, name)
        if value is not None and not 0 <= value <= EventFilter.MAX_NUMBER:
            option = "--" + name.replace("_", "-")
            return f"{option} must be a whole number from 0 to {EventFilter.MAX_NUMBER}, not {value}"
    return None


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("events", help="list or export the events in the database, filtered",
                       description="Print the events in the database, one per happening with all its sources. "
                                   "CSV has ACLED's columns in ACLED's order; GeoJSON leaves out events "
                                   "without coordinates (and says how many on stderr); Parquet needs -o.")
    p.add_argument("--db", type=Path, default=DEFAULT_PATH, help=f"database file (default: ./{DEFAULT_PATH})")
    p.add_argument("--country", help="country name or ISO3 code")
    p.add_argument("--since", type=_date, metavar="DATE", help="events on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, metavar="DATE", help="events on or before this date (YYYY-MM-DD)")
    p.add_argument("--type", dest="event_type", metavar="TYPE",
                   help='event type or sub-event type, as in the codebook (e.g. "Battles", "Peaceful protest")')
    p.add_argument("--actor", help="part of an actor's name (case-insensitive)")
    p.add_argument("--bbox", type=_bbox, metavar="W,S,E,N",
                   help="events inside this box, in degrees; write --bbox=-18,4,16,25 when W is negative")
    p.add_argument("--min-fatalities", type=int, metavar="N", help="events with at least N fatalities")
    p.add_argument("--limit", type=int, metavar="N", help="at most N events")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N events")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: table on a terminal, jsonl otherwise)")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--failures", action="store_true",
                   help="list the inputs that failed to ingest, with reasons, instead of events")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("table" if sys.stdout.isatty() and not args.output else "jsonl")
    if fmt == "parquet" and not args.output:
        print("eventcoder: Parquet is a binary format; write it to a file with -o FILE.parquet", file=sys.stderr)
        return 2
    if problem := _number_problem(args):
        print(f"eventcoder: {problem}", file=sys.stderr)
        return 2
    try:
        criteria = EventFilter(country=args.country, since=args.since, until=args.until, event_type=args.event_type,
                               actor=args.actor, bbox=args.bbox, min_fatalities=args.min_fatalities,
                               limit=args.limit, offset=args.offset)
    except ValueError as error:
        print(f"eventcoder: {error}", file=sys.stderr)
        return 2
    with Store.open(args.db, readonly=True) as store:
        if args.failures:
            for failure in store.failures():
                print(f"{failure.source}\t{failure.reason}")
            return 0
        events = store.events(criteria)
        if fmt == "parquet":
            written = write_parquet_file(events, args.output)
        elif args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                written = write_stored(events, fmt, out)
        else:
            written = write_stored(events, fmt, sys.stdout)
            sys.stdout.flush()
    if written.omitted:
        print(f"eventcoder: {written.omitted} events without coordinates are not in the GeoJSON", file=sys.stderr)
    if args.output:
        print(f"eventcoder: {written.events} events written to {args.output}", file=sys.stderr)
    return 0
