"""Reading the rows of one period from the database: the visits of the period's program year, what
the measures need of the years before counted in SQL, the outcomes, and the labour-market
denominators. Lean column queries, no ORM objects, so a 100,000-organization profile with ten years of
visits reads in well under a second.

The row queries leave out only what no measure counts (deleted or not completed visits; open action
items); what a service, an establishment and a period are is decided by measures.py, and the SQL
counts use the same tests (`has_category`, the local day's instants from `clock`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import attrgetter, methodcaller
from typing import Any

from sqlalchemy import Text, case, func, select, type_coerce
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.models import (
    ActionItem,
    Apprentice,
    ApprenticeshipProgram,
    Organization,
    PartnershipMember,
    Placement,
    RetentionCheck,
    SectorPartnership,
    StaffUser,
    TrainingCohort,
    Visit,
)
from sector_desktop.store.lmi import oews_estimates, private_establishments

from ..lmi.areas import KIND_LABELS, Area
from .context import CATEGORIES, kept_ids
from .context import has_category as has_category_codes
from .periods import Period
from .rows import (
    ActionItemRow,
    ApprenticeRow,
    AreaWage,
    CohortRow,
    Counted,
    Establishments,
    OrganizationRow,
    PartnershipRow,
    PlacementRow,
    ProgramRow,
    Records,
    RetentionCheckRow,
    VisitRow,
)
from .series import last_quarters

HISTORY_YEARS = 3  # repeat business looks three program years back


def window(period: Period) -> tuple[dt.date, dt.date]:
    """The days whose visit rows one period's measures read: from its program year's first day to its
    own last day (the years before are counted in SQL, see `load_records`)."""
    return period.whole_year.start, period.end


def load_records(session: Session, period: Period, areas: Sequence[Area] = ()) -> Records:
    """Everything the measures of `period` read; `areas` are the office's (for QCEW and OEWS).

    The visit rows are those of the period's program year up to its last day; what the measures need
    of the years before is counted here in SQL (`Records.counted`): the organizations served before
    the program year and in the three before it, and the services per organization and staff member
    of the earlier quarters of the quarter-over-quarter series."""
    first, last = window(period)
    start, end = clock.days(first, last)
    orgs = _organizations(session)
    records = Records(organizations=orgs)
    records.visits = _visits(session, start, end)
    earlier = [q for q in last_quarters(period) if q.start < first]
    quarters = _quarter_counts(session, earlier)
    # The series' earlier quarters lie in the three program years before: an organization served in
    # them was served before, and in those years. Only the others are looked up one by one.
    in_quarters = {org_id for counts in quarters.values() for org_id, _staff, _n in counts}
    asked = _asked_about(records) - in_quarters
    history_start = clock.day_start(Period(period.year - HISTORY_YEARS).start)
    before, history = _served_before(session, start, history_start, asked)
    records.earlier_served = before | in_quarters
    records.counted = Counted(period.year, history | in_quarters, quarters)
    records.placements = _placements(session)
    records.checks = _checks(session)
    records.cohorts = _cohorts(session)
    records.programs, records.apprentices = _apprenticeships(session)
    records.action_items = _action_items(session, clock.days(period.start, period.end))
    records.partnerships = _partnerships(session)
    records.staff_names = dict(session.execute(select(StaffUser.id, StaffUser.name)).all())
    _labour_market(session, records, areas)
    return records


def _area_label(area: Area) -> str:
    return "the United States" if area.kind == "national" else f"{KIND_LABELS[area.kind].lower()} {area.code}"


def _labour_market(session: Session, records: Records, areas: Sequence[Area]) -> None:
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


def _fetch(session: Session, query: Any) -> list[Any]:
    """The rows of a select as the driver's own tuples. For the queries that read rows by the hundred
    thousand, SQLAlchemy's rows cost more than the query; only for columns whose stored values need no
    conversion (text, numbers; a date-time's text is used only to test for NULL)."""
    conn = session.connection()
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    convert = compiled._bind_processors  # the same conversion of bound values as SQLAlchemy's own
    if conn.dialect.paramstyle != "qmark" or compiled.positiontup is None:
        return [tuple(row) for row in session.execute(query)]
    values = tuple(convert[k](params[k]) if k in convert else params[k] for k in compiled.positiontup)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return cursor.execute(str(compiled), values).fetchall()
    finally:
        cursor.close()


def _organizations(session: Session) -> dict[str, OrganizationRow]:
    o = Organization
    query = select(o.id, o.name, o.kind, o.sector, o.deleted_at, o.merged_into_id, o.fein)
    new = tuple.__new__
    return {
        org_id: new(OrganizationRow, (org_id, name, kind, sector, deleted is not None, merged_into, fein))
        for org_id, name, kind, sector, deleted, merged_into, fein in _fetch(session, query)
    }


def _services(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = json.loads(raw)
    return tuple(raw or ())


def has_category(services: Any) -> Any:
    """SQL: the visit's services name at least one ETA-9169 category (measures.is_service's test)."""
    each = func.json_each(services).table_valued("value")
    return select(each.c.value).where(each.c.value.in_(CATEGORIES)).exists()


def local_date(starts: Any, start: dt.datetime, end: dt.datetime) -> Any:
    """SQL: the local calendar date (YYYY-MM-DD text) of a stored start in [start, end), from the
    profile zone's offsets over that span (clock.utc_offsets): no per-row zone conversion. Fractions
    of a second are cut off first (SQLite would round them to the millisecond, and 23:59:59.9996
    would become the next day)."""
    segments = clock.utc_offsets(start, end)
    whole = func.substr(type_coerce(starts, Text), 1, 19)

    def shift(offset: dt.timedelta) -> str:
        return f"{int(offset.total_seconds()):+d} seconds"

    if len(segments) == 1:
        return func.date(whole, shift(segments[0][1]))
    branches = [(starts < segments[i + 1][0], shift(off)) for i, (_at, off) in enumerate(segments[:-1])]
    return func.date(whole, case(*branches, else_=shift(segments[-1][1])))


def _visits(session: Session, start: dt.datetime, end: dt.datetime) -> list[VisitRow]:
    """The completed visits of [start, end). A year of a 100,000-organization profile's visits reads in
    well under a second: the local day is computed by SQLite (`local_date`) and each distinct day and
    services list (the stored JSON text) is parsed once."""
    services = type_coerce(Visit.services, Text)
    day_text = local_date(Visit.starts_at, start, end)
    query = select(Visit.id, Visit.organization_id, day_text, services, Visit.staff_id).where(
        Visit.starts_at >= start,
        Visit.starts_at < end,
        # `status || ''`: SQLite would otherwise walk the status index (most visits are completed)
        # instead of the window's dates.
        Visit.status.concat("") == "completed",
        Visit.deleted_at.is_(None),
    )
    parsed: dict[Any, tuple[str, ...]] = {}
    days = _Days()
    rows: list[VisitRow] = []
    append, new = rows.append, tuple.__new__
    for v_id, org_id, day_of, raw, staff_id in _fetch(session, query):
        codes = parsed.get(raw)
        if codes is None:
            codes = parsed[raw] = _services(raw)
        append(new(VisitRow, (v_id, org_id, days[day_of], "completed", codes, staff_id, False)))
    return rows


class _Days(dict[str, dt.date]):
    """Dates by their YYYY-MM-DD text, each text parsed once."""

    def __missing__(self, text: str) -> dt.date:
        day = self[text] = dt.date.fromisoformat(text)
        return day


def _asked_about(records: Records) -> set[str]:
    """The organizations (as stored) whose service before the visit rows a measure can ask about:
    those standing for an establishment with a service among the rows (`ctx.before` and
    `ctx.history` are only looked up for the establishments served)."""
    employer_of, visits = kept_ids(records)[1], records.visits
    # is_service, with the category test made once per distinct list of codes
    category = {codes: has_category_codes(codes) for codes in set(map(attrgetter("services"), visits))}
    served = {
        employer_of.get(v.organization_id)
        for v in visits
        if category[v.services] and not v.deleted and v.status == "completed"
    }
    served.discard(None)
    return {org_id for org_id, establishment in employer_of.items() if establishment in served}


def _served_before(
    session: Session, start: dt.datetime, history_start: dt.datetime, asked: Iterable[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """Of the organizations `asked` about: those with a service before `start` (for 'new employers'),
    and those whose last one was on or after `history_start` (repeat business: a service in the
    three program years before).

    One seek per organization on the covering index (organization_id, starts_at, status, deleted_at,
    services), walking back from `start` to its last service, instead of reading every older visit:
    ten years of visits made that most of the report's time. The organizations go in id order (the
    index's), so the seeks walk the index forward."""
    wanted = func.json_each(json.dumps(sorted(asked))).table_valued("value")
    last = (
        select(Visit.starts_at)
        .where(
            Visit.organization_id == wanted.c.value,
            Visit.starts_at < start,
            Visit.status == "completed",
            Visit.deleted_at.is_(None),
            has_category(Visit.services),
        )
        .order_by(Visit.starts_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    per_org = select(wanted.c.value.label("id"), last.label("last")).subquery()
    query = select(per_org.c.id, per_org.c.last >= history_start).where(per_org.c.last.is_not(None))
    earlier, history = set(), set()
    for org_id, recent in _fetch(session, query):
        earlier.add(org_id)
        if recent:
            history.add(org_id)
    return frozenset(earlier), frozenset(history)


def _quarter_counts(
    session: Session, quarters: Sequence[Period]
) -> dict[Period, list[tuple[str, str | None, int]]]:
    """For consecutive `quarters`: per quarter, the services of each organization and staff member
    (services as `is_service` says; the quarter of a visit is its local day's, by the instants at which
    each quarter's first day begins).

    Each quarter is one aggregate over the covering index with no GROUP BY (its sort of 200,000 rows
    was most of the time): SQLite joins each service's organization and staff member into one text,
    and Python counts the pairs in C (`Counter` over the split text). An id holding a separator (ids
    are UUIDs, so only a damaged one would) shows as a miscount, and that quarter is grouped in SQL."""
    found: dict[Period, list[tuple[str, str | None, int]]] = {}
    pair = Visit.organization_id.concat(_PAIR).concat(func.coalesce(Visit.staff_id, ""))
    for quarter in quarters:
        start, end = clock.days(quarter.start, quarter.end)
        services = (
            Visit.starts_at >= start,
            Visit.starts_at < end,
            Visit.status.concat("") == "completed",
            Visit.deleted_at.is_(None),
            has_category(Visit.services),
        )
        joined = select(func.group_concat(pair, _ROWS), func.count()).where(*services)
        text, n = _fetch(session, joined)[0]
        pieces = text.split(_ROWS) if text else []
        if len(pieces) == n and (text or "").count(_PAIR) == n:
            counts = Counter(pieces)
            split = map(methodcaller("partition", _PAIR), counts)
            found[quarter] = [
                (org, staff or None, k) for (org, _, staff), k in zip(split, counts.values(), strict=True)
            ]
        else:
            grouped = select(Visit.organization_id, Visit.staff_id, func.count()).where(*services)
            grouped = grouped.group_by(Visit.organization_id, Visit.staff_id)
            found[quarter] = [(org_id, staff, k) for org_id, staff, k in _fetch(session, grouped)]
    return found


_PAIR, _ROWS = "\x1f", "\x1e"  # unit and record separators


def _placements(session: Session) -> list[PlacementRow]:
    """Every placement, read through the driver (dates as their text, each distinct one parsed once)."""
    p = Placement
    query = select(
        p.id, p.organization_id, type_coerce(p.start_date, Text), p.occupation_soc, p.occupation_title,
        p.hourly_wage, p.full_time, p.staff_id, p.cohort_id, p.deleted_at,
    )  # fmt: skip
    days = _Days()
    return [
        PlacementRow(i, org, days[on], soc, title or "", wage, _flag(full), staff, cohort, gone is not None)
        for i, org, on, soc, title, wage, full, staff, cohort, gone in _fetch(session, query)
    ]


def _flag(stored: int | None) -> bool | None:
    """A stored boolean (0 or 1, or NULL) as SQLAlchemy's Boolean reads it."""
    return None if stored is None else bool(stored)


def _checks(session: Session) -> list[RetentionCheckRow]:
    r = RetentionCheck
    query = select(r.id, r.placement_id, r.quarter, r.result, r.deleted_at)
    return [
        RetentionCheckRow(i, p, q, result, deleted is not None)
        for i, p, q, result, deleted in _fetch(session, query)
    ]


def _cohorts(session: Session) -> list[CohortRow]:
    c = TrainingCohort
    query = select(
        c.id, c.name, c.sector, c.ends_on, c.enrolled, c.completed, c.credentials_earned, c.credential_name,
        c.staff_id, c.partnership_id, c.deleted_at,
    )  # fmt: skip
    return [CohortRow(*row[:10], deleted=row[10] is not None) for row in session.execute(query)]


def _apprenticeships(session: Session) -> tuple[list[ProgramRow], list[ApprenticeRow]]:
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


def _action_items(session: Session, bounds: tuple[dt.datetime, dt.datetime]) -> list[ActionItemRow]:
    a = ActionItem
    done_on = local_date(a.completed_at, *bounds)  # the local date it was marked done, by SQLite
    query = select(a.id, done_on, a.owner_staff_id, a.organization_id, a.partnership_id).where(
        a.status == "done", a.deleted_at.is_(None), a.completed_at >= bounds[0], a.completed_at < bounds[1]
    )
    days, new = _Days(), tuple.__new__
    return [
        new(ActionItemRow, (i, "done", days[day_of] if day_of else None, owner, org, partnership, False))
        for i, day_of, owner, org, partnership in _fetch(session, query)
    ]


def _partnerships(session: Session) -> dict[str, PartnershipRow]:
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


def names(session: Session, model: Any, ids: Iterable[str]) -> dict[str, str]:
    """Display names of records by id, read in chunks (for the lists behind a number)."""
    found: dict[str, str] = {}
    wanted = list(dict.fromkeys(ids))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(session.execute(select(model.id, model.name).where(model.id.in_(chunk))).all())
    return found
