"""The API against its own description (/openapi.json), by schemathesis: every operation, the
POST with the token, is sent generated requests that fit the description and requests that do
not, over HTTP to a real server (uvicorn on a free loopback port) in front of the real app, the
session's pipeline and a copy of the session database. Every answer must be no server error, of
a documented status and media type, and fit the documented schema; a request the description
forbids must be refused.

Not asserted: that every request the description allows is accepted (schemathesis's
positive_data_acceptance). A description cannot say that ``since`` comes before ``until``, that
a box's south is below its north, or that an HTML page holds article text; the server refuses
those with a 422 that says why."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import uvicorn
from api_helpers import TOKEN

from eventcoder.api import ServerConfig, create_app
from eventcoder.pipeline import Pipeline

QUICK_EXAMPLES = 30  # per operation and phase: the run takes a few seconds
THOROUGH_EXAMPLES = 1000


@pytest.fixture(scope="module")
def server(api_db: Path, pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server over a copy of the session database (the POSTs store what they can)."""
    db = tmp_path_factory.mktemp("schema") / "events.db"
    shutil.copyfile(api_db, db)
    app = create_app(ServerConfig(db=db, token=TOKEN), pipeline_factory=lambda: pipeline)
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=30)
    listening.close()


def load(url: str, *, examples: int, deterministic: bool) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_dict({
        "headers": {"Authorization": f"Bearer {TOKEN}"},
        "generation": {"max-examples": examples, "deterministic": deterministic,
                       "database": "none"},  # no .hypothesis folder in the working tree
        "checks": {"positive_data_acceptance": {"enabled": False}},
    })
    return schemathesis.openapi.from_url(f"{url}/openapi.json", config=config)


@pytest.fixture(scope="module")
def quick_schema(server: str) -> schemathesis.BaseSchema:
    return load(server, examples=QUICK_EXAMPLES, deterministic=True)


@pytest.fixture(scope="module")
def thorough_schema(server: str) -> schemathesis.BaseSchema:
    return load(server, examples=THOROUGH_EXAMPLES, deterministic=False)


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    # schemathesis 4.32's from_fixture names each operation's report through Node._nodeid,
    # which pytest 9.2 no longer has (Node._id): without it every such test fails at once.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


quick = schemathesis.pytest.from_fixture("quick_schema")
thorough = schemathesis.pytest.from_fixture("thorough_schema")


def test_the_description_covers_every_operation(quick_schema: schemathesis.BaseSchema) -> None:
    operations = {(result.ok().method.upper(), result.ok().path) for result in quick_schema.get_all_operations()}
    assert operations == {("GET", "/api/events"), ("GET", "/api/events/{event_id}"), ("GET", "/api/stats"),
                          ("GET", "/api/meta"), ("POST", "/api/articles")}


@quick.parametrize()
def test_the_api_keeps_to_its_description(case: Any) -> None:
    case.call_and_validate()


@pytest.mark.slow
@thorough.parametrize()
def test_the_api_keeps_to_its_description_at_length(case: Any) -> None:
    case.call_and_validate()
