"""The first step of an import: read and check every row and find likely duplicates, writing nothing.

The result is plain data (ImportPreview) that the GUI shows and `apply_import` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import personal_data
from sector_desktop.errors import ImportRefused
from sector_desktop.models import StaffUser
from sector_desktop.store import Database

from ..spreadsheets import Row, column_letter, open_table
from .columns import COLUMNS, ORGANIZATION_REFERENCES, CellError, Column, header_key
from .matching import (
    OrganizationIndex,
    contact_duplicates,
    organization_duplicates,
    resolve_organization,
)
from .placements import PLACEMENT_COLUMNS, resolve_placements
from .rows import ImportPreview, ImportRow, RowError

KINDS = ("organizations", "contacts", "placements")
TABLES = {"organizations": "organization", "contacts": "contact", "placements": "placement"}
ALL_COLUMNS = {**COLUMNS, "placements": PLACEMENT_COLUMNS}
ProgressFn = Callable[[int, int, str], None]


def preview_import(
    db: Database,
    kind: str,
    path: Path | str,
    progress: ProgressFn | None = None,
    sheet: str | None = None,
) -> ImportPreview:
    """Read `path` as `kind` ("organizations", "contacts" or "placements") and check it against the database.

    The header is checked before any data row is read; rows are streamed from the file (see
    services/spreadsheets). `sheet` names the worksheet of an XLSX (default: the first with cells)."""
    if kind not in KINDS:
        raise ImportRefused(f"Cannot import {kind!r}; choose organizations, contacts or placements.")
    path = Path(path)
    columns = ALL_COLUMNS[kind]
    with open_table(path, sheet=sheet) as table:
        mapping, ignored, errors = _map_headers(table.header, columns, kind)
        headers = {c.field: header for c, header in mapping.values()}
        preview = ImportPreview(kind, path.name, list(headers), headers, [], errors, ignored)
        preview.sheet, preview.sheets, preview.encoding = table.sheet, list(table.sheets), table.encoding
        if errors:  # without the right columns the rows cannot be read
            return preview
        for done, row in enumerate(table.rows(), start=1):
            preview.rows.append(_check_row(row, mapping, preview.errors, TABLES[kind]))
            if progress and done % 500 == 0:
                progress(done, 0, f"Read {done:,} rows")
    total = len(preview.rows)
    if progress:
        progress(total, total * 2, "Looking for likely duplicates")
    with db.read_session() as session:
        if kind == "organizations":
            preview.new_staff = _unknown_staff(session, preview.rows)
            organization_duplicates(session, preview.rows)
        elif kind == "placements":
            resolve_placements(session, preview, staff_lookup(session))
        else:
            _resolve_organizations(session, preview)
            contact_duplicates(session, preview.rows)
    _check_ids(preview)
    if progress:
        progress(total * 2, total * 2, "Checked")
    return preview


def _map_headers(
    header: Row, columns: tuple[Column, ...], kind: str
) -> tuple[dict[int, tuple[Column, str]], list[str], list[RowError]]:
    """Which field each column holds (with the header as the file spells it), and header problems."""
    by_key = {key: col for col in columns for key in col.header_keys()}
    mapping: dict[int, tuple[Column, str]] = {}
    ignored: list[str] = []
    errors = [RowError(header.number, column_letter(p.column), p.value, p.reason) for p in header.problems]
    seen: dict[str, str] = {}
    for index, text in enumerate(header.cells):
        col = by_key.get(header_key(text))
        if col is None:
            if text:
                ignored.append(text)
            continue
        if col.field in seen:
            reason = f"both {seen[col.field]!r} and {text!r} mean {col.field}; keep one of them"
            errors.append(RowError(header.number, text, "", reason))
            continue
        seen[col.field] = text
        mapping[index] = (col, text)
    for col in columns:
        if col.required and col.field not in seen:
            reason = f"the required column {col.field!r} is missing (the header row has no such column)"
            errors.append(RowError(header.number, col.field, "", reason))
    if kind in ("contacts", "placements") and not any(ref in seen for ref in ORGANIZATION_REFERENCES):
        reason = f"a {kind} file needs an organization_id, organization_fein or organization_name column"
        errors.append(
            RowError(
                header.number,
                "organization",
                "",
                reason + (" (the employer)" if kind == "placements" else ""),
            )
        )
    return mapping, ignored, errors


def _check_row(
    row: Row, mapping: dict[int, tuple[Column, str]], errors: list[RowError], table: str
) -> ImportRow:
    checked = ImportRow(row.number, {}, {})
    free_text = personal_data.FREE_TEXT.get(table, ())
    untrusted = set()
    for problem in row.problems:
        if problem.column in mapping:
            column = mapping[problem.column][1]
        elif problem.column >= len(row.cells):  # a stray cell past the header's last column
            column = f"{column_letter(problem.column)} (no header)"
        else:
            continue  # a column the import ignores
        errors.append(RowError(row.number, column, problem.value, problem.reason))
        untrusted.add(problem.column)
        checked.has_error = True
    for index, (col, header) in mapping.items():
        text = row.cells[index] if index < len(row.cells) else ""
        checked.raw[col.field] = text
        if index in untrusted:
            continue
        if not text:
            if col.required:
                errors.append(RowError(row.number, header, "", f"{col.field} is required; the cell is empty"))
                checked.has_error = True
            continue
        try:
            checked.values[col.field] = col.parse(text)
        except CellError as exc:
            errors.append(RowError(row.number, header, text, str(exc)))
            checked.has_error = True
            continue
        finding = personal_data.find(text) if col.field in free_text else None
        if finding is not None:  # the cell is not repeated: it is what must not be kept
            errors.append(RowError(row.number, header, "", finding.short))
            checked.has_error = True
    return checked


def _check_ids(preview: ImportPreview) -> None:
    first_row: dict[str, int] = {}
    for row in preview.rows:
        record_id = row.values.get("id")
        if record_id is None:
            continue
        if record_id in first_row:
            reason = f"the same id is on row {first_row[record_id]}; an id names one record"
            preview.errors.append(RowError(row.row_number, "id", record_id, reason))
            row.has_error = True
        first_row.setdefault(record_id, row.row_number)
    preview.errors.sort(key=lambda e: e.row_number)


def staff_lookup(session: Session) -> dict[str, str]:
    """Staff ids by lower-cased username, name and email, for the assigned_staff column."""
    lookup: dict[str, str] = {}
    rows = session.execute(
        select(StaffUser.id, StaffUser.username, StaffUser.name, StaffUser.email).where(
            StaffUser.deleted_at.is_(None)
        )
    )
    for staff_id, *names in rows:
        for name in names:
            if name:
                lookup.setdefault(name.strip().lower(), staff_id)
    return lookup


def _unknown_staff(session: Session, rows: list[ImportRow]) -> list[str]:
    known = staff_lookup(session)
    unknown: dict[str, str] = {}
    for row in rows:
        name = row.values.get("assigned_staff")
        if name and name.lower() not in known:
            unknown.setdefault(name.lower(), name)
    return sorted(unknown.values())


def _resolve_organizations(session: Session, preview: ImportPreview) -> None:
    """Each contact row names its organization by id, FEIN or exact name; exactly one must match."""
    index = OrganizationIndex(session)
    for row in preview.rows:
        if row.has_error:
            continue
        try:
            org_id, org_name = resolve_organization(index, row.values)
        except CellError as exc:
            field = next((c for c in ORGANIZATION_REFERENCES if row.raw.get(c)), "organization_name")
            reason = str(exc) if index.names else f"{exc} (this profile has no organizations yet)"
            column = preview.headers.get(field, field)
            preview.errors.append(RowError(row.row_number, column, row.raw.get(field, ""), reason))
            row.has_error = True
            continue
        row.values["organization_id"] = org_id
        row.values["organization_name"] = org_name
