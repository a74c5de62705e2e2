"""The smallest screen the app supports (a 1366x768 laptop) and sizing windows to fit it.

Every view and dialog fits 1366x768 less a title bar and a taskbar; a dialog asks for its
opening size through `open_size`, which never goes past that nor past the screen it opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# 1366x768 less about 30 px of title bar and 40 px of taskbar.
SMALLEST_SCREEN = QSize(1366, 768 - 70)


def room_for(widget: QWidget | None = None) -> QSize:
    """The space a window may take: the smallest supported screen, or less on a smaller one."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return SMALLEST_SCREEN
    return SMALLEST_SCREEN.boundedTo(screen.availableSize())


def open_size(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width x height, or less where the screen is smaller than that."""
    widget.resize(QSize(width, height).boundedTo(room_for(widget)))
