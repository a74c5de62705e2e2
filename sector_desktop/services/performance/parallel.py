"""Readings started at once, each on a connection of its own in a thread (`Beside`), while the caller
reads and counts other rows: SQLite steps without Python's lock, so on a second core its time overlaps
the caller's Python. Worth it for readings of one step (joined.py), not of many rows."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

T = TypeVar("T")
WORKERS = 2  # threads; the caller reads too


class Beside:
    """Start readings (`start`) beside the caller; each gives its answer when asked for it.

    A session bound to an engine of a file: each reading runs in a thread on a connection of the engine's
    own (the store's key and pragmas). Otherwise (a session bound to one connection, or to a database in
    memory) each reads on the session when its answer is asked for. Reads outside a write see the
    newest data on every connection alike (the app's engine begins no transaction for them), so a
    reading in a thread sees what one here would."""

    def __init__(self, session: Session, workers: int = WORKERS) -> None:
        self.session = session
        bind = session.get_bind()
        # An in-memory database is one per connection: its readings stay on the session's.
        on_disk = isinstance(bind, Engine) and bind.url.database not in (None, "", ":memory:")
        self.engine = bind if on_disk and isinstance(bind, Engine) else None
        self.pool = ThreadPoolExecutor(workers, "performance-reading") if self.engine is not None else None

    def start(self, read: Callable[[Session | Connection], T]) -> Callable[[], T]:
        """`read` of a connection, started now (in the order started); call the result for its answer
        (it waits for it, and raises what `read` raised)."""
        if self.pool is None:
            return lambda: read(self.session)
        future: Future[T] = self.pool.submit(self._apart, read)
        return future.result

    def _apart(self, read: Callable[[Session | Connection], T]) -> T:
        assert self.engine is not None
        with self.engine.connect() as own:  # the store's engine: its key and pragmas
            return read(own)

    def close(self) -> None:
        """No more readings: the threads end when the ones started are done (the caller need not wait)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False)

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
