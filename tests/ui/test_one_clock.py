"""The reported bug, driven as a user would in New York: a meeting scheduled for 3:00 PM tomorrow (in
the app, or with the real `sector-desktop meetings schedule` command) reads 3:00 PM on Meetings, Today,
the agenda and day-packet PDFs, the .ics and `meetings list`; a meeting 90 minutes away is upcoming,
not past; the same profile opened in Los Angeles exports the same instants."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
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
from sector_desktop.store.settings import update_settings
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


def cli(ctx: AppContext, zone: str, *args: str | Path) -> str:
    """Run the real `sector-desktop` command on the context's profile with TZ=`zone`; its output."""
    command = Path(sys.executable).with_name("sector-desktop")
    profile = ctx.paths.data_dir.parent
    env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [command, "--profile", profile, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def starts_of(ics: Path) -> dict[str, dt.datetime]:
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    return {str(e["UID"]).split("@")[0]: e.decoded("DTSTART") for e in events}


def test_done_when_with_the_command_line_in_new_york_and_los_angeles(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    east, west = "America/New_York", "America/Los_Angeles"
    update_settings(ctx.paths, current_staff_id=ctx.staff_id)  # who "me" is for `report day`
    tomorrow = clock.today() + dt.timedelta(days=1)
    soon = clock.wall(clock.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=90))
    for title, wall in (("CNA pipeline", f"{tomorrow} 15:00"), ("Soon", f"{soon:%Y-%m-%d %H:%M}")):
        printed = cli(ctx, east, "meetings", "schedule", "--partnership", "Healthcare", "--title", title,
                      "--starts", wall, "--location", "Bayline College, Room 4")  # fmt: skip
        assert "Scheduled 1 meeting" in printed
    with ctx.db.read_session() as s:
        ids = dict(s.execute(select(Meeting.title, Meeting.id)).all())
        assert s.get(Meeting, ids["CNA pipeline"]).starts_at == clock.at(tomorrow, 15)
    meeting_id = ids["CNA pipeline"]

    # The command line: the list, the .ics, the agenda and the day packet, all at 3:00 PM.
    listed = cli(ctx, east, "meetings", "list", "--from", str(tomorrow), "--to", str(tomorrow))
    assert "3:00 PM–4:30 PM  CNA pipeline" in listed and "(times in America/New_York)" in listed
    cli(ctx, east, "export", "calendar", "--out", tmp_path / "east.ics")
    assert f"DTSTART;TZID={east}:{tomorrow:%Y%m%d}T150000" in (tmp_path / "east.ics").read_text()
    cli(ctx, east, "report", "agenda", "--meeting", meeting_id, "--out", tmp_path / "agenda.pdf")
    assert "3:00 PM–4:30 PM" in pdf_text((tmp_path / "agenda.pdf").read_bytes())
    cli(ctx, east, "report", "day", "--date", str(tomorrow), "--out", tmp_path / "day.pdf")
    route = pdf_text((tmp_path / "day.pdf").read_bytes()).replace(" ", "")
    assert "3:00PMCNApipeline" in route

    # The screens: Meetings (the meeting 90 minutes away is upcoming, not past) and Today.
    meetings = MeetingsPage(ctx)
    qtbot.addWidget(meetings)
    qtbot.waitUntil(
        lambda: (
            meetings.model.row_of(meeting_id) is not None and meetings.model.row_of(ids["Soon"]) is not None
        )
    )
    assert meetings.when.currentData() == "upcoming" and meetings.when.currentText() != "Past"
    row = meetings.model.row_of(meeting_id)
    assert meetings.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole).endswith(", 3:00 PM")
    today = TodayPage(ctx, today=tomorrow)
    qtbot.addWidget(today)
    qtbot.waitUntil(lambda: any(c.stop.id == meeting_id for c in today.stop_cards()))
    card = next(c for c in today.stop_cards() if c.stop.id == meeting_id)
    assert card.findChild(QLabel, "stopTime").text().startswith("<b>3:00 PM</b>")

    # The same profile on a laptop in Los Angeles: the same instants, written at its wall times.
    cli(ctx, west, "export", "calendar", "--out", tmp_path / "west.ics")
    there, here = starts_of(tmp_path / "west.ics"), starts_of(tmp_path / "east.ics")
    assert there == here and set(there) == set(ids.values())
    assert (there[meeting_id].hour, str(there[meeting_id].tzinfo)) == (12, west)
    [west_line] = json.loads(cli(ctx, west, "meetings", "list", "--json", "--from", str(tomorrow)))
    assert dt.datetime.fromisoformat(west_line["starts_at"]) == here[meeting_id]
