"""Dates and times in widgets: the house style from the system locale, and date-time edits that show
the profile's wall-clock time (design rule 8; `sector_desktop.clock` does every conversion).

Date-time edits hold the wall time as a UTC-spec QDateTime, so Qt never moves it across the
computer's own daylight-saving gaps, which need not be the profile's.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

from sector_desktop import clock, timefmt

_WALL = QTimeZone(QTimeZone.Initialization.UTC)


def style_from_locale(locale: QLocale | None = None) -> timefmt.Style:
    """The house style as the system locale would have it: 12- or 24-hour clock, day or month first.
    The C locale (no locale set) says nothing, so it keeps the default."""
    loc = locale or QLocale.system()
    if loc.language() == QLocale.Language.C:
        return timefmt.Style()
    time_format = loc.timeFormat(QLocale.FormatType.ShortFormat)
    date_format = loc.dateFormat(QLocale.FormatType.ShortFormat)
    day, month = date_format.find("d"), date_format.find("M")
    return timefmt.Style(
        hour24="a" not in time_format.lower(),
        day_first=0 <= day < month,
    )


def apply_locale_style() -> None:
    timefmt.use_style(style_from_locale())


def edit_format() -> str:
    """The display format of a date-time edit in the house style."""
    style = timefmt.style()
    day = "ddd d MMM yyyy" if style.day_first else "ddd MMM d, yyyy"
    return f"{day}  {'HH:mm' if style.hour24 else 'h:mm AP'}"


def date_edit_format() -> str:
    return "d MMM yyyy" if timefmt.style().day_first else "MMM d, yyyy"


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def py_date(value: QDate) -> dt.date:
    """The date a date edit holds (QDate.toPython is typed as returning object)."""
    return dt.date(value.year(), value.month(), value.day())


def wall_qdatetime(wall: dt.datetime) -> QDateTime:
    """A naive wall-clock time in the profile's zone, as a date-time edit holds it."""
    return QDateTime(qdate(wall.date()), QTime(wall.hour, wall.minute, wall.second), _WALL)


def to_qdatetime(stored: dt.datetime) -> QDateTime:
    """A stored instant as the profile's wall-clock time, for a date-time edit."""
    return wall_qdatetime(clock.wall(stored))


def wall_of(value: QDateTime) -> dt.datetime:
    """The naive wall-clock time a date-time edit shows (seconds dropped)."""
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def from_qdatetime(value: QDateTime) -> dt.datetime:
    """What a date-time edit shows, as the stored instant (naive UTC)."""
    return clock.to_utc(wall_of(value))


def make_datetime_edit() -> QDateTimeEdit:
    """A date-time edit with a calendar, in the house style, holding the profile's wall time."""
    edit = QDateTimeEdit()
    edit.setTimeZone(_WALL)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(edit_format())
    return edit


def make_date_edit(day: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit(qdate(day or clock.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    return edit
