"""`import training-programs FILE`: an inventory from CSV or XLSX, previewed first, written all or nothing.

The reading (bounded, streamed), the header matching and the per-cell checks are services/importing's
and services/spreadsheets'; the columns are below and in docs/import-format.md. A provider is found by
its organization's name (any case); one the profile does not know yet is added as a training provider.
A row whose provider and program name match a program already in the inventory updates it, so the
next term's file can be imported over this one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.errors import ImportRefused
from sector_desktop.models import Organization, TrainingProgram
from sector_desktop.models.choices import ETPL_STATUSES, PROGRAM_MODALITIES, SECTORS
from sector_desktop.money import parse_cents
from sector_desktop.store import Database

from ..importing.applying import refusal
from ..importing.columns import CellError, Column, _choice, _count, _email, _text, header_key
from ..importing.preview import _check_row, _map_headers
from ..importing.rows import ImportPreview, ImportRow, RowError
from ..spreadsheets import open_table
from .inventory import ProgramInput, apply_to, problems_of, soc_codes_from

KIND = "training-programs"
ProgressFn = Callable[[int, int, str], None]


def _soc(text: str) -> tuple[str, ...]:
    try:
        return soc_codes_from(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _cost(text: str) -> int:
    try:
        cents = parse_cents(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    if cents < 0:
        raise CellError("a cost cannot be below zero")
    return cents


def _calendar_date(text: str) -> dt.date:
    """A calendar date: 2026-01-12 (a workbook's date cell reads so), 01/12/2026 or 1/12/26."""
    shown = re.sub(r"[T ]00:00(:00)?$", "", text.strip())
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(shown, fmt).date()
        except ValueError:
            continue
    raise CellError("not a date; write 2026-01-12 or 01/12/2026")


_etpl_codes = _choice(ETPL_STATUSES, "ETPL status")


def _etpl(text: str) -> str:
    word = header_key(text)
    if word in {"yes", "y", "eligible", "listed", "onetpl", "approved"}:
        return "eligible"
    if word in {"no", "n", "notlisted", "none"}:
        return "not_listed"
    return _etpl_codes(text)


COLUMNS: tuple[Column, ...] = (
    Column(
        "provider",
        ("provider organization", "training provider", "provider name", "college", "school", "institution"),
        _text(300),
        required=True,
    ),
    Column("name", ("program", "program name", "course", "training program"), _text(300), required=True),
    Column("sector", ("industry",), _choice(SECTORS, "sector"), required=True),
    Column("credential", ("credential earned", "certification", "certificate"), _text(300)),
    Column("soc_codes", ("soc", "soc code", "soc codes", "occupations", "occupations served"), _soc),
    Column("hours", ("total hours", "clock hours", "contact hours"), _count),
    Column("duration_weeks", ("length", "length weeks", "weeks", "duration"), _count),
    Column("cost", ("tuition", "cost usd", "price", "tuition and fees"), _cost),
    Column("schedule", ("days and times", "class schedule"), _text(200)),
    Column("modality", ("format", "delivery", "delivery mode"), _choice(PROGRAM_MODALITIES, "modality")),
    Column("next_start", ("next start date", "next cohort", "start date", "next class"), _calendar_date),
    Column("etpl_status", ("etpl", "eligible training provider", "on etpl", "etpl eligible"), _etpl),
    Column("capacity", ("seats", "cohort size", "seats per cohort"), _count),
    Column("contact_name", ("contact", "contact person"), _text(200)),
    Column("contact_email", ("email", "contact e-mail", "e-mail"), _email),
    Column("contact_phone", ("phone", "telephone", "contact telephone"), _text(40)),
    Column("notes", (), _text(20_000)),
)


@dataclass
class ProgramsPreview(ImportPreview):
    new_providers: list[str] = field(default_factory=list)  # providers to be added as organizations
    updates: int = 0  # rows that update a program already in the inventory

    def summary(self) -> str:
        parts = [f"{len(self.rows):,} programs", f"{len(self.errors):,} errors"]
        if self.updates:
            parts.append(f"{self.updates:,} already in the inventory (updated)")
        if self.new_providers:
            parts.append(
                f"{len(self.new_providers)} new provider{'s' if len(self.new_providers) != 1 else ''}"
            )
        return ", ".join(parts)


def preview_programs(
    db: Database, path: Path | str, progress: ProgressFn | None = None, sheet: str | None = None
) -> ProgramsPreview:
    """Read and check every row of an inventory file, writing nothing."""
    path = Path(path)
    with open_table(path, sheet=sheet) as table:
        mapping, ignored, errors = _map_headers(table.header, COLUMNS, KIND)
        headers = {c.field: header for c, header in mapping.values()}
        preview = ProgramsPreview(KIND, path.name, list(headers), headers, [], errors, ignored)
        preview.sheet, preview.sheets, preview.encoding = table.sheet, list(table.sheets), table.encoding
        if errors:
            return preview
        for done, row in enumerate(table.rows(), start=1):
            preview.rows.append(_check_row(row, mapping, preview.errors, "training_program"))
            if progress and done % 200 == 0:
                progress(done, 0, f"Read {done:,} rows")
    with db.read_session() as s:
        providers = _providers(s)
        existing = _existing(s)
    _check_rows(preview, providers, existing)
    return preview


def _providers(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(Organization.id, Organization.name).where(Organization.deleted_at.is_(None))
    )
    found: dict[str, str] = {}
    for org_id, name in rows:
        found.setdefault(name.strip().lower(), org_id)
    return found


def _existing(session: Session) -> dict[tuple[str, str], str]:
    rows = session.execute(
        select(TrainingProgram.id, TrainingProgram.provider_id, func.lower(TrainingProgram.name)).where(
            TrainingProgram.deleted_at.is_(None)
        )
    )
    return {(provider or "", name.strip()): pid for pid, provider, name in rows}


def _check_rows(preview: ProgramsPreview, providers: dict[str, str], existing: dict) -> None:
    first: dict[tuple[str, str], int] = {}
    new: dict[str, str] = {}
    for row in preview.rows:
        provider = (row.values.get("provider") or "").strip()
        key = (provider.lower(), (row.values.get("name") or "").strip().lower())
        if all(key) and key in first:
            reason = f"the same provider and program are on row {first[key]}; keep one of them"
            preview.errors.append(
                RowError(row.row_number, preview.headers["name"], row.values["name"], reason)
            )
            row.has_error = True
        if all(key):
            first.setdefault(key, row.row_number)
        if row.has_error:
            continue
        provider_id = providers.get(key[0])
        if provider_id is None:
            new.setdefault(key[0], provider)
        elif (provider_id, key[1]) in existing:
            preview.updates += 1
        for problem in problems_of(_input(row, provider_id)):
            preview.errors.append(RowError(row.row_number, problem.split(":")[0], "", problem))
            row.has_error = True
    preview.new_providers = sorted(new.values(), key=str.lower)
    preview.errors.sort(key=lambda e: e.row_number)


def _input(row: ImportRow, provider_id: str | None) -> ProgramInput:
    v = row.values
    return ProgramInput(
        name=v["name"], sector=v["sector"], provider_id=provider_id, credential=v.get("credential"),
        soc_codes=v.get("soc_codes", ()), hours=v.get("hours"), duration_weeks=v.get("duration_weeks"),
        cost_cents=v.get("cost"), schedule=v.get("schedule"), modality=v.get("modality"),
        next_start=v.get("next_start"), etpl_status=v.get("etpl_status"), capacity=v.get("capacity"),
        contact_name=v.get("contact_name"), contact_email=v.get("contact_email"),
        contact_phone=v.get("contact_phone"), notes=v.get("notes"),
    )  # fmt: skip


@dataclass(frozen=True)
class ProgramsImported:
    added: int
    updated: int
    providers_added: int

    def __str__(self) -> str:
        text = f"Imported training programs: {self.added:,} added, {self.updated:,} updated."
        if self.providers_added:
            text += f" Added {self.providers_added} provider organization(s)."
        return text


def apply_programs(db: Database, preview: ProgramsPreview) -> ProgramsImported:
    """Write every row in one transaction; a preview with any error is refused whole."""
    if not preview.ok:
        raise refusal(preview)
    if not preview.rows:
        raise ImportRefused(f"{preview.file_name} has no programs to import.")
    added = updated = providers_added = 0
    with db.session() as s:
        providers, existing = _providers(s), _existing(s)
        for row in preview.rows:
            name = row.values["provider"].strip()
            provider_id = providers.get(name.lower())
            if provider_id is None:
                org = Organization(name=name, kind="training_provider", sector=row.values["sector"], tags=[])
                s.add(org)
                s.flush()
                provider_id = providers[name.lower()] = org.id
                providers_added += 1
            program_id = existing.get((provider_id, row.values["name"].strip().lower()))
            program = s.get(TrainingProgram, program_id) if program_id else None
            if program is None:
                program = TrainingProgram()
                s.add(program)
                added += 1
            else:
                updated += 1
            apply_to(program, _input(row, provider_id))
        s.flush()
    return ProgramsImported(added, updated, providers_added)


__all__ = ["COLUMNS", "KIND", "ProgramsImported", "ProgramsPreview", "apply_programs", "preview_programs",
           "refusal"]  # fmt: skip
