"""Reads while the server writes: GET /api/events latency before and during a long POST.

    python benchmarks/bench_serve_writes.py [--chars 90000]

Starts `eventcoder serve` on a free loopback port over a new database holding the example
articles, reads pages of events for a few seconds, then posts one long article (news text we
own, repeated) and reads the same pages until the POST returns. Posted articles are extracted
in the server's worker process, so reads should not slow while it works.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-serve-writes-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_for(client: httpx.Client, until: threading.Event | float) -> list[float]:
    """Milliseconds per GET, until the event is set or the time (monotonic) has come."""
    times = []
    while not (until.is_set() if isinstance(until, threading.Event) else time.monotonic() > until):
        started = time.perf_counter()
        # a new query each time, so that every read is computed, none kept from before
        query = {"limit": 20, "offset": len(times) % 7, "min_fatalities": len(times)}
        client.get("/api/events", params=query).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return (f"{len(times)} reads, median {statistics.median(ordered):.1f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms, max {ordered[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=90_000)
    args = parser.parse_args()
    news = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt")))
    text = (news * (args.chars // len(news) + 1))[: args.chars]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "events.db"
        eventcoder = [sys.executable, "-m", "eventcoder"]
        subprocess.run([*eventcoder, "ingest", str(ROOT / "examples"), "--db", str(db)], check=True,
                       capture_output=True)
        port = free_port()
        server = subprocess.Popen([*eventcoder, "serve", "--db", str(db), "--port", str(port)],
                                  env={**os.environ, "EVENTCODER_TOKEN": TOKEN}, stderr=subprocess.DEVNULL)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                for _ in range(100):
                    try:
                        client.get("/api/meta").raise_for_status()
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                auth = {"Authorization": f"Bearer {TOKEN}"}
                warm = client.post("/api/articles", headers=auth, json={"id": "warm", "text": news[:1500]})
                warm.raise_for_status()  # the worker process has loaded the pipeline
                quiet = read_for(client, time.monotonic() + 3)
                done = threading.Event()
                answer: dict[str, object] = {}

                def post() -> None:
                    started = time.perf_counter()
                    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as writer:
                        response = writer.post("/api/articles", headers=auth,
                                               json={"id": "long", "published": "2024-03-14", "text": text})
                    [posted] = response.json()["articles"]
                    answer.update(seconds=time.perf_counter() - started, status=posted["status"])
                    done.set()

                threading.Thread(target=post).start()
                busy = read_for(client, done)
        finally:
            server.terminate()
            server.wait()
    print(f"reads, quiet:        {summary(quiet)}")
    print(f"reads, while a {args.chars:,}-character article is extracted ({answer['seconds']:.1f} s, "
          f"{answer['status']}): {summary(busy)}")


if __name__ == "__main__":
    main()
