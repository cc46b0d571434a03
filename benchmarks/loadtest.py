"""Load test of `eventcoder serve`: a store of 100k events, 50 concurrent clients reading
filtered pages for 30 s, on loopback only. Target: p95 < 200 ms, no errors.

    python benchmarks/loadtest.py [--events 100000] [--clients 50] [--seconds 30] [--no-cache] [--json]

The store is synthesised through the Store API (``add_outcome``, the ingest's own write path,
merging included) from generated articles and events, not by running the extractor 100k times,
and kept in out/ so the next run starts at once. The server runs in its own process, as
``eventcoder serve`` on a free 127.0.0.1 port; the clients are asyncio + httpx in this one, each
sending its next request as soon as the last one is answered (no think time). The mix is what the
dashboard and API users ask: a page of 50 events filtered by country, dates, event type, actor,
bounding box or fatalities, with an offset into the result now and then, and the stats.

The server keeps answers while the database is unchanged; the share of answers served from
it is reported, and ``--no-cache`` starts the server with EVENTCODER_CACHE_MB=0, so that every
request is computed by the store (the figure for a dashboard whose users all ask different
questions, or for a database being written to).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from eventcoder.models import Outcome

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out"
BUILD_VERSION = 2  # bump when the synthetic data changes, so an old store is rebuilt
WARMUP_SECONDS = 3.0
WRK_PATHS = 160_000  # a half for each run, 40k requests a thread: wrk itself never sends a path twice

# (country, ISO3, latitude, longitude of a box centre, half-size in degrees)
COUNTRIES = [
    ("Nigeria", "NGA", 9.0, 8.0, 4), ("Sudan", "SDN", 14.0, 30.0, 5), ("Mali", "MLI", 16.0, -2.0, 4),
    ("Kenya", "KEN", 0.5, 37.5, 3), ("Somalia", "SOM", 5.0, 46.0, 4), ("Ethiopia", "ETH", 9.0, 39.5, 4),
    ("Democratic Republic of Congo", "COD", -2.0, 24.0, 6), ("Burkina Faso", "BFA", 12.3, -1.5, 2.5),
    ("Niger", "NER", 15.0, 8.0, 4), ("Cameroon", "CMR", 6.0, 12.5, 3), ("Mozambique", "MOZ", -15.0, 37.0, 4),
    ("South Sudan", "SSD", 7.5, 30.0, 3), ("Chad", "TCD", 13.0, 18.5, 4), ("Libya", "LBY", 28.0, 17.0, 5),
    ("Yemen", "YEM", 15.5, 47.5, 2.5), ("Syria", "SYR", 35.0, 38.5, 2), ("Iraq", "IRQ", 33.0, 43.5, 3),
    ("Afghanistan", "AFG", 34.0, 66.0, 4), ("Pakistan", "PAK", 30.0, 70.0, 5), ("Myanmar", "MMR", 20.0, 96.0, 4),
    ("Philippines", "PHL", 12.0, 122.5, 4), ("India", "IND", 22.0, 79.0, 7), ("Mexico", "MEX", 23.0, -102.0, 6),
    ("Colombia", "COL", 4.5, -73.5, 4), ("Venezuela", "VEN", 7.5, -66.0, 4), ("Brazil", "BRA", -12.0, -50.0, 9),
    ("Haiti", "HTI", 19.0, -72.5, 0.7), ("Ukraine", "UKR", 49.0, 32.0, 5), ("Bangladesh", "BGD", 23.7, 90.3, 2),
    ("Indonesia", "IDN", -3.0, 118.0, 8),
]
ACTORS = ["Military Forces of {c}", "Police Forces of {c}", "Protesters ({c})", "Rioters ({c})", "Civilians ({c})",
          "Unidentified Armed Group ({c})", "Communal Militia ({c})", "Islamic State", "Al Shabaab", "Wagner Group"]
UNIDENTIFIED, NAMED_GROUPS = 5, (6, 7, 8, 9)  # an armed group is named now and then: rare actors
TYPES = [  # (event type, sub-event type, weight, actor indexes)
    ("Battles", "Armed clash", 20, (0, 5)), ("Protests", "Peaceful protest", 25, (2, None)),
    ("Protests", "Protest with intervention", 6, (2, 1)), ("Riots", "Violent demonstration", 10, (3, 1)),
    ("Riots", "Mob violence", 4, (3, 4)), ("Explosions/Remote violence", "Air/drone strike", 8, (0, 4)),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6, (5, 0)),
    ("Violence against civilians", "Attack", 14, (5, 4)), ("Violence against civilians", "Abduction/forced "
                                                                                            "disappearance", 4, (5, 4)),
    ("Strategic developments", "Arrests", 3, (1, 2)),
]
EVENTS_PER_ARTICLE = 4
FIRST_DAY = dt.date(2021, 1, 1).toordinal()
DAYS = 4 * 365


def synthetic_outcomes(n_events: int, seed: int = 7) -> Iterator[Outcome]:
    """Articles of EVENTS_PER_ARTICLE events each: countries, dates, types, places and
    fatalities drawn at random (a fixed seed), each event at its own named site."""
    from eventcoder.models import Article, Event, Evidence, Outcome, stable_id

    rng = random.Random(seed)
    weights = [kind[2] for kind in TYPES]
    site = 0
    for number in range(0, n_events, EVENTS_PER_ARTICLE):
        country, iso3, lat0, lon0, half = COUNTRIES[rng.randrange(len(COUNTRIES))]
        published = dt.date.fromordinal(FIRST_DAY + rng.randrange(DAYS))
        text = (f"Synthetic report {number} from {country}, published {published}. "
                + " ".join(f"Incident {k}: a report of violence at Site {site + k}."
                           for k in range(EVENTS_PER_ARTICLE)))
        article = Article(id=f"load-{number:07d}", text=text, title=f"Synthetic report {number}", published=published,
                          source=f"Load Wire {number % 17}")
        events = []
        for k in range(min(EVENTS_PER_ARTICLE, n_events - number)):
            event_type, sub_type, _, (a1, a2) = rng.choices(TYPES, weights)[0]
            if rng.random() < 0.08:
                named = rng.choice(NAMED_GROUPS)
                a1, a2 = (named if a1 == UNIDENTIFIED else a1), (named if a2 == UNIDENTIFIED else a2)
            associated = ACTORS[6].format(c=country) if rng.random() < 0.03 else None
            day = dt.date.fromordinal(published.toordinal() - rng.randrange(4))
            fatalities = 0 if rng.random() < 0.55 else min(500, int(rng.paretovariate(1.3)))
            where = text.index(f"Site {site + k}")
            events.append(Event(
                event_id=stable_id(article.id, k), article_id=article.id, event_date=day, time_precision=1,
                event_type=event_type, sub_event_type=sub_type, actor1=ACTORS[a1].format(c=country),
                actor2=ACTORS[a2].format(c=country) if a2 is not None else None, assoc_actor_1=associated,
                inter1=1, inter2=7 if a2 else 0,
                country=country, iso3=iso3, admin1=f"Region {rng.randrange(12)}", location=f"Site {site + k}",
                latitude=round(lat0 + rng.uniform(-half, half), 4), longitude=round(lon0 + rng.uniform(-half, half), 4),
                geo_precision=1, fatalities=fatalities, injuries=rng.choice([None, 0, 2, 5, 14]),
                arrests=None, confidence=round(rng.uniform(0.5, 0.95), 2),
                evidence=(Evidence("location", f"Site {site + k}", where, where + len(f"Site {site + k}")),
                          Evidence("event_type", "violence", where - 12, where - 4))))
        site += EVENTS_PER_ARTICLE
        yield Outcome(article, tuple(events))


def schema_of_new_store() -> str:
    """A fingerprint of the schema this eventcoder creates: a kept store made by another schema
    is built again."""
    import hashlib
    import sqlite3
    import tempfile

    from eventcoder.store import Store

    with tempfile.TemporaryDirectory() as folder:
        Store.open(Path(folder) / "empty.db").close()
        connection = sqlite3.connect(Path(folder) / "empty.db")
        sql = sorted(row[0] for row in connection.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
        connection.close()
    return hashlib.sha256("\n".join(sql).encode()).hexdigest()[:16]


def build_store(path: Path, n_events: int) -> tuple[int, float]:
    """The store at ``path`` with ``n_events`` synthetic events (reused when already built with
    the same data and schema); (events in it, seconds spent building)."""
    from eventcoder.store import Store

    stamp = path.with_suffix(".json")
    wanted = {"version": BUILD_VERSION, "events": n_events, "schema": schema_of_new_store()}
    if path.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        with Store.open(path, readonly=True) as store:
            return store.count(), 0.0
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), stamp):
        leftover.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcomes = synthetic_outcomes(n_events)
    with Store.open(path) as store:
        done = False
        while not done:
            with store.transaction():
                for _ in range(500):
                    outcome = next(outcomes, None)
                    if outcome is None:
                        done = True
                        break
                    store.add_outcome(outcome)
            if sys.stderr.isatty():
                print(f"\r  building the store: {store.count():,} events", end="", file=sys.stderr, flush=True)
        events = store.count()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    stamp.write_text(json.dumps(wanted))
    return events, time.perf_counter() - started


def queries(rng: random.Random) -> Callable[[], tuple[str, dict[str, Any]]]:
    """A generator of (kind, query parameters) for /api/events and /api/stats."""
    def pick() -> tuple[str, dict[str, Any]]:
        country, iso3, lat, lon, half = rng.choice(COUNTRIES)
        start = dt.date.fromordinal(FIRST_DAY + rng.randrange(DAYS - 90))
        roll = rng.random()
        if roll < 0.20:
            return "country", {"country": rng.choice([country, iso3])}
        if roll < 0.35:
            return "country+dates", {"country": iso3, "since": start.isoformat(),
                                     "until": (start + dt.timedelta(days=90)).isoformat()}
        if roll < 0.50:
            return "type+offset", {"type": rng.choice(TYPES)[rng.choice((0, 1))], "offset": rng.randrange(0, 500, 50)}
        if roll < 0.60:
            return "actor", {"actor": rng.choice(["police", "Islamic State", "militia", f"Protesters ({country})"])}
        if roll < 0.72:  # a map view somewhere over the country: no two quite the same
            x, y = round(lon + rng.uniform(-half, half) / 2, 3), round(lat + rng.uniform(-half, half) / 2, 3)
            return "bbox", {"bbox": f"{x - half / 2},{y - half / 2},{x + half / 2},{y + half / 2}"}
        if roll < 0.82:
            return "min_fatalities", {"min_fatalities": rng.choice([5, 10, 50]), "since": start.isoformat()}
        if roll < 0.90:
            return "all+offset", {"offset": rng.randrange(0, 2000, 50)}
        return "stats", {"country": iso3} if rng.random() < 0.7 else {}
    return pick


async def run_clients(base: str, clients: int, seconds: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors: Counter[str] = Counter()
    kept = Counter[str]()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as http:
        measuring_from = time.perf_counter() + WARMUP_SECONDS
        stop = measuring_from + seconds

        async def client(number: int) -> None:
            pick = queries(random.Random(number))
            while (now := time.perf_counter()) < stop:
                kind, params = pick()
                path = "/api/stats" if kind == "stats" else "/api/events"
                if kind != "stats":
                    params = {**params, "limit": 50}
                started = time.perf_counter()
                try:
                    response = await http.get(path, params=params)
                    ok = response.status_code == 200
                    if not ok:
                        errors[f"HTTP {response.status_code}"] += 1
                except httpx.HTTPError as error:
                    ok = False
                    errors[f"{type(error).__name__}: {error!r}"[:120]] += 1
                elapsed = time.perf_counter() - started
                if started >= measuring_from and ok:
                    latencies.append(elapsed)
                    by_kind.setdefault(kind, []).append(elapsed)
                    kept[response.headers.get("x-eventcoder-cache", "none")] += 1
                del now

        await asyncio.gather(*(client(n) for n in range(clients)))

    def pct(values: list[float], p: float) -> float:
        return statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1] * 1000 if len(values) > 1 \
            else (values[0] * 1000 if values else float("nan"))

    return {
        "requests": len(latencies) + sum(errors.values()), "errors": sum(errors.values()), "error_kinds": dict(errors),
        "requests_per_second": len(latencies) / seconds,
        "p50_ms": pct(latencies, 50), "p95_ms": pct(latencies, 95), "p99_ms": pct(latencies, 99),
        "max_ms": max(latencies) * 1000 if latencies else float("nan"),
        "kept_answers": round(kept["hit"] / max(1, sum(kept.values())), 3),
        "shared_answers": round(kept["shared"] / max(1, sum(kept.values())), 3),
        "p95_ms_by_kind": {kind: round(pct(values, 95), 1) for kind, values in sorted(by_kind.items())},
    }


WRK_SCRIPT = """
-- Generated by benchmarks/loadtest.py: the same query mix as its Python clients. Each thread
-- sends its own stretch of the paths in order (a query repeats only as often as the mix
-- repeats it), the warm-up (argument 0) and the measured run (1) different halves.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads - 1)
end
function init(args)
  errors, hits, shared, answered = 0, 0, 0, 0
  local half = math.floor(#paths / 2)
  local stretch = math.floor(half / count_threads)
  next_path = (tonumber(args[1]) or 0) * half + id * stretch
end
function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then errors = errors + 1 end
  if headers["x-eventcoder-cache"] == "hit" then hits = hits + 1 end
  if headers["x-eventcoder-cache"] == "shared" then shared = shared + 1 end
end
function done(summary, latency, requests)
  local e, h, sh, n = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    e = e + t:get("errors"); h = h + t:get("hits"); sh = sh + t:get("shared"); n = n + t:get("answered")
  end
  local s = summary.errors
  io.write(string.format('WRK {"requests": %d, "seconds": %f, "errors": %d, "socket_errors": %d, "hits": %d, '
    .. '"shared": %d, "answered": %d, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, "max_ms": %f}\\n', summary.requests,
    summary.duration / 1e6, e, s.connect + s.read + s.write + s.timeout, h, sh, n, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def run_wrk(base: str, clients: int, seconds: float, workdir: Path) -> dict[str, Any]:
    """The same mix through wrk (C; its clients cost the machine far less CPU than httpx's):
    a warm-up, then the measured run; wrk's own percentiles."""
    pick = queries(random.Random(11))
    paths = []
    for _ in range(WRK_PATHS):
        kind, params = pick()
        path = "/api/stats" if kind == "stats" else "/api/events"
        paths.append(f"{path}?{urlencode(params if kind == 'stats' else {**params, 'limit': 50})}")
    script = workdir / "loadtest-wrk.lua"
    threads = min(2, clients)
    script.write_text(f"count_threads = {threads}\npaths = {{" + ",".join(json.dumps(p) for p in paths) + "}\n"
                      + WRK_SCRIPT)

    def wrk(duration: float, phase: int) -> dict[str, Any]:
        done = subprocess.run(["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration:.0f}s", "--timeout",
                               "30s", "-s", str(script), base, "--", str(phase)],
                              capture_output=True, text=True, timeout=duration + 60)
        line = next((text for text in done.stdout.splitlines() if text.startswith("WRK ")), None)
        if line is None:
            raise SystemExit(f"wrk failed: {done.stdout}{done.stderr}")
        result: dict[str, Any] = json.loads(line[4:])
        return result

    wrk(WARMUP_SECONDS, 0)
    result = wrk(seconds, 1)
    errors = result["errors"] + result["socket_errors"]
    return {"requests": result["requests"], "errors": errors,
            "error_kinds": {"HTTP non-200": result["errors"], "socket": result["socket_errors"]} if errors else {},
            "requests_per_second": result["requests"] / result["seconds"], "p50_ms": result["p50_ms"],
            "p95_ms": result["p95_ms"], "p99_ms": result["p99_ms"], "max_ms": result["max_ms"],
            "kept_answers": round(result["hits"] / max(1, result["answered"]), 3),
            "shared_answers": round(result["shared"] / max(1, result["answered"]), 3), "p95_ms_by_kind": {}}


def cpu_seconds(pid: int) -> float:
    """User and system CPU time used by a process and its children, the server's workers
    (Linux /proc; 0 elsewhere)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # the process, or one whose parent it is
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(db: Path, port: int, log: Path, workers: int = 1, *, cache: bool = True) -> subprocess.Popen[bytes]:
    import httpx

    env = {k: v for k, v in os.environ.items() if k not in ("EVENTCODER_TOKEN", "EVENTCODER_CACHE_MB")}
    if not cache:
        env["EVENTCODER_CACHE_MB"] = "0"
    with log.open("wb") as stderr:  # a file, not a pipe nobody reads (a full pipe would stall the server)
        process = subprocess.Popen([sys.executable, "-m", "eventcoder", "serve", "--db", str(db), "--host",
                                    "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"eventcoder serve stopped: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("eventcoder serve did not answer within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", type=Path, default=None, help="store to build or reuse (default: out/loadtest-N.db)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--client", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx",
                        help="load generator: Debian's wrk (default when installed) or asyncio+httpx in this process")
    parser.add_argument("--server-workers", type=int, default=2, metavar="N",
                        help="processes of `eventcoder serve --workers` (default %(default)s: one per core)")
    parser.add_argument("--no-cache", action="store_true",
                        help="serve with the answer cache off (EVENTCODER_CACHE_MB=0): every request reads the store")
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 1 <= args.seconds <= 300):
        parser.error("--clients is 1..500 and --seconds 1..300: the test is bounded")
    db = args.db or OUT / f"loadtest-{args.events}.db"
    events, build_seconds = build_store(db, args.events)
    port = free_port()
    log = db.with_suffix(".serve.log")
    process = serve(db, port, log, args.server_workers, cache=not args.no_cache)
    try:
        server_cpu, client_cpu = cpu_seconds(process.pid), time.process_time()
        base = f"http://127.0.0.1:{port}"
        if args.client == "wrk":
            figures = run_wrk(base, args.clients, args.seconds, db.parent)
        else:
            figures = asyncio.run(run_clients(base, args.clients, args.seconds))
        server_cpu, client_cpu = cpu_seconds(process.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    figures = {"events": events, "clients": args.clients, "seconds": args.seconds, "client": args.client,
               "cache": not args.no_cache,
               "store_build_seconds": round(build_seconds, 1), **figures,
               "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, figures["requests"]), 2),
               "client_cpu_ms_per_request": round(1000 * client_cpu / max(1, figures["requests"]), 2),
               "load_average": os.getloadavg()[0]}
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(f"store: {events:,} events ({db}{f', built in {build_seconds:.0f} s' if build_seconds else ', reused'})")
        print(f"{args.clients} {args.client} clients for {args.seconds:.0f} s "
              f"(after {WARMUP_SECONDS:.0f} s of warm-up): "
              f"{figures['requests']:,} requests, {figures['requests_per_second']:.0f}/s, {figures['errors']} errors "
              f"{figures['error_kinds'] or ''}")
        print(f"latency ms: p50 {figures['p50_ms']:.1f}  p95 {figures['p95_ms']:.1f}  p99 {figures['p99_ms']:.1f}  "
              f"max {figures['max_ms']:.1f}")
        cache = ("off (--no-cache)" if args.no_cache else
                 f"{figures['kept_answers']:.0%} of answers kept, {figures['shared_answers']:.0%} shared with an "
                 f"identical request in flight")
        print(f"server cache: {cache}; CPU per request: server "
              f"{figures['server_cpu_ms_per_request']} ms, clients {figures['client_cpu_ms_per_request']} ms; "
              f"load average {figures['load_average']:.1f} on {os.cpu_count()} cores")
        if figures["p95_ms_by_kind"]:
            print("p95 by query: " + ", ".join(f"{k} {v}" for k, v in figures["p95_ms_by_kind"].items()))
    server_log = log.read_text(errors="replace").splitlines()
    if len(server_log) > 1:
        print(f"the server wrote {len(server_log)} lines to {log}; the last:", *server_log[-5:], sep="\n  ",
              file=sys.stderr)
    target = figures["p95_ms"] < 200 and figures["errors"] == 0
    print(f"target p95 < 200 ms and no errors: {'met' if target else 'NOT met'}", file=sys.stderr)
    return 0 if target else 1


if __name__ == "__main__":
    sys.exit(main())
