"""ASGI middleware: protocol version check, bounded (optionally gzip) request bodies, access log."""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..protocol import API_PREFIX, MAX_BODY_BYTES, PROTOCOL_HEADER, PROTOCOL_VERSION, ErrorCode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("sector_server.access")
_UNVERSIONED = (f"{API_PREFIX}/health",)


async def send_error(send: Send, status: int, detail: str, code: str) -> None:
    body = json.dumps({"detail": detail, "code": code}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class ProtocolMiddleware:
    """Every /api/v1 request but health must say which protocol it speaks; a mismatch gets 426."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(API_PREFIX) and path not in _UNVERSIONED:
            sent = _header(scope, PROTOCOL_HEADER.lower().encode())
            if sent != str(PROTOCOL_VERSION):
                detail = (
                    f"This server speaks sync protocol {PROTOCOL_VERSION} but the app sent "
                    f"{sent or 'none'}. Update the app (or the server) so both use the same version."
                )
                await send_error(send, 426, detail, ErrorCode.PROTOCOL_MISMATCH)
                return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Read the request body up to the limit, inflate gzip bodies (also bounded), then hand it on."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_big = f"The request body is larger than {self.limit} bytes; send smaller batches."
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            await send_error(send, 413, too_big, ErrorCode.PAYLOAD_TOO_LARGE)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await send_error(send, 413, too_big, ErrorCode.PAYLOAD_TOO_LARGE)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        headers = list(scope["headers"])
        if (_header(scope, b"content-encoding") or "").lower() == "gzip":
            try:
                body = _inflate(body, self.limit)
            except ValueError as exc:
                code = ErrorCode.PAYLOAD_TOO_LARGE if "larger" in str(exc) else ErrorCode.INVALID_PAYLOAD
                await send_error(send, 413 if code == ErrorCode.PAYLOAD_TOO_LARGE else 400, str(exc), code)
                return
            headers = [
                (k, v) for k, v in headers if k.lower() not in (b"content-encoding", b"content-length")
            ]
            headers.append((b"content-length", str(len(body)).encode()))
        scope = {**scope, "headers": headers}
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _inflate(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"The request body is not valid gzip: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise ValueError(f"The request body is larger than {limit} bytes once decompressed.")
    return out


class AccessLogMiddleware:
    """One structured log line per request: method, path, status, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": (scope.get("client") or ("", 0))[0],
                },
            )
