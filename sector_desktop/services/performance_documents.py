"""The performance report (PDF, XLSX, JSON) and the partnership outcomes template (XLSX, PDF) as bytes,
from the local database. The CLI's `report performance` / `report outcomes-template` and the app's
Performance page call these, so both make the same files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sector_desktop import clock
from sector_desktop.errors import SectorError
from sector_desktop.reports.layout import header_office
from sector_desktop.reports.outcomes import render_outcomes
from sector_desktop.reports.outcomes_xlsx import write_outcomes_xlsx
from sector_desktop.reports.performance import render_performance
from sector_desktop.reports.performance_xlsx import write_performance_xlsx
from sector_desktop.store import Database

from .documents import write_pdf
from .lmi.areas import Area
from .performance.collector import collector_paused
from .performance.periods import Period, parse_quarter, program_year_of
from .performance.rows import Scope
from .report_data.outcomes_template import outcomes_template as template_data
from .report_data.performance import performance_data, performance_json, performance_report, resolve_scope


def period_from(year: int | None, quarter: str | None) -> Period:
    """The program year (default: the current one) and quarter the user asked for."""
    try:
        chosen = parse_quarter(quarter) if quarter else None
        return Period(year if year is not None else program_year_of(clock.today()), chosen)
    except ValueError as exc:
        raise SectorError(f"--quarter: {exc}.") from None


def file_format(out: Path | None, chosen: str | None, allowed: tuple[str, ...]) -> str:
    """The format asked for, else the output file's suffix; an error naming the choices when neither says."""
    fmt = (chosen or (out.suffix.lstrip(".") if out else "")).lower()
    if fmt not in allowed:
        names = " or ".join(f".{a}" for a in allowed if a != "json")
        json_too = " (or --format json)" if "json" in allowed else ""
        raise SectorError(f"Cannot tell the format: give --out a file name ending in {names}{json_too}.")
    if fmt != "json" and out is None:
        raise SectorError("--out FILE is needed for a PDF or an Excel workbook.")
    return fmt


def _scope(db: Database, staff: str | None, sector: str | None, partnership: str | None) -> Scope:
    with db.read_session() as s:
        return resolve_scope(s, staff, sector, partnership)


def performance_json_data(
    db: Database,
    period: Period,
    staff: str | None = None,
    sector: str | None = None,
    partnership: str | None = None,
    areas: Sequence[Area] = (),
) -> dict[str, Any]:
    records, result = performance_data(db, period, _scope(db, staff, sector, partnership), areas=areas)
    return performance_json(records, result)


def performance_document(
    db: Database,
    period: Period,
    fmt: str,
    staff: str | None = None,
    sector: str | None = None,
    partnership: str | None = None,
    areas: Sequence[Area] = (),
    office: str | None = None,
) -> bytes:
    """The performance report as PDF or XLSX bytes; `office` names the office (a neutral label if unset)."""
    scope = _scope(db, staff, sector, partnership)
    with collector_paused():  # a page of the report is thousands of small objects too
        report = performance_report(db, period, scope, office=header_office(office or ""), areas=areas)
        return render_performance(report) if fmt == "pdf" else write_performance_xlsx(report)


def outcomes_template(
    db: Database,
    partnership: str,
    fmt: str,
    year: int | None = None,
    areas: Sequence[Area] = (),
    office: str | None = None,
) -> bytes:
    data = template_data(db, partnership, year, areas)
    data.office = office or ""
    return render_outcomes(data) if fmt == "pdf" else write_outcomes_xlsx(data)


def write_file(data: bytes, out: Path) -> Path:
    """Write atomically: a failed run never leaves half a file where the old one was."""
    return write_pdf(data, out)
