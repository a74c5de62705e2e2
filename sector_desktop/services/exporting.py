"""Exporting organizations, contacts and visits to CSV, XLSX or JSON with every field.

Lists (tags, services, attendees...) are "a; b" text in CSV and XLSX and real lists in JSON.
Times are in the profile's zone (design rule 8): ISO 8601 with the offset in CSV and JSON, real
date-time cells in the house style in XLSX. Deleted (tombstoned) records are left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from sector_desktop import clock, timefmt
from sector_desktop.errors import SectorError
from sector_desktop.models import ActionItem, Contact, Organization, Visit, VisitAttendee
from sector_desktop.store import Database

from .spreadsheets.formula_guard import guard

FORMATS = ("csv", "xlsx", "json")
KINDS = ("organizations", "contacts", "visits")
ProgressFn = Callable[[int, int, str], None]

ORGANIZATION_FIELDS = (
    "id", "name", "dba", "kind", "status", "sector", "fein", "state_ui_number", "naics",
    "address_line1", "address_line2", "city", "state", "zip", "phone", "website", "size_band",
    "sites_count", "assigned_staff", "tags", "notes", "created_at", "updated_at",
)  # fmt: skip
CONTACT_FIELDS = (
    "id", "organization_id", "organization_name", "organization_fein", "name", "title", "email",
    "phone", "is_primary", "notes", "created_at", "updated_at",
)  # fmt: skip
VISIT_FIELDS = (
    "id", "organization_id", "organization_name", "starts_at", "duration_minutes", "visit_type",
    "status", "staff", "purpose", "notes", "services", "attendees", "hiring_needs", "skill_gaps",
    "follow_ups", "created_at", "updated_at",
)  # fmt: skip
FIELDS = {"organizations": ORGANIZATION_FIELDS, "contacts": CONTACT_FIELDS, "visits": VISIT_FIELDS}


@dataclass(frozen=True)
class ExportResult:
    kind: str
    format: str
    path: Path
    count: int

    def __str__(self) -> str:
        return f"Exported {self.count:,} {self.kind} to {self.path} ({self.format.upper()})."


def format_for(path: Path, fmt: str | None = None) -> str:
    """The export format: the one asked for, else the file's suffix."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise SectorError(
            f"Cannot tell the export format of {path.name}: use --format csv|xlsx|json "
            "or a file name ending in .csv, .xlsx or .json."
        )
    return chosen


