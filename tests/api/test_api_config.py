"""Who may read and write, decided at start: the safe defaults and the refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.api import Access, ConfigError, ServerConfig
from eventcoder.api.config import is_loopback
from eventcoder.api.guard import content_security_policy

DB = Path("events.db")
TOKEN = "a-token-long-enough-1234"


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("example.org", False)])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_default_reads_open_writes_off() -> None:
    config = ServerConfig(db=DB)
    assert (config.reads, config.writes) == (Access.OPEN, Access.OFF)
    assert config.url == "http://127.0.0.1:8000/"


def test_token_enables_writes() -> None:
    config = ServerConfig(db=DB, token=TOKEN)
    assert (config.reads, config.writes) == (Access.OPEN, Access.TOKEN)
    assert TOKEN not in repr(config)


def test_writes_without_token_only_on_loopback() -> None:
    assert ServerConfig(db=DB, allow_writes_without_token=True).writes is Access.OPEN
    with pytest.raises(ConfigError, match="only allowed on a loopback address"):
        ServerConfig(db=DB, host="0.0.0.0", allow_writes_without_token=True, public_reads=True)


def test_other_addresses_need_a_token_or_public_reads() -> None:
    with pytest.raises(ConfigError, match="reachable from other machines"):
        ServerConfig(db=DB, host="0.0.0.0")
    assert ServerConfig(db=DB, host="0.0.0.0", token=TOKEN).reads is Access.TOKEN
    public = ServerConfig(db=DB, host="0.0.0.0", public_reads=True)
    assert (public.reads, public.writes) == (Access.OPEN, Access.OFF)


def test_short_token_refused() -> None:
    with pytest.raises(ConfigError, match="at least 16"):
        ServerConfig(db=DB, token="secret")


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTCODER_TOKEN", TOKEN)
    monkeypatch.setenv("EVENTCODER_TILES", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    config = ServerConfig.from_env("x.db", port=9000, host=None)
    assert (config.token, config.port, config.host, config.db) == (TOKEN, 9000, "127.0.0.1", Path("x.db"))
    assert config.tiles_origin == "https://*.tiles.example.org"
    monkeypatch.setenv("EVENTCODER_TOKEN", "")
    assert ServerConfig.from_env("x.db").token is None


def test_the_answer_cache_size_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ServerConfig.from_env("x.db").cache_mb == 64
    monkeypatch.setenv("EVENTCODER_CACHE_MB", "0")
    assert ServerConfig.from_env("x.db").cache_mb == 0
    monkeypatch.setenv("EVENTCODER_CACHE_MB", "lots")
    with pytest.raises(ConfigError, match="EVENTCODER_CACHE_MB"):
        ServerConfig.from_env("x.db")
    with pytest.raises(ConfigError, match="cannot be negative"):
        ServerConfig(db=DB, cache_mb=-1)


@pytest.mark.parametrize("tiles", [
    "ftp://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}.png",
    "https://tiles.example.org; script-src *;/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}/{y}.png'"])
def test_bad_tile_templates_refused(tiles: str) -> None:
    with pytest.raises(ConfigError, match="EVENTCODER_TILES"):
        ServerConfig(db=DB, tiles=tiles)


def test_csp_allows_only_this_origin_and_the_tiles() -> None:
    plain = content_security_policy(ServerConfig(db=DB))
    assert "script-src 'self';" in plain and "unsafe-inline" not in plain and "unsafe-eval" not in plain
    tiled = content_security_policy(ServerConfig(db=DB, tiles="https://tiles.example.org:8443/{z}/{x}/{y}.png"))
    assert "img-src 'self' data: https://tiles.example.org:8443;" in tiled


def test_worker_processes_rebuild_the_same_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`eventcoder serve --workers N`: each process builds its app from the environment, and the
    token travels in EVENTCODER_TOKEN only."""
    from eventcoder.api.app import app_from_environment, environment_for_workers

    config = ServerConfig(db=tmp_path / "x.db", port=9001, token=TOKEN, max_batch=7,
                          tiles="https://tiles.example.org/{z}/{x}/{y}.png", cache_mb=0, read_threads=2)
    environment = environment_for_workers(config)
    assert TOKEN not in str(environment)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("EVENTCODER_TOKEN", TOKEN)
    rebuilt = app_from_environment().state.service.config
    assert (rebuilt.db, rebuilt.port, rebuilt.token, rebuilt.max_batch, rebuilt.tiles, rebuilt.writes) == (
        (tmp_path / "x.db").resolve(), 9001, TOKEN, 7, config.tiles, Access.TOKEN)
    assert (rebuilt.cache_mb, rebuilt.read_threads) == (0, 2)
