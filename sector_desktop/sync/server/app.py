"""The FastAPI app: health, login, push, pull, blobs and device administration under /api/v1."""

from __future__ import annotations

import logging
import os
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, StatementError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from ..protocol import (
    API_PREFIX,
    BLOB_COMPLETE_HEADER,
    BLOB_SIZE_HEADER,
    DEFAULT_PULL_LIMIT,
    MAX_CHANGES_PER_PUSH,
    MAX_PULL_LIMIT,
    SHA256_PATTERN,
    BlobStatus,
    DeviceInfo,
    DeviceList,
    ErrorBody,
    ErrorCode,
    Health,
    LoginRequest,
    LoginResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    RenewRequest,
)
from . import auth
from .blobs import BlobError, BlobStore
from .db import blobs, default_data_dir, immediate, make_engine, migrate, read_epoch
from .feed import MAX_POSITION, pull_page_json
from .middleware import AccessLogMiddleware, BodyLimitMiddleware, ProtocolMiddleware
from .push import PushRefused, apply_push
from .throttle import LoginThrottle, TooManyAttempts

log = logging.getLogger("sector_server")
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody} for s in (400, 401, 403, 404, 409, 413, 422, 426, 429)
}
Sha256 = Annotated[str, PathParam(pattern=SHA256_PATTERN, description="lower-case hex SHA-256")]


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def server_version() -> str:
    try:
        return importlib_metadata.version("sector-desktop")
    except importlib_metadata.PackageNotFoundError:
        return "0"


def app_from_environment() -> FastAPI:
    """The app as each worker of `sector-server serve --workers N` builds it (uvicorn's factory):
    the database URL, data directory and log level come from the parent through the environment."""
    from .logs import configure_json_logging

    configure_json_logging(getattr(logging, os.environ.get("SECTOR_SERVER_LOG_LEVEL", "info").upper()))
    return create_app(os.environ["SECTOR_SERVER_DATABASE_URL"], Path(os.environ["SECTOR_SERVER_DATA_DIR"]))


def create_app(database_url: str, data_dir: Path | None = None) -> FastAPI:
    """Build the app on a migrated database; blobs go under data_dir/blobs."""
    engine = make_engine(database_url)
    migrate(engine)
    store = BlobStore((data_dir or default_data_dir()) / "blobs")
    app = FastAPI(
        title="Sector Desktop sync server",
        version=server_version(),
        description="Sync protocol v1; see docs/sync.md. Send X-Sector-Protocol: 1 on every request.",
    )
    app.state.engine = engine
    app.state.blobs = store
    _install_errors(app)
    app.include_router(_router(engine, store), prefix=API_PREFIX)
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1024,
        compresslevel=5,
        exclude_content_types=("application/octet-stream", "application/gzip"),
    )
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ProtocolMiddleware)
    app.add_middleware(AccessLogMiddleware)
    return app


