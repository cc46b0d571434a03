"""The two commands: `eventcoder events` in-process over a database built with a fake runner;
`eventcoder ingest` in-process with the session's pipeline, and as a real process killed with
SIGKILL mid-run."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import KAYA, FakeRunner, make_event, snapshot

import eventcoder.cli as cli_package
from eventcoder.cli import main
from eventcoder.export import STORE_CSV_COLUMNS
from eventcoder.models import Article
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs
from eventcoder.store import Store, ingest

EVENTCODER = Path(sys.executable).with_name("eventcoder")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    table = {
        "dispatch": [make_event("dispatch", fatalities=5)],
        "radio": [make_event("radio", fatalities=7)],
        "nairobi": [make_event("nairobi", event_type="Protests", sub_event_type="Peaceful protest",
                               actor1="Protesters (Kenya)", inter1=6, actor2=None, inter2=0, country="Kenya",
                               iso3="KEN", admin1="Nairobi", location="Nairobi", latitude=-1.2833, longitude=36.8167,
                               fatalities=0)],
    }
    with Store.open(path) as store:
        ingest(store, [Article(id=name, text=f"report {name}") for name in table], FakeRunner(table))
    return path


def test_events_exports_each_format_to_a_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "jsonl", "json", "geojson", "parquet", "table"):
        assert main(["events", "--db", str(db), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]) == 0
    assert "2 events written" in capsys.readouterr().err

    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == STORE_CSV_COLUMNS and len(rows) == 2
    assert len(json.loads((tmp_path / "out.geojson").read_text())["features"]) == 2
    import pyarrow.parquet as pq
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 2


def test_events_filters_from_the_command_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(db), "--country", "kenya", "--format", "jsonl"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["location"] == "Nairobi"

    assert main(["events", "--db", str(db), "--bbox=-2,12,0,14", "--type", "Attack", "--min-fatalities", "5",
                 "--since", "2024-04-09", "--until", "2024-04-09", "--actor", "armed group", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(row["location"], row["fatalities"], row["n_sources"]) for row in rows] == [("Kaya", "5", "2")]


def test_parquet_is_never_written_to_the_terminal(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(db), "--format", "parquet"]) == 2
    assert "Parquet is a binary format; write it to a file with -o" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--bbox", "1,2,3"], "W,S,E,N"),
    (["--since", "yesterday"], "not a date"),
])
def test_bad_arguments_are_usage_errors(db: Path, argv: list[str], message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["events", "--db", str(db), *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--min-fatalities", "99999999999999999999"],
     "--min-fatalities must be a whole number from 0 to 9223372036854775807, not 99999999999999999999"),
    (["--limit", str(2**63)], f"--limit must be a whole number from 0 to 9223372036854775807, not {2**63}"),
    (["--offset", "-1"], "--offset must be a whole number from 0 to 9223372036854775807, not -1"),
    (["--min-fatalities", "-5", "--limit", "-1"], "--min-fatalities must be a whole number from 0 to "
                                                  "9223372036854775807, not -5"),  # the first is named
])
def test_numbers_past_sqlites_integers_are_one_line_errors(db: Path, argv: list[str], message: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(db), "--format", "jsonl", *argv]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [f"eventcoder: {message}"])


def test_the_largest_numbers_are_answered(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    largest = str(2**63 - 1)
    assert main(["events", "--db", str(db), "--format", "jsonl", "--offset", largest, "--limit", largest]) == 0
    assert main(["events", "--db", str(db), "--format", "jsonl", "--min-fatalities", largest]) == 0
    assert capsys.readouterr().out == ""
    assert main(["events", "--db", str(db), "--format", "jsonl", "--offset", "1", "--limit", largest]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # two events, the first skipped


def test_a_missing_database_or_a_bad_type_is_a_one_line_error(db: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 2
    assert main(["events", "--db", str(db), "--type", "Skirmish"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"eventcoder: {tmp_path / 'none.db'}: no such database",
                   "eventcoder: unknown event type 'Skirmish': use one of ACLED's six event types or 25 sub-event "
                   "types"]


def test_ingest_summarises_and_exits_1_when_an_input_failed(tmp_path: Path, pipeline: Pipeline,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli_package, "Pipeline", lambda settings: pipeline)  # loaded once per session
    (tmp_path / "empty.txt").write_text("")
    db = tmp_path / "kaya.db"

    assert main(["ingest", str(KAYA), str(tmp_path / "empty.txt"), "--db", str(db), "--workers", "1"]) == 1
    first = capsys.readouterr().out
    assert main(["ingest", str(KAYA), "--db", str(db), "--workers", "1"]) == 0
    second = capsys.readouterr().out

    assert "articles  4 new" in first and "events    " in first and "2 merged" in first
    assert f"    {tmp_path / 'empty.txt'}: empty file" in first
    assert "articles  0 new" in second and "4 already stored (4 same id)" in second
    assert main(["events", "--db", str(db), "--failures"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'empty.txt'}\tempty file\n"


# -- a real process, killed --------------------------------------------------------------------------

TOWNS = [("Kisumu", "Kenya"), ("Nakuru", "Kenya"), ("Kano", "Nigeria"), ("Maiduguri", "Nigeria"), ("Gao", "Mali"),
         ("Mopti", "Mali"), ("Kaya", "Burkina Faso"), ("Djibo", "Burkina Faso"), ("Beni", "DR Congo"),
         ("Goma", "DR Congo"), ("Nyala", "Sudan"), ("Kankan", "Guinea")]
STORIES = [
    "Hundreds of traders marched through {town}, {country}, on {date} to protest against new market fees. "
    "Organisers said the march ended peacefully.",
    "Gunmen killed {n} villagers near {town}, {country}, on {date}, local officials said. "
    "The attackers fled on motorbikes before soldiers arrived.",
    "Soldiers clashed with armed fighters outside {town} in {country} on {date}. "
    "{n} fighters were killed in the fighting, the army said in a statement.",
]


def write_corpus(path: Path, size: int) -> int:
    """``size`` short reports of our own, distinct in text, as JSONL, plus one line that fails."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            town, country = TOWNS[i % len(TOWNS)]
            day = dt.date(2024, 1, 1) + dt.timedelta(days=i // len(TOWNS))
            text = STORIES[i % len(STORIES)].format(town=town, country=country, n=2 + i % 9,
                                                    date=f"{day.day} {day:%B %Y}")
            out.write(json.dumps({"id": f"report-{i:04d}", "text": text,
                                  "published": (day + dt.timedelta(days=1)).isoformat()}) + "\n")
        out.write('{"id": "broken"}\n')
    return size


def committed_articles(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0  # not created (or not migrated) yet


@pytest.mark.slow
def test_an_ingest_killed_with_sigkill_resumes_to_exactly_the_right_database(tmp_path: Path,
                                                                              pipeline: Pipeline) -> None:
    corpus = tmp_path / "corpus.jsonl"
    size = write_corpus(corpus, 360)
    reference = tmp_path / "reference.db"
    with Store.open(reference) as store:
        ingest(store, read_inputs([str(corpus)]), pipeline)
    db = tmp_path / "killed.db"
    command = [str(EVENTCODER), "ingest", str(corpus), "--db", str(db), "--workers", "2", "--commit-every", "10"]

    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while committed_articles(db) < 40 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # the process and its pool workers
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    stored = committed_articles(db)
    assert 40 <= stored < size, "the kill must land mid-run"

    partial, full = snapshot(db), snapshot(reference)
    articles = {row[0] for row in partial["articles"]}
    # (their stories may differ: a story is named after its versions stored so far; these short
    # formulaic reports count as versions of one another when only a number and a date differ)
    assert {row[:3] + row[4:] for row in partial["articles"]} <= {row[:3] + row[4:] for row in full["articles"]}
    # each stored article has all its events, exactly as a clean run stores them (no half-written article)
    assert sorted((r[0], r[1], r[4], r[5]) for r in partial["reports"]) == sorted(
        (r[0], r[1], r[4], r[5]) for r in full["reports"] if r[1] in articles)

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr  # the broken line failed, again
    assert f"articles  {size - stored} new" in resumed.stdout
    assert f"{stored} already stored ({stored} same id)" in resumed.stdout
    assert "corpus.jsonl:361: neither 'text' nor 'html'" in resumed.stdout
    assert snapshot(db) == full
