"""Meetings in series: monthly on the second Tuesday or quarterly on a date, N times or until a date,
at the same wall-clock time across daylight saving; move or cancel one occurrence or the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.models import AgendaItem, Meeting, SectorPartnership
from sector_desktop.services.agenda_templates import get_template
from sector_desktop.services.meeting_series import (
    Repeat,
    cancel_meeting,
    describe,
    move_meeting,
    occurrences,
    schedule_series,
)
from sector_desktop.services.meetings import MeetingInput
from sector_desktop.store import Database
from sector_desktop.store.meetings import get_meeting_detail

FIRST = dt.date(2026, 12, 8)  # the second Tuesday of December


@pytest.fixture
def partnership(db: Database) -> str:
    with db.session() as s:
        p = SectorPartnership(name="Healthcare Careers", sector="healthcare")
        s.add(p)
        s.flush()
        return p.id


def meeting_input(partnership: str, day: dt.date = FIRST, hour: int = 15) -> MeetingInput:
    return MeetingInput(partnership, "Nursing workgroup", clock.at(day, hour), location="Bayline College")


def series(db: Database, partnership: str, repeat: Repeat) -> list[Meeting]:
    with db.session() as s:
        schedule_series(s, meeting_input(partnership), repeat, get_template("regular_workgroup"))
    with db.read_session() as s:
        return list(s.scalars(select(Meeting).order_by(Meeting.starts_at)))


def walls(meetings: list[Meeting]) -> list[dt.datetime]:
    return [clock.wall(m.starts_at) for m in meetings]


def test_monthly_on_the_second_tuesday_keeps_three_pm_across_the_dst_change(
    db: Database, partnership: str
) -> None:
    meetings = series(db, partnership, Repeat("monthly", "weekday", count=6))
    assert [w.date() for w in walls(meetings)] == [
        dt.date(2026, 12, 8), dt.date(2027, 1, 12), dt.date(2027, 2, 9),
        dt.date(2027, 3, 9), dt.date(2027, 4, 13), dt.date(2027, 5, 11),
    ]  # fmt: skip
    assert {w.time() for w in walls(meetings)} == {dt.time(15)}
    # The same wall time is a different UTC time once New York is on daylight time (14 March 2027).
    assert meetings[3].starts_at.hour == 20 and meetings[4].starts_at.hour == 19
    assert len({m.series_id for m in meetings}) == 1 and meetings[0].series_rule == "monthly-weekday"
    assert {m.ends_at - m.starts_at for m in meetings} == {dt.timedelta(minutes=90)}
    with db.read_session() as s:
        agenda = s.scalars(select(AgendaItem.meeting_id)).all()
        detail = get_meeting_detail(s, meetings[0].id)
    assert {m.id for m in meetings} == set(agenda)  # each occurrence has its own agenda
    assert detail.later_in_series == 5 and detail.series_rule == "monthly-weekday"


def test_quarterly_on_a_date_until_a_date(db: Database, partnership: str) -> None:
    meetings = series(db, partnership, Repeat("quarterly", "date", until=dt.date(2027, 9, 8)))
    assert [w.date() for w in walls(meetings)] == [
        dt.date(2026, 12, 8), dt.date(2027, 3, 8), dt.date(2027, 6, 8), dt.date(2027, 9, 8),
    ]  # fmt: skip
    assert describe(Repeat("quarterly", "date", until=dt.date(2027, 9, 8)), FIRST) == (
        "Every 3 months on day 8, until Sep 8, 2027"
    )


def test_the_fifth_weekday_is_the_last_and_descriptions_read_as_said() -> None:
    last = dt.datetime(2026, 12, 29, 9)  # the fifth (and last) Tuesday of December
    assert [d.date() for d in occurrences(last, Repeat("monthly", "weekday", count=3))] == [
        dt.date(2026, 12, 29), dt.date(2027, 1, 26), dt.date(2027, 2, 23),
    ]  # fmt: skip
    said = describe(Repeat("monthly", "weekday", count=3), last.date())
    assert said == "Monthly on the last Tuesday, 3 times"
    assert describe(Repeat("monthly", "weekday", count=6), FIRST) == "Monthly on the second Tuesday, 6 times"


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        (Repeat("monthly", "weekday"), "how many times, or until"),
        (Repeat("monthly", "weekday", count=3, until=dt.date(2027, 6, 1)), "how many times, or until"),
        (Repeat("monthly", "weekday", count=1), "between 2 and 60"),
        (Repeat("monthly", "weekday", count=61), "between 2 and 60"),
        (Repeat("weekly", "weekday", count=3), "'weekly' is not one of monthly, quarterly"),
        (Repeat("monthly", "weekday", until=dt.date(2026, 12, 1)), "after the first meeting"),
        (Repeat("monthly", "weekday", until=dt.date(2026, 12, 20)), "only one meeting"),
    ],
)
def test_bad_repeats_are_refused_and_change_nothing(
    db: Database, partnership: str, repeat: Repeat, message: str
) -> None:
    with pytest.raises(ValidationError, match=message), db.session() as s:
        schedule_series(s, meeting_input(partnership), repeat)
    with db.read_session() as s:
        assert s.scalar(select(Meeting.id)) is None


def test_move_one_occurrence_or_this_and_the_following(db: Database, partnership: str) -> None:
    meetings = series(db, partnership, Repeat("monthly", "weekday", count=5))
    ids = [m.id for m in meetings]
    with db.session() as s:  # only February's moves, an hour later
        assert move_meeting(s, ids[2], clock.at(dt.date(2027, 2, 9), 16), "this") == [ids[2]]
    with db.session() as s:  # from March on: the third Thursday at 4 PM
        moved = move_meeting(s, ids[3], clock.at(dt.date(2027, 3, 18), 16), "following")
    assert moved == ids[3:]
    with db.read_session() as s:
        after = [s.get(Meeting, i) for i in ids]
    assert walls(after) == [  # type: ignore[arg-type]
        dt.datetime(2026, 12, 8, 15), dt.datetime(2027, 1, 12, 15), dt.datetime(2027, 2, 9, 16),
        dt.datetime(2027, 3, 18, 16), dt.datetime(2027, 4, 15, 16),
    ]  # fmt: skip
    assert all(m.ends_at - m.starts_at == dt.timedelta(minutes=90) for m in after if m)


def test_cancel_one_occurrence_or_the_rest(db: Database, partnership: str) -> None:
    ids = [m.id for m in series(db, partnership, Repeat("monthly", "weekday", count=4))]
    with db.session() as s:
        assert cancel_meeting(s, ids[1], "this") == [ids[1]]
        assert cancel_meeting(s, ids[2], "following") == ids[2:]
    with db.read_session() as s:
        statuses = [s.scalar(select(Meeting.status).where(Meeting.id == i)) for i in ids]
    assert statuses == ["planned", "cancelled", "cancelled", "cancelled"]
    with pytest.raises(ValidationError, match="Which meetings"), db.session() as s:
        cancel_meeting(s, ids[0], "everything")
