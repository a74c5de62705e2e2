"""The house date and time style (design rule 8): how every screen, document, spreadsheet and command
writes a date or a time. Instants go through `sector_desktop.clock` first, so a naive datetime given
here is a stored UTC instant and an aware one is shown in the profile's zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sector_desktop import clock

# Fixed English names: the app speaks English, and strftime's names follow the C locale, which Qt
# changes in the app's process but not in the command line's.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS = tuple(name[:3] for name in MONTH_NAMES)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Style:
    """What the system locale decides: a 24-hour clock, and the day before the month."""

    hour24: bool = False  # "15:00" rather than "3:00 PM"
    day_first: bool = False  # "24 Nov 2026" rather than "Nov 24, 2026"


_style = Style()


def use_style(style: Style) -> None:
    """Write dates and times this way from now on (the app sets it from the system locale)."""
    global _style
    _style = style


def style() -> Style:
    return _style


def _day_of(value: dt.date | dt.datetime) -> dt.date:
    return clock.local(value).date() if isinstance(value, dt.datetime) else value


def _month_day(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}" if _style.day_first else f"{MONTHS[d.month - 1]} {d.day}"


def date(value: dt.date | dt.datetime | None) -> str:
    """'Nov 24, 2026' ('24 Nov 2026' where the day comes first); '' for None."""
    if value is None:
        return ""
    d = _day_of(value)
    return f"{_month_day(d)} {d.year}" if _style.day_first else f"{_month_day(d)}, {d.year}"


def long_date(value: dt.date | dt.datetime | None) -> str:
    """'Tue, Nov 24, 2026': a date with its weekday."""
    if value is None:
        return ""
    return f"{WEEKDAYS[_day_of(value).weekday()]}, {date(value)}"


def letter_date(value: dt.date | dt.datetime | None, weekday: bool = True) -> str:
    """'Tuesday, December 8, 2026' ('Tuesday 8 December 2026' where the day comes first), as a
    letter writes a date; without the weekday for the date line at its head."""
    if value is None:
        return ""
    d = _day_of(value)
    month = MONTH_NAMES[d.month - 1]
    text = f"{d.day} {month} {d.year}" if _style.day_first else f"{month} {d.day}, {d.year}"
    if not weekday:
        return text
    return f"{WEEKDAY_NAMES[d.weekday()]}{'' if _style.day_first else ','} {text}"


def day(value: dt.date | dt.datetime | None, today: dt.date | None = None) -> str:
    """'Tue, Nov 24' for a day of this year (of `today`'s year), else with the year."""
    if value is None:
        return ""
    d = _day_of(value)
    if d.year != (today or clock.today()).year:
        return long_date(d)
    return f"{WEEKDAYS[d.weekday()]}, {_month_day(d)}"


def short_date(value: dt.date | dt.datetime | None, today: dt.date | None = None) -> str:
    """'Nov 24' for a day of this year (of `today`'s year), else 'Nov 24, 2026'."""
    if value is None:
        return ""
    d = _day_of(value)
    return _month_day(d) if d.year == (today or clock.today()).year else date(d)


def month(value: dt.date) -> str:
    """'Nov 2026'."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def month_name(value: dt.date) -> str:
    """'November'."""
    return MONTH_NAMES[value.month - 1]


def time(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """'3:00 PM' ('15:00' on a 24-hour clock) in the profile's zone; '' for None."""
    if value is None:
        return ""
    t = clock.local(value)
    tail = f":{t.second:02d}" if seconds else ""
    if _style.hour24:
        return f"{t.hour:02d}:{t.minute:02d}{tail}"
    return f"{(t.hour % 12) or 12}:{t.minute:02d}{tail} {'AM' if t.hour < 12 else 'PM'}"


def time_range(start: dt.datetime, end: dt.datetime | None) -> str:
    """'3:00 PM–4:30 PM', or only the start when there is no end."""
    return f"{time(start)}–{time(end)}" if end is not None else time(start)


def when(value: dt.datetime | None) -> str:
    """'Tue, Nov 24, 2026, 3:00 PM': an instant with its day, for lists and detail panels."""
    if value is None:
        return ""
    return f"{long_date(value)}, {time(value)}"


def stamp(value: dt.datetime | None) -> str:
    """'Nov 24, 2026, 3:00 PM': when something happened (generated, saved, synced)."""
    if value is None:
        return ""
    return f"{date(value)}, {time(value)}"


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 in the profile's zone with its offset ('2026-11-24T15:00:00-05:00'), for CSV and JSON."""
    return clock.local(value).isoformat(timespec="seconds") if value is not None else None


def file_stamp(value: dt.datetime) -> str:
    """'20261124T145100123456Z': a stored instant (naive UTC) for a file name; names sort in time order."""
    return value.strftime("%Y%m%dT%H%M%S%fZ")


def excel_datetime_format() -> str:
    """The spreadsheet number format of a date and time in the house style."""
    day_part = "d mmm yyyy" if _style.day_first else "mmm d, yyyy"
    return f"{day_part} {'hh:mm' if _style.hour24 else 'h:mm AM/PM'}"


def excel_date_format() -> str:
    return "d mmm yyyy" if _style.day_first else "mmm d, yyyy"


__all__ = [
    "Style",
    "date",
    "day",
    "excel_date_format",
    "excel_datetime_format",
    "iso",
    "long_date",
    "month",
    "month_name",
    "short_date",
    "stamp",
    "style",
    "time",
    "time_range",
    "use_style",
    "when",
]
