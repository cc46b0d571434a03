"""Outcomes into a folder of Parquet part files, for outputs too big for one database or file.

    DIR/part-00000.parquet   events, one row per event, the contract's fields (export.event_schema),
    DIR/part-00001.parquet   in input order, at most ``rows_per_part`` rows each
    DIR/_failures.jsonl      {"source": ..., "reason": ...} per input that failed

Each part appears complete or not at all (written beside its name, then renamed), and
_failures.jsonl is written last, so its presence means the run finished (its leading underscore
makes pyarrow, pandas and Spark pass over it when they read DIR as a dataset). An article without
events writes nothing; a run without any event writes one empty part, so that readers
(``pandas.read_parquet(DIR)``, DuckDB, Spark) still find the schema. The folder must not hold
an earlier run's parts: mixing two runs' parts would go unnoticed.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EventcoderError
from ..models import Outcome
from .parquet import write_parquet


class PartsError(EventcoderError):
    """The folder for Parquet part files cannot be written, or already holds a run's parts."""

PART_NAME = "part-{:05d}.parquet"
FAILURES_NAME = "_failures.jsonl"
DEFAULT_ROWS_PER_PART = 100_000


@dataclass(frozen=True, slots=True)
class PartsSummary:
    """What ``write_parts`` wrote."""

    parts: tuple[Path, ...]
    events: int
    articles: int  # outcomes read, failed ones included
    failures: int
    failures_file: Path


def write_parts(outcomes: Iterable[Outcome], folder: str | os.PathLike[str], *,
                rows_per_part: int = DEFAULT_ROWS_PER_PART) -> PartsSummary:
    """Write the events of ``outcomes`` as Parquet parts in ``folder`` (created if needed) and
    their failures to ``folder/_failures.jsonl``. Streams: memory holds one row group."""
    if rows_per_part < 1:
        raise ValueError("rows_per_part must be at least 1")
    target = Path(folder)
    _prepare(target)
    partial = target / f".{FAILURES_NAME}.partial"
    counts = {"articles": 0, "failures": 0}
    parts: list[Path] = []
    events = 0
    try:
        with partial.open("w", encoding="utf-8") as failures:

            def records() -> Iterator[dict[str, Any]]:
                for outcome in outcomes:
                    counts["articles"] += 1
                    if outcome.failure is not None:
                        counts["failures"] += 1
                        failures.write(json.dumps({"source": outcome.failure.source,
                                                   "reason": outcome.failure.reason}, ensure_ascii=False) + "\n")
                        continue
                    for event in outcome.events:
                        yield event.to_record()

            stream = records()
            while True:
                first = next(stream, None)
                if first is None and parts:
                    break
                path = target / PART_NAME.format(len(parts))
                rows = [first] if first is not None else []
                events += write_parquet(itertools.chain(rows, itertools.islice(stream, rows_per_part - 1)), path)
                parts.append(path)
                if first is None:
                    break
        os.replace(partial, target / FAILURES_NAME)
    except OSError as error:
        raise PartsError(f"{target}: cannot write: {error.strerror or error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return PartsSummary(parts=tuple(parts), events=events, articles=counts["articles"],
                        failures=counts["failures"], failures_file=target / FAILURES_NAME)


def _prepare(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PartsError(f"{folder}: not a folder") from None
    except OSError as error:
        raise PartsError(f"{folder}: cannot create the folder: {error.strerror or error}") from error
    earlier = sorted(folder.glob("part-*.parquet")) + [p for p in (folder / FAILURES_NAME,) if p.exists()]
    if earlier:
        raise PartsError(f"{folder} already holds a run's output ({earlier[0].name}); "
                         "choose another folder or empty this one")
