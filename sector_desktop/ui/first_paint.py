"""A start-up probe for the benchmark: report the first paint of the main window, then quit.

Switched on only by the SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT environment variable, so the cold-start
benchmark can time the real start-up path with nothing stubbed out. With the value `ready` it waits
instead for the first paint after the profile is open and Today is built (its rows still loading),
and says 'ready'.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

ENV = "SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT"
MESSAGE = "first-paint"


READY = "ready"


def wanted() -> bool:
    """The first paint of the window (its shell) is the one to report."""
    return bool(os.environ.get(ENV)) and os.environ.get(ENV) != READY


def wanted_ready() -> bool:
    """The first paint once the profile is open and Today is built is the one to report."""
    return os.environ.get(ENV) == READY


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, message: str) -> None:
        super().__init__(window)
        self._seen = False
        self._message = message

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # Report once the paint that is starting now has finished and reached the screen.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"{self._message} {time.perf_counter():.6f}", flush=True)
        sys.stdout.flush()
        # Leave at once: the background loads the window started are not part of start-up, and
        # an orderly exit would wait for them (or race them while the database closes).
        os._exit(0)


def exit_on_first_paint(window: QWidget, message: str = MESSAGE) -> None:
    """Print 'first-paint' (or `message`) on stdout after the window's next paint, then end the process."""
    window.installEventFilter(_FirstPaint(window, message))
    window.update()
