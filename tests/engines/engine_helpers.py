"""What the Ray engine tests share: a small corpus with a bad input, an article too long to
parse and duplicates; and pipelines that kill their own worker, to show that a killed worker
loses and repeats nothing. (A module of its own, not conftest.py, so that tests can import it
and Ray can ship its classes to the workers by value.)"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Sequence
from pathlib import Path

from eventcoder.models import Article, Failure, Outcome
from eventcoder.pipeline import Pipeline
from eventcoder.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Short reports written for these tests, one happening each (published, text).
REPORTS = [
    ("2024-03-04",
     "Police fired tear gas at hundreds of teachers protesting unpaid salaries in Nairobi, Kenya, on Monday."),
    ("2024-03-05",
     "Gunmen killed four villagers and burned houses in Zangon Kataf, Kaduna State, Nigeria, on Sunday night."),
    ("2024-03-06", "Two soldiers were killed when their patrol hit a roadside bomb near Gao, Mali, on Tuesday."),
    ("2024-03-07",
     "Thousands of farmers marched peacefully through Lahore, Pakistan, on Wednesday to demand lower fuel prices."),
    ("2024-03-08",
     "Rioters set fire to a police station in Kankan, Guinea, on Thursday after a power cut; 12 people were injured."),
    ("2024-03-09",
     "Fighters of the Islamic State clashed with the army near Palmyra, Syria, on Friday, leaving nine dead."),
    ("2024-03-10",
     "An air strike hit a market in El Fasher, Sudan, on Saturday, killing 15 civilians, witnesses said."),
    ("2024-03-11",
     "Students blocked the main road in Dhaka, Bangladesh, on Sunday, protesting a quota system; police arrested 30."),
    ("2024-03-12", "Unidentified gunmen abducted 20 passengers from a bus near Kajuru, Nigeria, on Monday."),
    ("2024-03-13", "Government troops shelled rebel positions near Goma, Democratic Republic of Congo, on Tuesday."),
    ("2024-03-14",
     "Hundreds of nurses protested outside the health ministry in Lima, Peru, on Wednesday over unpaid wages."),
    ("2024-03-15", "A drone strike killed three al-Shabaab fighters near Jilib, Somalia, on Thursday, the army said."),
    ("2024-03-16",
     "Protesters threw stones at police in Santiago, Chile, on Friday; officers responded with water cannon."),
    ("2024-03-17", "Bandits killed seven herders and stole cattle in Tillaberi, Niger, on Saturday."),
    ("2024-03-18", "Taxi drivers staged a peaceful strike and rally in Johannesburg, South Africa, on Sunday."),
    ("2024-03-19", "Soldiers clashed with militants in Bannu, Pakistan, on Monday; five militants were killed."),
]


def write_corpus(folder: Path) -> Path:
    """The test corpus in ``folder``: the example articles (text and HTML with sidecars) and a
    JSONL file holding the short reports, a line that is no article, an article too long to
    parse, the same report twice and a wire copy of another under its own id. Returns the
    folder; ``read_inputs([folder])`` reads it as a user's folder would be read."""
    shutil.copytree(EXAMPLES, folder / "examples", ignore=shutil.ignore_patterns("*.md", "*.expected.jsonl"))
    lines = [{"id": f"report-{n:02d}", "published": published, "text": text}
             for n, (published, text) in enumerate(REPORTS)]
    lines.insert(5, {"text": "a line without an id"})  # fails in the reader
    lines.insert(9, {"id": "too-long", "text": "word " * 200_001})  # fails in the worker: over nlp.max_length
    lines.insert(12, dict(lines[3]))  # the same article again
    lines.append({**lines[7], "id": "report-wire-copy"})  # the same text under another id
    with (folder / "reports.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(line) + "\n" for line in lines)
    return folder


def item_id(item: Article | Failure) -> str:
    return item.source if isinstance(item, Failure) else item.id


class KillOnce:
    """Pipeline.process, except that the first worker to meet article ``victim`` dies at once
    (SIGKILL, halfway through its batch, as the out-of-memory killer would do it). ``marker``, a
    file, remembers that it happened, so the retry goes through."""

    def __init__(self, victim: str, marker: Path) -> None:
        self.victim = victim
        self.marker = marker
        self.pipeline = Pipeline(Settings.from_env())

    def process(self, items: Sequence[Article | Failure]) -> list[Outcome]:
        if any(item_id(item) == self.victim for item in items) and not self.marker.exists():
            self.marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return self.pipeline.process(items)


class AlwaysKill:
    """A pipeline whose worker dies every time it meets ``victim``: a poison article."""

    def __init__(self, victim: str) -> None:
        self.victim = victim

    def process(self, items: Sequence[Article | Failure]) -> list[Outcome]:
        if any(item_id(item) == self.victim for item in items):
            os.kill(os.getpid(), signal.SIGKILL)
        return [Outcome(item) if isinstance(item, Article) else Outcome(Article(id=item.source, text=""), failure=item)
                for item in items]


class AllStarted:
    """Pipeline.process, once all ``workers`` workers have loaded theirs: each waits for the
    others when it starts, so that every worker gets batches of a small corpus (one that is
    ready a few seconds earlier would otherwise do them all)."""

    def __init__(self, folder: Path, workers: int) -> None:
        self.pipeline = Pipeline(Settings.from_env())
        folder.mkdir(parents=True, exist_ok=True)
        (folder / str(os.getpid())).touch()
        deadline = time.monotonic() + 120
        while len(list(folder.iterdir())) < workers and time.monotonic() < deadline:
            time.sleep(0.05)

    def process(self, items: Sequence[Article | Failure]) -> list[Outcome]:
        return self.pipeline.process(items)
