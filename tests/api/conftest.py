"""Fixtures of the API tests: a real store file, filled once per session by the real pipeline
from a few short articles written for these tests, and clients of the real app over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import ARTICLES, TOKEN
from fastapi.testclient import TestClient

from eventcoder.api import ServerConfig, create_app
from eventcoder.pipeline import Pipeline
from eventcoder.readers import article_from_record
from eventcoder.store import Store, ingest


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    path = tmp_path_factory.mktemp("api") / "events.db"
    articles = [article_from_record(record, source=record["id"]) for record in ARTICLES]
    with Store.open(path) as store:
        summary = ingest(store, articles, pipeline)
    assert summary.articles_new == len(ARTICLES) and not summary.articles_failed
    return path


@pytest.fixture(scope="session")
def make_client(pipeline: Pipeline) -> Iterator[Callable[..., TestClient]]:
    """A client of a new app: make_client(db, host=..., token=..., ...) takes ServerConfig's fields."""
    clients: list[TestClient] = []

    def make(db: Path, **config: Any) -> TestClient:
        host = config.get("host", "127.0.0.1")
        client = TestClient(create_app(ServerConfig(db=db, **config), pipeline_factory=lambda: pipeline),
                            base_url=f"http://{host}:8000", raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def client(api_db: Path, make_client: Callable[..., TestClient]) -> TestClient:
    """A read-only view of the session database, as `eventcoder serve` runs by default (with a token)."""
    return make_client(api_db, token=TOKEN)


@pytest.fixture
def writable_db(api_db: Path, tmp_path: Path) -> Path:
    """A copy of the session database that a test may write to."""
    path = tmp_path / "events.db"
    shutil.copyfile(api_db, path)
    return path


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
