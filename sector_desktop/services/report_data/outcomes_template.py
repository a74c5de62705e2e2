"""The outcomes template of the Ohio sector-partnership tool kit for one partnership: its goals, the measures
it tracks, and the outcomes to date, program year by program year, from the same measures as the
performance report (docs/measures.md) narrowed to the partnership's roster.

`outcomes_template` returns plain data (reports.data.OutcomesTemplate) whose `sections` are tables;
another part (goals with progress) can add its own section before the document is laid out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.errors import NotFound
from sector_desktop.models import Meeting, MeetingAttendance, SectorPartnership
from sector_desktop.models.choices import MEMBER_ROLES, SECTORS, label
from sector_desktop.reports.data import Figure, OutcomesTemplate, ReportTable
from sector_desktop.store import Database
from sector_desktop.store.partnerships import get_partnership_overview

from ..lmi.areas import Area
from ..performance.loading import load_records
from ..performance.measures import compute
from ..performance.periods import Period, program_year_of
from ..performance.results import Performance
from ..performance.rows import Scope
from .goal_progress import goal_sections
from .performance import FORMATS

YEARS_SHOWN = 3
# (category, measure key, what it says) in the tool kit's three kinds of outcome.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("Employers", "establishments_served", "Member employers served (establishments)"),
    ("Employers", "services", "Services given to them"),
    ("Employers", "repeat_business", "Repeat business customers rate"),
    ("Employers", "new_employers", "New employers engaged"),
    ("Workers", "placements", "Placements"),
    ("Workers", "median_wage", "Median starting hourly wage"),
    ("Workers", "wage_at_or_above_area_median", "Placements at or above the area's median wage"),
    ("Workers", "retention_q2", "Retained in the 2nd quarter after placement"),
    ("Workers", "retention_q4", "Retained in the 4th quarter after placement"),
    ("Workers", "completion_rate", "Training completion rate"),
    ("Workers", "credentials", "Credentials earned"),
    ("Workers", "apprentices", "Apprentices started"),
    ("Partnership", "programs_registered", "Apprenticeship programs registered"),
    ("Partnership", "action_items_closed", "Action items closed"),
)


def find_partnership(session: Session, wanted: str) -> str:
    """A partnership's id from its id or its name (any case); NotFound when none or several match."""
    rows = session.execute(
        select(SectorPartnership.id, SectorPartnership.name).where(SectorPartnership.deleted_at.is_(None))
    ).all()
    exact = [i for i, name in rows if wanted in (i, name)]
    folded = [i for i, name in rows if name.casefold() == wanted.strip().casefold()]
    found = exact or folded
    if len(found) != 1:
        names = ", ".join(sorted(n for _, n in rows)) or "none yet"
        raise NotFound(f"No partnership called {wanted!r}; the partnerships are: {names}.")
    return found[0]


def _years(first: int | None, launched: dt.date | None, today: dt.date) -> list[Period]:
    current = program_year_of(today)
    start = first if first is not None else max(program_year_of(launched or today), current - YEARS_SHOWN + 1)
    return [Period(year) for year in range(min(start, current), current + 1)]


def _cell(result: Performance, key: str) -> Figure:
    m = result.measure(key)
    if m.value is None:
        return Figure("—")
    if m.kind == "rate":
        return Figure(m.value, "pct")
    return Figure(m.value, FORMATS[m.kind])


def _meetings(session: Session, partnership_id: str, period: Period) -> tuple[int, int, int]:
    """Meetings held in the period, and the business and partner attendances at them."""
    start, end = clock.days(period.start, period.end)
    held = (
        select(Meeting.id)
        .where(
            Meeting.partnership_id == partnership_id, Meeting.deleted_at.is_(None), Meeting.status == "held"
        )
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
    )
    meetings = len(session.scalars(held).all())
    present = session.execute(
        select(MeetingAttendance.is_business, func.count())
        .where(MeetingAttendance.meeting_id.in_(held), MeetingAttendance.deleted_at.is_(None))
        .where(MeetingAttendance.status.in_(("present", "guest")))
        .group_by(MeetingAttendance.is_business)
    ).all()
    counts = {bool(business): n for business, n in present}
    return meetings, counts.get(True, 0), counts.get(False, 0)


