"""The performance report's data: the measures of a period and scope, as the report's plain tables.

`performance_data` reads and computes; `performance_report` lays the result out as tables for the PDF
and the workbook; `performance_json` is what `report performance --format json` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.errors import NotFound, SectorError
from sector_desktop.models import SectorPartnership, StaffUser
from sector_desktop.models.choices import SECTORS, label
from sector_desktop.reports.data import Figure, PerformanceReport, QuarterBar, ReportTable
from sector_desktop.store import Database

from ..lmi.areas import Area
from ..performance.breakdowns import KINDS, breakdown_values
from ..performance.collector import collector_paused
from ..performance.context import Context
from ..performance.definitions import DEFINITIONS, SOURCES
from ..performance.loading import load_records
from ..performance.measures import BREAKDOWN, compute
from ..performance.periods import Period
from ..performance.results import Measure, Performance
from ..performance.rows import Records, Scope

FORMATS = {"rate": "pct", "median": "money", "count": "int", "sum": "int"}


def resolve_scope(
    session: Session, staff: str | None = None, sector: str | None = None, partnership: str | None = None
) -> Scope:
    """A scope from what a user typed: a staff member's name, user name or id; a sector's code or name;
    a partnership's name or id. NotFound names what matched nothing."""
    staff_id = partnership_id = sector_code = None
    if staff:
        wanted = staff.strip().lower()
        rows = session.execute(select(StaffUser.id, StaffUser.name, StaffUser.username)).all()
        staff_id = next((i for i, n, u in rows if wanted in (i, (n or "").lower(), (u or "").lower())), None)
        if staff_id is None:
            raise NotFound(f"No staff member called {staff!r}; use a name, user name or id.")
    if sector:
        wanted = sector.strip().lower()
        sector_code = next((c for c, name in SECTORS if wanted in (c, name.lower())), None)
        if sector_code is None:
            raise NotFound(f"No sector {sector!r}; choose one of {', '.join(c for c, _ in SECTORS)}.")
    if partnership:
        wanted = partnership.strip().lower()
        partnerships = session.execute(
            select(SectorPartnership.id, SectorPartnership.name).where(SectorPartnership.deleted_at.is_(None))
        ).all()
        partnership_id = next((i for i, n in partnerships if wanted in (i, n.lower())), None)
        if partnership_id is None:
            raise NotFound(f"No partnership called {partnership!r}; use its name or id.")
    return Scope(staff_id, sector_code, partnership_id)


def scope_label(scope: Scope, records: Records) -> str:
    parts = []
    if scope.staff_id:
        parts.append(f"Staff member: {records.staff_names.get(scope.staff_id, scope.staff_id)}")
    if scope.sector:
        parts.append(f"Sector: {label(SECTORS, scope.sector)}")
    if scope.partnership_id:
        found = records.partnerships.get(scope.partnership_id)
        parts.append(f"Partnership: {found.name if found else scope.partnership_id}")
    return "; ".join(parts) or "Whole team"


def performance_data(
    db: Database, period: Period, scope: Scope, as_of: dt.date | None = None, areas: Sequence[Area] = ()
) -> tuple[Records, Performance]:
    """Read the period's rows and compute every measure (as of today unless told); `areas` are the
    office's, for the QCEW and OEWS figures."""
    as_of = as_of or clock.today()
    if period.start > as_of:
        raise SectorError(f"{period.label} has not started yet (it starts {timefmt.date(period.start)}).")
    with collector_paused():
        with db.read_session() as s:
            records = load_records(s, period, areas)
        return records, compute(records, period, scope, as_of)


def performance_json(records: Records, result: Performance) -> dict[str, Any]:
    """Every measure with its numerator and denominator, the ETA-9169 table and the series."""
    return {
        "period": {
            "label": result.period.label,
            "program_year": result.period.year,
            "quarter": result.period.quarter,
            "first_day": result.period.start.isoformat(),
            "last_day": result.period.end.isoformat(),
        },
        "scope": scope_label(result.scope, records),
        "as_of": result.as_of.isoformat(),
        "measures": [m.as_json() for m in result.measures],
        "eta_9169": [
            {"code": c.code, "label": c.label, "establishments": c.establishments, "services": c.services}
            for c in result.categories
        ],
        "quarters": [
            {
                "label": q.period.label,
                "establishments": q.establishments,
                "services": q.services,
                "placements": q.placements,
            }
            for q in result.quarters
        ],
    }


# -- the report's tables ---------------------------------------------------------------------------
def _value(m: Measure) -> Figure:
    return Figure(m.value, FORMATS[m.kind]) if m.value is not None else Figure("—")


