"""eventcoder serve: the JSON API and the map dashboard over an event database."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ..store import DEFAULT_PATH, Store
from . import add_common_options, settings_from


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="serve the event database: the JSON API and the map dashboard",
        description="Serve the event database over HTTP: the dashboard at /, the JSON API under /api/, its "
                    "description at /docs. Reads are open on a loopback address. Writes (POST /api/articles) "
                    "need the token in EVENTCODER_TOKEN, sent as 'Authorization: Bearer TOKEN'. Bound to any "
                    "other address, reads need the token too (or --public-reads). EVENTCODER_TILES "
                    "(https://.../{z}/{x}/{y}.png) adds a tile layer under the country outlines.")
    p.add_argument("--db", type=Path, default=DEFAULT_PATH, help=f"database file (default: ./{DEFAULT_PATH})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--allow-writes-without-token", action="store_true",
                   help="let anyone on this machine post articles without a token (loopback addresses only)")
    p.add_argument("--public-reads", action="store_true",
                   help="on a non-loopback address, let anyone who reaches it read without the token")
    p.add_argument("--max-body-mb", type=float, default=5.0, metavar="MB",
                   help="largest request body accepted (default: %(default)s MB)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes (default 1); more use more cores for many concurrent readers")
    add_common_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..api import Access, ServerConfig, create_app
    from ..api.app import environment_for_workers

    if args.workers < 1:
        print("eventcoder: --workers must be at least 1", file=sys.stderr)
        return 2
    config = ServerConfig.from_env(
        args.db, host=args.host, port=args.port, allow_writes_without_token=args.allow_writes_without_token,
        public_reads=args.public_reads, max_body_bytes=int(args.max_body_mb * 1024 * 1024),
        settings=settings_from(args))
    if not args.db.exists():
        if config.writes is Access.OFF:
            print(f"eventcoder: {args.db}: no such database; fill one with: eventcoder ingest FILES --db {args.db}",
                  file=sys.stderr)
            return 2
        Store.open(args.db).close()  # an empty database, for articles to be posted to
    with Store.open(args.db, readonly=True) as store:  # fail now, with the store's message, if it cannot be read
        events = store.count()
    processes = f", {args.workers} processes" if args.workers > 1 else ""
    print(f"eventcoder: serving {args.db} ({events:,} events{processes}) at {config.url}  (API: {config.url}docs; "
          f"{config.describe()}; Ctrl-C stops)", file=sys.stderr, flush=True)
    level = logging.getLogger().getEffectiveLevel()
    options: dict[str, Any] = {
        "host": config.host, "port": config.port, "log_level": "info" if level <= logging.INFO else "warning",
        "access_log": level <= logging.INFO, "server_header": False, "proxy_headers": False,
        "timeout_keep_alive": 30}  # a busy event loop must not close a connection whose next request waits
    if args.workers == 1:
        uvicorn.run(create_app(config), **options)
    else:  # each worker process builds its own app from the environment
        os.environ.update(environment_for_workers(config, level))
        uvicorn.run("eventcoder.api.app:app_from_environment", factory=True, workers=args.workers, **options)
    return 0
