"""Hostile and careless input (issue 10): text no encoder accepts, articles that break a stage,
take too long or kill their worker. Each costs only itself; the rest of the batch goes on."""

from __future__ import annotations

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
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder import InputError, extract
from eventcoder.engines.pool import ProcessPool
from eventcoder.models import Article, Failure
from eventcoder.nlp import SEGMENT_CHARS, load_pipeline, segments
from eventcoder.pipeline import Pipeline
from eventcoder.settings import Settings

GOOD = "Soldiers clashed with gunmen in Kabul, Afghanistan on Tuesday, killing five."
PUBLISHED = dt.date(2024, 3, 14)

# Markers that make the test pipeline's extra component misbehave on purpose.
RAISE, DIE, HANG = "XRAISEX", "XDIEX", "XHANGX"


@Language.component("eventcoder_test_saboteur")
def saboteur(doc: Doc) -> Doc:
    """Runs after the tokenizer: breaks on the articles that carry a marker, as a bug or a
    crash in native code would."""
    if RAISE in doc.text:
        raise RuntimeError("the component broke")
    if DIE in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if HANG in doc.text:
        time.sleep(3600)
    return doc


@pytest.fixture(scope="module")
def sabotaged(pipeline: Pipeline) -> Pipeline:
    nlp = load_pipeline(pipeline.settings.model)
    nlp.add_pipe("eventcoder_test_saboteur", first=True)
    return Pipeline(pipeline.settings, nlp=nlp, geocoder=pipeline.geocoder, extractor=pipeline.extractor)


def article(id: str, text: str = GOOD) -> Article:
    return Article(id=id, text=text, published=PUBLISHED)


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], input=stdin, capture_output=True, timeout=300)


# -- text no encoder accepts ------------------------------------------------------------------

def test_a_lone_surrogate_is_replaced_and_reported_where_the_article_is_made() -> None:
    made = Article(id="a\ud800", text="Police killed \ud800 two.", title="T\udfff", published="2024-03-14")
    assert (made.id, made.text, made.title) == ("a\ufffd", "Police killed \ufffd two.", "T\ufffd")
    assert made.published == PUBLISHED
    assert len(made.warnings) == 3 and "'text': 1 character that UTF-8 cannot encode" in made.warnings[1]
    # a pair written as two escapes is the character it encodes, not two replacements
    assert Article(id="b", text="x\ud83d\ude00y").text == "x\U0001f600y"


def test_a_surrogate_in_html_or_a_feed_loses_no_text_after_it(tmp_path: Path) -> None:
    # The HTML parser stops at a lone surrogate: the markup is made safe before it is parsed.
    from eventcoder.readers import article_from_record, read_inputs

    page = ("<html><body><article><p>Police killed two protesters in Kabul on Monday \ud800 evening, "
            "witnesses said in a statement.</p></article></body></html>")
    made = article_from_record({"id": "p", "html": page}, source="p")
    assert made.text.endswith("\ufffd evening, witnesses said in a statement.")
    assert made.warnings == ("'html': 1 character that UTF-8 cannot encode (lone UTF-16 surrogates) replaced with "
                             "U+FFFD",)
    feed = tmp_path / "f.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><link>http://x.org/1</link>'
                    "<description>Gunmen killed five villagers near Goma &amp;#55296; on Sunday, residents "
                    "said.</description></item></channel></rss>", encoding="utf-8")
    [entry] = read_inputs([str(feed)])
    assert isinstance(entry, Article) and entry.text.endswith("on Sunday, residents said.")


def test_the_python_api_extracts_around_a_surrogate(pipeline: Pipeline) -> None:
    assert pipeline.extract("\ud800") == []
    [event] = pipeline.extract(GOOD.replace("Kabul", "Kabul \ud800"), published=PUBLISHED)
    assert event.event_type == "Battles" and event.fatalities == 5


def test_the_python_api_refuses_bad_arguments_with_input_error() -> None:
    for call in (lambda: extract(GOOD, published="garbage"), lambda: extract(GOOD, published=20180101),
                 lambda: extract(None), lambda: extract(GOOD, article_id="")):  # type: ignore[arg-type]
        with pytest.raises(InputError) as raised:
            call()
        assert raised.value.reason


