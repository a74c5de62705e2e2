"""The team: staff members (synced records) with name, title, e-mail, phone, role and whether active.

A staff member is never deleted: one who leaves is deactivated, so their visits and action items
keep their name. Bad input raises ValidationError naming each field and why, and changes nothing.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import Base, StaffUser, utcnow
from sector_desktop.models.choices import STAFF_ROLES, codes
from sector_desktop.store import Database
from sector_desktop.store.capture import forget_unsent, never_sent, uncaptured

from .records import find_live, live_record, refuse_if

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


# What a merge moves, in the user's words (a table not named here is shown by its own name).
_MOVED_WORDS = {
    "visit": ("visit", "visits"),
    "action_item": ("action item", "action items"),
    "organization": ("assigned organization", "assigned organizations"),
    "meeting": ("meeting they facilitate", "meetings they facilitate"),
    "apprenticeship_program": ("apprenticeship program", "apprenticeship programs"),
    "initiative": ("initiative", "initiatives"),
    "milestone": ("milestone", "milestones"),
    "training_cohort": ("training cohort", "training cohorts"),
    "placement": ("placement", "placements"),
}
_CONTACT_FIELDS = ("title", "email", "phone")


@dataclass(frozen=True)
class StaffMerge:
    """What merging one staff record into another did."""

    kept_id: str
    kept_name: str
    merged_id: str
    merged_name: str
    moved: dict[str, int]  # table -> records that now point at the kept staff member
    filled: tuple[str, ...]  # contact fields of the kept record filled from the merged one
    local_only: bool  # the merged record had never left this laptop (it is forgotten, not synced)

    def summary(self) -> str:
        kept = self.kept_name
        what = describe_moved(self.moved)
        return f"{self.merged_name} and {kept} are one staff member now: {what} moved to {kept}."


def describe_moved(moved: dict[str, int]) -> str:
    """'3 visits, 1 action item' (in table order), or 'no records'."""
    parts = []
    for table, count in sorted(moved.items()):
        one, many = _MOVED_WORDS.get(table, (table.replace("_", " "), table.replace("_", " ")))
        parts.append(f"{count:,} {one if count == 1 else many}")
    return ", ".join(parts) if parts else "no records"


@dataclass(frozen=True)
class MergePreview:
    """What merging a staff member away would do, said before it is done (the Team page's dialog)."""

    moved: dict[str, int]  # table -> records that would point at the kept staff member
    local_only: bool  # never left this laptop: it is forgotten, not synced, and cannot be undone
    has_account: bool = False  # a server account signs in as this record (the server linked it)


def merge_preview(db: Database, from_id: str) -> MergePreview:
    """The records that name `from_id` (what a merge would move), and whether it ever left this laptop."""
    with db.read_session() as s:
        record = live_record(s, StaffUser, from_id, "staff member")
        moved: dict[str, int] = {}
        for cls, attr in _staff_references():
            count = s.scalar(select(func.count()).select_from(cls).where(getattr(cls, attr) == from_id))
            if count:
                moved[cls.__tablename__] = count
        local = never_sent(s.connection(), StaffUser.__tablename__, from_id)
        return MergePreview(moved, local, record.account_id is not None)


def _still_here(s: Session, staff_id: str, what: str) -> StaffUser:
    """The live staff record, or NotFound saying what became of it (merged or removed since)."""
    found = find_live(s, StaffUser, staff_id)
    if found is not None:
        return found
    gone = s.get(StaffUser, staff_id)
    who = gone.name if gone is not None else f"the staff member {staff_id}"
    raise NotFound(
        f"Not merged: {who} ({what}) is no longer on the team: merged or removed since, here or by sync."
    )


def _staff_references() -> list[tuple[type[Any], str]]:
    """(ORM class, attribute) for every column that refers to staff_user.id (from the schema, so a
    table added later moves too)."""
    classes = {t.name: m.class_ for m in Base.registry.mappers for t in m.tables}
    return [
        (classes[table.name], fk.parent.key)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "staff_user" and table.name in classes
    ]


def merge_staff(db: Database, from_id: str, into_id: str) -> StaffMerge:
    """Make `from_id` and `into_id` one staff member: every record pointing at `from_id` (visits,
    action items, assigned organizations, ...) points at `into_id`, blank contact fields of `into_id`
    are filled from `from_id`, and `from_id` goes. A record that never left this laptop is dropped
    from the outbox as well (no server ever heard of it); a synced one is tombstoned for every laptop.
    One transaction: all of it or nothing."""
    if from_id == into_id:
        raise ValidationError("A staff member cannot be merged into themselves.")
    with db.session() as s:
        gone = _still_here(s, from_id, "the duplicate")
        kept = _still_here(s, into_id, "the one to keep")
        moved: dict[str, int] = {}
        for cls, attr in _staff_references():
            for row in s.scalars(select(cls).where(getattr(cls, attr) == from_id)):
                setattr(row, attr, into_id)
                moved[cls.__tablename__] = moved.get(cls.__tablename__, 0) + 1
        filled = tuple(
            f for f in _CONTACT_FIELDS if not getattr(kept, f) and getattr(gone, f)
        )
        for f in filled:
            setattr(kept, f, getattr(gone, f))
        s.flush()
        conn = s.connection()
        local_only = never_sent(conn, StaffUser.__tablename__, from_id)
        if local_only:
            with uncaptured(conn, "merge-unsent"):
                gone.deleted_at = utcnow()
                s.flush()
            forget_unsent(conn, StaffUser.__tablename__, from_id)
        else:
            gone.deleted_at = utcnow()
        return StaffMerge(into_id, kept.name, from_id, gone.name, moved, filled, local_only)


def _person_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


def same_person(a: StaffRow, b: StaffRow) -> bool:
    """Two records that name one person: the same name (ignoring case, accents and spacing) or the
    same user name."""
    return _person_key(a.name) == _person_key(b.name) or a.username.casefold() == b.username.casefold()


@dataclass(frozen=True)
class SignInLink:
    """What became of the staff member this laptop worked as before a sign-in.

    `action`: "none" (nothing to link), "merged" (the same person: one record now), "kept" (told
    to keep both), or "ask" (a
    record made on this laptop under another name: whether it is the signed-in person is the user's
    call; until they say so both are kept)."""

    action: str
    previous: StaffRow | None = None
    account: StaffRow | None = None
    merged: StaffMerge | None = None

    def message(self) -> str:
        if self.action == "merged" and self.merged is not None:
            return self.merged.summary()
        if self.action in ("ask", "kept") and self.previous and self.account:
            return (
                f"This laptop worked as {self.previous.name}, added on this laptop; the server account "
                f"is {self.account.name}'s, so it works as {self.account.name} now and "
                f"{self.previous.name} stays on the team. If {self.previous.name} is you, merge the "
                f"two: sector-desktop staff merge {self.previous.username} --into {self.account.username}"
            )
        return ""


def link_after_sign_in(
    db: Database, previous_me: str | None, account_staff_id: str | None, *, merge: bool | None = None
) -> SignInLink:
    """After a sign-in made `account_staff_id` "me": link the staff member the laptop worked as
    before (`previous_me`) to it, so one person is one staff record.

    Only a record that never left this laptop (the first-run "add me to the team") is merged: a
    synced one is somebody's own record and stays. The same person (same name or user name) is merged
    without a question; another name is merged when `merge` is True, kept when False, and left to
    ask the user when None."""
    if not previous_me or not account_staff_id or previous_me == account_staff_id:
        return SignInLink("none")
    with db.read_session() as s:
        before = find_live(s, StaffUser, previous_me)
        account = find_live(s, StaffUser, account_staff_id)
        if before is None or account is None:
            return SignInLink("none")
        previous, mine = _row(before), _row(account)
        if before.account_id or not never_sent(s.connection(), StaffUser.__tablename__, previous_me):
            return SignInLink("none", previous, mine)
    if merge is None and same_person(previous, mine):
        merge = True
    if merge is None:
        return SignInLink("ask", previous, mine)
    if not merge:
        return SignInLink("kept", previous, mine)
    return SignInLink("merged", previous, mine, merge_staff(db, previous_me, account_staff_id))
