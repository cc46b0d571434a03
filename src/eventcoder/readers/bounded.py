"""Compressed and encoded bytes undone by bounded steps, so that a small hostile input cannot
cost gigabytes: a gzip member of 2 MB can hold 2 GiB of zeros.

    Gunzipped    a stream of gzip members as the bytes they hold, refused once it has
                 grown more than ``max_expansion`` times the compressed bytes read
    read_body    an HTTP body with its chunked transfer and gzip/deflate content encodings
                 undone, up to a size limit

Neither ever holds more than one piece of compressed input and its output in memory.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO, Protocol

GZIP_MAGIC = b"\x1f\x8b"
# Real gzipped crawls and pages shrink 3 to 20 times; only zeros and other fillers reach the
# format's maximum of about 1000. Below the floor the work is too small to refuse.
DEFAULT_MAX_EXPANSION = 100
EXPANSION_FLOOR = 64 * 1024 * 1024
# How much compressed input is read, and how much body output made, at a time.
PIECE = 1 << 16


class LimitError(ValueError):
    """An input passed a limit that bounds the memory or time it may take."""


class CorruptGzip(ValueError):
    """A gzip stream that cannot be decompressed."""


class BadEncoding(ValueError):
    """An HTTP body whose compressed content breaks off after a good start."""


class LineReader(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...
    def readline(self, size: int = ..., /) -> bytes: ...


class Gunzipped(io.RawIOBase):
    """The bytes held by the gzip members in ``raw``, one after another, ``read(size)`` never
    making more than ``size`` of them. A member cut short reads as the end of the stream (the
    reader above sees its record end early, and says so); ``tell()`` counts output bytes, and
    ``compressed_offset`` maps an output offset back into ``raw``.

    Raises LimitError once the output passes ``max_expansion`` times the compressed bytes read
    (and EXPANSION_FLOOR), and CorruptGzip for data that is not gzip."""

    def __init__(self, raw: BinaryIO, *, max_expansion: int = DEFAULT_MAX_EXPANSION) -> None:
        self._raw = raw
        self._max_expansion = max_expansion
        self._inflate = _gunzipper()
        self._pending = b""  # compressed bytes read but not yet inflated
        self._read_in = 0
        self._out = 0
        # (output offset, compressed offset) where each member starts; pruned as records pass.
        self._members: list[tuple[int, int]] = [(0, 0)]

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._out

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inflate_some(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def compressed_offset(self, offset: int) -> int:
        """Where in ``raw`` the member holding output byte ``offset`` starts. Offsets are asked
        in increasing order, so the members before the one asked about are forgotten."""
        index = 0
        while index + 1 < len(self._members) and self._members[index + 1][0] <= offset:
            index += 1
        del self._members[:index]
        return self._members[0][1]

    def _inflate_some(self, size: int) -> bytes:
        while True:
            if self._inflate.eof and not self._next_member():
                return b""
            try:
                out = self._inflate.decompress(self._pending, size)
            except zlib.error as error:
                raise CorruptGzip(f"corrupt gzip data at byte {self._offset_in()}: {error}") from None
            self._pending = self._inflate.unused_data if self._inflate.eof else self._inflate.unconsumed_tail
            if out:
                self._out += len(out)
                self._check_expansion()
                return out
            if not self._pending and not self._fill():
                return b""

    def _next_member(self) -> bool:
        """Start on the member after the one just ended; False at the end of ``raw``."""
        while len(self._pending) < len(GZIP_MAGIC) and self._fill():
            pass
        if not self._pending:
            return False
        if not self._pending.startswith(GZIP_MAGIC):
            raise CorruptGzip(f"the bytes at {self._offset_in()}, after the end of a gzip member, are not gzip")
        self._members.append((self._out, self._offset_in()))
        self._inflate = _gunzipper()
        return True

    def _fill(self) -> bool:
        data = self._raw.read(PIECE)
        self._read_in += len(data)
        self._pending += data
        return bool(data)

    def _offset_in(self) -> int:
        return self._read_in - len(self._pending)

    def _check_expansion(self) -> None:
        read = self._offset_in()
        if self._out > EXPANSION_FLOOR and self._out > self._max_expansion * read:
            raise LimitError(
                f"the gzip data expands more than {self._max_expansion} times, to {self._out / 1e6:.0f} MB "
                f"from its first {read / 1e6:.1f} MB (the decompression limit is {self._max_expansion} "
                "times): a gzip bomb?")


def read_body(stream: LineReader, *, transfer_encoding: str | None, content_encoding: str | None,
              limit: int) -> bytes:
    """The body in ``stream`` (an HTTP message's, after its headers) with a chunked transfer
    encoding and a gzip or deflate content encoding undone, up to ``limit + 1`` bytes: more
    than ``limit`` means too large. Memory stays within the limit and a piece, whatever a
    chunk's size or the compression ratio.

    Like warcio (and browsers), a body labelled chunked that is not, or labelled compressed
    that is not (crawlers often store it decoded), is read as it is. Raises BadEncoding for
    compressed content that breaks off after a good start."""
    chunked = "chunked" in (transfer_encoding or "").lower()
    pieces = _dechunked(stream) if chunked else iter(lambda: stream.read(PIECE), b"")
    decode = _Decoder((content_encoding or "").strip().lower())
    body = bytearray()
    for piece in pieces:
        for data in decode(piece, limit + 1 - len(body)):
            body += data
            if len(body) > limit:
                return bytes(body)
    return bytes(body)


def _dechunked(stream: LineReader) -> Iterator[bytes]:
    """The data of a chunked body, a piece at a time. At a size line that does not parse, the
    rest is read as it stands (warcio's fallback for bodies stored already de-chunked)."""
    while True:
        line = stream.readline(64)
        try:
            size = int(line.split(b";")[0].strip(), 16) if line.endswith(b"\n") else -1
        except ValueError:
            size = -1
        if size < 0:
            yield line
            yield from iter(lambda: stream.read(PIECE), b"")
            return
        if size == 0:
            return
        while size > 0:
            data = stream.read(min(size, PIECE))
            if not data:
                return  # cut short: the record's own check reports it
            size -= len(data)
            yield data
        stream.readline(64)  # the CRLF after the chunk


class _Decoder:
    """A content decoding undone by bounded steps. Unknown encodings (br, zstd) are passed
    through, as warcio does; the page then fails as unreadable markup, not silently."""

    def __init__(self, encoding: str) -> None:
        self._wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS,
                       "deflate": zlib.MAX_WBITS}.get(encoding)
        self._inflate = zlib.decompressobj(self._wbits) if self._wbits else None
        self._started = False

    def __call__(self, data: bytes, room: int) -> Iterator[bytes]:
        if self._inflate is None:
            yield data
            return
        while data or not self._inflate.eof:
            try:
                out = self._inflate.decompress(data, max(room, 1))
            except zlib.error as error:
                if self._started:
                    raise BadEncoding(f"corrupt compressed content: {error}") from None
                yield from self._not_compressed(data, room)
                return
            self._started = True
            data = self._inflate.unused_data if self._inflate.eof else self._inflate.unconsumed_tail
            if self._inflate.eof:
                data = b""  # bytes after the end of the compressed data are not the page's
            if not out and not data:
                return
            room -= len(out)
            yield out

    def _not_compressed(self, data: bytes, room: int) -> Iterator[bytes]:
        if self._wbits == zlib.MAX_WBITS:  # "deflate" sent raw, without its zlib header
            self._wbits = -zlib.MAX_WBITS
            self._inflate = zlib.decompressobj(self._wbits)
        else:
            self._inflate = None
        yield from self(data, room)


def _gunzipper() -> zlib._Decompress:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)