def test_ingest_stores_every_article_beside_one_with_a_surrogate(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": f"{GOOD} Report {i}.", "published": "2024-03-14"}) for i in range(3)]
    lines.insert(1, '{"id": "bad\\ud800", "title": "T\\ud800", "text": "Police killed \\ud800 two."}')
    source = tmp_path / "s.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = run_cli("ingest", "--db", str(db), "--workers", "1", str(source))
    assert result.returncode == 0, result.stderr.decode()
    with sqlite3.connect(db) as connection:
        ids = sorted(row[0] for row in connection.execute("SELECT article_id FROM articles"))
    assert ids == ["bad\ufffd", "n0", "n1", "n2"]
    assert "warnings  3 (the articles were stored)" in result.stdout.decode()
    assert "bad�: 'text': 1 character that UTF-8 cannot encode" in result.stdout.decode()
    extracted = run_cli("extract", "--format", "jsonl", str(source))
    assert extracted.returncode == 0 and len(extracted.stdout.splitlines()) >= 3


# -- each article in its own guard --------------------------------------------------------------

def test_an_article_that_breaks_the_parser_costs_only_itself(sabotaged: Pipeline) -> None:
    items = [article("a"), article("b", f"{GOOD} {RAISE}"), article("c"), Failure("d.txt", "empty file")]
    outcomes = sabotaged.process(items)
    assert [o.article.id for o in outcomes] == ["a", "b", "c", "d.txt"]
    assert outcomes[0].events and outcomes[2].events
    assert outcomes[1].failure is not None and "the component broke" in outcomes[1].failure.reason
    assert outcomes[3].failure == Failure("d.txt", "empty file")


def test_an_article_over_its_time_limit_is_a_failure_and_the_next_goes_on(pipeline: Pipeline) -> None:
    quick = Pipeline(Settings(model=pipeline.settings.model, time_limit=0.5), nlp=pipeline.nlp,
                     geocoder=pipeline.geocoder, extractor=pipeline.extractor)
    long = (GOOD + " ") * 3000  # about 230 KB: parsed in pieces, over half a second
    started = time.monotonic()
    outcomes = quick.process([article("long", long), article("short")])
    assert outcomes[0].failure is not None and outcomes[0].failure.reason.startswith("took longer than 0.5 s")
    assert outcomes[1].events and outcomes[1].failure is None
    assert time.monotonic() - started < 30  # stopped at a check, not run to the end


def test_a_long_text_is_parsed_in_pieces_that_add_up_to_it(pipeline: Pipeline) -> None:
    text = ("Police fired tear gas at protesters in Nairobi on Monday.\n\n" * 800) + "word " * 9000
    pieces = segments(text, SEGMENT_CHARS)
    assert "".join(pieces) == text and len(pieces) > 3
    assert all(len(piece) <= SEGMENT_CHARS for piece in pieces)
    assert all(piece.endswith(("\n\n", " ")) for piece in pieces[:-1])
    assert segments("x" * 50, 20) == ["x" * 20, "x" * 20, "x" * 10]  # no place to cut: anywhere
    [outcome] = pipeline.process([article("long", text)])
    assert outcome.failure is None and outcome.events
    assert all(text[e.start:e.end] == e.text for event in outcome.events for e in event.evidence)


# -- the process pool ---------------------------------------------------------------------------

def test_a_worker_killed_mid_article_loses_only_that_article(sabotaged: Pipeline) -> None:
    items = [article(f"a{i}", f"{GOOD} Report {i}. {DIE if i == 5 else ''}") for i in range(12)]
    with ProcessPool(sabotaged.settings, workers=2, pipeline=sabotaged, chunk_size=4) as pool:
        outcomes = list(pool.run(items))
        assert pool.restarts == 2  # the chunk's worker, then the one a5 alone killed
        again = list(pool.run(items[:3]))  # the pool goes on serving
    assert [o.article.id for o in outcomes] == [f"a{i}" for i in range(12)]
    failed = [o for o in outcomes if o.failure is not None]
    assert [o.article.id for o in failed] == ["a5"]
    assert "killed by SIGKILL" in failed[0].failure.reason  # type: ignore[union-attr]
    assert all(o.events for o in outcomes if o.failure is None)
    assert [o.article.id for o in again] == ["a0", "a1", "a2"]


def test_a_worker_that_stops_answering_is_replaced(sabotaged: Pipeline) -> None:
    items = [article("a"), article("b", f"{GOOD} {HANG}"), article("c"), article("d")]
    with ProcessPool(sabotaged.settings, workers=1, pipeline=sabotaged, chunk_size=4, stall_seconds=3) as pool:
        started = time.monotonic()
        outcomes = list(pool.run(items))
    assert time.monotonic() - started < 60
    assert [o.article.id for o in outcomes] == ["a", "b", "c", "d"]
    assert outcomes[1].failure is not None and "took longer than 3 s" in outcomes[1].failure.reason
    assert all(o.events for o in (outcomes[0], outcomes[2], outcomes[3]))


def test_the_pool_gives_what_one_process_gives(pipeline: Pipeline) -> None:
    items: list[Article | Failure] = [article(f"a{i}", f"{GOOD} Report {i}.") for i in range(20)]
    items.insert(7, Failure("x.txt", "binary file, not text"))
    assert list(pipeline.run(items, workers=2, chunk_size=3)) == list(pipeline.run(items))
