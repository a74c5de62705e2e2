"""The main window opens where it was left: its size, place, every splitter and the column each
list is sorted by, per profile.

Kept with QSettings in `window.ini` in the profile's config directory (not settings.json, which
holds the user's choices). Written a second after a change and on close, so a killed app
loses at most the last second of moving. A place saved on a larger or missing screen is
brought back onto the screen the window opens on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# No `Qt` at import: the window's shell restores its size before the first paint (see ui/app.py).
from PySide6.QtCore import QByteArray, QEvent, QMargins, QObject, QPoint, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QTableView, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

SAVE_DELAY_MS = 1000
FIRST_SIZE = QSize(1280, 800)
FRAME = QMargins(8, 32, 8, 8)  # what a window manager's frame adds around the client area, at most


def settings_file(config_dir: Path) -> Path:
    return config_dir / "window.ini"


def room_on_screen(window: QWidget) -> QRect:
    """Where the window's client area may be: the free part of the screen it is on (or the main one),
    less room for the window frame."""
    center = window.frameGeometry().center()
    screen = QGuiApplication.screenAt(center) or window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(QPoint(), FIRST_SIZE)
    return screen.availableGeometry().marginsRemoved(FRAME)


def fit_on_screen(window: QWidget) -> None:
    """Move and shrink `window` so that all of it is on the screen it is on (or the main one)."""
    room = room_on_screen(window)
    size = window.size().boundedTo(room.size())
    if size != window.size():
        window.resize(size)
    place = QRect(window.pos(), size)
    x = min(max(place.left(), room.left()), room.right() - size.width() + 1)
    y = min(max(place.top(), room.top()), room.bottom() - size.height() + 1)
    if QPoint(x, y) != window.pos():
        window.move(x, y)


def sort_key(page: QWidget, table: QTableView) -> str:
    """Where a list's sort is kept: its page's and its own name."""
    return f"sort/{page.objectName()}/{table.objectName()}"


def splitter_key(page: QWidget, splitter: QSplitter, index: int) -> str:
    """A name for a splitter that stays the same from run to run: its page and its own name or place."""
    return f"splitters/{page.objectName()}/{splitter.objectName() or f'splitter{index}'}"


class WindowMemory(QObject):
    """Restores the window and each page's splitters as they are built; saves them as they change."""

    def __init__(self, window: QMainWindow, pages: QStackedWidget, config_dir: Path) -> None:
        super().__init__(window)
        self.window = window
        self.settings = QSettings(str(settings_file(config_dir)), QSettings.Format.IniFormat)
        self._splitters: dict[str, QSplitter] = {}
        self._sorted: set[str] = set()
        self._save = QTimer(self)
        self._save.setSingleShot(True)
        self._save.setInterval(SAVE_DELAY_MS)
        self._save.timeout.connect(self.save)
        self.pages = pages
        window.installEventFilter(self)
        pages.installEventFilter(self)  # a page built later brings its splitters
        for page in pages.findChildren(QWidget):
            if page.parent() is pages:  # the pages themselves, not what is inside them
                self.restore_page(page)

    def restore_page(self, page: QWidget) -> None:
        self.restore_splitters(page)
        self.restore_sorts(page)

    def restore_sorts(self, page: QWidget) -> None:
        """Sort each named, sortable list of `page` as it was last (the model does the sorting), and
        keep each later choice at once (it is small, and a click is rare)."""
        for table in page.findChildren(QTableView):
            key = sort_key(page, table)
            if not table.objectName() or not table.isSortingEnabled() or key in self._sorted:
                continue
            from PySide6.QtCore import Qt  # here: the shell's "Opening…" page has no lists
            self._sorted.add(key)
            header = table.horizontalHeader()
            saved = str(self.settings.value(key) or "")
            column, _, order = saved.partition(",")
            if column.lstrip("-").isdigit() and order in ("0", "1"):
                header.setSortIndicator(int(column), Qt.SortOrder(int(order)))

            def keep(column: int, order: Qt.SortOrder, key: str = key) -> None:
                self.settings.setValue(key, f"{column},{order.value}")

            header.sortIndicatorChanged.connect(keep)

    def restore_window(self) -> None:
        """The saved size and place, kept on screen; the first time, a comfortable size in the middle."""
        saved = self.settings.value("window/geometry")
        if isinstance(saved, QByteArray) and self.window.restoreGeometry(saved):
            fit_on_screen(self.window)
            return
        room = room_on_screen(self.window)
        size = FIRST_SIZE.boundedTo(room.size())
        self.window.resize(size)
        self.window.move(room.center() - QRect(QPoint(), size).center())

    def restore_splitters(self, page: QWidget) -> None:
        for i, splitter in enumerate(page.findChildren(QSplitter)):
            key = splitter_key(page, splitter, i)
            if key in self._splitters:
                continue
            self._splitters[key] = splitter
            saved = self.settings.value(key)
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
            splitter.splitterMoved.connect(lambda _pos, _index: self._save.start())

    def save(self) -> None:
        self._save.stop()
        self.settings.setValue("window/geometry", self.window.saveGeometry())
        for key, splitter in self._splitters.items():
            self.settings.setValue(key, splitter.saveState())
        self.settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind in (QEvent.Type.Resize, QEvent.Type.Move):
            if self.window.isVisible():
                self._save.start()
        elif watched is self.window and kind == QEvent.Type.Close:
            self.save()
        elif watched is self.pages and kind == QEvent.Type.ChildAdded:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget):
                self.restore_page(child)
        return False
