"""How the screens show times and dates: a stored naive-UTC time in the machine's zone, a calendar date."""

from __future__ import annotations

import datetime as dt


def local_time(stamp_utc: dt.datetime) -> dt.datetime:
    """A stored naive-UTC time as the machine's wall-clock time."""
    return stamp_utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def fmt_when(stamp_utc: dt.datetime | None) -> str:
    if stamp_utc is None:
        return ""
    t = local_time(stamp_utc)
    return f"{t:%a %d %b %Y} · {t:%H:%M}"


def fmt_date(day: dt.date | None) -> str:
    return f"{day:%d %b %Y}" if day else ""
