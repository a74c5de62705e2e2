"""Likely duplicates of import rows (in the database or earlier in the file) and contacts' organizations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import Contact, Organization
from sector_desktop.services.duplicates import NAME_THRESHOLD, normalize_fein, normalize_name

from .columns import CellError
from .rows import DuplicateOf, ImportRow


class OrganizationIndex:
    """Every live organization's id, name, ZIP and FEIN, loaded once, matched in memory.

    It applies the rules of `services.duplicates.find_duplicates` (same normalized FEIN, or a
    token-sort ratio of the normalized names of at least NAME_THRESHOLD at the same 5-digit ZIP),
    which queries once per name; a file of thousands of rows needs one query in all.
    """

    def __init__(self, session: Session) -> None:
        self.names: dict[str, str] = {}
        self.by_fein: dict[str, list[str]] = {}
        self.by_zip: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self._normalized: dict[str, str] = {}
        rows = session.execute(
            select(Organization.id, Organization.name, Organization.zip, Organization.fein).where(
                Organization.deleted_at.is_(None)
            )
        )
        for org_id, name, zip_code, fein in rows:
            self.names[org_id] = name
            if digits := normalize_fein(fein):
                self.by_fein.setdefault(digits, []).append(org_id)
            if zip5 := (zip_code or "").strip()[:5]:
                self.by_zip.setdefault(zip5, []).append(org_id)
            self.by_name.setdefault(name.strip().lower(), []).append(org_id)

    def _normal(self, org_id: str) -> str:
        if org_id not in self._normalized:
            self._normalized[org_id] = normalize_name(self.names[org_id])
        return self._normalized[org_id]

    def matches(self, values: dict[str, Any]) -> list[DuplicateOf]:
        """Same id, then same FEIN, then similar names at the same ZIP (best first), then the same name."""
        found: dict[str, DuplicateOf] = {}
        record_id = values.get("id")
        if record_id in self.names:
            found[record_id] = DuplicateOf("same id", record_id, self.names[record_id])
        for org_id in self.by_fein.get(normalize_fein(values.get("fein")) or "", []):
            found.setdefault(org_id, DuplicateOf("same FEIN", org_id, self.names[org_id]))
        wanted = normalize_name(values["name"])
        zip5 = (values.get("zip") or "").strip()[:5]
        similar = []
        for org_id in self.by_zip.get(zip5, []) if wanted else []:
            score = fuzz.token_sort_ratio(wanted, self._normal(org_id))
            if score >= NAME_THRESHOLD and org_id not in found:
                similar.append((score, org_id))
        for score, org_id in sorted(similar, key=lambda pair: -pair[0]):
            reason = f"similar name ({score:.0f}%) and same ZIP"
            found[org_id] = DuplicateOf(reason, org_id, self.names[org_id])
        # The fuzzy match needs a ZIP on both sides; the very same name is worth a question anywhere.
        for org_id in self.by_name.get(values["name"].strip().lower(), []):
            found.setdefault(org_id, DuplicateOf("same name", org_id, self.names[org_id]))
        return list(found.values())


def organization_duplicates(session: Session, rows: list[ImportRow]) -> None:
    """Fill each row's `duplicates`: same id, same FEIN or a close name at the same ZIP."""
    index = OrganizationIndex(session)
    for row in rows:
        if not row.has_error:
            row.duplicates.extend(index.matches(row.values))
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


def same_person(name: str, email: str, other_name: str, other_email: str) -> str | None:
    """Why two contacts of one organization are probably one person (normalized names, lower-case
    emails), or None. A shared inbox (info@...) alone does not make two people one."""
    if name and name == other_name:
        return "same name"
    if email and email == other_email and fuzz.token_set_ratio(name, other_name) >= NAME_THRESHOLD:
        return "same email and a similar name"
    return None


def contact_duplicates(session: Session, rows: list[ImportRow]) -> None:
    """Fill each contact row's `duplicates`: the same id, or `same_person` at the same organization."""
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
                reason: str | None = "same id"
            else:
                reason = same_person(name, email, normalize_name(contact.name), (contact.email or "").lower())
            if reason:
                row.duplicates.append(DuplicateOf(reason, contact.id, contact.name))
        for other_row, other_name, other_email in earlier.get(org_id, []):
            reason = same_person(name, email, other_name, other_email)
            if reason:
                row.duplicates.append(DuplicateOf(reason, row_number=other_row))
                break
        earlier.setdefault(org_id, []).append((row.row_number, name, email))
    # An id used by a contact of another organization is a clash, not a duplicate to merge.
    ids = {r.values["id"]: r for r in rows if not r.has_error and r.values.get("id")}
    if ids:
        for contact in session.scalars(select(Contact).where(Contact.id.in_(list(ids)))):
            row = ids[contact.id]
            if contact.organization_id != row.values["organization_id"] or contact.deleted_at is not None:
                row.values.pop("id")  # the imported contact gets a new id


def resolve_organization(index: OrganizationIndex, values: dict[str, Any]) -> tuple[str, str]:
    """The (id, name) of the one live organization a contact row names, by id, then FEIN, then name."""
    if values.get("organization_id"):
        if values["organization_id"] not in index.names:
            raise CellError("no organization has this id")
        return values["organization_id"], index.names[values["organization_id"]]
    if values.get("organization_fein"):
        return _exactly_one(
            index, index.by_fein.get(normalize_fein(values["organization_fein"]) or "", []), "FEIN"
        )
    name = (values.get("organization_name") or "").strip()
    if not name:
        raise CellError("the contact's organization is not given (id, FEIN or name)")
    return _exactly_one(index, index.by_name.get(name.lower(), []), "name")


def _exactly_one(index: OrganizationIndex, found: list[str], what: str) -> tuple[str, str]:
    if not found:
        raise CellError(f"no organization has this {what}")
    if len(found) > 1:
        raise CellError(f"{len(found)} organizations have this {what}; give the organization_id instead")
    return found[0], index.names[found[0]]