def export_records(
    db: Database, kind: str, path: Path | str, fmt: str | None = None, progress: ProgressFn | None = None
) -> ExportResult:
    """Write every live record of `kind` to `path`; the file appears whole or not at all."""
    if kind not in KINDS:
        raise SectorError(f"Cannot export {kind!r}; choose organizations, contacts or visits.")
    path = Path(path)
    chosen = format_for(path, fmt)
    if not path.parent.is_dir():
        raise SectorError(f"Cannot export to {path}: the folder {path.parent} does not exist.")
    with db.read_session() as session:
        rows = list(export_rows(session, kind))
    if progress:
        progress(0, len(rows), "Writing")
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        _WRITERS[chosen](Path(tmp), FIELDS[kind], rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if progress:
        progress(len(rows), len(rows), "Done")
    return ExportResult(kind, chosen, path, len(rows))


def export_rows(session: Session, kind: str) -> Iterator[dict[str, Any]]:
    """Each live record of `kind` as a dict of FIELDS[kind], lists as lists."""
    return {"organizations": _organizations, "contacts": _contacts, "visits": _visits}[kind](session)


def _stamp(value: dt.datetime | None) -> dt.datetime | None:
    """A stored instant as an aware time in the profile's zone; each writer puts it in its own form."""
    return clock.local(value).replace(microsecond=0) if value else None


def _organizations(session: Session) -> Iterator[dict[str, Any]]:
    query = (
        select(Organization)
        .where(Organization.deleted_at.is_(None))
        .options(joinedload(Organization.assigned_staff))
        .order_by(Organization.name, Organization.id)
    )
    for org in session.scalars(query):
        row = {f: getattr(org, f) for f in ORGANIZATION_FIELDS if hasattr(Organization, f)}
        row["assigned_staff"] = org.assigned_staff.username if org.assigned_staff else None
        row["tags"] = list(org.tags or [])
        row["created_at"], row["updated_at"] = _stamp(org.created_at), _stamp(org.updated_at)
        yield row


def _contacts(session: Session) -> Iterator[dict[str, Any]]:
    query = (
        select(Contact, Organization.name, Organization.fein)
        .join(Organization, Contact.organization_id == Organization.id)
        .where(Contact.deleted_at.is_(None))
        .order_by(Organization.name, Contact.name, Contact.id)
    )
    for contact, org_name, org_fein in session.execute(query):
        row = {f: getattr(contact, f) for f in CONTACT_FIELDS if hasattr(Contact, f)}
        row.update(
            organization_name=org_name, organization_fein=org_fein, is_primary=bool(contact.is_primary)
        )
        row["created_at"], row["updated_at"] = _stamp(contact.created_at), _stamp(contact.updated_at)
        yield row


def _hiring_need(need: Any) -> str:
    details = []
    if need.openings is not None:
        details.append(f"openings: {need.openings}")
    if need.wage_min is not None or need.wage_max is not None:
        low = f"{need.wage_min:.2f}" if need.wage_min is not None else "?"
        high = f"{need.wage_max:.2f}" if need.wage_max is not None else "?"
        details.append(f"wage: {low}–{high}")
    if need.timeline:
        details.append(f"timeline: {need.timeline}")
    return f"{need.occupation} ({', '.join(details)})" if details else need.occupation


def _visits(session: Session) -> Iterator[dict[str, Any]]:
    query = (
        select(Visit)
        .where(Visit.deleted_at.is_(None))
        .options(
            joinedload(Visit.organization),
            joinedload(Visit.staff),
            selectinload(Visit.attendees).joinedload(VisitAttendee.contact),
            selectinload(Visit.hiring_needs),
            selectinload(Visit.skill_gaps),
        )
        .order_by(Visit.starts_at, Visit.id)
    )
    follow_ups: dict[str, list[str]] = {}
    items = select(ActionItem).where(ActionItem.deleted_at.is_(None), ActionItem.visit_id.is_not(None))
    for item in session.scalars(items.order_by(ActionItem.created_at)):
        due = f" (due {item.due_date.isoformat()})" if item.due_date else ""
        follow_ups.setdefault(item.visit_id or "", []).append(f"{item.text}{due} [{item.status}]")
    for visit in session.scalars(query):
        yield {
            "id": visit.id,
            "organization_id": visit.organization_id,
            "organization_name": visit.organization.name,
            "starts_at": _stamp(visit.starts_at),
            "duration_minutes": visit.duration_minutes,
            "visit_type": visit.visit_type,
            "status": visit.status,
            "staff": visit.staff.username if visit.staff else None,
            "purpose": visit.purpose,
            "notes": visit.notes,
            "services": list(visit.services or []),
            "attendees": [a.contact.name for a in visit.attendees if a.deleted_at is None],
            "hiring_needs": [_hiring_need(n) for n in visit.hiring_needs if n.deleted_at is None],
            "skill_gaps": [g.skill for g in visit.skill_gaps if g.deleted_at is None],
            "follow_ups": follow_ups.get(visit.id, []),
            "created_at": _stamp(visit.created_at),
            "updated_at": _stamp(visit.updated_at),
        }


def _flat(value: Any, *, booleans_as_text: bool) -> Any:
    if isinstance(value, dt.datetime):
        return timefmt.iso(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool) and booleans_as_text:
        return "yes" if value else "no"
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    flat = _flat(value, booleans_as_text=True)
    # Text a spreadsheet would run as a formula gets an apostrophe (OWASP); the importer takes it off.
    return guard(flat) if isinstance(flat, str) else flat


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    # The BOM makes Excel read the file as UTF-8; the importer accepts it.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_csv_cell(row[f]) for f in fields])


def _write_xlsx(path: Path, fields: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.freeze_panes = "A2"
    header = []
    for name in fields:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for name in fields:
            raw = row[name]
            # A spreadsheet cell holds no zone: the profile's wall-clock time, in the house style.
            is_time = isinstance(raw, dt.datetime)
            value = raw.replace(tzinfo=None) if is_time else _flat(raw, booleans_as_text=False)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot live in XLSX
            cell = WriteOnlyCell(sheet, value=value)
            if is_time:
                cell.number_format = timefmt.excel_datetime_format()
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text typed with a leading '=' is text, not a formula
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def _json_value(value: Any) -> Any:
    return timefmt.iso(value) if isinstance(value, dt.datetime) else value


def _write_json(path: Path, fields: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        records = [{f: _json_value(row[f]) for f in fields} for row in rows]
        json.dump(records, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


_WRITERS: dict[str, Callable[[Path, tuple[str, ...], list[dict[str, Any]]], None]] = {
    "csv": _write_csv,
    "xlsx": _write_xlsx,
    "json": _write_json,
}
