"""Reading the outcomes and the rest of what the measures count beside the visits: placements and their
retention checks, cohorts, apprenticeships, done action items, partnerships, and the labour-market
denominators."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import repeat

from sqlalchemy import Connection, Text, select, type_coerce
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.models import (
    ActionItem,
    Apprentice,
    ApprenticeshipProgram,
    PartnershipMember,
    Placement,
    RetentionCheck,
    SectorPartnership,
    TrainingCohort,
)
from sector_desktop.store.lmi import oews_estimates, private_establishments

from ..lmi.areas import KIND_LABELS, Area
from .periods import Period
from .queries import Days, dialect_of, fetch
from .rows import (
    ActionItemRow,
    ApprenticeRow,
    AreaWage,
    CohortRow,
    Establishments,
    PartnershipRow,
    PlacementRow,
    ProgramRow,
    Records,
    RetentionCheckRow,
)


def placements(session: Session) -> list[PlacementRow]:
    """Every placement, read through the driver (dates as their text, each distinct one parsed once)."""
    p = Placement
    query = select(
        p.id, p.organization_id, type_coerce(p.start_date, Text), p.occupation_soc, p.occupation_title,
        p.hourly_wage, p.full_time, p.staff_id, p.cohort_id, p.deleted_at,
    )  # fmt: skip
    days = Days()
    return [
        PlacementRow(i, org, days[on], soc, title or "", wage, _flag(full), staff, cohort, gone is not None)
        for i, org, on, soc, title, wage, full, staff, cohort, gone in fetch(session, query)
    ]


def _flag(stored: int | None) -> bool | None:
    """A stored boolean (0 or 1, or NULL) as SQLAlchemy's Boolean reads it."""
    return None if stored is None else bool(stored)


def checks(session: Session) -> list[RetentionCheckRow]:
    r = RetentionCheck
    query = select(r.id, r.placement_id, r.quarter, r.result, r.deleted_at)
    return [
        RetentionCheckRow(i, p, q, result, deleted is not None)
        for i, p, q, result, deleted in fetch(session, query)
    ]


def cohorts(session: Session) -> list[CohortRow]:
    c = TrainingCohort
    query = select(
        c.id, c.name, c.sector, c.ends_on, c.enrolled, c.completed, c.credentials_earned, c.credential_name,
        c.staff_id, c.partnership_id, c.deleted_at,
    )  # fmt: skip
    return [CohortRow(*row[:10], deleted=row[10] is not None) for row in session.execute(query)]


def apprenticeships(session: Session) -> tuple[list[ProgramRow], list[ApprenticeRow]]:
    a, p = ApprenticeshipProgram, Apprentice
    programs = [
        ProgramRow(i, sponsor, registered, staff, deleted is not None)
        for i, sponsor, registered, staff, deleted in session.execute(
            select(a.id, a.sponsor_id, a.registered_on, a.staff_id, a.deleted_at)
        )
    ]
    apprentices = [
        ApprenticeRow(i, program, start, deleted is not None)
        for i, program, start, deleted in session.execute(
            select(p.id, p.program_id, p.start_date, p.deleted_at)
        )
    ]
    return programs, apprentices


def action_items(source: Session | Connection, period: Period) -> list[ActionItemRow]:
    """The action items done in the period, with the local date each was done: the rows come in order
    of completion (the index's), so each local day's are one run of them, found by bisecting the stored
    instants (`days_of`) instead of SQLite computing a date per row; the rows made in C (`map`)."""
    a = ActionItem
    begin, end = clock.days(period.start, period.end)
    query = (
        select(a.id, a.owner_staff_id, a.organization_id, a.partnership_id, type_coerce(a.completed_at, Text))
        .where(a.status == "done", a.deleted_at.is_(None), a.completed_at >= begin, a.completed_at < end)
        .order_by(a.completed_at)
    )
    rows = fetch(source, query)
    if not rows:
        return []
    ids, owners, orgs, partnerships, done_at = zip(*rows, strict=True)
    dialect = dialect_of(source)
    as_stored = a.completed_at.type.dialect_impl(dialect).bind_processor(dialect)  # as SQLite compares
    done_on = days_of(done_at, begin, end, as_stored or str)
    made = zip(ids, repeat("done"), done_on, owners, orgs, partnerships, repeat(False))
    return list(map(tuple.__new__, repeat(ActionItemRow), made))


def days_of(
    stored: Sequence[str], start: dt.datetime, end: dt.datetime, as_stored: Callable[[dt.datetime], str]
) -> list[dt.date]:
    """The local date of each of the sorted stored instants (their text) in [start, end), as
    `local_date` gives it: over each span of one UTC offset (`clock.utc_offsets`) a local day is the run
    of instants from its midnight, so each day's first is found by bisection, not by a date per row."""
    segments = clock.utc_offsets(start, end)
    found: list[dt.date] = []
    for i, (since, offset) in enumerate(segments):
        until = segments[i + 1][0] if i + 1 < len(segments) else end
        first, after = bisect_left(stored, as_stored(since)), bisect_left(stored, as_stored(until))
        day = (since + offset).date()
        while first < after:
            midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) - offset
            cut = min(after, bisect_left(stored, as_stored(midnight), first, after))
            found += repeat(day, cut - first)
            first, day = cut, day + dt.timedelta(days=1)
    return found


def partnerships(session: Session) -> dict[str, PartnershipRow]:
    members: dict[str, set[str]] = {}
    query = select(PartnershipMember.partnership_id, PartnershipMember.organization_id).where(
        PartnershipMember.deleted_at.is_(None)
    )
    for partnership_id, org_id in session.execute(query):
        members.setdefault(partnership_id, set()).add(org_id)
    rows = session.execute(
        select(SectorPartnership.id, SectorPartnership.name, SectorPartnership.sector).where(
            SectorPartnership.deleted_at.is_(None)
        )
    )
    return {i: PartnershipRow(i, name, sector, frozenset(members.get(i, ()))) for i, name, sector in rows}


def _area_label(area: Area) -> str:
    return "the United States" if area.kind == "national" else f"{KIND_LABELS[area.kind].lower()} {area.code}"


def labour_market(session: Session, records: Records, areas: Sequence[Area]) -> None:
    """The penetration denominator (the first office area with a QCEW annual figure) and the OEWS
    median hourly wage of each placed occupation (the first office area with OEWS estimates)."""
    if not areas:
        records.no_establishments_reason = "no denominator: the office's area is not set (Labour market page)"
    else:
        for area in areas:
            fips = area.qcew_fips
            found = private_establishments(session, fips) if fips else None
            if found is not None:
                released = f", released {timefmt.date(found.released_on)}" if found.released_on else ""
                vintage = f"QCEW {found.year} annual average, {_area_label(area)}{released} ({found.source})"
                records.establishments = Establishments(found.count, vintage)
                break
        else:
            named = ", ".join(_area_label(a) for a in areas)
            records.no_establishments_reason = f"no denominator: no QCEW figure imported for {named}"
    socs = {p.occupation_soc for p in records.placements if p.occupation_soc and not p.deleted}
    for area in areas if socs else ():
        for soc, (estimate, _release) in oews_estimates(session, area.kind, area.code, socs).items():
            if estimate.h_median is not None and soc not in records.area_wages:
                source = f"OEWS May {estimate.year}, {estimate.area_title}"
                records.area_wages[soc] = AreaWage(float(estimate.h_median), source)