def _number(n: float | None, money: bool = False) -> Figure:
    return Figure(n, "money" if money else "int") if n is not None else Figure("—")


def headline(result: Performance) -> ReportTable:
    rows = tuple(
        (
            Figure(m.label),
            _value(m),
            _number(m.numerator if m.kind != "median" else None),
            _number(m.denominator),
            Figure(m.absent or m.note),
        )
        for m in result.measures
    )
    return ReportTable(
        "Measures",
        ("Measure", "Value", "Numerator", "Denominator", "Notes"),
        rows,
        sheet="Measures",
        widths=(0.33, 0.1, 0.13, 0.15, 0.29),
    )


def eta9169(result: Performance) -> ReportTable:
    rows = [
        (Figure(c.label), Figure(c.establishments, "int"), Figure(c.services, "int"))
        for c in result.categories
    ]
    served, services = result.measure("establishments_served"), result.measure("services")
    rows.append((Figure("Any category (establishments served)"), _value(served), _value(services)))
    return ReportTable(
        "ETA-9169 employer services",
        ("Employer service category", "Establishments", "Services"),
        tuple(rows),
        note="An establishment that received several categories counts once in each, and once in the total.",
        sheet="ETA-9169",
        widths=(0.62, 0.19, 0.19),
    )


def wages(result: Performance) -> ReportTable:
    rows = []
    for line in result.wages:
        area = line.area.median_hourly if line.area else None
        ratio = line.median_wage / area if area else None
        occupation = (
            f"{line.title} ({line.soc})" if line.title and line.soc else line.title or line.soc or "—"
        )
        rows.append(
            (Figure(occupation), Figure(len(line.placement_ids), "int"), Figure(line.median_wage, "money"),
             _number(area, money=True), Figure(ratio, "pct") if ratio else Figure("—"))
        )  # fmt: skip
    sources = sorted({w.area.source for w in result.wages if w.area})
    note = (
        "Area medians: " + "; ".join(sources) if sources else "No OEWS median imported for these occupations."
    )
    return ReportTable(
        "Placements by occupation: starting wage against the area median",
        ("Occupation", "Placements", "Median start wage", "Area median (OEWS)", "Start wage / area median"),
        tuple(rows),
        note=note,
        sheet="Wages",
        widths=(0.37, 0.13, 0.15, 0.17, 0.18),
    )


def retention_table(records: Records, result: Performance) -> ReportTable:
    results = {(c.placement_id, c.quarter): c.result for c in records.checks if not c.deleted}
    rows = []
    for quarter in (2, 4):
        m = result.measure(f"retention_q{quarter}")
        answers = [results.get((p, quarter)) for p in m.denominator_ids]
        tally = [answers.count(a) for a in ("yes", "no", "unknown", None)]
        nth = "2nd quarter" if quarter == 2 else "4th quarter"
        rows.append((Figure(nth), _number(m.denominator), *(Figure(n, "int") for n in tally), _value(m)))
    return ReportTable(
        "Retention with the same employer",
        ("After placement", "Quarters ended", "Yes", "No", "Unknown", "Not recorded", "Rate"),
        tuple(rows),
        note="Only placements whose quarter has ended by the report date are counted.",
        sheet="Retention",
        widths=(0.22, 0.16, 0.1, 0.1, 0.12, 0.16, 0.14),
    )


def cohorts_table(records: Records, result: Performance) -> ReportTable:
    period = result.period
    ended = sorted(
        (c for c in records.cohorts if not c.deleted and c.ends_on in period),
        key=lambda c: (c.ends_on or period.end, c.name),
    )
    ids = set(result.measure("credentials").ids)
    rows = tuple(
        (
            Figure(c.name),
            Figure(label(SECTORS, c.sector) or "—"),
            Figure(timefmt.date(c.ends_on)),
            _number(c.enrolled),
            _number(c.completed),
            _number(c.credentials_earned),
            Figure(c.credential_name or "—"),
        )
        for c in ended
        if c.id in ids
    )
    return ReportTable(
        "Training cohorts that ended in the period",
        ("Cohort", "Sector", "Ended", "Enrolled", "Completed", "Credentials", "Credential"),
        rows,
        sheet="Cohorts",
        widths=(0.21, 0.17, 0.11, 0.1, 0.12, 0.13, 0.16),
    )


BREAKDOWN_HEADER = ("Served", "Services", "Repeat rate", "New employers", "Placements", "Median wage")
BREAKDOWN_NOTE = (
    "Served: establishments served. Repeat rate: repeat business customers rate. Median wage: the median "
    "starting hourly wage of the placements."
)


