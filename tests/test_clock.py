"""The one clock rule: stored UTC instants shown in the profile's zone (clock), one house style (timefmt),
the profile's time-zone setting, and the day boundaries across the DST changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sector_desktop import clock, timefmt
from sector_desktop.errors import ValidationError
from sector_desktop.store import ProfilePaths, open_profile
from sector_desktop.store.settings import load_settings, profile_timezone, set_timezone, timezone_setting


def test_the_suite_runs_in_new_york_and_the_profile_follows_the_computer() -> None:
    assert clock.computer_zone_name() == "America/New_York"
    assert clock.zone_name() == "America/New_York"


def test_a_wall_time_round_trips_through_utc_in_summer_and_winter() -> None:
    summer, winter = clock.at(dt.date(2026, 7, 1), 15), clock.at(dt.date(2026, 12, 1), 15)
    assert (summer, winter) == (dt.datetime(2026, 7, 1, 19), dt.datetime(2026, 12, 1, 20))
    assert clock.wall(summer) == dt.datetime(2026, 7, 1, 15)
    assert clock.wall(winter) == dt.datetime(2026, 12, 1, 15)
    assert clock.local(summer).tzinfo is clock.zone()
    # An aware time is an instant already: it is only moved to UTC.
    paris = dt.datetime(2026, 7, 1, 21, tzinfo=ZoneInfo("Europe/Paris"))
    assert clock.to_utc(paris) == summer


def test_the_dst_changes_of_2026_and_2027() -> None:
    # 1 November 2026: 1:30 happens twice; the first (EDT) is meant. The day is 25 hours long.
    assert clock.at(dt.date(2026, 11, 1), 1, 30) == dt.datetime(2026, 11, 1, 5, 30)
    start, end = clock.days(dt.date(2026, 11, 1), dt.date(2026, 11, 1))
    assert end - start == dt.timedelta(hours=25)
    assert clock.at(dt.date(2026, 11, 1), 15) == dt.datetime(2026, 11, 1, 20)
    # 14 March 2027: 2:30 never happens; it is read with the offset before the change (EST).
    assert clock.at(dt.date(2027, 3, 14), 2, 30) == dt.datetime(2027, 3, 14, 7, 30)
    assert clock.wall(dt.datetime(2027, 3, 14, 7, 30)) == dt.datetime(2027, 3, 14, 3, 30)
    start, end = clock.days(dt.date(2027, 3, 14), dt.date(2027, 3, 14))
    assert end - start == dt.timedelta(hours=23)


def test_another_zone_shows_the_same_instant_at_its_own_wall_time() -> None:
    stored = clock.at(dt.date(2026, 11, 25), 15)  # 3 PM in New York
    clock.use_zone("America/Los_Angeles")
    assert timefmt.time(stored) == "12:00 PM"
    clock.use_zone("Pacific/Auckland")
    assert (timefmt.date(stored), timefmt.time(stored)) == ("Nov 26, 2026", "9:00 AM")
    assert clock.local_day(stored) == dt.date(2026, 11, 26)
    clock.use_zone("UTC")
    assert timefmt.time(stored) == "8:00 PM"


def test_unknown_zones_are_refused_with_a_message() -> None:
    for bad in ("Mars/Olympus", "", " America/New_York", "../etc/passwd", "/etc/localtime"):
        with pytest.raises(ValidationError, match="time zone"):
            clock.check_zone(bad)
    with pytest.raises(clock.UnknownZone):
        clock.use_zone("Nowhere/Else")
    assert clock.zone_name() == "America/New_York"  # unchanged


def test_the_house_style_and_the_locale_variant() -> None:
    stored = clock.at(dt.date(2026, 11, 24), 15, 5)
    assert timefmt.date(stored) == "Nov 24, 2026" and timefmt.time(stored) == "3:05 PM"
    assert timefmt.when(stored) == "Tue, Nov 24, 2026, 3:05 PM"
    assert timefmt.stamp(stored) == "Nov 24, 2026, 3:05 PM"
    assert timefmt.time_range(stored, stored + dt.timedelta(minutes=90)) == "3:05 PM–4:35 PM"
    assert timefmt.time(clock.at(dt.date(2026, 11, 24), 0, 30)) == "12:30 AM"
    assert timefmt.time(clock.at(dt.date(2026, 11, 24), 12)) == "12:00 PM"
    assert timefmt.short_date(dt.date(2026, 3, 4), dt.date(2026, 11, 24)) == "Mar 4"
    assert timefmt.short_date(dt.date(2025, 3, 4), dt.date(2026, 11, 24)) == "Mar 4, 2025"
    assert timefmt.day(dt.date(2026, 11, 25), dt.date(2026, 11, 24)) == "Wed, Nov 25"
    assert timefmt.iso(stored) == "2026-11-24T15:05:00-05:00"
    assert (timefmt.date(None), timefmt.time(None), timefmt.iso(None)) == ("", "", None)
    timefmt.use_style(timefmt.Style(hour24=True, day_first=True))
    assert timefmt.when(stored) == "Tue, 24 Nov 2026, 15:05"
    assert timefmt.excel_datetime_format() == "d mmm yyyy hh:mm"


def test_the_profiles_time_zone_setting(paths: ProfilePaths) -> None:
    assert timezone_setting(paths) is None and profile_timezone(paths) == "America/New_York"
    assert set_timezone(paths, "Europe/Berlin") == "Europe/Berlin"
    assert load_settings(paths)["timezone"] == "Europe/Berlin" and clock.zone_name() == "Europe/Berlin"
    with pytest.raises(ValidationError, match="time zone"):
        set_timezone(paths, "Europe/Atlantis")
    assert timezone_setting(paths) == "Europe/Berlin"  # a refused name changes nothing
    clock.use_zone(None)
    open_profile(paths).close()  # opening the profile shows its times in its zone
    assert clock.zone_name() == "Europe/Berlin"
    assert set_timezone(paths, None) == "America/New_York"  # back to the computer's zone
    assert "timezone" not in load_settings(paths)


def test_a_damaged_zone_setting_falls_back_to_the_computers(paths: ProfilePaths) -> None:
    paths.settings_file.write_text('{"timezone": "Atlantis/Capital"}', encoding="utf-8")
    open_profile(paths).close()
    assert clock.zone_name() == "America/New_York" and profile_timezone(paths) == "America/New_York"
