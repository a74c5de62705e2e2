"""The one clock rule (design rule 8): instants are stored as naive UTC and shown in the profile's zone.

This module converts between the two; `sector_desktop.timefmt` turns the results into text. The
profile's zone (an IANA name, default the computer's) is set once per process when a profile opens.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sector_desktop.errors import ValidationError

FALLBACK_ZONE = "UTC"
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal"})

_chosen: str | None = None  # the profile's setting; None: the computer's zone


class UnknownZone(ValidationError):
    """A time zone name that is not in the IANA database."""


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise UnknownZone(f"Unknown time zone {name!r}: use an IANA name such as America/New_York.") from exc


def check_zone(name: str) -> str:
    """`name` itself when it is an IANA time zone name; UnknownZone (with the reason) when not."""
    cleaned = (name or "").strip()
    if not cleaned or cleaned.startswith(("/", ".")) or cleaned != name:
        raise UnknownZone(f"Unknown time zone {name!r}: use an IANA name such as America/New_York.")
    _zone(cleaned)
    return cleaned


def _valid(name: str | None) -> str | None:
    try:
        return check_zone(name) if name else None
    except UnknownZone:
        return None


def computer_zone_name() -> str:
    """The computer's IANA zone: the TZ variable, else the system setting, else UTC."""
    from_env = _valid(os.environ.get("TZ", "").lstrip(":"))
    if from_env:
        return from_env
    try:
        import tzlocal

        return _valid(tzlocal.get_localzone_name()) or FALLBACK_ZONE
    except Exception:  # tzlocal refuses inconsistent system settings; UTC is a safe answer
        return FALLBACK_ZONE


def use_zone(name: str | None) -> None:
    """Show times in `name` from now on (None: the computer's zone). Unknown names raise UnknownZone."""
    global _chosen
    _chosen = check_zone(name) if name else None


def zone_name() -> str:
    """The IANA name of the zone times are shown in."""
    return _chosen or computer_zone_name()


def zone() -> ZoneInfo:
    return _zone(zone_name())


def is_utc(name: str) -> bool:
    """Whether the zone `name` is UTC itself (no offset ever, no daylight saving)."""
    return name in UTC_NAMES


def local(stored: dt.datetime, in_zone: str | None = None) -> dt.datetime:
    """An instant as an aware datetime in the profile's zone (or `in_zone`); naive means stored UTC."""
    aware = stored if stored.tzinfo is not None else stored.replace(tzinfo=dt.UTC)
    return aware.astimezone(_zone(in_zone) if in_zone else zone())


def wall(stored: dt.datetime) -> dt.datetime:
    """An instant as the naive wall-clock time in the profile's zone (for date-time widgets)."""
    return local(stored).replace(tzinfo=None)


def to_utc(when: dt.datetime) -> dt.datetime:
    """An instant as stored (naive UTC). A naive `when` is a wall-clock time in the profile's zone.

    A wall time the clocks skip (2:30 on the spring-forward night) is read with the offset before
    the change, and one they repeat (1:30 on the fall-back night) as its first occurrence.
    """
    aware = when if when.tzinfo is not None else when.replace(tzinfo=zone())
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """The stored instant (naive UTC) of a wall-clock time on `day` in the profile's zone."""
    return to_utc(dt.datetime.combine(day, dt.time(hour, minute)))


def now() -> dt.datetime:
    """Now, as stored: naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def now_local() -> dt.datetime:
    """Now, aware, in the profile's zone."""
    return dt.datetime.now(zone())


def today() -> dt.date:
    """Today's date on the profile's calendar."""
    return now_local().date()


def day_start(day: dt.date) -> dt.datetime:
    """The stored instant (naive UTC) at which `day` begins in the profile's zone."""
    return to_utc(dt.datetime.combine(day, dt.time()))


def days(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as stored instants covering the local days `first` to `last`, both included."""
    return day_start(first), day_start(last + dt.timedelta(days=1))


def local_day(stored: dt.datetime) -> dt.date:
    """The day an instant falls on in the profile's zone."""
    return local(stored).date()


def local_days() -> Callable[[dt.datetime], dt.date]:
    """`local_day` with the zone looked up once, for reading many instants (a report's visits)."""
    in_zone, utc = zone(), dt.UTC

    def day(stored: dt.datetime) -> dt.date:
        aware = stored if stored.tzinfo is not None else stored.replace(tzinfo=utc)
        return aware.astimezone(in_zone).date()

    return day


def utc_offsets(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.timedelta]]:
    """The profile zone's UTC offset over the stored instants [start, end): (from, offset) pairs in
    order, the first from `start`, one more at each of the zone's transitions in between. For counting
    by local day in SQL: an instant's local day is the date of the instant plus its offset.

    The transitions are found by looking at the offset every six hours and bisecting to the second
    between two looks whose offsets differ (the zone database's transitions fall on whole seconds and
    are never less than six hours apart)."""
    in_zone, utc = zone(), dt.UTC

    def offset(when: dt.datetime) -> dt.timedelta:
        found = when.replace(tzinfo=utc).astimezone(in_zone).utcoffset()
        return found if found is not None else dt.timedelta(0)

    step_by, second = dt.timedelta(hours=6), dt.timedelta(seconds=1)
    segments = [(start, offset(start))]
    at = start
    while at < end:
        step = min(at + step_by, end)
        current = offset(step)
        if current != segments[-1][1]:
            low, high = at, step  # offset(low) is the old one, offset(high) the new one
            while high - low > second:
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0) if middle.microsecond else middle
                if middle <= low:
                    middle = low + second
                if offset(middle) == current:
                    high = middle
                else:
                    low = middle
            if high < end:
                segments.append((high, current))
        at = step
    return segments


__all__ = [
    "UnknownZone",
    "at",
    "check_zone",
    "computer_zone_name",
    "day_start",
    "days",
    "is_utc",
    "local",
    "local_day",
    "local_days",
    "now",
    "now_local",
    "to_utc",
    "today",
    "use_zone",
    "utc_offsets",
    "wall",
    "zone",
    "zone_name",
]