def _breakdown_row(name: str, values: dict[str, float | None]) -> tuple[Figure, ...]:
    """A row's cells as `_value` gives them for the measures of `breakdown` (their kinds: `KINDS`)."""
    cells = (Figure(v, FORMATS[KINDS[k]]) if (v := values[k]) is not None else Figure("—") for k in BREAKDOWN)
    return (Figure(name), *cells)


def breakdowns(records: Records, result: Performance) -> list[ReportTable]:
    """Tables by staff member, by sector and by partnership (within the report's own scope); each
    table's rows counted together (`breakdown_values`), as `breakdown` gives each scope's."""
    ctx = Context.of(records, result.period, result.as_of)
    base = result.scope
    groups: list[tuple[str, str, str, list[tuple[str, str]]]] = []
    if base.staff_id is None:
        active = set(ctx.services.staff_ids) | {p.staff_id for p in records.placements}
        staff = sorted((records.staff_names.get(i, i), i) for i in active if i)
        groups.append(("By staff member", "By staff", "staff", staff))
    if base.sector is None:
        groups.append(("By sector", "By sector", "sector", [(n, c) for c, n in SECTORS]))
    if base.partnership_id is None:
        partnerships = sorted(records.partnerships.values(), key=lambda p: p.name)
        groups.append(
            ("By partnership", "By partnership", "partnership", [(p.name, p.id) for p in partnerships])
        )
    tables = []
    for title, sheet, kind, named in groups:
        values = breakdown_values(ctx, base, kind, [key for _name, key in named])
        rows = tuple(_breakdown_row(name, row) for (name, _key), row in zip(named, values, strict=True))
        tables.append(
            ReportTable(
                title,
                (title.removeprefix("By ").capitalize(), *BREAKDOWN_HEADER),
                rows,
                note=BREAKDOWN_NOTE,
                sheet=sheet,
                widths=(0.26, 0.11, 0.12, 0.12, 0.13, 0.14, 0.12),
            )
        )
    return tables


def summary(result: Performance) -> list[str]:
    m: Callable[[str], Measure] = result.measure
    served, repeat, placed = m("establishments_served"), m("repeat_business"), m("placements")
    lines = [
        f"In {result.period.label} ({result.period.span}) the team served {served.numerator:,.0f} "
        f"establishments with {m('services').numerator:,.0f} services; "
        f"{m('new_employers').numerator:,.0f} of them were new employers."
    ]
    if repeat.value is not None:
        lines.append(f"{repeat.value:.1%} were repeat business customers of the three years before.")
    penetration = m("employer_penetration")
    if penetration.value is not None:
        counted = penetration.note.removeprefix("denominator: ")  # "62,480 private establishments, QCEW ..."
        lines.append(f"That is {penetration.value:.1%} of the area's {counted}.")
    else:
        lines.append(f"Employer penetration is not given ({penetration.absent}).")
    wage = m("median_wage")
    if placed.numerator:
        at = f" at a median of ${wage.value:,.2f} an hour" if wage.value is not None else ""
        lines.append(f"{placed.numerator:,.0f} placements started{at}.")
    return lines


def performance_report(
    db: Database,
    period: Period,
    scope: Scope,
    as_of: dt.date | None = None,
    office: str = "",
    areas: Sequence[Area] = (),
) -> PerformanceReport:
    """The report's tables and charts for `period` and `scope` (the collector paused meanwhile)."""
    with collector_paused():
        return _report(db, period, scope, as_of, office, areas)


def _report(
    db: Database, period: Period, scope: Scope, as_of: dt.date | None, office: str, areas: Sequence[Area]
) -> PerformanceReport:
    records, result = performance_data(db, period, scope, as_of, areas)
    tables = [
        eta9169(result),
        retention_table(records, result),
        wages(result),
        cohorts_table(records, result),
    ]
    tables += breakdowns(records, result)
    quarters = [
        QuarterBar(
            f"Q{q.period.quarter} PY{q.period.year % 100:02d}", q.establishments, q.services, q.placements
        )
        for q in result.quarters
    ]
    return PerformanceReport(
        office=office,
        title=f"Performance report, {period.label}",
        period=f"{period.label}: {period.span}",
        scope=scope_label(scope, records),
        as_of=timefmt.date(result.as_of),
        summary=summary(result),
        headline=headline(result),
        tables=tables,
        quarters=quarters,
        definitions=list(DEFINITIONS),
        sources=list(SOURCES),
        generated=timefmt.stamp(clock.now()),
    )
