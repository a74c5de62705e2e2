"""Sign-in throttling: repeated wrong passwords per user name and per address wait longer and
longer (429 with Retry-After), and password hashing is bounded, so a flood of sign-ins can
neither guess passwords quickly nor exhaust memory and starve every other request.

Kept in the memory of each server process (behind several processes, each counts on its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

USER_FAILURES = 5  # wrong passwords for one user name before it must wait
ADDRESS_FAILURES = 20  # wrong passwords from one address before it must wait
WINDOW_S = 15 * 60  # failures older than this are forgotten
FIRST_WAIT_S = 30  # the first lock-out; each further failure while counted doubles it
MAX_WAIT_S = 15 * 60
HASHING_AT_ONCE = 2  # argon2 verifications running at once (each takes ~64 MB and a core)
HASHING_QUEUE = 16  # sign-ins waiting for a turn; more are answered 429 at once


class TooManyAttempts(Exception):
    def __init__(self, retry_after: float, message: str) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


@dataclass
class _Count:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()
        self._hashing: asyncio.Semaphore | None = None
        self._waiting = 0

    def check(self, username: str, address: str) -> None:
        """Raise TooManyAttempts while the user name or the address must wait."""
        now = self._clock()
        with self._lock:
            waits = [c.locked_until - now for c in self._get(username, address) if c.locked_until > now]
        if waits:
            raise TooManyAttempts(
                max(waits), "Too many wrong passwords: wait a little before signing in again."
            )

    def failed(self, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            for key, limit in (
                (f"user:{username.lower()}", USER_FAILURES),
                (f"addr:{address}", ADDRESS_FAILURES),
            ):
                count = self._counts.setdefault(key, _Count())
                count.failures = [t for t in count.failures if now - t < WINDOW_S] + [now]
                over = len(count.failures) - limit
                if over >= 0:
                    count.locked_until = now + min(MAX_WAIT_S, FIRST_WAIT_S * 2**over)
            if len(self._counts) > 100_000:  # a flood of names: forget the quiet ones
                self._counts = {k: c for k, c in self._counts.items() if c.locked_until > now}

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._counts.pop(f"user:{username.lower()}", None)

    def _get(self, username: str, address: str) -> list[_Count]:
        keys = (f"user:{username.lower()}", f"addr:{address}")
        return [self._counts[k] for k in keys if k in self._counts]

    @contextlib.asynccontextmanager
    async def hashing(self) -> AsyncIterator[None]:
        """A turn to verify a password; 429 when too many sign-ins already wait for one."""
        if self._hashing is None:
            self._hashing = asyncio.Semaphore(HASHING_AT_ONCE)
        if self._waiting >= HASHING_QUEUE:
            raise TooManyAttempts(2, "Too many sign-ins at once: try again in a moment.")
        self._waiting += 1
        try:
            await self._hashing.acquire()
        finally:
            self._waiting -= 1
        try:
            yield
        finally:
            self._hashing.release()
