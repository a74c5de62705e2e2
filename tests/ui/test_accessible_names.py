"""Every input, button and view that a user can reach has a name a screen reader can say.

Walks every page (each --view, each tab) and every dialog (each case), with the naming that
the app installs at start-up, and fails on a control with no name, or on two controls of one
screen that share a name (a reader could not tell them apart).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from dialog_cases import CASES, load_demo
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from screens import controls, describe, every_view, settle

from sector_desktop.ui import accessibility
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, demo_ctx: AppContext) -> Iterator[MainWindow]:
    accessibility.install(qapp)
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    settle()
    yield w
    settle()


def name_of(w: QWidget) -> str:
    if isinstance(w, QAbstractButton) and not w.accessibleName():
        return accessibility.clean(w.text())  # what Qt says for a button
    return w.accessibleName()


def mnemonics(root: QWidget) -> Counter[str]:
    """The Alt+letter keys that labels (with a buddy) and buttons shown in `root` answer to."""
    keys: Counter[str] = Counter()
    for w in root.findChildren(QWidget):
        has_key = isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None)
        if has_key and w.isVisibleTo(root) and not w.objectName().startswith("qt_"):
            key = QKeySequence.mnemonic(w.text()).toString()
            if key:
                keys[key.removeprefix("Alt+")] += 1
    return keys


def problems_on_screen(root: QWidget, where: str) -> list[str]:
    """Unnamed controls and shared names among the controls shown now, tab by tab."""
    found: list[str] = []
    tabs = [t for t in root.findChildren(QTabWidget) if t.isVisibleTo(root)] or [None]
    for tab_widget in tabs:
        for index in range(tab_widget.count() if tab_widget else 1):
            if tab_widget is not None:
                tab_widget.setCurrentIndex(index)
                settle()
            shown = [w for w in controls(root) if w.isVisibleTo(root)]
            found += [f"{where}: {describe(w)} has no accessible name" for w in shown if not name_of(w)]
            found += [
                f"{where}: Alt+{k} is the mnemonic of {n} controls"
                for k, n in mnemonics(root).items()
                if n > 1
            ]
            twice = Counter(name_of(w) for w in shown if name_of(w))
            found += [f"{where}: {n} controls are all called {name!r}" for name, n in twice.items() if n > 1]
    return found


def test_every_page_names_its_controls(window: MainWindow) -> None:
    problems: list[str] = []
    for view in every_view():
        window.show_view(view)
        settle()
        problems += problems_on_screen(window, f"view {view}")
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_every_dialog_names_its_controls(window: MainWindow) -> None:
    demo = load_demo(window.ctx)
    problems: list[str] = []
    for name, make in sorted(CASES().items()):
        for i, dialog in enumerate(make(demo, window)):
            dialog.show()
            settle()
            problems += problems_on_screen(dialog, f"{name.rsplit('.', 1)[1]} #{i}")
            dialog.close()
            dialog.deleteLater()
            settle()
    assert not problems, "\n".join(dict.fromkeys(problems))