def _error(status: int, detail: str, code: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status_code=status, headers=headers)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.detail, exc.code)

    @app.exception_handler(auth.AuthError)
    async def _auth(_: Request, exc: auth.AuthError) -> JSONResponse:
        return _error(exc.status, str(exc), exc.code)

    @app.exception_handler(BlobError)
    async def _blob(_: Request, exc: BlobError) -> JSONResponse:
        return _error(exc.status, str(exc), exc.code, {BLOB_SIZE_HEADER: str(exc.present)})

    @app.exception_handler(TooManyAttempts)
    async def _throttled(_: Request, exc: TooManyAttempts) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)}
        return _error(429, f"{exc} (retry after {exc.retry_after} s)", ErrorCode.TOO_MANY_ATTEMPTS, headers)

    @app.exception_handler(PushRefused)
    async def _refused(_: Request, exc: PushRefused) -> JSONResponse:
        return _error(409, str(exc), ErrorCode.INVALID_PAYLOAD)

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # e.g. a NUL character, which PostgreSQL text cannot hold: the payload's fault, not ours.
        log.warning("refused data", extra={"path": request.url.path, "error": str(exc.orig)[:200]})
        return _error(
            422,
            "The request holds characters or values the database cannot store.",
            ErrorCode.INVALID_PAYLOAD,
        )

    @app.exception_handler(UnicodeError)
    async def _unicode(request: Request, exc: UnicodeError) -> JSONResponse:
        return _unstorable(request, exc)

    @app.exception_handler(StatementError)
    async def _statement(request: Request, exc: StatementError) -> JSONResponse:
        if isinstance(exc.orig, UnicodeError):  # text a database cannot encode (a lone surrogate)
            return _unstorable(request, exc.orig)
        log.exception("unhandled database error", extra={"path": request.url.path})
        return _error(500, "The server hit an internal error; try again later.", ErrorCode.INTERNAL)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "Malformed request: " + _describe(exc), ErrorCode.INVALID_PAYLOAD)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = ErrorCode.NOT_FOUND if exc.status_code == 404 else ErrorCode.INVALID_PAYLOAD
        return _error(exc.status_code, str(exc.detail), code)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return _error(500, "The server hit an internal error; try again later.", ErrorCode.INTERNAL)


