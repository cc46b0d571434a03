"""The FastAPI application: the JSON API under /api, the dashboard at /, the API's description
at /openapi.json and its explorer at /docs, all served from this process with no other origin."""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.resources
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..pipeline import Pipeline
from ..settings import Settings
from .cache import AnswerCache
from .config import ServerConfig
from .database import InProcess, Readers, Service, Writer, worker_process
from .errors import error_response, install_error_handlers
from .guard import Guard
from .routes import OTHER_MEDIA_MODELS, router

DESCRIPTION = """\
Events of political violence and protest, coded from news reports in ACLED's terms, with the
words of each article that support each field. Reads are open on a loopback address; writes
(`POST /api/articles`) need the server's token as `Authorization: Bearer TOKEN`. Errors are
JSON: `{"error": "...", "detail": ...}`.
"""


SERVE_CONFIG_ENV = "EVENTCODER_SERVE_CONFIG"


def app_from_environment() -> FastAPI:
    """The app of each worker process of ``eventcoder serve --workers N`` (uvicorn imports it by
    name): the config comes as JSON in EVENTCODER_SERVE_CONFIG, without secrets (the token stays
    in EVENTCODER_TOKEN)."""
    values = json.loads(os.environ[SERVE_CONFIG_ENV])
    logging.basicConfig(level=values.pop("log_level", logging.WARNING),
                        format="eventcoder: %(levelname)s: %(message)s")  # a new process: the CLI's setup is not here
    settings = Settings.from_env(model=values.pop("model", None))
    if files := values.pop("gazetteer_files", None):
        settings = dataclasses.replace(settings, gazetteer_files=tuple(Path(name) for name in files))
    return create_app(ServerConfig.from_env(values.pop("db"), settings=settings, **values))


def environment_for_workers(config: ServerConfig, log_level: int = logging.WARNING) -> dict[str, str]:
    """What ``app_from_environment`` reads, for ``config``."""
    settings = config.settings or Settings.from_env()
    values = {"log_level": log_level, "db": str(config.db.resolve()), "host": config.host, "port": config.port,
              "allow_writes_without_token": config.allow_writes_without_token, "public_reads": config.public_reads,
              "max_body_bytes": config.max_body_bytes, "max_batch": config.max_batch, "tiles": config.tiles,
              "cache_mb": config.cache_mb, "read_threads": config.read_threads,
              "model": settings.model, "gazetteer_files": [str(path) for path in settings.gazetteer_files]}
    return {SERVE_CONFIG_ENV: json.dumps(values)}


def static_dir() -> Path:
    """The dashboard's files (static/vendor/ is filled by `make web`)."""
    return Path(str(importlib.resources.files("eventcoder").joinpath("web", "static")))


def describe(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description of ``app`` (``/openapi.json``), with the models the routes name only
    for other media types than JSON (the GeoJSON page), which FastAPI does not collect."""
    description = get_openapi(title=app.title, version=app.version, openapi_version=app.openapi_version,
                              description=app.description, routes=app.routes,
                              separate_input_output_schemas=app.separate_input_output_schemas)
    components = description.setdefault("components", {}).setdefault("schemas", {})
    for model in OTHER_MEDIA_MODELS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
        for name, part in {**schema.pop("$defs", {}), model.__name__: schema}.items():
            components.setdefault(name, part)
    return description


def create_app(config: ServerConfig, *, pipeline_factory: Callable[[], Pipeline] | None = None) -> FastAPI:
    """The app for ``config``. Posted articles are extracted in a worker process of the app's
    own; with ``pipeline_factory``, in the server's process instead, by the pipeline it makes
    the first time an article is posted."""
    static = static_dir()
    built = (static / "vendor" / "versions.json").is_file()
    runner = InProcess(pipeline_factory) if pipeline_factory else worker_process(
        config.settings or Settings.from_env())
    service = Service(config=config, readers=Readers(config.db, threads=config.read_threads),
                      writer=Writer(config.db, runner),
                      cache=AnswerCache(config.db, max_bytes=int(config.cache_mb * 1024 * 1024)),
                      dashboard_built=built)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(title="eventcoder", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan)
    app.state.service = service

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's way to extend the description
    install_error_handlers(app)
    app.add_middleware(Guard, config=config)
    app.include_router(router)

    def page(name: str) -> Callable[[], Response]:
        def serve() -> Response:
            if not built:
                return error_response(503, "the dashboard's files are not built: run `make web` (npm ci and a copy "
                                           "into src/eventcoder/web/static/vendor/); the JSON API works meanwhile")
            return FileResponse(static / name, media_type="text/html; charset=utf-8",
                                headers={"Cache-Control": "no-cache"})
        return serve

    app.add_api_route("/", page("index.html"), include_in_schema=False, methods=["GET", "HEAD"])
    app.add_api_route("/docs", page("docs.html"), include_in_schema=False, methods=["GET", "HEAD"])
    app.mount("/static", StaticFiles(directory=static, check_dir=False), name="static")
    return app

