"""Likely duplicates of import rows (in the database or earlier in the file) and contacts' organizations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.models import Contact, Organization
from sector_desktop.services.duplicates import NAME_THRESHOLD, find_duplicates, normalize_fein, normalize_name

from .columns import CellError

if TYPE_CHECKING:
    from .preview import ImportRow


@dataclass(frozen=True)
class DuplicateOf:
    """What an import row probably repeats: an existing record, or an earlier row of the same file."""

    reason: str
    record_id: str | None = None
    name: str = ""
    row_number: int | None = None

    def __str__(self) -> str:
        if self.row_number is not None:
            return f"row {self.row_number} of this file ({self.reason})"
        return f"existing {self.name!r} ({self.reason})"


def organization_duplicates(session: Session, rows: list[ImportRow]) -> None:
    """Fill each row's `duplicates`: same id, same FEIN or a close name at the same ZIP."""
    live = Organization.deleted_at.is_(None)
    known_feins = {
        normalize_fein(f)
        for f in session.scalars(select(Organization.fein).where(live, Organization.fein.is_not(None)))
    }
    for row in rows:
        if row.has_error:
            continue
        values = row.values
        record_id = values.get("id")
        if record_id:
            same = session.get(Organization, record_id)
            if same is not None and same.deleted_at is None:
                row.duplicates.append(DuplicateOf("same id", same.id, same.name))
        # find_duplicates scans every FEIN it is given; skip that scan when no stored FEIN can match.
        fein = values.get("fein") if normalize_fein(values.get("fein")) in known_feins else None
        seen = {d.record_id for d in row.duplicates}
        for match in find_duplicates(session, values["name"], values.get("zip"), fein):
            if match.organization_id not in seen:
                seen.add(match.organization_id)
                row.duplicates.append(DuplicateOf(match.reason, match.organization_id, match.name))
        # The fuzzy match needs a ZIP on both sides; the very same name is worth a question anywhere.
        same_name = select(Organization.id, Organization.name).where(
            live, func.lower(Organization.name) == values["name"].lower()
        )
        for org_id, org_name in session.execute(same_name):
            if org_id not in seen:
                row.duplicates.append(DuplicateOf("same name", org_id, org_name))
    _organizations_within_file(rows)


def _organizations_within_file(rows: Iterable[ImportRow]) -> None:
    by_fein: dict[str, int] = {}
    by_name: dict[str, int] = {}
    by_zip: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        if row.has_error:
            continue
        fein = normalize_fein(row.values.get("fein"))
        if fein and fein in by_fein:
            row.duplicates.append(DuplicateOf("same FEIN", row_number=by_fein[fein]))
            continue
        if fein:
            by_fein[fein] = row.row_number
        zip5 = (row.values.get("zip") or "")[:5]
        name = normalize_name(row.values["name"])
        for other_row, other_name in by_zip.get(zip5, []) if zip5 and name else []:
            score = fuzz.token_sort_ratio(name, other_name)
            if score >= NAME_THRESHOLD:
                reason = f"similar name ({score:.0f}%) and same ZIP"
                row.duplicates.append(DuplicateOf(reason, row_number=other_row))
                break
        else:
            exact = row.values["name"].strip().lower()
            if exact in by_name:
                row.duplicates.append(DuplicateOf("same name", row_number=by_name[exact]))
            by_name.setdefault(exact, row.row_number)
        if zip5 and name:
            by_zip.setdefault(zip5, []).append((row.row_number, name))


def _contact_key(values: dict[str, Any]) -> tuple[str, str, str]:
    return (
        values.get("organization_id") or "",
        normalize_name(values.get("name") or ""),
        (values.get("email") or "").strip().lower(),
    )


def contact_duplicates(session: Session, rows: list[ImportRow]) -> None:
    """A contact repeats another at the same organization with the same name or the same email."""
    org_ids = {r.values["organization_id"] for r in rows if not r.has_error}
    existing: dict[str, list[Contact]] = {}
    for contact in session.scalars(
        select(Contact).where(Contact.deleted_at.is_(None), Contact.organization_id.in_(org_ids))
    ):
        existing.setdefault(contact.organization_id, []).append(contact)
    earlier: dict[str, list[tuple[int, str, str]]] = {}
    for row in rows:
        if row.has_error:
            continue
        org_id, name, email = _contact_key(row.values)
        record_id = row.values.get("id")
        for contact in existing.get(org_id, []):
            if record_id == contact.id:
                reason = "same id"
            elif name and normalize_name(contact.name) == name:
                reason = "same name at the same organization"
            elif email and (contact.email or "").lower() == email:
                reason = "same email at the same organization"
            else:
                continue
            row.duplicates.append(DuplicateOf(reason, contact.id, contact.name))
        for other_row, other_name, other_email in earlier.get(org_id, []):
            if (name and name == other_name) or (email and email == other_email):
                row.duplicates.append(DuplicateOf("same name or email", row_number=other_row))
                break
        earlier.setdefault(org_id, []).append((row.row_number, name, email))
    # An id used by a contact of another organization is a clash, not a duplicate to merge.
    ids = {r.values["id"]: r for r in rows if not r.has_error and r.values.get("id")}
    if ids:
        for contact in session.scalars(select(Contact).where(Contact.id.in_(list(ids)))):
            row = ids[contact.id]
            if contact.organization_id != row.values["organization_id"] or contact.deleted_at is not None:
                row.values.pop("id")  # the imported contact gets a new id


def resolve_organization(session: Session, values: dict[str, Any]) -> tuple[str, str]:
    """The (id, name) of the one live organization a contact row names, by id, then FEIN, then name."""
    live = Organization.deleted_at.is_(None)
    if values.get("organization_id"):
        org = session.get(Organization, values["organization_id"])
        if org is None or org.deleted_at is not None:
            raise CellError("no organization has this id")
        return org.id, org.name
    if values.get("organization_fein"):
        wanted = normalize_fein(values["organization_fein"])
        found = [
            (i, n, f)
            for i, n, f in session.execute(
                select(Organization.id, Organization.name, Organization.fein).where(
                    live, Organization.fein.is_not(None)
                )
            )
            if normalize_fein(f) == wanted
        ]
        return _exactly_one(found, "FEIN")
    name = (values.get("organization_name") or "").strip()
    if not name:
        raise CellError("the contact's organization is not given (id, FEIN or name)")
    found = list(
        session.execute(
            select(Organization.id, Organization.name, Organization.fein).where(
                live, func.lower(Organization.name) == name.lower()
            )
        )
    )
    return _exactly_one(found, "name")


def _exactly_one(found: list[Any], what: str) -> tuple[str, str]:
    if not found:
        raise CellError(f"no organization has this {what}")
    if len(found) > 1:
        raise CellError(f"{len(found)} organizations have this {what}; give the organization_id instead")
    return found[0][0], found[0][1]