def outcomes_template(
    db: Database, partnership: str, year: int | None = None, areas: Sequence[Area] = ()
) -> OutcomesTemplate:
    today = clock.today()
    with db.read_session() as s:
        partnership_id = find_partnership(s, partnership)
        overview = get_partnership_overview(s, partnership_id)
        years = _years(year, overview.launched_on, today)
        results = []
        for period in years:
            records = load_records(s, period, areas)
            results.append(
                compute(records, period, Scope(partnership_id=partnership_id), today, series=False)
            )
        meetings = [_meetings(s, partnership_id, period) for period in years]
        goal_tables = goal_sections(s, partnership_id, today)
    labels = tuple(f"{p.label} to date" if today in p else p.label for p in years)
    rows = [
        (Figure(category), Figure(text), *(_cell(r, key) for r in results))
        for category, key, text in MEASURES
    ]
    rows.append((Figure("Partnership"), Figure("Meetings held"), *(Figure(m[0], "int") for m in meetings)))
    rows.append(
        (Figure("Partnership"), Figure("Business share of those present (employer-led)"),
         *(Figure(b / (b + o), "pct") if b + o else Figure("—") for _, b, o in meetings))
    )  # fmt: skip
    employers = [m for m in overview.members if m.kind == "employer"]
    share = 0.36 / max(1, len(years))
    outcomes = ReportTable(
        "Measures and outcomes to date",
        ("Outcome for", "Measure", *labels),
        tuple(rows),
        note="Counted as in the performance report (its definitions page), for the establishments on the "
        "partnership's roster and the cohorts and action items recorded for it.",
        sheet="Outcomes",
        widths=(0.14, 0.5, *([share] * len(years))),
    )
    goals = ReportTable(
        "Goals",
        ("Goal", "Action team", "Target date"),
        tuple(
            (
                Figure(t.goal or t.priority_title or t.name),
                Figure(t.name),
                Figure(timefmt.date(t.target_date) or "—"),
            )
            for t in overview.action_teams
        ),
        note="No goal has a measure and progress yet: add them on the partnership's Goals tab.",
        sheet="Goals",
        widths=(0.55, 0.28, 0.17),
    )
    priorities = ReportTable(
        "Priorities (importance × feasibility)",
        ("Rank", "Priority", "Score"),
        tuple((Figure(p.rank, "int"), Figure(p.title), Figure(p.score, "int")) for p in overview.priorities),
        sheet="Priorities",
        widths=(0.1, 0.75, 0.15),
    )
    roster = ReportTable(
        "Members",
        ("Organization", "Role", "Joined"),
        tuple(
            (
                Figure(m.organization_name),
                Figure(label(MEMBER_ROLES, m.role)),
                Figure(timefmt.date(m.joined_on) or "—"),
            )
            for m in overview.members
        ),
        note=f"{len(employers)} employers and {len(overview.members) - len(employers)} partners.",
        sheet="Members",
        widths=(0.55, 0.28, 0.17),
    )
    return OutcomesTemplate(
        partnership=overview.name,
        sector=label(SECTORS, overview.sector) or "—",
        region=overview.region or "—",
        convener=overview.convener or "—",
        period=years[0].label if len(years) == 1 else f"{years[0].label} – {years[-1].label}",
        as_of=timefmt.date(today),
        sections=[*(goal_tables or [goals]), priorities, outcomes, roster],
        notes=[
            "Outcomes never name a person: placements count by employer, occupation, start date and wage.",
        ],
        generated=timefmt.stamp(clock.now()),
    )
