"""The command line, run as a user runs it (a real subprocess): formats, exit status, and one
clear message per bad input while the others are still processed."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.export import CSV_COLUMNS
from eventcoder.models import EVENT_FIELDS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STORY = "Gunmen killed two farmers near Jos, Nigeria, on Monday, police said."


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], input=data, capture_output=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    return folder / "story.txt"


def test_jsonl_has_the_contract_fields(good):
    result = run("extract", "--published", "2024-03-06", "--format", "jsonl", str(good))
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert tuple(record) == EVENT_FIELDS
    assert record["event_date"] == "2024-03-04" and record["fatalities"] == 2
    assert record["article_id"] == str(good)


def test_csv_keeps_acled_column_order(good):
    result = run("extract", "--published", "2024-03-06", "--format", "csv", str(good))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0][:7] == ["event_id", "event_date", "year", "time_precision", "disorder_type", "event_type",
                           "sub_event_type"]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["interaction"] == "37" and record["disorder_type"] == "Political violence"


def test_json_and_table(good):
    as_json = run("extract", "--published", "2024-03-06", "--format", "json", str(good))
    assert json.loads(as_json.stdout)[0]["event_type"] == "Violence against civilians"
    table = run("extract", "--published", "2024-03-06", "--format", "table", str(good)).stdout.decode()
    assert "Violence against civilians / Attack" in table and "2024-03-04" in table


def test_stdin_jsonl_as_the_scorer_sends_it():
    lines = [json.dumps({"id": "a1", "text": STORY, "published": "2024-03-06"}),
             json.dumps({"id": "a2", "text": "Hundreds of nurses marched in Accra on Tuesday to demand pay.",
                         "published": "2024-03-06"})]
    result = run("extract", "--format", "jsonl", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert {e["article_id"]: e["sub_event_type"] for e in events} == {"a1": "Attack", "a2": "Peaceful protest"}


def test_bad_inputs_each_get_one_message_and_the_rest_goes_on(tmp_path, good):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Manifestación en Córdoba".encode("latin-1"))
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "batch.jsonl").write_text("\n".join([
        "{not json",
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "bad-date", "text": STORY, "published": "yesterday-ish"}),
        json.dumps({"id": "ok", "text": STORY, "published": "2024-03-06"}),
    ]) + "\n")
    big = tmp_path / "huge.txt"
    with big.open("wb") as out:
        out.truncate(50_000_000)
    inputs = ["empty.txt", "image.png", "latin1.txt", "nav.html", "batch.jsonl", "huge.txt", "missing.txt"]
    result = run("extract", "--published", "2024-03-06", "--format", "jsonl", str(good),
                 *(str(tmp_path / name) for name in inputs))
    assert result.returncode == 1
    errors = result.stderr.decode()
    assert "Traceback" not in errors
    lines = [line for line in errors.splitlines() if line.startswith("eventcoder:")]
    assert len(lines) == len(inputs) + 2, errors  # three bad lines in batch.jsonl
    for fragment in ("empty.txt: empty file", "image.png", "latin1.txt", "UTF-8", "nav.html", "batch.jsonl:1",
                     "batch.jsonl:2", "batch.jsonl:3", "huge.txt", "50.0 MB", "missing.txt"):
        assert fragment in errors, fragment
    ids = {json.loads(line)["article_id"] for line in result.stdout.decode().splitlines()}
    assert ids == {str(good), "ok"}


def test_unparseable_published_option_is_a_usage_error(good):
    result = run("extract", "--published", "someday", str(good))
    assert result.returncode == 2
    assert b"--published" in result.stderr and b"Traceback" not in result.stderr


def test_every_command_has_help():
    result = run("--help")
    assert result.returncode == 0
    for command in ("extract", "evaluate"):
        assert command.encode() in result.stdout
        assert run(command, "--help").returncode == 0


FRONTS = ("Houthi reinforcements of troops and vehicles were reported on the Nihm front (Nihm, Sanaa) on Monday, "
          "in various locations in Hajjah governorate, and on the Sirwah front (Sirwah, Marib).")


def test_the_same_text_gives_the_same_events_whatever_the_hash_seed(tmp_path):
    # The store merges by these fields; nothing may depend on the order of a set. (A set of
    # tokens once decided which of two sides this text's second actor was.)
    story = tmp_path / "fronts.txt"
    story.write_text(FRONTS, encoding="utf-8")
    args = [sys.executable, "-m", "eventcoder", "extract", "--published", "2024-03-06", "--format", "jsonl", str(story)]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env={**os.environ, "PYTHONHASHSEED": str(seed)}) for seed in range(8)]
    outputs = {run.communicate(timeout=300)[0] for run in runs}
    assert len(outputs) == 1 and b"Supreme Political Council" in next(iter(outputs))
