"""The main workflows by keyboard alone: key presses only, from the main window (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from screens import settle
from sqlalchemy import select

from sector_desktop.models import Visit
from sector_desktop.store.meetings import MeetingDetail, get_meeting_detail
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.visits.editor import VisitEditor

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


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


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the user's keyboard sends it: to an open popup, else to the focus widget."""
    QTest.keyClick(QApplication.activePopupWidget() or focused(), key, modifiers)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def test_log_a_visit_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    press(Qt.Key.Key_V, CTRL | SHIFT)  # File → Log visit…
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VisitEditor))
    editor = QApplication.activeModalWidget()
    assert isinstance(editor, VisitEditor)
    qtbot.waitUntil(lambda: focused() is editor.org_edit)  # it opens ready to find the organization

    type_text("Crescent")
    popup = editor.org_edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.org_edit.choice is not None)
    organization = editor.org_edit.choice.id

    press(Qt.Key.Key_P, ALT)  # &Purpose
    assert focused() is editor.purpose_edit
    type_text("Talk through the spring cohort")
    press(Qt.Key.Key_N, ALT)  # &Notes
    assert focused() is editor.notes_edit
    type_text("They will take four apprentices.")
    press(Qt.Key.Key_S, CTRL)  # save
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())  # saved and closed

    with window.ctx.db.read_session() as s:
        visit = s.scalars(select(Visit).where(Visit.purpose == "Talk through the spring cohort")).one()
        assert (visit.organization_id, visit.notes) == (organization, "They will take four apprentices.")


def test_take_live_minutes_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    press(Qt.Key.Key_5, CTRL)  # Go → Meetings: the focus lands in the list of meetings
    page = window.page("meetings")
    assert focused() is page.table
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    press(Qt.Key.Key_Home)  # the next upcoming meeting
    meeting_id = page.model.row_at(0).id
    qtbot.waitUntil(lambda: page.detail.meeting is not None and page.detail.meeting.id == meeting_id)
    press(Qt.Key.Key_M, CTRL)  # Live minutes
    live = page.live
    qtbot.waitUntil(lambda: live.meeting is not None and live.meeting.id == meeting_id)
    first_item = next(iter(live.editors))
    qtbot.waitUntil(lambda: focused() is live.editors[first_item])  # ready for the first item's minutes

    type_text("Chair opened the meeting.")
    press(Qt.Key.Key_D, CTRL)  # a decision
    assert focused() is live.decision_edit
    type_text("Hold the job fair in March")
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_A, CTRL | SHIFT)  # an action item
    assert focused() is live.action_text
    type_text("Book the hall")
    press(Qt.Key.Key_Return)

    def saved() -> bool:
        detail = _meeting(window, meeting_id)
        return (
            any(d.text == "Hold the job fair in March" for d in detail.decisions)
            and any(a.text == "Book the hall" for a in detail.action_items)
            and any(i.minutes and "Chair opened the meeting." in i.minutes for i in detail.agenda)
        )

    qtbot.waitUntil(saved, timeout=10_000)


def _meeting(window: MainWindow, meeting_id: str) -> MeetingDetail:
    with window.ctx.db.read_session() as s:
        return get_meeting_detail(s, meeting_id)
