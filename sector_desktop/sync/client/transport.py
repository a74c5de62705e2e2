"""HTTP to the sync server: httpx with an injectable transport, gzip bodies, retries with backoff.

Errors become SyncErrors a user can read: offline, signed out by an administrator, bad password,
protocol mismatch, or a server error with its reason.
"""

from __future__ import annotations

import functools
import gzip
import ipaddress
import json
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import certifi
import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from sector_desktop.errors import SectorError
from sector_desktop.sync.protocol import (
    API_PREFIX,
    REVOKED_MESSAGE,
    WIPE_MESSAGE,
    ErrorCode,
    protocol_headers,
)

T = TypeVar("T")


class SyncError(SectorError):
    """A sync failure with a message for the user."""

    kind = "error"


class Offline(SyncError):
    kind = "offline"


class Revoked(SyncError):
    kind = "revoked"


class WipeRequested(SyncError):
    """Revoked with a wipe: send what we hold, then destroy the key and the local data."""

    kind = "wiped"


class NotSignedIn(SyncError):
    kind = "not_connected"


class Transient(SyncError):
    """A failure worth retrying (connection cut, timeout, 5xx, 429)."""


def check_address(url: str, insecure: bool) -> str:
    """The normalised server address; refuses plain http:// off loopback unless insecure."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"{url!r} is not a server address; it should look like https://sync.example.org")
    if parts.scheme == "http" and not insecure and not _is_loopback(parts.hostname):
        raise SyncError(
            "Refusing an unencrypted http:// address that is not this computer. Use https://, "
            "or tick 'insecure, for testing' if you really mean it."
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs ~0.1 s; background syncs every few minutes share one context.
    return ssl.create_default_context(cafile=certifi.where())


# An idle connection is dropped by us before the server drops it (uvicorn's default is 5 s), so a
# request never goes out on a connection the server is closing.
KEEPALIVE_SECONDS = 4.0


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, Transient)


class ServerClient:
    """One connection to the server; every call retries transient failures with backoff."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        *,
        attempts: int = 5,
        backoff: float = 0.2,
        timeout: float = 60.0,
    ) -> None:
        self.key = (url, token, transport, attempts, backoff, timeout)  # what SyncSession reuses it for
        headers = protocol_headers()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=url + API_PREFIX,
            headers=headers,
            transport=transport,
            timeout=timeout,
            verify=_ssl_context(),
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS),
        )
        self._attempts = attempts
        self._backoff = backoff
        self.server_date: str | None = None  # the Date header of the last answer (clock check)

    @property
    def base_url(self) -> str:
        return str(self._http.base_url)

    def set_token(self, token: str) -> None:
        self._http.headers["Authorization"] = f"Bearer {token}"

    @property
    def who(self) -> str:
        """This server and sign-in (for remembering per-user answers in this process only)."""
        return f"{self._http.base_url} {hash(self._http.headers.get('Authorization'))}"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServerClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def call(
        self, method: str, path: str, *, body: Any = None, raw_json: bytes | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send a request (JSON body gzip-compressed when large) with retries; raise SyncErrors."""
        if body is not None or raw_json is not None:
            raw = raw_json if raw_json is not None else json.dumps(body, separators=(",", ":")).encode()
            headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
            if len(raw) > 4096:
                raw = gzip.compress(raw, compresslevel=5)
                headers["Content-Encoding"] = "gzip"
            kwargs["content"] = raw
            kwargs["headers"] = headers
        return self.retrying(lambda: self._once(method, path, **kwargs))

    def retrying(self, fn: Callable[[], T]) -> T:
        """Run `fn` with the retry policy; connection cuts inside it count as transient."""
        policy = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._backoff, max=5),
            retry=retry_if_exception(_retryable),
            reraise=False,
        )
        try:
            for attempt in policy:
                with attempt:
                    try:
                        return fn()
                    except (httpx.TransportError, httpx.DecodingError) as exc:
                        raise Transient(f"the connection was cut ({type(exc).__name__})") from exc
        except RetryError as exc:
            last = exc.last_attempt.exception()
            if isinstance(last, Offline):
                raise Offline(str(last)) from None
            raise SyncError(f"The server did not answer after {self._attempts} tries: {last}") from None
        raise AssertionError("unreachable")

    @contextmanager
    def stream(self, method: str, path: str, **kwargs: Any) -> Iterator[httpx.Response]:
        """A streamed response (for downloads); use inside `retrying` so a cut is retried."""
        try:
            with self._http.stream(method, path, **kwargs) as response:
                if response.status_code >= 400:
                    response.read()
                    self._check(response)
                yield response
        except httpx.ConnectError as exc:
            raise _OfflineTransient(f"The server cannot be reached ({exc}).") from exc

    def _once(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.ConnectError as exc:
            raise _OfflineTransient(f"The server cannot be reached ({exc}).") from exc
        self.server_date = response.headers.get("date", self.server_date)
        self._check(response)
        return response

    @staticmethod
    def _check(response: httpx.Response) -> None:
        if response.status_code == 429 and _code(response) == ErrorCode.TOO_MANY_ATTEMPTS:
            raise _client_error(response)  # a sign-in lock-out: retrying at once only prolongs it
        if response.status_code >= 500 or response.status_code == 429:
            raise Transient(f"server error {response.status_code}: {_detail(response)}")
        if response.status_code >= 400:
            raise _client_error(response)


class SyncSession:
    """One ServerClient kept across sync rounds, so back-to-back rounds reuse one kept-alive HTTP
    connection (and one client set-up). Rounds may run in different threads, one at a time;
    `close` when done (it may be used again afterwards: the next round opens a new client)."""

    def __init__(self) -> None:
        self._client: ServerClient | None = None

    def client(
        self, url: str, token: str, transport: httpx.BaseTransport | None, attempts: int, backoff: float
    ) -> ServerClient:
        """The kept client when it was made for the same server, token and settings, else a new one."""
        key = (url, token, transport, attempts, backoff, 60.0)
        if self._client is not None and self._client.key != key:
            self.close()
        if self._client is None:
            self._client = ServerClient(url, token, transport, attempts=attempts, backoff=backoff)
        return self._client

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()


class _OfflineTransient(Offline, Transient):
    """Could not connect at all: retried a few times, then reported as offline."""


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail") or response.text)
    except (ValueError, AttributeError):
        return response.text[:200]


def _code(response: httpx.Response) -> str | None:
    try:
        return response.json().get("code")
    except (ValueError, AttributeError):
        return None


def _client_error(response: httpx.Response) -> SyncError:
    code, detail = _code(response), _detail(response)
    if code == ErrorCode.DEVICE_REVOKED:
        return Revoked(detail or REVOKED_MESSAGE)  # revoked, or the account disabled: the server says which
    if code == ErrorCode.DEVICE_WIPE:
        return WipeRequested(WIPE_MESSAGE)
    if code == ErrorCode.TOO_MANY_ATTEMPTS:
        wait = response.headers.get("retry-after", "a few")
        return SyncError(f"Too many sign-in attempts: wait {wait} seconds and try again.")
    if code == ErrorCode.BAD_CREDENTIALS:
        return NotSignedIn(f"The user name or password was not accepted: {detail}")
    if response.status_code == 401:
        return NotSignedIn(f"This device is not signed in to the server ({detail}). Connect again.")
    if response.status_code == 426:
        return SyncError(f"This version of Sector Desktop cannot talk to the server: {detail}")
    return SyncError(f"The server refused the request ({response.status_code}): {detail}")
