"""Creating, changing and retiring organizations and their contacts, with the domain's rules checked.

Bad input raises InvalidFields (a ValidationError) naming each field and why, and changes nothing.
A new organization that looks like an existing one raises LikelyDuplicates unless the caller says
to create it anyway; merge_organizations (in services.merge) folds a duplicate into the one kept.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, SectorError, ValidationError
from sector_desktop.models import Contact, Organization, StaffUser, utcnow
from sector_desktop.models.choices import (
    ORGANIZATION_KINDS,
    ORGANIZATION_STATUSES,
    SECTORS,
    SIZE_BANDS,
    codes,
)

from .duplicates import DuplicateMatch, find_duplicates

# What the user calls each field, for messages.
FIELD_LABELS = {
    "name": "Name",
    "dba": "Doing business as",
    "fein": "FEIN",
    "state_ui_number": "State UI account number",
    "naics": "NAICS code",
    "sector": "Sector",
    "kind": "Kind",
    "status": "Status",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2",
    "city": "City",
    "state": "State",
    "zip": "ZIP",
    "phone": "Phone",
    "website": "Website",
    "size_band": "Size",
    "sites_count": "Number of sites",
    "assigned_staff_id": "Assigned staff",
    "tags": "Tags",
    "notes": "Notes",
    "title": "Title",
    "email": "Email",
}

_MAX_LENGTHS = {
    "name": 300,
    "dba": 300,
    "state_ui_number": 30,
    "address_line1": 300,
    "address_line2": 300,
    "city": 120,
    "phone": 40,
    "website": 300,
    "title": 200,
    "email": 200,
}
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_STATE = re.compile(r"^[A-Z]{2}$")
_NAICS = re.compile(r"^\d{2,6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TAG_LENGTH = 60


class InvalidFields(ValidationError):
    """Input with one or more bad fields; `fields` maps each field name to why it is wrong."""

    def __init__(self, fields: dict[str, str]) -> None:
        problems = [f"{FIELD_LABELS.get(name, name)}: {why}" for name, why in fields.items()]
        super().__init__("Please correct: " + "; ".join(problems), problems)
        self.fields = fields


class LikelyDuplicates(SectorError):
    """A new organization that probably exists already. `matches` are the candidates, best first."""

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        names = ", ".join(f"{m.name} ({m.reason})" for m in matches[:3])
        super().__init__(f"This organization probably exists already: {names}.")
        self.matches = matches


@dataclass
class OrganizationInput:
    """Every profile field an editor or an import can set."""

    name: str = ""
    dba: str | None = None
    fein: str | None = None
    state_ui_number: str | None = None
    naics: str | None = None
    sector: str | None = None
    kind: str = "employer"
    status: str = "prospect"
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    website: str | None = None
    size_band: str | None = None
    sites_count: int | None = None
    assigned_staff_id: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None


@dataclass
class ContactInput:
    name: str = ""
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False
    notes: str | None = None


def parse_tags(text: str) -> list[str]:
    """Tags from comma-separated text: trimmed, blanks dropped, repeats (any case) dropped."""
    seen: set[str] = set()
    tags = []
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags


def format_fein(fein: str | None) -> str | None:
    """A FEIN as the IRS writes it (12-3456789), or None when blank. Raises ValueError if not 9 digits."""
    text = (fein or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{2}-?\d{7}", text.replace(" ", "")):
        raise ValueError("must be 9 digits, like 12-3456789")
    digits = re.sub(r"\D", "", text)
    return f"{digits[:2]}-{digits[2:]}"


def _clean(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def _check_lengths(data: object, problems: dict[str, str]) -> None:
    for name, limit in _MAX_LENGTHS.items():
        value = getattr(data, name, None)
        if isinstance(value, str) and len(value) > limit:
            problems.setdefault(name, f"is {len(value)} characters long; at most {limit} fit")


def _check_codes(data: OrganizationInput, problems: dict[str, str]) -> None:
    for name, choices, required in (
        ("kind", ORGANIZATION_KINDS, True),
        ("status", ORGANIZATION_STATUSES, True),
        ("sector", SECTORS, False),
        ("size_band", SIZE_BANDS, False),
    ):
        value = getattr(data, name)
        if value is None:
            if required:
                problems[name] = "is required"
        elif value not in codes(choices):
            problems[name] = f"{value!r} is not one of {', '.join(codes(choices))}"


def _check_formats(data: OrganizationInput, problems: dict[str, str]) -> None:
    if data.zip and not _ZIP.match(data.zip):
        problems["zip"] = "must be 5 digits, or 5+4 like 21201-1234"
    if data.state and not _STATE.match(data.state):
        problems["state"] = "must be a two-letter state code, like MD"
    if data.naics and not _NAICS.match(data.naics):
        problems["naics"] = "must be 2 to 6 digits, like 622110"
    if data.phone and sum(ch.isdigit() for ch in data.phone) < 7:
        problems["phone"] = "needs at least 7 digits"
    if data.sites_count is not None and (not isinstance(data.sites_count, int) or data.sites_count < 0):
        problems["sites_count"] = "must be a whole number, 0 or more"
    long_tags = [t for t in data.tags if len(t) > MAX_TAG_LENGTH]
    if long_tags:
        problems["tags"] = f"each tag may have at most {MAX_TAG_LENGTH} characters"


def validate_organization(data: OrganizationInput, session: Session | None = None) -> OrganizationInput:
    """A cleaned copy of `data` (trimmed, blanks as None, FEIN as 12-3456789), or InvalidFields."""
    not_text = {"sites_count", "tags"}
    text_fields = [f.name for f in dataclasses.fields(OrganizationInput) if f.name not in not_text]
    cleaned = dataclasses.replace(data)
    for name in text_fields:
        setattr(cleaned, name, _clean(getattr(data, name)))
    cleaned.tags = parse_tags(",".join(data.tags or []))
    if cleaned.state:
        cleaned.state = cleaned.state.upper()
    problems: dict[str, str] = {}
    if not cleaned.name:
        problems["name"] = "is required"
    try:
        cleaned.fein = format_fein(cleaned.fein)
    except ValueError as exc:
        problems["fein"] = str(exc)
    _check_codes(cleaned, problems)
    _check_formats(cleaned, problems)
    _check_lengths(cleaned, problems)
    if session is not None and cleaned.assigned_staff_id:
        staff = session.get(StaffUser, cleaned.assigned_staff_id)
        if staff is None or staff.deleted_at is not None:
            problems["assigned_staff_id"] = "is not a staff member of this team"
    if problems:
        raise InvalidFields(problems)
    return cleaned


def check_duplicates(
    session: Session, data: OrganizationInput, exclude_id: str | None = None
) -> list[DuplicateMatch]:
    """Existing organizations that `data` probably describes (same FEIN, or similar name and ZIP)."""
    return find_duplicates(session, data.name, data.zip, data.fein, exclude_id=exclude_id)


def _live_organization(session: Session, org_id: str) -> Organization:
    org = session.get(Organization, org_id)
    if org is None or org.deleted_at is not None:
        raise NotFound(f"No organization with id {org_id}.")
    return org


def _apply(org: Organization, data: OrganizationInput) -> None:
    for f in dataclasses.fields(OrganizationInput):
        value = getattr(data, f.name)
        setattr(org, f.name, list(value) if f.name == "tags" else value)


def create_organization(session: Session, data: OrganizationInput, *, allow_duplicates: bool = False) -> str:
    """Add an organization and return its id. Raises LikelyDuplicates first unless allow_duplicates."""
    cleaned = validate_organization(data, session)
    if not allow_duplicates:
        matches = check_duplicates(session, cleaned)
        if matches:
            raise LikelyDuplicates(matches)
    org = Organization()
    _apply(org, cleaned)
    session.add(org)
    session.flush()
    return org.id


def update_organization(session: Session, org_id: str, data: OrganizationInput) -> None:
    """Replace the profile of an existing organization with `data` (contacts are not touched)."""
    org = _live_organization(session, org_id)
    cleaned = validate_organization(data, session)
    _apply(org, cleaned)
    session.flush()


def delete_organization(session: Session, org_id: str) -> None:
    """Retire an organization with a tombstone; its contacts and visits stay for the record."""
    org = _live_organization(session, org_id)
    org.deleted_at = utcnow()
    session.flush()


# -- contacts --------------------------------------------------------------------------


def validate_contact(data: ContactInput) -> ContactInput:
    cleaned = ContactInput(
        name=_clean(data.name) or "",
        title=_clean(data.title),
        email=_clean(data.email),
        phone=_clean(data.phone),
        is_primary=bool(data.is_primary),
        notes=_clean(data.notes),
    )
    problems: dict[str, str] = {}
    if not cleaned.name:
        problems["name"] = "is required"
    if cleaned.email and not _EMAIL.match(cleaned.email):
        problems["email"] = "does not look like an email address (name@example.org)"
    if cleaned.phone and sum(ch.isdigit() for ch in cleaned.phone) < 7:
        problems["phone"] = "needs at least 7 digits"
    _check_lengths(cleaned, problems)
    if problems:
        raise InvalidFields(problems)
    return cleaned


def _clear_other_primaries(session: Session, org_id: str, keep_contact_id: str) -> None:
    others = session.scalars(
        select(Contact).where(
            Contact.organization_id == org_id,
            Contact.id != keep_contact_id,
            Contact.is_primary.is_(True),
        )
    )
    for other in others:
        other.is_primary = False


def _live_contact(session: Session, contact_id: str) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise NotFound(f"No contact with id {contact_id}.")
    return contact


def add_contact(session: Session, org_id: str, data: ContactInput) -> str:
    """Add a contact to an organization; a new primary contact takes the flag from the others."""
    _live_organization(session, org_id)
    cleaned = validate_contact(data)
    contact = Contact(organization_id=org_id)
    for f in dataclasses.fields(ContactInput):
        setattr(contact, f.name, getattr(cleaned, f.name))
    session.add(contact)
    session.flush()
    if cleaned.is_primary:
        _clear_other_primaries(session, org_id, contact.id)
    session.flush()
    return contact.id


def update_contact(session: Session, contact_id: str, data: ContactInput) -> None:
    contact = _live_contact(session, contact_id)
    cleaned = validate_contact(data)
    for f in dataclasses.fields(ContactInput):
        setattr(contact, f.name, getattr(cleaned, f.name))
    if cleaned.is_primary:
        _clear_other_primaries(session, contact.organization_id, contact.id)
    session.flush()


def delete_contact(session: Session, contact_id: str) -> None:
    """Retire a contact with a tombstone (visits that list them as an attendee keep the link)."""
    contact = _live_contact(session, contact_id)
    contact.deleted_at = utcnow()
    contact.is_primary = False
    session.flush()


def set_primary_contact(session: Session, contact_id: str) -> None:
    contact = _live_contact(session, contact_id)
    contact.is_primary = True
    _clear_other_primaries(session, contact.organization_id, contact.id)
    session.flush()
