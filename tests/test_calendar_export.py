"""Calendar export: the .ics file parses back with icalendar, one event per planned visit and
meeting, with the right instants in the profile's zone (TZID and VTIMEZONE), cancelled ones marked
for removal, the right locations; also through the CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from followup_data import Followups, at, build
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.models import Meeting, SectorPartnership, Visit
from sector_desktop.services.calendar_export import export_calendar
from sector_desktop.services.meeting_series import Repeat, cancel_meeting, schedule_series
from sector_desktop.services.meetings import MeetingInput
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import set_timezone


@pytest.fixture
def data(db: Database) -> Followups:
    return build(db)


def read(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_one_event_per_planned_visit_and_meeting(db: Database, data: Followups, tmp_path: Path) -> None:
    out = tmp_path / "plans.ics"
    result = export_calendar(db, out, start=at(0, 0))
    events = read(out)
    planned = [
        data.visit_today_early,
        data.visit_today_late,
        data.visit_tomorrow,
        data.visit_colleague,
        data.visit_next_week,
        data.meeting_today,
        data.meeting_colleague,
    ]
    assert set(events) == {f"{i}@sector-desktop" for i in planned}
    assert (result.visits, result.meetings, result.timezone) == (5, 2, "America/New_York")
    visit = events[f"{data.visit_today_late}@sector-desktop"]
    # The profile's zone (the computer's: New York here): the wall time as entered, with its TZID.
    start = visit.decoded("DTSTART")
    assert visit["DTSTART"].params["TZID"] == "America/New_York"
    assert (start.hour, start.minute) == (14, 0) and start == clock.local(at(0, 14))
    assert visit.decoded("DTEND") == clock.local(at(0, 14, 45))
    assert str(visit["STATUS"]) == "CONFIRMED"
    assert str(visit["LOCATION"]) == "12 Mill Road, Riverton, OH 44101"
    assert str(visit["SUMMARY"]) == "Visit: Acme Precision"
    assert "Purpose: Hiring plans at Acme Precision" in str(visit["DESCRIPTION"])
    meeting = events[f"{data.meeting_today}@sector-desktop"]
    assert (meeting.decoded("DTSTART"), meeting.decoded("DTEND")) == (
        clock.local(at(0, 12)),
        clock.local(at(0, 13, 30)),
    )
    assert str(meeting["LOCATION"]) == "Riverton Community College, Room 4"
    assert "1. Welcome\n2. Curriculum review" in str(meeting["DESCRIPTION"])
    online = events[f"{data.meeting_colleague}@sector-desktop"]
    # No room: the video link is the location; no end time: the default length.
    assert str(online["LOCATION"]) == "https://meet.example.org/roundtable"
    assert online.decoded("DTEND") - online.decoded("DTSTART") == dt.timedelta(minutes=90)
    zones = icalendar.Calendar.from_ical(out.read_bytes()).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["America/New_York"]


def test_range_staff_filter_and_time_zone(db: Database, data: Followups, tmp_path: Path) -> None:
    out = tmp_path / "mine.ics"
    export_calendar(db, out, start=at(0, 13), end=at(7, 0), staff_id=data.me, timezone="America/Chicago")
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert set(events) == {data.visit_today_late, data.visit_tomorrow}
    start = events[data.visit_tomorrow].decoded("DTSTART")
    # 10:00 in New York is the same instant as 9:00 in Chicago (March 12 is after the DST change).
    assert start == clock.local(at(1, 10)) and start.hour == 9
    assert start.astimezone(dt.UTC).hour == 14


def test_the_profiles_zone_setting_wins_and_utc_is_written_as_utc(
    paths: ProfilePaths, db: Database, data: Followups, tmp_path: Path
) -> None:
    entered = at(0, 14)  # 14:00 in New York, where the fixture was entered
    set_timezone(paths, "Pacific/Auckland")
    export_calendar(db, tmp_path / "nz.ics", start=entered - dt.timedelta(days=1))
    visit = read(tmp_path / "nz.ics")[f"{data.visit_today_late}@sector-desktop"]
    start = visit.decoded("DTSTART")
    assert visit["DTSTART"].params["TZID"] == "Pacific/Auckland"
    assert start == entered.replace(tzinfo=dt.UTC)  # the same instant
    assert (start.day, start.hour) == (12, 7)  # 14:00 EDT on Mar 11 is 07:00 NZDT on Mar 12
    export_calendar(db, tmp_path / "utc.ics", start=entered - dt.timedelta(days=1), timezone="UTC")
    text = (tmp_path / "utc.ics").read_text()
    assert "DTSTART:20260311T180000Z" in text and "VTIMEZONE" not in text


def test_cancelled_and_deleted_plans_are_exported_as_cancelled(
    db: Database, data: Followups, tmp_path: Path
) -> None:
    out = tmp_path / "plans.ics"
    export_calendar(db, out, start=at(0, 0))
    before = read(out)
    later = clock.now() + dt.timedelta(minutes=1)  # edited a minute after the first export
    with db.session() as s:
        meeting, visit = s.get(Meeting, data.meeting_today), s.get(Visit, data.visit_tomorrow)
        meeting.status, meeting.updated_at = "cancelled", later
        visit.deleted_at, visit.updated_at = clock.now(), later
    result = export_calendar(db, out, start=at(0, 0))
    after = read(out)
    assert set(after) == set(before) and result.cancelled == 2 and result.events == 5
    for record in (data.meeting_today, data.visit_tomorrow):
        uid = f"{record}@sector-desktop"
        assert str(after[uid]["STATUS"]) == "CANCELLED"
        # A higher sequence, so a calendar that has the event takes the cancellation over it.
        assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert "cancelled" in result.summary()


def test_a_series_cancelled_in_the_same_second_leaves_calendars(
    db: Database, data: Followups, tmp_path: Path
) -> None:
    """Cancelled through the service (no clock moved by hand): the cancelled occurrences keep their
    UIDs, say CANCELLED and outrank the copies calendars hold, even within the same second."""
    with db.session() as s:
        partnership = s.scalar(select(SectorPartnership.id))
        first = MeetingInput(partnership, "Welding workgroup", at(1, 15), location="Room 5")
        ids = schedule_series(s, first, Repeat("monthly", count=3))
    out = tmp_path / "series.ics"
    export_calendar(db, out, start=at(0, 0))
    before = read(out)
    with db.session() as s:
        assert cancel_meeting(s, ids[1], "following") == ids[1:]
    export_calendar(db, out, start=at(0, 0))
    after = read(out)
    uids = [f"{i}@sector-desktop" for i in ids]
    assert all(uid in before and uid in after for uid in uids)
    assert str(after[uids[0]]["STATUS"]) == "CONFIRMED"
    assert int(after[uids[0]]["SEQUENCE"]) == int(before[uids[0]]["SEQUENCE"])
    for uid in uids[1:]:
        assert str(before[uid]["STATUS"]) == "CONFIRMED" and str(after[uid]["STATUS"]) == "CANCELLED"
        assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
        assert after[uid].decoded("DTSTART") == before[uid].decoded("DTSTART")


def test_bad_input_is_refused(db: Database, data: Followups, tmp_path: Path, paths: ProfilePaths) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        export_calendar(db, tmp_path / "x.ics", start=at(0, 0), timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="after its start"):
        export_calendar(db, tmp_path / "x.ics", start=at(1, 0), end=at(0, 0))
    assert not (tmp_path / "x.ics").exists()
    with pytest.raises(ValidationError, match="time zone"):
        set_timezone(paths, "Europe/Atlantis")


def test_cli_writes_future_plans(paths: ProfilePaths, db: Database, tmp_path: Path) -> None:
    # The CLI exports from "now": move the fixture's plans to next year so they are in the future.
    data = build(db)
    with db.session() as s:
        for model in (Visit, Meeting):
            for record in s.query(model).all():
                record.starts_at = record.starts_at.replace(year=dt.date.today().year + 1)
                if getattr(record, "ends_at", None):
                    record.ends_at = record.ends_at.replace(year=dt.date.today().year + 1)
    root = paths.data_dir.parent

    def export(out: Path, zone: str) -> dict[str, icalendar.Event]:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TZ": zone}
        proc = subprocess.run(
            [sys.executable, "-m", "sector_desktop", "--profile", root, "export", "calendar", "--out", out],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert "7 events" in proc.stdout and f"times in {zone}" in proc.stdout
        return read(out)

    events = export(tmp_path / "cli.ics", "America/New_York")
    assert len(events) == 7
    assert f"{data.meeting_today}@sector-desktop" in events
    # The same profile on a laptop set to Los Angeles: the same instants, written in its zone.
    west = export(tmp_path / "west.ics", "America/Los_Angeles")
    assert set(west) == set(events)
    for uid, event in events.items():
        assert west[uid].decoded("DTSTART") == event.decoded("DTSTART")
        assert west[uid]["DTSTART"].params["TZID"] == "America/Los_Angeles"
    uid = f"{data.meeting_today}@sector-desktop"
    assert events[uid].decoded("DTSTART").hour - west[uid].decoded("DTSTART").hour == 3
