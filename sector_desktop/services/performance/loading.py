"""Reading the rows of one period for the measures: the visits of the period's program year, the
organizations, and what history.py counts in SQL of the years before and outcome_rows.py reads beside.
Lean column queries through the driver, no ORM objects."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import partial
from itertools import chain, compress, repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Text, select, type_coerce
from sqlalchemy.orm import Session

from sector_desktop import clock
from sector_desktop.models import Organization, StaffUser, Visit

from ..lmi.areas import Area
from . import outcome_rows
from .columns import Memo, VisitColumns
from .context import kept_ids, served_establishments
from .history import quarter_counts, served_before
from .joined import joined_columns
from .parallel import Beside
from .periods import Period
from .queries import Days as _Days
from .queries import dialect_of, local_date
from .queries import fetch as _fetch
from .rows import Counted, OrganizationRow, Records, VisitRow
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
    of the earlier quarters of the quarter-over-quarter series.

    The year's visits and the earlier quarters' counts are read beside (parallel.Beside: each one step
    of SQLite, joined.py) while this thread reads the rest row by row, then finds the organizations
    asked about once the visits are in."""
    first, last = window(period)
    start, end = clock.days(first, last)
    earlier = [q for q in last_quarters(period) if q.start < first]
    with Beside(session) as beside:
        visits = beside.start(partial(_visit_columns, start=start, end=end))
        counting = beside.start(partial(quarter_counts, quarters=earlier))
        organizations = _organizations(session)
        action_items = outcome_rows.action_items(session, period)
        placements, checks = outcome_rows.placements(session), outcome_rows.checks(session)
        cohorts = outcome_rows.cohorts(session)
        programs, apprentices = outcome_rows.apprenticeships(session)
        partnerships = outcome_rows.partnerships(session)
        staff_names = dict(session.execute(select(StaffUser.id, StaffUser.name)).all())
        records = Records(organizations=organizations, visit_columns=visits())
        asked = _asked_about(records)
        quarters = counting()
        # The series' earlier quarters lie in the three program years before: an organization served in
        # them was served before, and in those years. Only the others are looked up one by one.
        in_quarters = set(map(itemgetter(0), chain.from_iterable(quarters.values())))
        history_start = clock.day_start(Period(period.year - HISTORY_YEARS).start)
        before, history = served_before(session, start, history_start, asked - in_quarters)
        records.earlier_served = before | in_quarters
        records.counted = Counted(period.year, history | in_quarters, quarters)
        records.placements, records.checks, records.cohorts = placements, checks, cohorts
        records.programs, records.apprentices = programs, apprentices
        records.partnerships, records.staff_names = partnerships, staff_names
        records.action_items = action_items
        outcome_rows.labour_market(session, records, areas)
    return records


def _organizations(source: Session | Connection) -> dict[str, OrganizationRow]:
    """Every organization by id, with what the measures read of it (merges, kind, sector): not its name
    or FEIN, which no measure reads (the lists behind a number name records by id, behind.py), and
    which were half of the reading of 100,000 organizations. The rows made in C (`map`), as `zip`
    turns the driver's rows into columns."""
    o = Organization
    rows = _fetch(source, select(o.id, o.kind, o.sector, o.deleted_at.is_not(None), o.merged_into_id))
    if not rows:
        return {}
    ids, kinds, sectors, deleted, merged = zip(*rows, strict=True)
    made = zip(ids, repeat(""), kinds, sectors, map(bool, deleted), merged, repeat(None))
    return dict(zip(ids, map(tuple.__new__, repeat(OrganizationRow), made), strict=True))


def _services(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = json.loads(raw)
    return tuple(raw or ())


def _visit_query(start: dt.datetime, end: dt.datetime, day: Any) -> Any:
    """The completed visits of [start, end) in order of start (the covering index's: no sort): id,
    organization, `day` (the stored start's text, or its local day by `local_date`), services (the
    stored JSON text) and staff member."""
    services = type_coerce(Visit.services, Text)
    query = select(Visit.id, Visit.organization_id, day, services, Visit.staff_id).where(
        Visit.starts_at >= start,
        Visit.starts_at < end,
        # `status || ''`: SQLite would otherwise walk the status index (most visits are completed)
        # instead of the window's dates.
        Visit.status.concat("") == "completed",
        Visit.deleted_at.is_(None),
    )
    return query.order_by(Visit.starts_at)


def _visit_columns(source: Session | Connection, start: dt.datetime, end: dt.datetime) -> VisitColumns:
    """The completed visits of [start, end) as columns: read joined (joined.py: one step of SQLite, for
    reading beside; else the driver's rows turned into columns by `zip`), each services list parsed
    once (`Memo`), and the local days found by bisecting the sorted starts (`outcome_rows.days_of`,
    instead of SQLite's `date()` per visit); no Python code per visit. The joined text keeps the rows'
    order: SQLite keeps a subquery's ORDER BY for an aggregate over it alone."""
    # The start as stored (its text): the joined text's, or the rows' (`type_coerce`: not converted).
    found: Sequence[Sequence[Any]] | None = joined_columns(source, _visit_query(start, end, Visit.starts_at))
    if found is None:
        rows = _fetch(source, _visit_query(start, end, type_coerce(Visit.starts_at, Text)))
        found = list(zip(*rows, strict=True))
    if not found or not found[0]:
        return VisitColumns((), (), (), (), ())
    ids, orgs, starts, raw, staff = found
    dialect = dialect_of(source)
    as_stored = Visit.starts_at.type.dialect_impl(dialect).bind_processor(dialect)  # as SQLite compares
    days = outcome_rows.days_of(starts, start, end, as_stored or str)
    return VisitColumns(ids, orgs, days, list(map(Memo(_services).__getitem__, raw)), staff)


def _visits(session: Session | Connection, start: dt.datetime, end: dt.datetime) -> list[VisitRow]:
    """The completed visits of [start, end) as rows (the plain form `_visit_columns` is checked
    against), the local day by SQLite (`local_date`); each distinct day and services list parsed once."""
    parsed: dict[Any, tuple[str, ...]] = {}
    days = _Days()
    rows: list[VisitRow] = []
    append, new = rows.append, tuple.__new__
    query = _visit_query(start, end, local_date(Visit.starts_at, start, end))
    for v_id, org_id, day_of, raw, staff_id in _fetch(session, query):
        codes = parsed.get(raw)
        if codes is None:
            codes = parsed[raw] = _services(raw)
        append(new(VisitRow, (v_id, org_id, days[day_of], "completed", codes, staff_id, False)))
    return rows


def _asked_about(records: Records) -> set[str]:
    """The organizations (as stored) whose service before the visit rows a measure can ask about:
    those standing for an establishment with a service among the rows (`ctx.before` and
    `ctx.history` are only looked up for the establishments served)."""
    employer_of, served = kept_ids(records)[1], served_establishments(records)
    return set(compress(employer_of.keys(), map(served.__contains__, employer_of.values())))
