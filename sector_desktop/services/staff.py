"""The team: staff members (synced records) with name, title, e-mail, phone, role and whether active.

A staff member is never deleted: one who leaves is deactivated, so their visits and action items
keep their name. Bad input raises ValidationError naming each field and why, and changes nothing.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import StaffUser
from sector_desktop.models.choices import STAFF_ROLES, codes
from sector_desktop.store import Database

from .records import live_record, refuse_if

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_CHARS = re.compile(r"^[0-9+().\-\s/extEXT.:]+$")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class StaffInput:
    name: str
    username: str | None = None  # made from the name when empty
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    role: str = "staff"
    active: bool = True


@dataclass(frozen=True)
class StaffRow:
    id: str
    name: str
    username: str
    title: str | None
    email: str | None
    phone: str | None
    role: str
    active: bool

    def as_input(self) -> StaffInput:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(StaffInput)}
        return StaffInput(**fields)

    @property
    def role_label(self) -> str:
        return dict(STAFF_ROLES).get(self.role, self.role)


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def username_from(name: str) -> str:
    """maria.lopez from 'María López' (letters and digits, dots between the words)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ".".join(re.findall(r"[a-z0-9]+", plain))[:100] or "staff"


def _row(s: StaffUser) -> StaffRow:
    return StaffRow(s.id, s.name, s.username, s.title, s.email, s.phone, s.role, bool(s.active))


def validate(session: Session, data: StaffInput, staff_id: str | None = None) -> list[str]:
    """Every reason `data` cannot be saved (for the staff member `staff_id`, or a new one)."""
    problems: list[str] = []
    name = _clean(data.name)
    if not name:
        problems.append("Name: required.")
    elif len(name) > 200:
        problems.append(f"Name: at most 200 characters (got {len(name)}).")
    username = (data.username or "").strip().lower() or username_from(name or "")
    if not USERNAME.match(username) or len(username) > 100:
        problems.append(
            f"User name: {username!r} may hold only letters, digits, dots, dashes and underscores."
        )
    else:
        taken = session.scalar(
            select(StaffUser.name).where(
                func.lower(StaffUser.username) == username,
                StaffUser.deleted_at.is_(None),
                StaffUser.id != (staff_id or ""),
            )
        )
        if taken:
            problems.append(f"User name: {username!r} is already {taken}'s.")
    email = _clean(data.email)
    if email and (not EMAIL.match(email) or len(email) > 200):
        problems.append(f"E-mail: {email!r} is not an e-mail address like name@example.org.")
    phone = _clean(data.phone)
    if phone and (not PHONE_CHARS.match(phone) or len(re.sub(r"\D", "", phone)) < 7 or len(phone) > 40):
        problems.append(f"Phone: {phone!r} is not a phone number like (410) 555-0142.")
    if data.title and len(data.title.strip()) > 200:
        problems.append("Title: at most 200 characters.")
    if data.role not in codes(STAFF_ROLES):
        problems.append(f"Role: {data.role!r} is not one of {', '.join(codes(STAFF_ROLES))}.")
    return problems


def _apply(s: StaffUser, data: StaffInput) -> None:
    s.name = _clean(data.name) or ""
    s.username = (data.username or "").strip().lower() or username_from(s.name)
    s.title = _clean(data.title)
    s.email = _clean(data.email)
    s.phone = _clean(data.phone)
    s.role = data.role
    s.active = data.active


def list_staff(db: Database, *, include_inactive: bool = True) -> list[StaffRow]:
    """The team in name order (active first when inactive ones are included)."""
    query = select(StaffUser).where(StaffUser.deleted_at.is_(None))
    if not include_inactive:
        query = query.where(StaffUser.active.is_(True))
    with db.read_session() as s:
        rows = [_row(x) for x in s.scalars(query)]
    return sorted(rows, key=lambda r: (not r.active, r.name.casefold()))


def get_staff(db: Database, staff_id: str) -> StaffRow:
    with db.read_session() as s:
        return _row(live_record(s, StaffUser, staff_id, "staff member"))


def find_staff(db: Database, key: str) -> StaffRow:
    """A staff member by id, user name or full name (ignoring case); NotFound or ambiguous -> error."""
    wanted = (key or "").strip()
    rows = list_staff(db)
    for test in (
        lambda r: r.id == wanted,
        lambda r: r.username.casefold() == wanted.casefold(),
        lambda r: r.name.casefold() == wanted.casefold(),
    ):
        found = [r for r in rows if test(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{r.name} ({r.username})" for r in found)
            raise ValidationError(f"{wanted!r} names several staff members: {names}. Use the user name.")
    raise NotFound(f"No staff member is called {wanted!r} (give a name, user name or id; see `staff list`).")


def add_staff(db: Database, data: StaffInput) -> str:
    """Add a staff member; returns the new id."""
    with db.session() as s:
        refuse_if("staff member", validate(s, data))
        staff = StaffUser()
        _apply(staff, data)
        s.add(staff)
        s.flush()
        return staff.id


def update_staff(db: Database, staff_id: str, data: StaffInput) -> None:
    """Save every field of `data` over the staff member's (only the fields that differ are written)."""
    with db.session() as s:
        staff = live_record(s, StaffUser, staff_id, "staff member")
        refuse_if("staff member", validate(s, data, staff_id))
        before = _row(staff)
        fresh = StaffUser()
        _apply(fresh, data)
        for f in ("name", "username", "title", "email", "phone", "role", "active"):
            if getattr(before, f) != getattr(fresh, f):
                setattr(staff, f, getattr(fresh, f))


def deactivate_staff(db: Database, staff_id: str) -> StaffRow:
    """Mark a staff member as no longer active (they keep their records; they leave the pickers)."""
    with db.session() as s:
        staff = live_record(s, StaffUser, staff_id, "staff member")
        if staff.active:
            staff.active = False
        return _row(staff)


def reactivate_staff(db: Database, staff_id: str) -> StaffRow:
    with db.session() as s:
        staff = live_record(s, StaffUser, staff_id, "staff member")
        if not staff.active:
            staff.active = True
        return _row(staff)


def check_me(db: Database, staff_id: str) -> StaffRow:
    """The staff member a laptop may work as: existing and active."""
    row = find_staff(db, staff_id)
    if not row.active:
        raise ValidationError(f"{row.name} is no longer active; choose an active staff member.")
    return row
