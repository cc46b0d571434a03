"""Fixtures of the browser tests: the example articles (and one planted hostile article) in a
database, a real `eventcoder serve` on a free loopback port, and Debian's Chromium driven by
Playwright for Python. Skipped, with the reason, where Chromium is not installed (`.ci/run`
installs it)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from eventcoder.models import Article
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs
from eventcoder.store import Store, ingest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("EVENTCODER_CHROMIUM", "/usr/bin/chromium")
# As the machine's notes say: without the background-networking flags Chromium tries to reach
# Google's hosts at every start, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

# A story whose text, title, outlet and URL each try to run script in the dashboard.
PLANTED = Article(
    id="planted-xss",
    title='<img src=x onerror="window.__pwned = 4">Riot in Bamako',
    published=dt.date(2022, 3, 15),
    url="javascript:window.__pwned=5",
    source="<b onmouseover=\"window.__pwned = 6\">Evil</b> Outlet",
    text="Rioters burned tyres and stoned police in Bamako, Mali, on Monday, injuring 11 officers. "
         "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
         "<a href=\"javascript:window.__pwned=3\">read more</a>",
)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    path = tmp_path_factory.mktemp("browser") / "examples.db"
    here = os.getcwd()
    os.chdir(ROOT)  # article ids as `make demo` gives them: examples/NAME.txt
    try:
        items = [*read_inputs(["examples"]), PLANTED]
    finally:
        os.chdir(here)
    with Store.open(path) as store:
        summary = ingest(store, items, pipeline)
    assert summary.articles_new == 8 and not summary.articles_failed
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server(example_db: Path) -> Iterator[str]:
    """`eventcoder serve` on the example database, as a user starts it; its address."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("EVENTCODER_TOKEN", "EVENTCODER_TILES")}
    log = example_db.with_suffix(".serve.log")
    with log.open("wb") as stderr:  # a file, not a pipe nobody reads (a full pipe would stall the server)
        process = subprocess.Popen([sys.executable, "-m", "eventcoder", "serve", "--db", str(example_db), "--port",
                                    str(port)], env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"eventcoder serve stopped: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/api/meta", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("eventcoder serve did not answer within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page on the dashboard's origin that records script errors, CSP violations and any
    request that would leave this machine (all must stay empty)."""
    context = browser.new_context(viewport={"width": 1400, "height": 860}, base_url=server)
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith((server, "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    context.add_init_script("""
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
    """)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    violations = page.evaluate("window.__violations")
    context.close()
    assert errors == [], errors
    assert violations == [], violations
    assert outside == [], f"requests that left the machine: {outside}"


@pytest.fixture
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=10) as client:
        yield client
