"""The main workflows by keyboard alone: key presses only, from the main window (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from screens import settle
from sqlalchemy import select

from sector_desktop.models import Organization, Visit
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


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    """A dialog closed: the window manager activates the window again (offscreen has none to do it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


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


def test_prepare_a_briefing_packet_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    from sector_desktop.ui.palette import CommandPalette
    from sector_desktop.ui.reports.preview import PdfPreviewDialog

    with window.ctx.db.read_session() as s:
        name = s.scalars(select(Organization.name).where(Organization.kind == "employer").limit(1)).one()
    press(Qt.Key.Key_P, CTRL | SHIFT)  # the command palette
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))  # in the palette's box
    assert isinstance(QApplication.activeModalWidget(), CommandPalette)
    type_text("briefing packet")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    back_to(qtbot, window)
    reports = window.page("reports")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is reports.organization)
    type_text(name)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreviewDialog), timeout=30_000)
    preview = QApplication.activeModalWidget()
    assert isinstance(preview, PdfPreviewDialog) and preview.document.pageCount() >= 1
    printing = preview.findChild(QPushButton, "printButton")
    assert printing.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)  # Ctrl+P prints from here
    preview.reject()


def test_sync_by_keyboard_asks_to_connect_first(qtbot: QtBot, window: MainWindow) -> None:
    from sector_desktop.ui.sync.connect_dialog import ConnectDialog

    press(Qt.Key.Key_S, CTRL | SHIFT)  # Sync now, on a profile never connected
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConnectDialog))
    dialog = QApplication.activeModalWidget()
    assert focused().window() is dialog  # the keyboard is in the dialog, ready for the address
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