def _unstorable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("refused text", extra={"path": request.url.path, "error": str(exc)[:200]})
    return _error(
        422, "The request holds text that is not valid Unicode (a lone surrogate).", ErrorCode.INVALID_PAYLOAD
    )


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def current_device(request: Request) -> auth.DeviceIdentity:
    """The caller's device, from its bearer token (401 when missing, unknown or revoked)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    path, method = request.url.path, request.method
    # A device revoked with a wipe may still send what it holds: pushes and attachment uploads.
    sending = (method == "POST" and path.endswith("/push")) or (
        method in ("HEAD", "PUT") and "/blobs/" in path
    )
    return auth.authenticate(
        request.app.state.engine, token.strip() if scheme.lower() == "bearer" else None, sending=sending
    )


def current_admin(who: Annotated[auth.DeviceIdentity, Depends(current_device)]) -> auth.DeviceIdentity:
    if who.role != "admin":
        raise ApiError(403, ErrorCode.FORBIDDEN, "Only an administrator can manage devices.")
    return who


# Module-level aliases: FastAPI resolves these postponed annotations in the module's globals.
Device = Annotated[auth.DeviceIdentity, Depends(current_device)]
Admin = Annotated[auth.DeviceIdentity, Depends(current_admin)]


def _router(engine: Engine, store: BlobStore) -> APIRouter:
    router = APIRouter(responses=ERRORS)

    @router.get("/health", response_model=Health)
    def health() -> Health:
        with engine.connect() as conn:
            return Health(version=server_version(), epoch=read_epoch(conn))

    throttle = LoginThrottle()

    @router.post("/login", response_model=LoginResponse)
    async def login(body: LoginRequest, request: Request) -> LoginResponse:
        """Sign in. Wrong passwords make the user name and the address wait (429, Retry-After),
        and only a few passwords are hashed at once, in the thread pool, so a flood of sign-ins
        neither exhausts memory nor starves other requests."""
        address = request.client.host if request.client else ""
        throttle.check(body.username, address)
        async with throttle.hashing():
            throttle.check(body.username, address)  # others may have failed while this one waited
            try:
                answer = await run_in_threadpool(auth.login, engine, body)
            except auth.AuthError as exc:
                if exc.code == ErrorCode.BAD_CREDENTIALS:
                    throttle.failed(body.username, address)
                raise
        throttle.succeeded(body.username)
        return answer

    @router.post("/push", response_model=PushResponse)
    def push(body: PushRequest, who: Device) -> PushResponse:
        if body.device_id != who.device_id:
            raise ApiError(
                403, ErrorCode.DEVICE_MISMATCH, "The batch names a different device than the token."
            )
        if any(m.mutation > MAX_POSITION for m in body.mutations):
            raise ApiError(422, ErrorCode.INVALID_PAYLOAD, "Mutation numbers must fit in 63 bits.")
        total = sum(len(m.changes) for m in body.mutations)
        if total > MAX_CHANGES_PER_PUSH:
            raise ApiError(
                413, ErrorCode.PAYLOAD_TOO_LARGE, f"At most {MAX_CHANGES_PER_PUSH} field changes per push."
            )
        answer = apply_push(engine, who.device_id, body)
        log.info(
            "push",
            extra={
                "device": who.device_id,
                "user": who.user_id,
                "mutations": len(body.mutations),
                "acked_through": answer.acked_through,
                "applied": answer.applied,
                "conflicts": len(answer.conflicts),
                "rejected": len(answer.rejected),
                "replay": answer.replay,
                "clock_clamped": answer.clock_clamped,
            },
        )
        return answer

    @router.get("/pull", response_model=PullResponse)
    def pull(
        who: Device,
        cursor: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
        format: Annotated[Literal["changes", "rows"], Query()] = "changes",
    ) -> Response:
        try:
            body = pull_page_json(engine, cursor, limit, format)
        except ValueError as exc:
            raise ApiError(400, ErrorCode.INVALID_PAYLOAD, str(exc)) from exc
        return Response(body, media_type="application/json")

    @router.head("/blobs/{sha256}")
    def blob_head(sha256: Sha256, who: Device) -> Response:
        status = store.status(sha256)
        return Response(headers=_blob_headers(status))

    @router.put("/blobs/{sha256}", response_model=BlobStatus)
    async def blob_put(sha256: Sha256, request: Request, who: Device) -> Response:
        body = await request.body()
        status, finished = await run_in_threadpool(
            store.put, sha256, body, request.headers.get("content-range")
        )
        if finished:
            await run_in_threadpool(_record_blob, engine, status)
        return JSONResponse(status.model_dump(), headers=_blob_headers(status))

    @router.get("/blobs/{sha256}", response_class=FileResponse)
    def blob_get(sha256: Sha256, who: Device) -> FileResponse:
        if not store.status(sha256).complete:
            raise ApiError(404, ErrorCode.NOT_FOUND, "The server does not have this attachment.")
        return FileResponse(store.path(sha256), media_type="application/octet-stream")

    @router.post("/devices/renew", response_model=LoginResponse)
    def renew(who: Device, body: RenewRequest | None = None) -> LoginResponse:
        """A new identity for this device (it was restored from a backup); the answer is its token."""
        answer = auth.renew_device(engine, who, body.device_name if body else None)
        log.info("device renewed", extra={"device": answer.device_id, "restored_from": who.device_id})
        return answer

    @router.get("/devices", response_model=DeviceList)
    def devices(who: Admin) -> DeviceList:
        return DeviceList(devices=auth.list_devices(engine))

    @router.post("/devices/{device_id}/revoke", response_model=DeviceInfo)
    def revoke(
        device_id: Annotated[str, PathParam(max_length=64)], who: Admin, wipe: bool = False
    ) -> DeviceInfo:
        try:
            return auth.revoke_device(engine, device_id, wipe=wipe)
        except ValueError as exc:
            raise ApiError(404, ErrorCode.NOT_FOUND, str(exc)) from exc

    return router


def _blob_headers(status: BlobStatus) -> dict[str, str]:
    return {BLOB_SIZE_HEADER: str(status.size_present), BLOB_COMPLETE_HEADER: "1" if status.complete else "0"}


def _record_blob(engine: Engine, status: BlobStatus) -> None:
    from sector_desktop.models import utcnow

    with immediate(engine) as conn:
        if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == status.sha256)).first() is None:
            conn.execute(
                blobs.insert().values(sha256=status.sha256, size=status.size_present, completed_at=utcnow())
            )
