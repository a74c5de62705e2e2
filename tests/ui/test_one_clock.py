"""The reported bug, driven as a user would in New York: a meeting scheduled in the app for 3:00 PM
tomorrow reads 3:00 PM on Meetings, Today, the agenda and day-packet PDFs and the .ics; a meeting
90 minutes away is upcoming, not past."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.models import Meeting, SectorPartnership, StaffUser
from sector_desktop.services import documents
from sector_desktop.services import meetings as svc
from sector_desktop.services.calendar_export import export_calendar
from sector_desktop.services.partnerships import PartnershipInput, create_partnership
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.datetimes import wall_of, wall_qdatetime
from sector_desktop.ui.meetings.page import MeetingsPage
from sector_desktop.ui.meetings.schedule_dialog import ScheduleMeetingDialog
from sector_desktop.ui.today.page import TodayPage


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths) -> AppContext:
    with db.session() as s:
        me = StaffUser(name="Priya Raman", username="praman")
        s.add(me)
        s.flush()
        create_partnership(s, PartnershipInput(name="Healthcare Careers", sector="healthcare"))
        staff_id = me.id
    return AppContext(db=db, paths=paths, staff_id=staff_id)


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def schedule_in_the_app(qtbot, ctx: AppContext, wall: dt.datetime, title: str) -> str:
    dialog = ScheduleMeetingDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.partnership.count() > 0 and dialog.facilitator.count() > 1)
    dialog.title.setText(title)
    dialog.starts.setDateTime(wall_qdatetime(wall))
    assert wall_of(dialog.starts.dateTime()) == wall
    dialog.location.setText("Bayline College, Room 4")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.buttons.accepted.emit()
    return saved.args[0]


def test_three_pm_tomorrow_reads_three_pm_everywhere(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    tomorrow = clock.today() + dt.timedelta(days=1)
    meeting_id = schedule_in_the_app(qtbot, ctx, dt.datetime.combine(tomorrow, dt.time(15)), "CNA pipeline")
    with ctx.db.read_session() as s:
        stored = s.get(Meeting, meeting_id).starts_at
    assert stored == clock.at(tomorrow, 15)  # stored as UTC: 20:00 or 19:00 by the season

    meetings = MeetingsPage(ctx)
    qtbot.addWidget(meetings)
    qtbot.waitUntil(lambda: meetings.model.row_of(meeting_id) is not None)
    row = meetings.model.row_of(meeting_id)
    assert meetings.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole).endswith(", 3:00 PM")
    qtbot.waitUntil(lambda: meetings.detail.meeting is not None and meetings.detail.meeting.id == meeting_id)
    assert "3:00 PM" in meetings.detail.facts.text()

    today = TodayPage(ctx)
    qtbot.addWidget(today)
    qtbot.waitUntil(lambda: any(c.stop.id == meeting_id for c in today.stop_cards()))
    card = next(c for c in today.stop_cards() if c.stop.id == meeting_id)
    times = card.findChild(QLabel, "stopTime").text()
    assert "3:00 PM" in times and "4:30 PM" in times

    agenda = pdf_text(documents.meeting_pdf(ctx.db, "agenda", meeting_id))
    assert "3:00 PM–4:30 PM" in agenda and "8:00 PM" not in agenda
    day = pdf_text(documents.day_pdf(ctx.db, tomorrow, ctx.staff_id))
    assert "3:00 PM CNA pipeline" in day or "3:00 PM CNA" in day

    out = tmp_path / "plans.ics"
    export_calendar(ctx.db, out)
    text = out.read_text()
    assert f"DTSTART;TZID=America/New_York:{tomorrow:%Y%m%d}T150000" in text
    [event] = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(dt.UTC).replace(tzinfo=None) == stored


def test_a_meeting_ninety_minutes_away_is_upcoming(qtbot, ctx: AppContext) -> None:
    soon = clock.now() + dt.timedelta(minutes=90)
    with ctx.db.session() as s:
        partnership = s.scalar(select(SectorPartnership.id))
        meeting_id = svc.schedule_meeting(s, svc.MeetingInput(partnership, "Soon", soon, location="Room 2"))
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.row_of(meeting_id) is not None)
    assert page.when.currentData() == "upcoming"
    with qtbot.waitSignal(page.model.loaded):  # opening it lists it where it belongs: a reload
        page.open_record("meeting", meeting_id)
    qtbot.waitUntil(lambda: page.detail.meeting is not None and page.detail.meeting.id == meeting_id)
    assert page.when.currentData() == "upcoming"


def test_the_house_style_follows_the_system_locale_where_qt_gives_it(qapp) -> None:
    from PySide6.QtCore import QLocale

    from sector_desktop import timefmt
    from sector_desktop.ui.datetimes import edit_format, style_from_locale

    assert style_from_locale(QLocale("en_US")) == timefmt.Style(hour24=False, day_first=False)
    assert style_from_locale(QLocale("en_GB")) == timefmt.Style(hour24=True, day_first=True)
    assert style_from_locale(QLocale("de_DE")) == timefmt.Style(hour24=True, day_first=True)
    assert style_from_locale(QLocale.c()) == timefmt.Style()  # no locale set: the default
    timefmt.use_style(style_from_locale(QLocale("en_GB")))
    stored = clock.at(dt.date(2026, 11, 25), 15)
    assert timefmt.when(stored) == "Wed, 25 Nov 2026, 15:00" and edit_format() == "ddd d MMM yyyy  HH:mm"
