"""Importing placements (docs/import-format.md): their columns, the employer, cohort and staff member
each row names, the checks a saved placement gets, and likely duplicates.

A placement is never a person: the columns are the employer, the occupation, the start date, the
wage, full or part time, the cohort, a case number of the state system and notes. The personal-data
guard reads the free text (occupation title, case number, notes) as it does everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import Placement, TrainingCohort

from ..outcomes.placements import CASE_MAX, TITLE_MAX, PlacementInput, clean_soc, validate_placement
from .columns import NOTES_MAX, CellError, Column, _fein, _record_id, _text
from .matching import OrganizationIndex, resolve_organization
from .rows import DuplicateOf, ImportPreview, ImportRow, RowError

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")
_FULL = {"full", "fulltime", "ft", "yes", "y", "true", "1"}
_PART = {"part", "parttime", "pt", "no", "n", "false", "0"}


def _day(text: str) -> dt.date:
    """A calendar date: 2025-08-15, 08/15/2025 or 8/15/25 (an Excel date cell reads as the first)."""
    day_part = text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00(:00)?)?", text) else text
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(day_part, form).date()
        except ValueError:
            continue
    raise CellError("not a date; write 2025-08-15 or 08/15/2025")


def _soc(text: str) -> str:
    try:
        return clean_soc(text) or ""
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _wage(text: str) -> float:
    cleaned = re.sub(
        r"(?i)\s*(/\s*h(ou)?r|per hour|an hour|hourly)$", "", text.replace("$", "").replace(",", "")
    )
    try:
        return round(float(cleaned.strip()), 2)
    except ValueError:
        raise CellError("an hourly wage in dollars is expected, such as 18.50") from None


def _full_time(text: str) -> bool:
    word = re.sub(r"[^a-z0-9]", "", text.lower())
    if word in _FULL:
        return True
    if word in _PART:
        return False
    raise CellError("write full or part (full time, part time, FT, PT, yes or no)")


PLACEMENT_COLUMNS: tuple[Column, ...] = (
    Column("id", ("placement id",), _record_id),
    Column("organization_id", ("employer id", "org id"), _record_id),
    Column("organization_fein", ("fein", "ein", "employer fein", "employer ein"), _fein),
    Column(
        "organization_name",
        ("employer", "employer name", "organization", "company", "company name"),
        _text(300),
    ),
    Column(
        "start_date",
        ("start date", "started", "started on", "hire date", "date of hire"),
        _day,
        required=True,
    ),
    Column("occupation_soc", ("soc", "soc code", "occupation code", "occupation soc"), _soc),
    Column("occupation_title", ("occupation", "occupation title", "job title", "position"), _text(TITLE_MAX)),
    Column(
        "hourly_wage",
        ("wage", "hourly wage", "starting wage", "starting hourly wage", "start wage", "pay rate"),
        _wage,
    ),
    Column("full_time", ("full or part time", "full time", "schedule", "ft pt", "hours"), _full_time),
    Column("cohort", ("training cohort", "cohort name", "training"), _text(300)),
    Column("case_number", ("case", "case no", "case id", "state case number"), _text(CASE_MAX)),
    Column(
        "staff", ("staff member", "placed by", "assigned staff", "assigned to", "staff username"), _text(100)
    ),
    Column("notes", (), _text(NOTES_MAX)),
)

# What validate_placement's problems are about, by the words they start with.
_PROBLEM_FIELDS = {
    "occupation title": "occupation_title",
    "occupation": "occupation_soc",
    "starting wage": "hourly_wage",
    "start date": "start_date",
    "case number": "case_number",
    "notes": "notes",
}


def resolve_placements(session: Session, preview: ImportPreview, staff: dict[str, str]) -> None:
    """Name each row's employer, cohort and staff member by id, and check it as a saved placement is
    checked; every problem is added to the preview with its row and column."""
    index = OrganizationIndex(session)
    cohorts: dict[str, list[str]] = {}
    for cohort_id, name in session.execute(
        select(TrainingCohort.id, TrainingCohort.name).where(TrainingCohort.deleted_at.is_(None))
    ):
        cohorts.setdefault(name.strip().lower(), []).append(cohort_id)
    for row in preview.rows:
        if row.has_error:
            continue
        try:
            if not any(
                row.values.get(c) for c in ("organization_id", "organization_fein", "organization_name")
            ):
                raise CellError(
                    "the employer is not given (organization_id, organization_fein or organization_name)"
                )
            row.values["organization_id"] = resolve_organization(index, row.values)[0]
        except CellError as exc:
            field = next(
                (c for c in ("organization_id", "organization_fein") if row.raw.get(c)), "organization_name"
            )
            _problem(preview, row, field, str(exc))
            continue
        if name := row.values.pop("cohort", None):
            found = cohorts.get(name.lower(), [])
            if len(found) == 1:
                row.values["cohort_id"] = found[0]
            else:
                why = (
                    "no training cohort has this name"
                    if not found
                    else f"{len(found)} cohorts have this name"
                )
                _problem(preview, row, "cohort", f"{why}; record the cohort on the Performance page first")
        if person := row.values.pop("staff", None):
            if person.lower() in staff:
                row.values["staff_id"] = staff[person.lower()]
            else:
                _problem(preview, row, "staff", "no staff member has this name, user name or email")
        _check_as_saved(preview, row)
    placement_duplicates(session, preview.rows)


def _check_as_saved(preview: ImportPreview, row: ImportRow) -> None:
    fields = {k: v for k, v in row.values.items() if k in PlacementInput.__dataclass_fields__}
    for problem in validate_placement(PlacementInput(**fields)):
        what, _, reason = problem.partition(": ")
        field = _PROBLEM_FIELDS.get(what, "start_date")
        # A case number that looks like an SSN is not repeated in the message: it must not be kept.
        _problem(preview, row, field, reason, show=field != "case_number")


def _problem(preview: ImportPreview, row: ImportRow, field: str, reason: str, show: bool = True) -> None:
    column = preview.headers.get(field, field)
    preview.errors.append(RowError(row.row_number, column, row.raw.get(field, "") if show else "", reason))
    row.has_error = True


def _key(values: dict[str, Any]) -> tuple[tuple[str, str] | None, tuple[Any, ...]]:
    org = values.get("organization_id") or ""
    case = (values.get("case_number") or "").strip().lower()
    same_case = (org, case) if case else None
    return same_case, (org, values.get("start_date"), values.get("occupation_soc"), values.get("hourly_wage"))


def placement_duplicates(session: Session, rows: list[ImportRow]) -> None:
    """A likely duplicate: the same id, the same employer and case number, or the same employer, start
    date, occupation and wage (in the database, or earlier in the file)."""
    live = [r for r in rows if not r.has_error]
    orgs = {r.values["organization_id"] for r in live}
    p = Placement
    existing = session.execute(
        select(p.id, p.organization_id, p.case_number, p.start_date, p.occupation_soc, p.hourly_wage).where(
            p.deleted_at.is_(None), p.organization_id.in_(orgs)
        )
    ).all()
    by_case: dict[tuple[str, str], str] = {}
    by_start: dict[tuple[Any, ...], str] = {}
    ids = set()
    names = {}
    for pid, org, case, start, soc, wage in existing:
        ids.add(pid)
        names[pid] = f"placement starting {start.isoformat()}"
        same_case, same_start = _key(
            {
                "organization_id": org,
                "case_number": case,
                "start_date": start,
                "occupation_soc": soc,
                "hourly_wage": wage,
            }
        )
        if same_case:
            by_case.setdefault(same_case, pid)
        by_start.setdefault(same_start, pid)
    earlier_case: dict[tuple[str, str], int] = {}
    earlier_start: dict[tuple[Any, ...], int] = {}
    for row in live:
        same_case, same_start = _key(row.values)
        if row.values.get("id") in ids:
            row.duplicates.append(DuplicateOf("same id", row.values["id"], names[row.values["id"]]))
        elif same_case and same_case in by_case:
            row.duplicates.append(
                DuplicateOf("same employer and case number", by_case[same_case], names[by_case[same_case]])
            )
        elif same_start in by_start:
            reason = "same employer, start date, occupation and wage"
            row.duplicates.append(DuplicateOf(reason, by_start[same_start], names[by_start[same_start]]))
        if same_case and same_case in earlier_case:
            row.duplicates.append(
                DuplicateOf("same employer and case number", row_number=earlier_case[same_case])
            )
        elif not same_case and same_start in earlier_start:
            reason = "same employer, start date, occupation and wage"
            row.duplicates.append(DuplicateOf(reason, row_number=earlier_start[same_start]))
        if same_case:
            earlier_case.setdefault(same_case, row.row_number)
        earlier_start.setdefault(same_start, row.row_number)
