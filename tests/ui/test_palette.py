"""The command palette (Ctrl+Shift+P): every enabled command, fuzzy filtering, shortcuts, Enter runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from screens import settle

from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.palette import CommandPalette, rank

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: AppContext) -> Iterator[MainWindow]:
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    settle()
    yield w
    settle()


def open_palette(qtbot: QtBot, window: MainWindow) -> CommandPalette:
    window.activateWindow()  # as the window manager does when a dialog closes (offscreen does not)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommandPalette))
    palette = QApplication.activeModalWidget()
    assert isinstance(palette, CommandPalette)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.query)
    return palette


def menu_actions(window: MainWindow) -> set[QAction]:
    found: set[QAction] = set()
    menus = [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                menus.append(action.menu())
            elif not action.isSeparator() and action.isEnabled():
                found.add(action)
    return found


def test_it_lists_every_enabled_menu_command_with_its_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    window.menu_actions.export_calendar.setEnabled(False)
    palette = open_palette(qtbot, window)
    listed = {c.action: c for c in palette.model.rows}
    assert menu_actions(window) <= set(listed)
    assert window.menu_actions.export_calendar not in listed  # disabled: skipped
    log_visit = listed[window.menu_actions.new_visit]
    assert (log_visit.label, log_visit.shortcut) == ("File: Log visit", "Ctrl+Shift+V")
    row = palette.model.rows.index(log_visit)
    assert palette.model.index(row, 1).data() == "Ctrl+Shift+V"  # the shortcut shows in its row
    palette.reject()


def test_typing_filters_and_enter_runs_the_first_match(qtbot: QtBot, window: MainWindow) -> None:
    palette = open_palette(qtbot, window)
    QTest.keyClicks(palette.query, "go partnrships")  # a typo still finds it
    assert palette.current() is not None and palette.current().action is window.menu_actions.go_to[3]
    QTest.keyClick(palette.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page("partnerships"))
    assert not palette.isVisible()


def test_arrow_keys_choose_among_matches(qtbot: QtBot, window: MainWindow) -> None:
    palette = open_palette(qtbot, window)
    QTest.keyClicks(palette.query, "sync")
    labels = [c.label for c in palette.model.rows]
    assert labels[:3] == ["Go: Sync", "Sync: Sync now", "Sync: Connect to server"]
    QTest.keyClick(palette.query, Qt.Key.Key_Down)
    assert palette.current().label == "Sync: Sync now"
    QTest.keyClicks(palette.query, "qqqq")
    assert palette.model.rowCount() == 0 and palette.empty.isVisibleTo(palette)
    QTest.keyClick(palette.query, Qt.Key.Key_Return)  # nothing to run: stays open
    assert palette.isVisible()
    palette.reject()


def test_the_shown_page_adds_its_own_commands(qtbot: QtBot, window: MainWindow) -> None:
    page = window.go_to("action-items")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    page.table.selectRow(0)
    palette = open_palette(qtbot, window)
    labels = {c.label: c.shortcut for c in palette.model.rows}
    assert labels["Action items: Mark done"] == "Ctrl+Return"
    palette.reject()
    window.go_to("today")
    palette = open_palette(qtbot, window)
    assert not any(c.label.startswith("Action items:") for c in palette.model.rows)  # not on show
    palette.reject()


def test_rank_puts_whole_words_first_then_fuzzy_matches() -> None:
    labels = ["File: Log visit", "Go: Visits", "Go: Organizations", "File: New organization", "File: Quit"]
    assert [labels[i] for i in rank("org", labels)] == ["Go: Organizations", "File: New organization"]
    assert labels[rank("lg vist", labels)[0]] == "File: Log visit"
    assert rank("", labels) == list(range(len(labels)))
    assert rank("zzzz", labels) == []
