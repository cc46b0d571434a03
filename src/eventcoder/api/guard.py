"""The checks every request passes before the app sees it (ServerConfig explains the policy),
and the security headers every response carries. Pure ASGI, so a refused request costs no body
read and no routing, and the headers are on error responses too."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import LOOPBACK_NAMES, Access, ServerConfig
from .errors import error_response

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def content_security_policy(config: ServerConfig) -> str:
    """No inline scripts or styles, no other origins (but the tile server, when one is set):
    a story's ``<script>`` that reached the page by mistake still could not run."""
    images = "'self' data:" + (f" {config.tiles_origin}" if config.tiles_origin else "")
    return ("default-src 'none'; script-src 'self'; style-src 'self'; "
            f"img-src {images}; connect-src 'self'; font-src 'self'; manifest-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _host_name(host: str) -> str:
    """The name in a Host header, without the port."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """Host check (loopback servers), token checks for reads and writes, the body size from
    Content-Length, and the security headers."""

    def __init__(self, app: ASGIApp, *, config: ServerConfig) -> None:
        self.app = app
        self.config = config
        self._token = config.token.encode("utf-8") if config.token else None
        self._headers = [
            (b"content-security-policy", content_security_policy(config).encode("ascii")),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self._headers]
            await send(message)

        refusal = self._refusal(scope, Headers(scope=scope))
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        received = 0

        async def receive_with_limit() -> Message:
            # A body sent without Content-Length (chunked) is counted as it arrives; the
            # exception reaches the app's handlers, which answer 413 in JSON.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.config.max_body_bytes:
                    raise HTTPException(413, self._too_large(None))
            return message

        await self.app(scope, receive_with_limit, send_with_headers)

    def _too_large(self, length: int | None) -> str:
        size = f"is {length:,} bytes" if length is not None else "is too large"
        return (f"the request body {size}; the limit is {self.config.max_body_bytes:,} bytes "
                f"(send fewer articles per request)")

    def _refusal(self, scope: Scope, headers: Headers) -> JSONResponse | None:
        if self.config.loopback:
            name = _host_name(headers.get("host", "")).lower()
            if name not in LOOPBACK_NAMES:
                return error_response(421, f"this server answers to localhost, 127.0.0.1 or [::1], not {name!r}")
        path: str = scope["path"]
        if not path.startswith("/api/"):
            return None  # the dashboard's files and the API description hold no data
        method: str = scope["method"]
        if method in READ_METHODS:
            return self._check_token(headers, self.config.reads, "reads")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_body_bytes:
            return error_response(413, self._too_large(int(length)))
        origin = headers.get("origin")
        if origin is not None and (origin == "null" or urlsplit(origin).netloc != headers.get("host")):
            return error_response(403, f"writes from a page of another origin ({origin}) are refused")
        return self._check_token(headers, self.config.writes, "writes")

    def _check_token(self, headers: Headers, access: Access, what: str) -> JSONResponse | None:
        if access is Access.OPEN:
            return None
        if access is Access.OFF or self._token is None:
            return error_response(
                403, f"{what} are disabled on this server: start it with EVENTCODER_TOKEN set and send "
                     f"'Authorization: Bearer TOKEN' (or, on a loopback address only, with "
                     f"--allow-writes-without-token)")
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return error_response(401, f"{what} need a token: send 'Authorization: Bearer TOKEN' with the "
                                       f"server's EVENTCODER_TOKEN", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.strip().encode("utf-8"), self._token):
            return error_response(403, "the token is not right",
                                  headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return None
