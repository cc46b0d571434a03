"""Plain-text articles: the text exactly as written, only decoded.

Nothing is cleaned here. The extractor skips lines that are not article prose ("Share this
article") itself, and its evidence offsets point into this text, so the text must be the
file's own.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError
from ..models import Article
from .files import read_article_file
from .meta import read_sidecar


def decode_text(data: bytes, *, source: str) -> str:
    """``data`` decoded as UTF-8 (a UTF-8 BOM is dropped; a UTF-16 BOM is honoured).

    No other encoding is guessed: Latin-1 and its kin decode *any* bytes, so a guess turns a
    wrongly encoded file into plausible text with mangled names, and the user never learns.
    Saying where the bad byte is lets them convert the file (``iconv -f latin1 -t utf-8``).
    Raises InputError naming ``source``.
    """
    bom = 0
    try:
        if data.startswith(codecs.BOM_UTF8):
            bom = len(codecs.BOM_UTF8)
            text = data[bom:].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        encoding = "UTF-16" if error.encoding.startswith("utf-16") else "UTF-8"
        raise InputError(source, f"not valid {encoding} at byte {error.start + bom}") from None
    if not text.strip():
        raise InputError(source, "empty file (only whitespace)")
    return text


def read_text_file(path: Path, *, name: str, limit: int) -> Article:
    """The article in a text file; ``name`` (the path as given) is its id. Metadata comes
    from the ``X.meta.json`` beside it. Raises InputError."""
    text = decode_text(read_article_file(path, name=name, limit=limit), source=name)
    meta = read_sidecar(path)
    return Article(
        id=name, text=text, title=meta.title, published=meta.published, url=meta.url, source=meta.source
    )
