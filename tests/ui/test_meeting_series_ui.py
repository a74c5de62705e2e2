"""Meetings in series in the app: schedule one with Repeats, move an occurrence and the later ones to a
new time, cancel one occurrence or the rest from the Cancel button's menu."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.models import Meeting, StaffUser
from sector_desktop.services.partnerships import PartnershipInput, create_partnership
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.meetings import get_meeting_detail
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.datetimes import wall_qdatetime
from sector_desktop.ui.meetings.page import MeetingsPage
from sector_desktop.ui.meetings.schedule_dialog import ScheduleMeetingDialog

FIRST = dt.datetime(2027, 1, 12, 15)  # the second Tuesday of January 2027, 3 PM


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths) -> AppContext:
    with db.session() as s:
        me = StaffUser(name="Priya Raman", username="praman")
        s.add(me)
        s.flush()
        create_partnership(s, PartnershipInput(name="Healthcare Careers", sector="healthcare"))
        staff_id = me.id
    return AppContext(db=db, paths=paths, staff_id=staff_id)


def series(db: Database) -> list[Meeting]:
    with db.read_session() as s:
        return list(s.scalars(select(Meeting).order_by(Meeting.starts_at)))


def open_dialog(qtbot, ctx: AppContext, current=None) -> ScheduleMeetingDialog:
    dialog = ScheduleMeetingDialog(ctx, current)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.partnership.count() > 0 and dialog.facilitator.count() > 1)
    return dialog


def test_schedule_a_monthly_series_in_the_dialog(qtbot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    dialog.starts.setDateTime(wall_qdatetime(FIRST))
    assert dialog.repeat.itemText(1) == "Monthly on the second Tuesday"
    assert dialog.repeat.itemText(4) == "Every 3 months on day 12"
    assert not dialog.form.isRowVisible(dialog.ends)
    dialog.repeat.setCurrentIndex(1)
    assert dialog.form.isRowVisible(dialog.ends)
    dialog.ends.count.setValue(4)
    dialog.title.setText("Nursing workgroup")
    dialog.location.setText("Bayline College")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    meetings = series(ctx.db)
    assert [clock.wall(m.starts_at) for m in meetings] == [
        FIRST, dt.datetime(2027, 2, 9, 15), dt.datetime(2027, 3, 9, 15), dt.datetime(2027, 4, 13, 15)
    ]
    assert len({m.series_id for m in meetings}) == 1


def test_a_bad_series_is_refused_inline(qtbot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    dialog.starts.setDateTime(wall_qdatetime(FIRST))
    dialog.repeat.setCurrentIndex(2)
    dialog.ends.how.setCurrentIndex(dialog.ends.how.findData("until"))
    dialog.ends.until.setDate(QDate(2027, 1, 20))
    dialog.location.setText("Bayline College")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "only one meeting" in dialog.error.text())
    assert not dialog.error.isHidden()
    assert series(ctx.db) == []


def test_move_this_and_the_later_ones_then_cancel_from_the_menu(qtbot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    dialog.starts.setDateTime(wall_qdatetime(FIRST))
    dialog.repeat.setCurrentIndex(1)
    dialog.ends.count.setValue(4)
    dialog.location.setText("Bayline College")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    ids = [m.id for m in series(ctx.db)]
    with ctx.db.read_session() as s:
        second = get_meeting_detail(s, ids[1])
    assert second.later_in_series == 2
    edit = open_dialog(qtbot, ctx, second)
    assert edit.form.isRowVisible(edit.scope)
    edit.scope.setCurrentIndex(edit.scope.findData("following"))
    edit.starts.setDateTime(wall_qdatetime(dt.datetime(2027, 2, 18, 16)))  # the third Thursday, 4 PM
    with qtbot.waitSignal(edit.saved):
        edit.buttons.accepted.emit()
    assert [clock.wall(m.starts_at) for m in series(ctx.db)] == [
        FIRST, dt.datetime(2027, 2, 18, 16), dt.datetime(2027, 3, 18, 16), dt.datetime(2027, 4, 15, 16)
    ]

    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.row_of(ids[2]) is not None)
    page.load_detail(ids[2])
    qtbot.waitUntil(lambda: page.detail.meeting is not None and page.detail.meeting.id == ids[2])
    assert "Series: monthly, 1 more planned" in page.detail.facts.text()
    assert page.detail.cancel.menu() is page.detail.cancel_menu
    with qtbot.waitSignal(page.model.loaded):  # the write is announced and the list reloads
        page.detail.cancel_following.trigger()
    assert [m.status for m in series(ctx.db)] == ["planned", "planned", "cancelled", "cancelled"]
    qtbot.waitUntil(lambda: page.detail.meeting is not None and page.detail.meeting.status == "cancelled")
