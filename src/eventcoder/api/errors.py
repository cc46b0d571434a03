"""Every error the API returns is JSON: ``{"error": "a sentence for people", "detail": ...}``,
where ``detail`` is null or structured (the problems of an invalid request, one per item)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import EventcoderError, InputError, StoreError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses, with the status and the message to send back."""

    def __init__(self, status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers


def error_response(status: int, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "detail": detail}, status_code=status, headers=headers)


def is_json(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


def _message(item: dict[str, Any]) -> str:
    """pydantic's message, without the "Value error, " it puts before a validator's own."""
    message = str(item.get("msg", ""))
    return message.removeprefix("Value error, ") if item.get("type") == "value_error" else message


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _api_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.message, error.detail, error.headers)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    if status == 404:
        message = f"not found: {request.method} {request.url.path}"
    elif status == 405:
        allowed = (error.headers or {}).get("Allow") or (error.headers or {}).get("allow")
        message = f"{request.method} is not allowed on {request.url.path}" + (f"; use {allowed}" if allowed else "")
    else:
        message = str(error.detail)
    return error_response(status, message, None, dict(error.headers) if error.headers else None)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [{"loc": list(item.get("loc", ())), "msg": _message(item), "type": item.get("type", "")}
                for item in error.errors()]
    if request.method in ("POST", "PUT", "PATCH") and not is_json(request.headers.get("content-type")):
        return error_response(415, "send the body as JSON, with the header 'Content-Type: application/json'",
                              problems)
    malformed = next((item for item in error.errors() if item.get("type") == "json_invalid"), None)
    if malformed is not None:
        reason = (malformed.get("ctx") or {}).get("error", "not valid JSON")
        position = malformed.get("loc", ("body", "?"))[-1]
        return error_response(400, f"the request body is not valid JSON: {reason} (at character {position})",
                              problems)
    summary = "; ".join(f"{_location(p['loc'])}: {p['msg']}" for p in problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return error_response(422, f"invalid request: {summary}{more}", problems)


async def _library_error(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, InputError):
        return error_response(422, str(error), {"source": error.source, "reason": error.reason})
    if isinstance(error, StoreError):  # the message names server paths: it goes to the log only
        log.error("%s %s: %s", request.method, request.url.path, error)
        return error_response(503, "the database cannot be read just now (the server's log has the details)")
    log.error("%s %s: %s", request.method, request.url.path, error)
    return error_response(500, str(error))


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=error)
    return error_response(500, "internal server error (the server's log has the details)")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(EventcoderError, _library_error)
    app.add_exception_handler(Exception, _unexpected)
