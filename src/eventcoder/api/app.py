"""The FastAPI application: the JSON API under /api, the dashboard at /, the API's description
at /openapi.json and its explorer at /docs, all served from this process with no other origin."""

from __future__ import annotations

import contextlib
import importlib.resources
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..pipeline import Pipeline
from .cache import AnswerCache
from .config import ServerConfig
from .database import Readers, Service, Writer
from .errors import error_response, install_error_handlers
from .guard import Guard
from .routes import router

DESCRIPTION = """\
Events of political violence and protest, coded from news reports in ACLED's terms, with the
words of each article that support each field. Reads are open on a loopback address; writes
(`POST /api/articles`) need the server's token as `Authorization: Bearer TOKEN`. Errors are
JSON: `{"error": "...", "detail": ...}`.
"""


def static_dir() -> Path:
    """The dashboard's files (static/vendor/ is filled by `make web`)."""
    return Path(str(importlib.resources.files("eventcoder").joinpath("web", "static")))


def create_app(config: ServerConfig, *, pipeline_factory: Callable[[], Pipeline] | None = None) -> FastAPI:
    """The app for ``config``. ``pipeline_factory`` makes the extraction pipeline the first time
    an article is posted (default: ``Pipeline(config.settings)``)."""
    static = static_dir()
    built = (static / "vendor" / "versions.json").is_file()
    service = Service(config=config, readers=Readers(config.db),
                      writer=Writer(config.db, pipeline_factory or (lambda: Pipeline(config.settings))),
                      cache=AnswerCache(config.db), dashboard_built=built)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(title="eventcoder", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan)
    app.state.service = service
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

