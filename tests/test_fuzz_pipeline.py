"""Fuzzing the whole path, input bytes to events (hypothesis): text, HTML and JSONL, through the
readers and the real pipeline. Whatever comes in, nothing escapes but Articles and Failures,
every article gets exactly one outcome, and every event's evidence points into its text.

The quick suite runs a small budget; `make test-slow` a large one."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.models import Article, Failure
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs

# Words and marks news is made of, so that the fuzzer reaches the rules, not only the tokenizer.
WORDS = ("police", "killed", "two", "protesters", "in", "Kabul", "on", "Monday", "gunmen", "attacked", "the",
         "village", "near", "Goma", ",", ".", "\n", "\n\n", '"', "“", "at least", "12", "dozens", "(Reuters)",
         "KABUL,", "Afghanistan", "army", "rebels", "clashed", "bomb", "exploded", "arrested", "March 3, 2024",
         "last week", "yesterday", "Taliban", "-", "'s", "\u00a0", "\ud800", "\x00", "\u202e", "é", "😀")
news_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=80).map(" ".join)
published = st.one_of(st.none(), st.integers(), st.floats(), st.sampled_from(
    ["2024-03-14", "2024-03-14T23:10:00+05:00", "", "garbage", "2024-02-30"]))
record = st.fixed_dictionaries({"id": st.one_of(st.text(max_size=20), st.integers(), st.none())}, optional={
    "text": st.one_of(news_text, st.none(), st.integers()),
    "html": st.one_of(news_text.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>"),
                      st.text(max_size=200)),
    "published": published, "title": st.one_of(news_text, st.none()), "url": st.text(max_size=30)})


def jsonl_bytes(records: list[dict[str, object]], junk: list[bytes]) -> bytes:
    lines = [json.dumps(r, ensure_ascii=True, allow_nan=True).encode() for r in records]
    return b"\n".join(lines + junk) + b"\n"


def check(pipeline: Pipeline, data: bytes) -> None:
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert items and all(isinstance(item, Article | Failure) for item in items)
    assert all(item.reason for item in items if isinstance(item, Failure))
    outcomes = pipeline.process(items)
    assert len(outcomes) == len(items)
    for item, outcome in zip(items, outcomes, strict=True):
        if isinstance(item, Article):
            assert outcome.article is item
            assert outcome.failure is None or outcome.failure.reason
            for event in outcome.events:
                assert all(item.text[e.start:e.end] == e.text for e in event.evidence)
                event.to_record()  # encodable
        json.dumps([e.to_record() for e in outcome.events], ensure_ascii=False).encode("utf-8")


FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@settings(FUZZ, max_examples=100)
@given(text=news_text)
def test_any_text(pipeline: Pipeline, text: str) -> None:
    check(pipeline, text.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=50)
@given(body=news_text, head=st.sampled_from(["", "<!DOCTYPE html>", "<html><head><title>T</title></head>"]))
def test_any_html(pipeline: Pipeline, body: str, head: str) -> None:
    check(pipeline, f"{head}<body><div><p>{body}</p><p>{body}</p></div></body>".encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=100)
@given(records=st.lists(record, min_size=1, max_size=4), junk=st.lists(st.binary(max_size=40), max_size=2))
def test_any_jsonl(pipeline: Pipeline, records: list[dict[str, object]], junk: list[bytes]) -> None:
    check(pipeline, jsonl_bytes(records, junk))


@pytest.mark.slow
@settings(FUZZ, max_examples=1500)
@given(records=st.lists(record, min_size=1, max_size=4), junk=st.lists(st.binary(max_size=80), max_size=3),
       text=news_text)
def test_any_input_at_length(pipeline: Pipeline, records: list[dict[str, object]], junk: list[bytes],
                             text: str) -> None:
    check(pipeline, jsonl_bytes(records, junk))
    check(pipeline, text.encode("utf-8", "surrogatepass"))
    check(pipeline, f"<html><body><article><p>{text}</p></article></body></html>".encode("utf-8", "surrogatepass"))
