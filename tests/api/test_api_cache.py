"""Kept and shared answers: identical requests in flight are computed once, a failure reaches
everyone who waited for it, and with the cache off every request computes its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventcoder.api.cache import AnswerCache, Stamp

STAMP: Stamp = ((1, 1, 1), (-1, 0, 0))


def test_identical_requests_in_flight_are_computed_once(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "x.db")
    calls: list[str] = []

    async def scenario() -> list[tuple[str, bool]]:
        release = asyncio.Event()

        async def compute(name: str) -> str:
            calls.append(name)
            await release.wait()
            return f"answer to {name}"

        waiting = [asyncio.ensure_future(cache.once(key, stamp, lambda key=key: compute(key)))
                   for key, stamp in (("a", STAMP), ("a", STAMP), ("b", STAMP), ("a", ((2, 2, 2), (-1, 0, 0))))]
        await asyncio.sleep(0)
        release.set()
        return list(await asyncio.gather(*waiting))

    answers = asyncio.run(scenario())
    assert answers == [("answer to a", False), ("answer to a", True), ("answer to b", False), ("answer to a", False)]
    assert calls == ["a", "b", "a"]  # the same request after a commit (another stamp) is computed again
    assert cache.shared == 1


def test_a_failure_reaches_every_request_that_waited(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "x.db")

    async def scenario() -> list[object]:
        async def fail() -> str:
            await asyncio.sleep(0)
            raise LookupError("no such event")

        return list(await asyncio.gather(cache.once("a", STAMP, fail), cache.once("a", STAMP, fail),
                                         return_exceptions=True))

    assert [str(outcome) for outcome in asyncio.run(scenario())] == ["no such event"] * 2


def test_with_the_cache_off_nothing_is_kept_or_shared(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "x.db", max_bytes=0)
    cache.put("a", b"answer", 6, STAMP)
    assert cache.get("a", STAMP) is None

    async def twice() -> list[tuple[int, bool]]:
        counter = iter(range(10))

        async def compute() -> int:
            await asyncio.sleep(0)
            return next(counter)

        return list(await asyncio.gather(cache.once("a", STAMP, compute), cache.once("a", STAMP, compute)))

    assert asyncio.run(twice()) == [(0, False), (1, False)]


@pytest.mark.parametrize("path", ["/api/stats", "/api/events?country=Kenya&limit=5", "/api/events/nothing"])
def test_the_server_answers_the_same_with_the_cache_off(api_db: Path, make_client: Callable[..., TestClient],
                                                       client: TestClient, path: str) -> None:
    uncached = make_client(api_db, cache_mb=0)
    first, again = uncached.get(path), uncached.get(path)
    assert (first.headers.get("x-eventcoder-cache"), again.headers.get("x-eventcoder-cache")) in {
        ("miss", "miss"), (None, None)}  # None: an error (404), never kept
    assert first.status_code == again.status_code == client.get(path).status_code
    assert first.json() == again.json() == client.get(path).json()
