"""What a server may do, decided once when it starts: who may read, who may write, the limits.

The safe default, and why:

- **Reads** are open when the server is bound to a loopback address (only programs on this
  machine can reach it). Bound to any other address, reads need the token too, unless
  ``public_reads`` says the data is meant to be public; with neither a token nor
  ``public_reads``, the server refuses to start rather than expose the database by accident.
- **Writes** (``POST /api/articles``) need ``EVENTCODER_TOKEN``, sent as
  ``Authorization: Bearer TOKEN`` and compared in constant time. Without a token, writes are
  refused, unless ``allow_writes_without_token`` is given *and* the server is bound to a
  loopback address (a laptop demo); that flag on any other address is refused at start.
- On a loopback address, requests must name the server as ``localhost``, ``127.0.0.1`` or
  ``[::1]`` in their Host header, so a web page on another site cannot reach it through DNS
  rebinding; writes from a page of another origin are refused whatever the token.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import EventcoderError
from ..settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024  # a batch of a few hundred long articles
DEFAULT_MAX_BATCH = 100  # articles per POST: extraction runs while the client waits
DEFAULT_CACHE_MB = 64.0  # answers kept while the database is unchanged (see cache.py)
# Threads reading the database per server process. Few: reads are mostly Python (building and
# encoding records) under one GIL, and each thread that waits for SQLite or the disk must win
# the GIL back from all the others. Load test, 2 processes on 2 cores, p95: 1 thread 220 ms,
# 2 threads 103-116 ms, 4 threads 132-152 ms, 8 threads 136 ms (40, the old thread pool: 676 ms).
DEFAULT_READ_THREADS = 2
MIN_TOKEN_LENGTH = 16
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class ConfigError(EventcoderError):
    """The server's settings are unsafe or inconsistent (named and explained)."""


class Access(enum.Enum):
    """Who may use a kind of request."""

    OPEN = "open"  # anyone who can reach the server
    TOKEN = "token"  # requests carrying the token
    OFF = "off"  # nobody


def is_loopback(host: str) -> bool:
    """True when ``host`` (a name or address the server binds to) is reachable only from this machine."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything ``eventcoder serve`` decides at start. Build it with ``from_env`` to read
    ``EVENTCODER_TOKEN`` and ``EVENTCODER_TILES``; construction checks the combination is safe
    and raises ConfigError when it is not."""

    db: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = field(default=None, repr=False)
    allow_writes_without_token: bool = False
    public_reads: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_batch: int = DEFAULT_MAX_BATCH
    tiles: str | None = None  # a tile URL template, https://host/{z}/{x}/{y}.png, drawn under the outlines
    cache_mb: float = DEFAULT_CACHE_MB  # memory for kept answers; 0: every read is computed again
    read_threads: int = DEFAULT_READ_THREADS
    settings: Settings | None = None  # the extraction pipeline's (None: from the environment)

    def __post_init__(self) -> None:
        object.__setattr__(self, "db", Path(self.db))
        if self.token is not None and len(self.token) < MIN_TOKEN_LENGTH:
            raise ConfigError(
                f"EVENTCODER_TOKEN is {len(self.token)} characters; use at least {MIN_TOKEN_LENGTH} random ones, "
                f"e.g. from: python -c 'import secrets; print(secrets.token_urlsafe())'")
        if self.allow_writes_without_token and not self.loopback:
            raise ConfigError(
                f"--allow-writes-without-token is only allowed on a loopback address (127.0.0.1, ::1, localhost), "
                f"not {self.host}: anyone who reaches {self.host} could fill the database. Set EVENTCODER_TOKEN")
        if not self.loopback and self.token is None and not self.public_reads:
            raise ConfigError(
                f"{self.host} is reachable from other machines: set EVENTCODER_TOKEN (reads and writes then need "
                f"it), or pass --public-reads if everyone who reaches {self.host} may read the database")
        if self.max_body_bytes < 1 or self.max_batch < 1:
            raise ConfigError("the body size and batch limits must be at least 1")
        if not self.cache_mb >= 0 or self.read_threads < 1:
            raise ConfigError("the answer cache's size cannot be negative (0 turns it off) and at least one thread "
                              "must read")
        if self.tiles is not None:
            parts = urlsplit(self.tiles)
            if parts.scheme not in ("http", "https") or not re.fullmatch(r"[A-Za-z0-9.{}:-]+", parts.netloc) or any(
                    c.isspace() or c in "\"';<>" for c in self.tiles) or not all(
                    key in self.tiles for key in ("{z}", "{x}", "{y}")):
                raise ConfigError(f"EVENTCODER_TILES must be an http(s) URL template with {{z}}, {{x}} and {{y}}, "
                                  f"not {self.tiles!r}")

    @classmethod
    def from_env(cls, db: Path | str, **overrides: object) -> ServerConfig:
        """A config for ``db``: EVENTCODER_TOKEN, EVENTCODER_TILES and EVENTCODER_CACHE_MB from
        the environment (empty means unset), then ``overrides`` (None values are ignored)."""
        values: dict[str, object] = {"db": Path(db)}
        if token := os.environ.get("EVENTCODER_TOKEN", "").strip():
            values["token"] = token
        if tiles := os.environ.get("EVENTCODER_TILES", "").strip():
            values["tiles"] = tiles
        if cache_mb := os.environ.get("EVENTCODER_CACHE_MB", "").strip():
            try:
                values["cache_mb"] = float(cache_mb)
            except ValueError:
                raise ConfigError(f"EVENTCODER_CACHE_MB is megabytes of kept answers (0 turns the cache off), "
                                  f"not {cache_mb!r}") from None
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def reads(self) -> Access:
        if self.loopback or self.public_reads:
            return Access.OPEN
        return Access.TOKEN

    @property
    def writes(self) -> Access:
        if self.token is not None:
            return Access.TOKEN
        return Access.OPEN if self.allow_writes_without_token and self.loopback else Access.OFF

    @property
    def tiles_origin(self) -> str | None:
        """The scheme and host the tiles come from (for the Content-Security-Policy)."""
        if self.tiles is None:
            return None
        parts = urlsplit(self.tiles)
        labels = parts.netloc.split(".")
        templated = [i for i, label in enumerate(labels) if "{" in label]  # {s}: subdomains a, b, c
        host = "*." + ".".join(labels[templated[-1] + 1:]) if templated else parts.netloc
        return f"{parts.scheme}://{host}"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def describe(self) -> str:
        """One line for people: where, and who may read and write."""
        reads = "reads open" if self.reads is Access.OPEN else "reads need the token"
        writes = {Access.TOKEN: "writes need EVENTCODER_TOKEN", Access.OPEN: "writes open (no token; loopback only)",
                  Access.OFF: "writes off (set EVENTCODER_TOKEN to allow POST /api/articles)"}[self.writes]
        return f"{reads}, {writes}"
