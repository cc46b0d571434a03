"""The server as `eventcoder serve` runs it: posted articles are extracted in a worker process of
the app's own (not the server's), which reads keep answering beside, and which is replaced when
it dies, costing only the article it was on."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import NEW_ARTICLE, TOKEN
from fastapi.testclient import TestClient

from eventcoder.api import ServerConfig, create_app
from eventcoder.engines.pool import ProcessPool

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LONG = {"id": "api-long", "published": "2024-03-14",
        "text": "Police fired tear gas at protesters in Kisumu on Monday, witnesses said.\n\n" * 3000}


@pytest.fixture
def server(writable_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServerConfig(db=writable_db, token=TOKEN)), base_url="http://127.0.0.1:8000",
                    raise_server_exceptions=False) as client:
        yield client


def test_posted_articles_are_extracted_in_a_worker_process_that_a_kill_costs_one_article(
        server: TestClient) -> None:
    first = server.post("/api/articles", json=NEW_ARTICLE, headers=AUTH).json()
    assert first["stored"] == 1 and first["articles"][0]["events"][0]["event_type"] == "Riots"
    runner = server.app.state.service.writer.runner  # type: ignore[attr-defined]
    assert isinstance(runner, ProcessPool)
    [worker] = runner.worker_pids()
    assert worker != os.getpid()

    answers: dict[str, Any] = {}
    posting = threading.Thread(target=lambda: answers.update(
        server.post("/api/articles", json=LONG, headers=AUTH).json()))
    posting.start()
    time.sleep(1.0)  # the worker is extracting the long article (several seconds)
    assert posting.is_alive()
    assert server.get("/api/events", params={"limit": 5}).status_code == 200  # reads answer meanwhile
    assert posting.is_alive()
    os.kill(worker, signal.SIGKILL)
    posting.join(timeout=60)
    [lost] = answers["articles"]
    assert lost["status"] == "failed" and "killed by SIGKILL" in lost["reason"]

    again = server.post("/api/articles", json={**NEW_ARTICLE, "id": "api-guinea-2", "text": NEW_ARTICLE["text"]
                                               + " Shops were looted."}, headers=AUTH).json()
    assert again["articles"][0]["status"] == "stored"
    assert runner.worker_pids() != [worker]
