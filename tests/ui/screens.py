"""Every view and every dialog of the app, found from the sections registry and the ui package.

The checks that hold for all screens (they fit a 1366x768 laptop, every control has an
accessible name) walk these, so a new page or dialog is checked without editing a list here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from PySide6.QtCore import QSize, QThreadPool
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

import sector_desktop.ui
from sector_desktop.ui.screen_fit import SMALLEST_SCREEN
from sector_desktop.ui.sections import SECTIONS

# A 1366x768 laptop, less a title bar and a taskbar: what a window or dialog may ask for.
USABLE = SMALLEST_SCREEN


def every_view() -> list[str]:
    """Each --view name: every section and the extra views it answers to."""
    return [v for s in SECTIONS for v in (s.key, *s.views)]


def dialog_classes() -> list[type[QDialog]]:
    """Every QDialog subclass defined in sector_desktop.ui (importing each ui module to find them)."""
    for info in pkgutil.walk_packages(sector_desktop.ui.__path__, "sector_desktop.ui."):
        importlib.import_module(info.name)
    found: list[type[QDialog]] = []
    pending: list[type] = [QDialog]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("sector_desktop.") and sub not in found:
                found.append(sub)
    return sorted(found, key=qualified)


def qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def settle() -> None:
    """Let every background load finish and its result reach the widgets (no sleeping)."""
    app = QApplication.instance()
    pool = QThreadPool.globalInstance()
    for _ in range(50):
        pool.waitForDone(10_000)
        for _ in range(5):  # a result's setText posts a layout request, which posts its parent's...
            app.sendPostedEvents()
            app.processEvents()
        if pool.activeThreadCount() == 0:
            return


def fits(size: QSize, room: QSize = USABLE) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


# -- accessible names ---------------------------------------------------------------------------

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)
# Composite Qt widgets name their own parts (a spin box's line edit, a combo box's list view).
_COMPOSITES = (QAbstractSpinBox, QComboBox, QCalendarWidget, QTabBar, QScrollBar, QLineEdit)


def _part_of_qt_widget(w: QWidget) -> bool:
    if w.objectName().startswith("qt_") or isinstance(w, QScrollBar):
        return True
    parent = w.parentWidget()
    if isinstance(parent, QAbstractItemView):  # a view's corner button (index widgets sit on its viewport)
        return True
    while parent is not None:
        if isinstance(parent, _COMPOSITES):
            return True
        parent = parent.parentWidget()
    return False


def is_control(w: QWidget) -> bool:
    """An input, a button or a view (any scrolling viewer, e.g. a PDF view; not a plain scroll area)."""
    viewer = isinstance(w, QAbstractScrollArea) and not isinstance(w, QScrollArea)
    return (viewer or isinstance(w, CONTROLS)) and not _part_of_qt_widget(w)


def controls(root: QWidget) -> Iterator[QWidget]:
    """The inputs, buttons and views under `root` that a screen-reader user meets."""
    for w in root.findChildren(QWidget):
        if is_control(w):
            yield w


def spoken_name(w: QWidget) -> str:
    """The name a screen reader announces: the accessible name, else what Qt derives (label, text)."""
    iface = QAccessible.queryAccessibleInterface(w)
    return (iface.text(QAccessible.Text.Name) if iface is not None else "").strip()


def describe(w: QWidget) -> str:
    path = []
    node: QWidget | None = w
    while node is not None and not node.isWindow():
        path.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return f"{type(w).__name__} {'/'.join(reversed(path))}"
