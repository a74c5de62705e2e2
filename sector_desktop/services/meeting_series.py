"""Meetings in series: a workgroup that meets monthly or quarterly (on the second Tuesday, or on the
14th), N times or until a date. Each occurrence is an ordinary meeting (synced, with its own agenda
and minutes) that carries the series' id and rule, so one occurrence or the rest can be moved or
cancelled. Occurrences repeat as wall-clock times in the profile's zone: 3 PM stays 3 PM across a
daylight-saving change. Each function takes a write session; bad input raises ValidationError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dateutil.rrule import MONTHLY, rrule, weekday
from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.errors import ValidationError
from sector_desktop.models import Meeting, new_id

from .agenda_templates import AgendaTemplate
from .meetings import MeetingInput, schedule_meeting, validate_meeting
from .records import live_record, refusal

MONTHS_BETWEEN = {"monthly": 1, "quarterly": 3}
BY = ("weekday", "date")  # the 2nd Tuesday of the month, or the 14th
SCOPES = ("this", "following")
MAX_OCCURRENCES = 60
ORDINALS = ("first", "second", "third", "fourth")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Repeat:
    """How a series repeats: `every` month or quarter, on the same weekday of the month or the same
    date, `count` times or `until` a date (inclusive)."""

    every: str = "monthly"
    by: str = "weekday"
    count: int | None = None
    until: dt.date | None = None

    @property
    def rule(self) -> str:
        """What each occurrence stores: 'monthly-weekday', 'quarterly-date', ..."""
        return f"{self.every}-{self.by}"

    @classmethod
    def from_rule(cls, rule: str | None) -> Repeat:
        every, _, by = (rule or "").partition("-")
        return cls(every if every in MONTHS_BETWEEN else "monthly", by if by in BY else "weekday")


def week_of_month(day: dt.date) -> int:
    """1 to 4 for the first to fourth such weekday of its month; -1 for a fifth, which is the last."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def describe(repeat: Repeat, first: dt.date) -> str:
    """'Monthly on the second Tuesday, 6 times', 'Every 3 months on day 14, until Jun 30, 2027'."""
    every = "Monthly" if repeat.every == "monthly" else "Every 3 months"
    if repeat.by == "weekday":
        n = week_of_month(first)
        on = f"on the {'last' if n == -1 else ORDINALS[n - 1]} {WEEKDAY_NAMES[first.weekday()]}"
    else:
        on = f"on day {first.day}"
    if repeat.count:
        end = f", {repeat.count} times"
    elif repeat.until:
        end = f", until {timefmt.date(repeat.until)}"
    else:
        end = ""
    return f"{every} {on}{end}"


def check_repeat(repeat: Repeat, first: dt.date) -> list[str]:
    problems = []
    if repeat.every not in MONTHS_BETWEEN:
        problems.append(f"Repeat: {repeat.every!r} is not one of {', '.join(MONTHS_BETWEEN)}.")
    if repeat.by not in BY:
        problems.append(f"Repeat: {repeat.by!r} is not one of {', '.join(BY)}.")
    if (repeat.count is None) == (repeat.until is None):
        problems.append("Repeat: say how many times, or until which date (one of the two).")
    elif repeat.count is not None and not 2 <= repeat.count <= MAX_OCCURRENCES:
        problems.append(f"Repeat: between 2 and {MAX_OCCURRENCES} meetings.")
    elif repeat.until is not None and repeat.until <= first:
        problems.append("Repeat: the last date must be after the first meeting.")
    return problems


def occurrences(first: dt.datetime, repeat: Repeat) -> list[dt.datetime]:
    """The wall-clock times of the series starting at `first` (a wall-clock time), at most 60."""
    kwargs: dict = {"freq": MONTHLY, "interval": MONTHS_BETWEEN[repeat.every], "dtstart": first}
    if repeat.by == "weekday":
        kwargs["byweekday"] = weekday(first.weekday(), week_of_month(first.date()))
    else:
        kwargs["bymonthday"] = first.day  # months without that day (the 31st) are skipped
    if repeat.count is not None:
        kwargs["count"] = repeat.count
    if repeat.until is not None:
        kwargs["until"] = dt.datetime.combine(repeat.until, dt.time.max)
    found = []
    for when in rrule(**kwargs):
        found.append(when)
        if len(found) == MAX_OCCURRENCES:
            break
    return found


def schedule_series(
    session: Session, data: MeetingInput, repeat: Repeat, template: AgendaTemplate | None = None
) -> list[str]:
    """Schedule every occurrence of a series (each with the template's agenda); returns their ids."""
    first = clock.wall(data.starts_at)
    problems = validate_meeting(session, data) + check_repeat(repeat, first.date())
    if problems:
        raise refusal("series", problems)
    walls = occurrences(first, repeat)
    if len(walls) < 2:
        raise refusal("series", ["Repeat: that range holds only one meeting; schedule it on its own."])
    series_id = new_id()
    ids = []
    for wall in walls:
        meeting_id = schedule_meeting(session, replace(data, starts_at=clock.to_utc(wall)), template)
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.series_id, meeting.series_rule = series_id, repeat.rule
        ids.append(meeting_id)
    return ids


def _scope(scope: str) -> None:
    if scope not in SCOPES:
        raise ValidationError(f"Which meetings: {scope!r} is not one of {', '.join(SCOPES)}.")


def this_and_following(session: Session, meeting: Meeting) -> list[Meeting]:
    """The meeting and the later planned occurrences of its series, in time order."""
    if not meeting.series_id:
        return [meeting]
    later = session.scalars(
        select(Meeting)
        .where(
            Meeting.series_id == meeting.series_id,
            Meeting.deleted_at.is_(None),
            Meeting.status == "planned",
            Meeting.starts_at > meeting.starts_at,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [meeting, *later]


def _set_start(meeting: Meeting, starts_at: dt.datetime) -> None:
    length = meeting.ends_at - meeting.starts_at if meeting.ends_at else None
    meeting.starts_at = starts_at
    meeting.ends_at = starts_at + length if length is not None else None


def move_meeting(session: Session, meeting_id: str, starts_at: dt.datetime, scope: str = "this") -> list[str]:
    """Move a meeting to `starts_at` (as stored, UTC), keeping its length. With scope 'following',
    the later planned occurrences of its series move too, to the series' rule counted from the
    new time (moving the second Tuesday at 3 PM to the third Thursday at 4 PM moves them all there).
    Returns the ids moved."""
    _scope(scope)
    meeting = live_record(session, Meeting, meeting_id, "meeting")
    if scope == "this" or not meeting.series_id:
        _set_start(meeting, starts_at)
        return [meeting.id]
    group = this_and_following(session, meeting)
    rule = Repeat.from_rule(meeting.series_rule)
    walls = occurrences(clock.wall(starts_at), replace(rule, count=len(group)))
    for occurrence, wall in zip(group, walls, strict=False):
        _set_start(occurrence, clock.to_utc(wall))
    return [m.id for m in group]


def cancel_meeting(session: Session, meeting_id: str, scope: str = "this") -> list[str]:
    """Cancel a meeting, or it and the later planned occurrences of its series; returns their ids.
    Cancelled meetings stay (with their history) and leave calendars through the .ics export."""
    _scope(scope)
    meeting = live_record(session, Meeting, meeting_id, "meeting")
    group = [meeting] if scope == "this" else this_and_following(session, meeting)
    for occurrence in group:
        occurrence.status = "cancelled"
    return [m.id for m in group]
