"""Calendar export: the .ics file parses back with icalendar, one event per planned visit and
meeting, with the right times, locations and time-zone handling; also through the CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from followup_data import Followups, at, build

from sector_desktop.errors import ValidationError
from sector_desktop.services.calendar_export import default_timezone, export_calendar
from sector_desktop.store import Database, ProfilePaths


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
    assert (result.visits, result.meetings) == (5, 2)
    visit = events[f"{data.visit_today_late}@sector-desktop"]
    # No zone given: floating local times, exactly as stored.
    assert visit.decoded("DTSTART") == at(0, 14) and visit.decoded("DTSTART").tzinfo is None
    assert visit.decoded("DTEND") == at(0, 14, 45)
    assert str(visit["LOCATION"]) == "12 Mill Road, Riverton, OH 44101"
    assert str(visit["SUMMARY"]) == "Visit: Acme Precision"
    assert "Purpose: Hiring plans at Acme Precision" in str(visit["DESCRIPTION"])
    meeting = events[f"{data.meeting_today}@sector-desktop"]
    assert (meeting.decoded("DTSTART"), meeting.decoded("DTEND")) == (at(0, 12), at(0, 13, 30))
    assert str(meeting["LOCATION"]) == "Riverton Community College, Room 4"
    assert "1. Welcome\n2. Curriculum review" in str(meeting["DESCRIPTION"])
    online = events[f"{data.meeting_colleague}@sector-desktop"]
    # No room: the video link is the location; no end time: the default length.
    assert str(online["LOCATION"]) == "https://meet.example.org/roundtable"
    assert online.decoded("DTEND") - online.decoded("DTSTART") == dt.timedelta(minutes=90)


def test_range_staff_filter_and_time_zone(db: Database, data: Followups, tmp_path: Path) -> None:
    out = tmp_path / "mine.ics"
    export_calendar(db, out, start=at(0, 13), end=at(7, 0), staff_id=data.me, timezone="America/Chicago")
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert set(events) == {data.visit_today_late, data.visit_tomorrow}
    start = events[data.visit_tomorrow].decoded("DTSTART")
    assert start == at(1, 10).replace(tzinfo=ZoneInfo("America/Chicago"))
    assert start.astimezone(dt.UTC).hour == 15  # 10:00 CDT (March 12 is after the DST change)


def test_bad_input_is_refused(db: Database, data: Followups, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        export_calendar(db, tmp_path / "x.ics", start=at(0, 0), timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="after its start"):
        export_calendar(db, tmp_path / "x.ics", start=at(1, 0), end=at(0, 0))
    assert not (tmp_path / "x.ics").exists()
    assert default_timezone({"timezone": "Europe/Berlin"}) == "Europe/Berlin"


def test_cli_writes_future_plans(paths: ProfilePaths, db: Database, tmp_path: Path) -> None:
    # The CLI exports from "now": move the fixture's plans to next year so they are in the future.
    data = build(db)
    with db.session() as s:
        from sector_desktop.models import Meeting, Visit

        for model in (Visit, Meeting):
            for record in s.query(model).all():
                record.starts_at = record.starts_at.replace(year=dt.date.today().year + 1)
                if getattr(record, "ends_at", None):
                    record.ends_at = record.ends_at.replace(year=dt.date.today().year + 1)
    out = tmp_path / "cli.ics"
    root = paths.data_dir.parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sector_desktop",
            "--profile",
            str(root),
            "export",
            "calendar",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "7 events" in proc.stdout
    events = read(out)
    assert len(events) == 7
    assert f"{data.meeting_today}@sector-desktop" in events
