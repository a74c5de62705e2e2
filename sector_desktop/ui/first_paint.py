"""A start-up probe for the benchmark: report the first paint of the main window, then quit.

Switched on only by the SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT environment variable, so the cold-start
benchmark can time the real start-up path with nothing stubbed out.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

ENV = "SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT"
MESSAGE = "first-paint"


def wanted() -> bool:
    return bool(os.environ.get(ENV))


class _FirstPaint(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # Report once the paint that is starting now has finished and reached the screen.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"{MESSAGE} {time.perf_counter():.6f}", flush=True)
        sys.stdout.flush()
        # Leave at once: the background loads the window started are not part of start-up, and
        # an orderly exit would wait for them (or race them while the database closes).
        os._exit(0)


def exit_on_first_paint(window: QWidget) -> None:
    """Print 'first-paint' on stdout after the window's first paint, then end the process."""
    window.installEventFilter(_FirstPaint(window))
