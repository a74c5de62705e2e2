"""One clock across zones and daylight-saving changes: a laptop in each zone plans meetings and visits
at fixed wall-clock times around 1 November 2026 and 14 March 2027, and a monthly series across
both; on that laptop every screen, PDF, .ics and the CLI show those wall times; after a sync through
the real server, a laptop in another zone shows the same instants at its own wall times."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from pypdf import PdfReader
from PySide6.QtWidgets import QLabel
from server_harness import ServerProcess, running_server
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.cli import main
from sector_desktop.models import Meeting, Organization, SectorPartnership, StaffUser, Visit
from sector_desktop.services import documents
from sector_desktop.services.calendar_export import export_calendar
from sector_desktop.services.meeting_series import Repeat, schedule_series
from sector_desktop.services.meetings import MeetingInput, schedule_meeting
from sector_desktop.store.meetings import get_meeting_detail
from sector_desktop.store.settings import apply_timezone, set_timezone
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.meetings.page import MeetingDetailPanel
from sector_desktop.ui.today.page import TodayPage

ZONES = ["America/New_York", "America/Los_Angeles", "Pacific/Auckland", "UTC"]
# Around the US changes: New York and Los Angeles fall back on 1 Nov 2026 and spring forward on
# 14 Mar 2027 (Auckland changes on other days: its offset to them moves there too).
DAYS = [
    dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 11, 2),
    dt.date(2027, 3, 13), dt.date(2027, 3, 14), dt.date(2027, 3, 15),
]  # fmt: skip
MEETING, VISIT = dt.time(15, 0), dt.time(9, 30)
SERIES_FIRST = dt.date(2026, 10, 13)  # the second Tuesday: Oct to Apr crosses both changes


def clock_text(when: dt.datetime) -> str:
    """A wall time written as the house style writes it, worked out here independently."""
    return f"{(when.hour % 12) or 12}:{when.minute:02d} {'AM' if when.hour < 12 else 'PM'}"


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server("sqlite", tmp_path_factory.mktemp("zones-srv")) as srv:
        for zone in ZONES:
            srv.create_user(f"home-{ZONES.index(zone)}", PASSWORD, "manager")  # adds staff
            srv.create_user(f"away-{ZONES.index(zone)}", PASSWORD, "staff")
        yield srv


def plan(home: Laptop) -> tuple[str, list[str], list[str]]:
    """On the home laptop (its zone in force): staff, a partnership, a meeting at 3 PM and a visit at
    9:30 AM on each day, and a monthly series at 3 PM. Returns (staff id, meeting ids, visit ids)."""
    with home.db.session() as s:
        me = StaffUser(name="Priya Raman", username="praman")
        partnership = SectorPartnership(name="Healthcare Careers", sector="healthcare")
        org = Organization(name="Harbor Point Hospital", kind="employer", tags=[])
        s.add_all([me, partnership, org])
        s.flush()
        meetings, visits = [], []
        for day in DAYS:
            starts = clock.to_utc(dt.datetime.combine(day, MEETING))
            data = MeetingInput(partnership.id, f"Workgroup {day}", starts, location="Room 4")
            meetings.append(schedule_meeting(s, data))
            visit = Visit(
                organization_id=org.id, staff_id=me.id, status="planned", visit_type="site_visit",
                starts_at=clock.to_utc(dt.datetime.combine(day, VISIT)), duration_minutes=60, services=[],
            )  # fmt: skip
            s.add(visit)
            s.flush()
            visits.append(visit.id)
        first = clock.to_utc(dt.datetime.combine(SERIES_FIRST, MEETING))
        meetings += schedule_series(
            s, MeetingInput(partnership.id, "Series", first, location="Room 5"), Repeat("monthly", count=7)
        )
        return me.id, meetings, visits


def shown(qtbot, lap: Laptop, staff_id: str, meeting_ids: list[str], tmp: Path) -> dict[str, dict[str, str]]:
    """What each surface of `lap` (its zone in force) says about each meeting's start."""
    ctx = AppContext(db=lap.db, paths=lap.paths, staff_id=staff_id)
    panel = MeetingDetailPanel(ctx)
    qtbot.addWidget(panel)
    out = tmp / f"{lap.paths.name}.ics"
    export_calendar(lap.db, out, start=clock.day_start(SERIES_FIRST))
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    seen: dict[str, dict[str, str]] = {}
    for meeting_id in meeting_ids:
        with lap.db.read_session() as s:
            detail = get_meeting_detail(s, meeting_id)
        panel.show_meeting(detail)
        agenda = pdf_text(documents.meeting_pdf(lap.db, "agenda", meeting_id))
        start = events[meeting_id].decoded("DTSTART")
        seen[meeting_id] = {
            "screen": panel.facts.text(),
            "agenda": agenda,
            "ics": f"{start.isoformat()} {events[meeting_id]['DTSTART'].params.get('TZID', 'Z')}",
        }
    return seen


