"""`sector-desktop meetings schedule|list`: times typed and shown in the profile's zone; a series from
the command line; bad input named, nothing scheduled."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from sector_desktop import clock
from sector_desktop.cli import main
from sector_desktop.models import Meeting, SectorPartnership
from sector_desktop.store import Database, ProfilePaths


@pytest.fixture
def profile(paths: ProfilePaths, db: Database) -> str:
    with db.session() as s:
        s.add(SectorPartnership(name="Healthcare Careers Alliance", sector="healthcare"))
        s.add(SectorPartnership(name="Advanced Manufacturing Partnership", sector="manufacturing"))
    return str(paths.data_dir.parent)


def run(profile: str, *args: str) -> int:
    return main(["--profile", profile, "meetings", *args])


def count(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Meeting)) or 0


def test_three_pm_tomorrow_is_three_pm_in_the_list_and_the_same_instant_in_los_angeles(
    profile: str, db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tomorrow = clock.today() + dt.timedelta(days=1)
    starts = f"{tomorrow.isoformat()} 15:00"
    assert run(profile, "schedule", "--partnership", "healthcare", "--title", "CNA pipeline",
               "--starts", starts, "--location", "Bayline College, Room 4") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Scheduled 1 meeting" in out
    assert "3:00 PM–4:30 PM  CNA pipeline · Healthcare Careers Alliance" in out
    assert run(profile, "list", "--from", tomorrow.isoformat(), "--to", tomorrow.isoformat()) == 0
    assert "3:00 PM–4:30 PM  CNA pipeline" in capsys.readouterr().out
    assert run(profile, "list", "--json") == 0
    [listed] = json.loads(capsys.readouterr().out)
    east = dt.datetime.fromisoformat(listed["starts_at"])
    assert (east.hour, listed["timezone"], listed["title"]) == (15, "America/New_York", "CNA pipeline")
    with db.read_session() as s:
        assert s.scalar(select(Meeting.starts_at)) == clock.at(tomorrow, 15)
    # The same profile on a laptop set to Los Angeles: the same instant, at noon there.
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    assert run(profile, "list", "--json", "--from", tomorrow.isoformat()) == 0
    [west] = json.loads(capsys.readouterr().out)
    assert dt.datetime.fromisoformat(west["starts_at"]) == east
    noon = dt.datetime.fromisoformat(west["starts_at"]).hour
    assert (noon, west["timezone"]) == (12, "America/Los_Angeles")


def test_a_monthly_series_from_the_command_line(
    profile: str, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(profile, "schedule", "--partnership", "Advanced Manufacturing", "--title", "Welding",
               "--starts", "2026-12-08 09:30", "--video-link", "https://meet.example.org/weld",
               "--repeat", "monthly", "--count", "4") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Scheduled 4 meetings" in out
    days = ("Tue, Dec 8, 2026, 9:30 AM", "Tue, Jan 12, 2027, 9:30 AM", "Tue, Feb 9, 2027", "Tue, Mar 9, 2027")
    assert all(day in out for day in days)
    assert run(profile, "list", "--from", "2026-12-01", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert len({m["series_id"] for m in listed}) == 1 and listed[0]["series_id"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partnership", "Nowhere", "--starts", "2026-12-08 09:30"], "No partnership"),
        (["--partnership", "ar", "--starts", "2026-12-08 09:30"], "matches several partnerships"),
        (["--partnership", "Healthcare", "--starts", "2026-12-08 09:30", "--count", "3"], "go with --repeat"),
        (["--partnership", "Healthcare", "--starts", "2026-12-08 09:30", "--repeat", "monthly"], "how many"),
        (["--partnership", "Healthcare", "--starts", "2026-12-08 09:30", "--minutes", "0"], "Duration"),
    ],
)
def test_bad_input_is_named_and_schedules_nothing(
    profile: str, db: Database, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(profile, "schedule", "--title", "T", "--location", "Room 1", *args) == 1
    assert message in capsys.readouterr().err
    assert count(db) == 0


def test_a_time_that_is_not_a_time_is_refused_by_the_parser(
    profile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(profile, "schedule", "--partnership", "Healthcare", "--title", "T", "--starts", "tomorrow 3pm")
    assert stopped.value.code == 2 and 'is not a time like "2026-11-25 15:00"' in capsys.readouterr().err
