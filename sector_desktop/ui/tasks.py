"""Run slow work off the UI thread and get the result back on it (design rule 3).

`run_task(fn, on_done, on_error)` is the one helper every page uses for database, file and
network work, in the manner of Picard's run_task and Anki's operations.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int, str)


class Progress:
    """Handed to a task so it can report progress and see a cancel request."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self.cancelled = False

    def report(self, done: int, total: int, message: str = "") -> None:
        self._relay.progress.emit(done, total, message)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, progress: Progress | None) -> None:
        super().__init__()
        self._fn, self._relay, self._progress = fn, relay, progress

    def run(self) -> None:
        try:
            result = self._fn(self._progress) if self._progress is not None else self._fn()
        except Exception as exc:  # handed to on_error on the UI thread
            self._relay.failed.emit(exc, traceback.format_exc())
        else:
            self._relay.done.emit(result)


_live: set[_Relay] = set()


def guarded(owner: object, fn: Callable[..., object]) -> Callable[..., None]:
    """`fn`, but a no-op once `owner` (a QObject) is deleted: a task may answer after its page closed."""

    def call(*args: object) -> None:
        if isValid(owner):
            fn(*args)

    return call


def run_task(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], object] | None = None,  # what it returns is not used
    on_progress: Callable[[int, int, str], None] | None = None,
    *,
    with_progress: bool = False,
) -> Progress | None:
    """Run `fn` in the thread pool; callbacks run on the UI thread. Returns the Progress handle."""
    relay = _Relay()
    _live.add(relay)  # keep the relay alive until the task has reported

    def finish(*_: object) -> None:
        # Dropping the last reference inside the relay's own emission crashes PySide6;
        # release it once control is back in the event loop.
        QTimer.singleShot(0, lambda: _live.discard(relay))

    if on_done:
        relay.done.connect(on_done)
    if on_error:
        relay.failed.connect(lambda exc, _tb: on_error(exc))
    else:
        relay.failed.connect(lambda exc, tb: _unexpected(exc, tb))
    if on_progress:
        relay.progress.connect(on_progress)
    relay.done.connect(finish)
    relay.failed.connect(finish)
    progress = Progress(relay) if with_progress else None
    QThreadPool.globalInstance().start(_Runnable(fn, relay, progress))
    return progress


class Latest:
    """Tasks for one purpose where only the latest answer counts (a filter typed on, another record
    chosen): an answer to an older request is dropped, and so is any answer once `owner` is deleted.

    `run(fn, on_done)` starts a new round; `start()` starts one by hand, so that several tasks
    (`run(..., round=n)`) can belong to it; `current(n)` says whether round n is still the latest.
    """

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._round = 0

    def start(self) -> int:
        """Start a new round: every answer to an older one will be dropped."""
        self._round += 1
        return self._round

    def current(self, round_: int) -> bool:
        return round_ == self._round and isValid(self._owner)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        round_: int | None = None,
    ) -> int:
        """Run `fn` in the thread pool as part of `round_` (default: a new round); returns the round."""
        number = self.start() if round_ is None else round_

        def done(result: Any) -> None:
            if self.current(number):
                on_done(result)

        def failed(exc: Exception) -> None:
            if self.current(number) and on_error is not None:
                on_error(exc)
            elif self.current(number):
                _unexpected(exc, "".join(traceback.format_exception(exc)))

        run_task(fn, done, failed)
        return number


def _unexpected(exc: Exception, tb: str) -> None:
    from sector_desktop.errors import ProfileGone

    from .crash import show_exception

    if isinstance(exc, ProfileGone):  # a page's reading that raced a wipe or a restore: its page goes too
        log.warning("a task read a database that was closed under it: %s", exc)
        return
    show_exception(exc, tb)
