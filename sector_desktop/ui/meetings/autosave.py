"""Writes that must not be lost or reordered: one at a time, off the UI thread, newest wins per key.

Live minutes sends every keystroke burst, attendance tick and capture through one SerialWriter, so
an older save of a note can never land after a newer one (design rules 2 and 3). Each write is an
operation of the one write path (run_op), so it is announced like any other.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

from ..context import AppContext
from ..operations import run_op

Work = Callable[[Any], Any]  # takes a write session
Done = Callable[[Any], None] | None


class SerialWriter(QObject):
    """Queue of keyed writes. A queued write is replaced by a newer one with the same key."""

    busy_changed = Signal(bool)
    saved = Signal(str)  # the key that was written
    failed = Signal(str, object)  # key, exception

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._queue: OrderedDict[str, tuple[Work, Done, str | None]] = OrderedDict()
        self._running: str | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def submit(self, key: str, work: Work, on_done: Done = None, undo: str | None = None) -> None:
        """Queue `work(session)`; `undo` labels a write the user may take back (Edit → Undo)."""
        was_busy = self.busy
        self._queue[key] = (work, on_done, undo)
        if not was_busy:
            self.busy_changed.emit(True)
        self._next()

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        key, (work, on_done, undo) = self._queue.popitem(last=False)
        self._running = key
        db = self._ctx.db

        def run() -> Any:
            with db.session() as s:
                return work(s)

        run_op(
            self._ctx,
            run,
            done=lambda result: self._finished(key, result, on_done),
            failed=lambda exc: self._error(key, exc),
            undo=undo,
        )

    def _finished(self, key: str, result: Any, on_done: Done) -> None:
        self._running = None
        if on_done is not None:
            on_done(result)
        self.saved.emit(key)
        self._after()

    def _error(self, key: str, exc: Exception) -> None:
        self._running = None
        # Shown inline by the view; also logged with the traceback for whoever reads the log.
        logging.getLogger(__name__).error("save %s failed: %s", key, "".join(traceback.format_exception(exc)))
        self.failed.emit(key, exc)
        self._after()

    def _after(self) -> None:
        self._next()
        if not self.busy:
            self.busy_changed.emit(False)

    def flush_now(self, timeout_s: float = 10.0) -> bool:
        """Wait until every queued write has finished (the app is quitting). False on timeout."""
        deadline = time.monotonic() + timeout_s
        while self.busy and time.monotonic() < deadline:
            # The finished signals arrive as events: process them, or the queue never moves on.
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        return not self.busy