def cli_list(lap: Laptop, capsys: pytest.CaptureFixture[str], ids: list[str]) -> dict[str, str]:
    """`meetings list --json` of the laptop's profile: the start of each of `ids` as printed (the
    server is shared, so the other zones' meetings are there too)."""
    capsys.readouterr()
    since = (SERIES_FIRST - dt.timedelta(days=1)).isoformat()
    profile = str(lap.paths.data_dir.parent)
    assert main(["--profile", profile, "meetings", "list", "--json", "--from", since]) == 0
    return {m["id"]: m["starts_at"] for m in json.loads(capsys.readouterr().out) if m["id"] in ids}


def printed(instants: dict[str, dt.datetime], zone: ZoneInfo) -> dict[str, str]:
    """How `meetings list --json` should print each instant in `zone`: ISO 8601 with the offset."""
    return {mid: when.astimezone(zone).isoformat() for mid, when in instants.items()}


@pytest.mark.parametrize("zone", ZONES)
def test_the_same_instant_at_home_and_away(
    zone: str,
    qtbot,
    server: ServerProcess,
    tmp_path: Path,
    migrated_template: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    away_zone = ZONES[(ZONES.index(zone) + 1) % len(ZONES)]
    install_memory_keyring()
    home = make_laptop(tmp_path, migrated_template, server.url, "home")
    away = make_laptop(tmp_path, migrated_template, server.url, "away")
    set_timezone(home.paths, zone)
    set_timezone(away.paths, away_zone)
    here, there = ZoneInfo(zone), ZoneInfo(away_zone)
    try:
        apply_timezone(home.paths)
        staff_id, meeting_ids, visit_ids = plan(home)
        with home.db.read_session() as s:
            starts = dict(s.execute(select(Meeting.id, Meeting.starts_at)).all())
        instants = {mid: starts[mid].replace(tzinfo=dt.UTC) for mid in meeting_ids}
        # At home: every surface says 3:00 PM (and 9:30 AM for the visits), whatever the season.
        assert {i.astimezone(here).time() for i in instants.values()} == {MEETING}
        for mid, seen in shown(qtbot, home, staff_id, meeting_ids, tmp_path).items():
            assert "3:00 PM" in seen["screen"] and "3:00 PM–4:30 PM" in seen["agenda"], (zone, mid, seen)
            assert seen["ics"].split("T")[1].startswith("15:00:00"), seen["ics"]
            assert seen["ics"].endswith("Z" if zone == "UTC" else zone)
        for day in DAYS:
            page = TodayPage(AppContext(db=home.db, paths=home.paths, staff_id=staff_id), today=day)
            qtbot.addWidget(page)
            qtbot.waitUntil(lambda page=page: page.data is not None)
            first_day = [c for c in page.stop_cards() if clock.local_day(c.stop.starts_at) == day]
            times = [c.findChild(QLabel, "stopTime").text() for c in first_day]
            assert [c.stop.kind for c in first_day] == ["visit", "meeting"], (zone, day, times)
            assert "9:30 AM" in times[0] and "3:00 PM" in times[1]
            route = pdf_text(documents.day_pdf(home.db, day, staff_id))
            assert route.index("9:30 AM") < route.index("3:00 PM Workgroup"), (zone, day)
        assert cli_list(home, capsys, meeting_ids) == printed(instants, here)

        home.connect(f"home-{ZONES.index(zone)}")
        assert home.sync().ok
        apply_timezone(away.paths)
        away.connect(f"away-{ZONES.index(zone)}")
        assert away.sync().ok
        # Away: the same instants, at the wall times of the other zone.
        with away.db.read_session() as s:
            pulled = dict(s.execute(select(Meeting.id, Meeting.starts_at)).all())
            visits = dict(s.execute(select(Visit.id, Visit.starts_at)).all())
        assert {mid: pulled[mid].replace(tzinfo=dt.UTC) for mid in meeting_ids} == instants
        typed = [clock.to_utc(dt.datetime.combine(d, VISIT, tzinfo=here)) for d in DAYS]
        assert [visits[v] for v in visit_ids] == typed
        for mid, seen in shown(qtbot, away, staff_id, meeting_ids, tmp_path).items():
            local = instants[mid].astimezone(there)
            assert clock_text(local) in seen["screen"], (zone, away_zone, mid, seen["screen"])
            assert f"{clock_text(local)}–" in seen["agenda"]
            assert dt.datetime.fromisoformat(seen["ics"].split(" ")[0]) == instants[mid]
            assert seen["ics"].endswith("Z" if away_zone == "UTC" else away_zone)
        for mid in meeting_ids[: len(DAYS)]:  # Today, on the day the meeting falls on over there
            local = instants[mid].astimezone(there)
            page = TodayPage(AppContext(db=away.db, paths=away.paths, staff_id=staff_id), today=local.date())
            qtbot.addWidget(page)
            qtbot.waitUntil(lambda page=page: page.data is not None)
            [card] = [c for c in page.stop_cards() if c.stop.id == mid]
            assert clock_text(local) in card.findChild(QLabel, "stopTime").text(), (zone, away_zone, local)
        assert cli_list(away, capsys, meeting_ids) == printed(instants, there)
    finally:
        home.close()
        away.close()
