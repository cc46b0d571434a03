"""Reading inputs safely: the size before the content, then a look at the first bytes to tell
what an input holds (text, HTML, JSONL, a feed, a WARC) and whether it is text at all.
"""

from __future__ import annotations

import enum
import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from .bounded import DEFAULT_MAX_EXPANSION
from .prolog import read_prolog

# An article is a few kB; 5 MB is a book. A larger "article" is a mistake (a dump, a log, a
# wrong file), and reading it would only waste memory and produce nonsense events.
DEFAULT_MAX_ARTICLE_BYTES = 5_000_000
DEFAULT_FETCH_TIMEOUT = 30.0
# Enough to see a BOM, a WARC header, a gzip member's first bytes, an XML prolog and a root tag.
SNIFF_BYTES = 4096
# How far a feed's root tag is looked for when a long prolog (a licence in a comment, a
# DOCTYPE declaring entities) comes first; bounded, since a prolog may also never end.
PROLOG_BYTES = 65_536


class Kind(enum.Enum):
    """What an input holds, and so which reader takes it."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"


EXTENSION_KINDS = {
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".jsonl": Kind.JSONL,
    ".ndjson": Kind.JSONL,
    ".rss": Kind.FEED,
    ".atom": Kind.FEED,
    ".xml": Kind.FEED,
    ".warc": Kind.WARC,
    ".warc.gz": Kind.WARC,
}

# Files that sit beside articles and describe them; a folder walk never reads them as articles.
SIDECAR_SUFFIXES = (".meta.json", ".expected.jsonl")

# The first bytes of common binary formats, so the message can say what the file is.
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"%PDF-", "PDF document"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "executable"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
FEED_ROOTS = frozenset(("rss", "feed", "rdf:RDF"))
FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read; built once by ``read_inputs`` and passed to every reader."""

    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT
    max_expansion: int = DEFAULT_MAX_EXPANSION  # how many times gzip data may grow (bounded.py)


def kind_by_name(path: str | Path) -> Kind | None:
    """The kind an input's file name announces, or None for an unknown extension."""
    name = str(path).lower()
    if name.endswith(".warc.gz"):
        return Kind.WARC
    return EXTENSION_KINDS.get(Path(name).suffix)


def is_sidecar(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIXES)


def sniff_kind(head: bytes) -> Kind:
    """The kind of an input from its first bytes: a WARC (plain or gzipped), JSONL (first
    non-blank character ``{``), a feed or an HTML page (``<``), otherwise text."""
    if head.startswith(b"WARC/") or _gunzipped_start(head).startswith(b"WARC/"):
        return Kind.WARC
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"{"):
        return Kind.JSONL
    if start.startswith(b"<"):
        return Kind.FEED if looks_like_feed(start) else Kind.HTML
    return Kind.TEXT


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML document open an RSS, Atom or RDF feed: its root
    element, after the prolog, is one. Past a prolog that cannot be read (a PHP warning
    before it, say) the feed's tag is looked for in the first SNIFF_BYTES, as browsers do."""
    root = read_prolog(head[:PROLOG_BYTES]).root
    if root is not None:
        return root in FEED_ROOTS
    return FEED_ROOT.search(head[:SNIFF_BYTES]) is not None


def binary_reason(head: bytes) -> str | None:
    """Why the input that starts with ``head`` is not text, or None if it may be text."""
    for signature, name in BINARY_SIGNATURES:
        if head.startswith(signature):
            return f"binary file ({name}), not text"
    # NUL never occurs in UTF-8 text; UTF-16 (announced by its BOM) is full of them.
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        return "binary file, not text"
    return None


def too_large(size: str, limit: int) -> str:
    """The message for an article over the size limit; ``size`` is already worded."""
    return f"{size}; the article size limit is {limit / 1e6:g} MB"


def read_article_file(path: Path, *, name: str, limit: int) -> bytes:
    """The bytes of a file that holds one article. The size is checked before anything is
    read, so a 50 MB file costs a ``stat``, not 50 MB of memory. Raises InputError naming
    ``name`` for an empty, too large or binary file."""
    size = path.stat().st_size
    if size == 0:
        raise InputError(name, "empty file")
    if size > limit:
        raise InputError(name, too_large(f"file is {size / 1e6:.1f} MB", limit))
    with path.open("rb") as file:
        data = file.read(limit + 1)  # bounded even if the file grew since the stat
    return check_article_bytes(data, name=name, limit=limit)


def read_article_stream(stream: BinaryIO, *, name: str, limit: int) -> bytes:
    """The bytes of a stream (stdin, a pipe) that holds one article, read up to the limit."""
    return check_article_bytes(stream.read(limit + 1), name=name, limit=limit)


def check_article_bytes(data: bytes, *, name: str, limit: int) -> bytes:
    if not data:
        raise InputError(name, "empty file")
    if len(data) > limit:
        raise InputError(name, too_large(f"input is more than {limit / 1e6:g} MB", limit))
    if reason := binary_reason(data[:SNIFF_BYTES]):
        raise InputError(name, reason)
    return data


def read_head(stream: BinaryIO, size: int = SNIFF_BYTES) -> bytes:
    """Up to ``size`` bytes from the start of ``stream``; fewer only at its end (a pipe may
    deliver a short read before then)."""
    chunks: list[bytes] = []
    wanted = size
    while wanted > 0:
        chunk = stream.read(wanted)
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def sniff_head(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream``, enough to tell its kind: SNIFF_BYTES, or up to
    PROLOG_BYTES when they end inside an XML prolog, before the root tag."""
    head = read_head(stream)
    if len(head) == SNIFF_BYTES and head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        if read_prolog(head).root is None:
            head += read_head(stream, PROLOG_BYTES - len(head))
    return head


def prefixed(head: bytes, rest: BinaryIO) -> io.BufferedReader:
    """A buffered stream that gives ``head`` and then the rest of ``rest``: a stream that
    cannot seek (stdin) can be sniffed and then read from its start."""
    return io.BufferedReader(_PrefixedRaw(head, rest))


class _PrefixedRaw(io.RawIOBase):
    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _gunzipped_start(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream, or b"" if ``head`` is not gzip."""
    if not head.startswith(b"\x1f\x8b"):
        return b""
    try:
        return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return b""
