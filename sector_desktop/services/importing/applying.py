"""The second step of an import: write a checked preview in ONE transaction, or refuse it whole.

Likely duplicates are never created silently: each is skipped, created anyway or merged, as chosen
per row or for the whole file; with no choice the file is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sector_desktop.errors import ImportRefused
from sector_desktop.models import Contact, Organization, Placement, StaffUser
from sector_desktop.store import Database

from ..outcomes.placements import plan_checks
from ..records import find_live
from .preview import staff_lookup
from .rows import ImportPreview, ImportRow

POLICIES = ("refuse", "skip", "create", "merge")
ROW_CHOICES = ("skip", "create", "merge")

# Fields that are not columns of the record itself.
_NOT_STORED = {"assigned_staff", "organization_fein", "organization_name"}


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created: int
    skipped: int
    merged: int
    staff_added: int = 0

    def __str__(self) -> str:
        text = (
            f"Imported {self.kind}: {self.created:,} created, {self.merged:,} merged into existing "
            f"records, {self.skipped:,} skipped as duplicates."
        )
        if self.staff_added:
            text += f" Added {self.staff_added} staff user(s) named in assigned_staff."
        if self.kind == "placements" and self.created:
            text += (
                " Each new placement has its 2nd and 4th quarter retention checks planned as action items."
            )
        return text


def refusal(preview: ImportPreview) -> ImportRefused:
    """The ImportRefused for a preview with errors; `errors` names every bad row, column and why."""
    count = len(preview.errors)
    return ImportRefused(
        f"{preview.file_name} was not imported: {count} problem{'s' if count != 1 else ''} "
        "(listed below by row and column); nothing was written.",
        errors=list(preview.errors),
    )


def apply_import(
    db: Database,
    preview: ImportPreview,
    duplicates: str = "refuse",
    choices: Mapping[int, str] | None = None,
    *,
    owner_id: str | None = None,
) -> ImportResult:
    """Write the preview's rows. `duplicates` is the policy for likely duplicates; `choices` overrides it
    per row number ("skip", "create" or "merge"). Any problem refuses the whole file. An imported
    placement's retention checks go to its staff member, else to `owner_id` (who imports)."""
    if not preview.ok:
        raise refusal(preview)
    if duplicates not in POLICIES:
        raise ImportRefused(f"Unknown duplicates policy {duplicates!r}; use one of {', '.join(POLICIES)}.")
    decided = _decide(preview, duplicates, dict(choices or {}))
    with db.session() as session:
        writer = _Writer(session, preview, owner_id)
        for row in preview.rows:
            writer.write(row, decided.get(row.row_number, "create"))
        session.flush()
    return ImportResult(preview.kind, writer.created, writer.skipped, writer.merged, writer.staff_added)


def _decide(preview: ImportPreview, policy: str, choices: dict[int, str]) -> dict[int, str]:
    decided: dict[int, str] = {}
    undecided: list[str] = []
    for row in preview.duplicate_rows:
        choice = choices.get(row.row_number, policy)
        if choice == "refuse":
            undecided.append(f"row {row.row_number}: looks like {', '.join(map(str, row.duplicates))}")
        elif choice not in ROW_CHOICES:
            raise ImportRefused(
                f"Unknown choice {choice!r} for row {row.row_number}; use skip, create or merge."
            )
        decided[row.row_number] = choice
    if undecided:
        raise ImportRefused(
            f"{preview.file_name} was not imported: {len(undecided)} row(s) look like records that "
            "already exist; nothing was written. Choose to skip, create or merge them "
            "(on the command line: --duplicates skip|create|merge).",
            errors=undecided,
        )
    return decided


class _Writer:
    """Writes rows into one session, remembering which record each row became."""

    def __init__(self, session: Session, preview: ImportPreview, owner_id: str | None = None) -> None:
        self.session = session
        self.kind = preview.kind
        self.owner_id = owner_id
        models: dict[str, type[Organization | Contact | Placement]] = {
            "organizations": Organization,
            "contacts": Contact,
            "placements": Placement,
        }
        self.model = models[preview.kind]
        self.became: dict[int, Any] = {}
        self.staff = staff_lookup(session) if preview.kind == "organizations" else {}
        self.created = self.skipped = self.merged = self.staff_added = 0

    def write(self, row: ImportRow, choice: str) -> None:
        if choice == "skip":
            self.skipped += 1
            return
        target = self._merge_target(row) if choice == "merge" else None
        if target is None:
            self.became[row.row_number] = self._create(row)
            self.created += 1
        else:
            _merge(target, self._fields(row))
            self.became[row.row_number] = target
            self.merged += 1

    def _merge_target(self, row: ImportRow) -> Any | None:
        for dup in row.duplicates:
            if dup.row_number is not None and self.became.get(dup.row_number) is not None:
                return self.became[dup.row_number]
            if dup.record_id is not None:
                record = find_live(self.session, self.model, dup.record_id)
                if record is not None:  # not deleted since the preview
                    return record
        return None  # its twin earlier in the file was skipped: this row stands for it

    def _create(self, row: ImportRow) -> Any:
        fields = self._fields(row)
        record_id = fields.pop("id", None)
        if record_id is not None and self.session.get(self.model, record_id) is None:
            fields["id"] = record_id  # keep the file's id when nothing here uses it
        org = None
        if self.kind in ("contacts", "placements"):
            org = self.session.get(Organization, fields["organization_id"])
            if org is None or org.deleted_at is not None:
                raise ImportRefused(
                    f"Row {row.row_number}: its organization was deleted after the preview; "
                    "nothing was written. Preview the file again."
                )
        record = self.model(**fields)
        self.session.add(record)
        if isinstance(record, Placement) and org is not None:
            self.session.flush()
            plan_checks(self.session, record, org, record.staff_id or self.owner_id)
        return record

    def _fields(self, row: ImportRow) -> dict[str, Any]:
        fields = {k: v for k, v in row.values.items() if k not in _NOT_STORED}
        staff = row.values.get("assigned_staff")
        if staff:
            fields["assigned_staff_id"] = self._staff_id(staff)
        return fields

    def _staff_id(self, name: str) -> str:
        key = name.lower()
        if key not in self.staff:
            user = StaffUser(name=name, username=name, role="staff", active=True)
            self.session.add(user)
            self.session.flush()
            self.staff[key] = user.id
            self.staff_added += 1
        return self.staff[key]


def _merge(record: Any, fields: dict[str, Any]) -> None:
    """The existing record keeps its values; the file fills its blanks, adds tags and appends notes."""
    for name, value in fields.items():
        if name in {"id", "created_at", "updated_at"}:
            continue
        current = getattr(record, name)
        if name == "tags":
            record.tags = list(dict.fromkeys([*(current or []), *value]))
        elif name == "notes" and current and value not in current:
            record.notes = f"{current}\n\n{value}"
        elif name == "is_primary":
            record.is_primary = bool(current) or value
        elif current in (None, ""):
            setattr(record, name, value)
