"""Action items: one list of every follow-up from visits and meetings, and the changes to them.

Mark done or cancel with a note, reopen, reassign, change the due date. Each change is one
transaction; bad input raises ValidationError/NotFound and changes nothing (design rule 5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import ActionItem, Meeting, StaffUser, Visit, utcnow
from sector_desktop.store import Database
from sector_desktop.store.action_items import (
    VIEWS,
    ActionItemFilter,
    ActionItemRow,
    Choice,
    count_action_items,
    list_action_items,
    organization_choices,
    partnership_choices,
    staff_choices,
    view_counts,
)

__all__ = [
    "VIEWS",
    "ActionItemFilter",
    "ActionItemRow",
    "Choice",
    "add_action_item",
    "cancel",
    "choices",
    "counts",
    "list_window",
    "mark_done",
    "reassign",
    "reopen",
    "set_due_date",
    "total",
]

NOTE_MAX = 4000


# -- reading ------------------------------------------------------------------------------
def list_window(
    db: Database,
    flt: ActionItemFilter,
    *,
    sort: str | None = None,
    descending: bool = False,
    after: ActionItemRow | None = None,
    limit: int = 200,
) -> list[ActionItemRow]:
    """One window of a view, continuing after the row `after` (see store.action_items)."""
    with db.read_session() as s:
        return list_action_items(s, flt, sort=sort, descending=descending, after=after, limit=limit)


def total(db: Database, flt: ActionItemFilter) -> int:
    with db.read_session() as s:
        return count_action_items(s, flt)


def counts(db: Database, today: dt.date, staff_id: str | None) -> dict[str, int]:
    with db.read_session() as s:
        return view_counts(s, today, staff_id)


def choices(db: Database, kind: str) -> list[Choice]:
    """Choices for a view's narrowing box ("partnership", "organization") or for reassigning ("staff")."""
    loaders = {
        "partnership": partnership_choices,
        "organization": organization_choices,
        "staff": staff_choices,
    }
    with db.read_session() as s:
        return loaders[kind](s)


# -- changing -----------------------------------------------------------------------------
def _items(s: Session, ids: Sequence[str]) -> list[ActionItem]:
    if not ids:
        raise ValidationError("Choose at least one action item.")
    found = {a.id: a for a in s.scalars(select(ActionItem).where(ActionItem.id.in_(list(ids))))}
    missing = [i for i in ids if i not in found or found[i].deleted_at is not None]
    if missing:
        raise NotFound(f"Action item {missing[0]} does not exist (it may have been deleted).")
    return [found[i] for i in ids]


def _clean_note(note: str | None, *, required: bool, what: str) -> str | None:
    text = (note or "").strip()
    if required and not text:
        raise ValidationError(f"Say why the action item is {what}.", [f"note: needed when an item is {what}"])
    if len(text) > NOTE_MAX:
        raise ValidationError(f"The note is too long ({len(text):,} characters; at most {NOTE_MAX:,}).")
    return text or None


def _close(db: Database, ids: Sequence[str], status: str, note: str | None, now: dt.datetime | None) -> int:
    what = "done" if status == "done" else "cancelled"
    clean = _clean_note(note, required=status == "cancelled", what=what)
    with db.session() as s:
        items = _items(s, ids)
        not_open = [a for a in items if a.status != "open"]
        if not_open:
            raise ValidationError(
                f"“{_short(not_open[0].text)}” is already {not_open[0].status}; reopen it first."
            )
        for a in items:
            a.status = status
            a.status_note = clean
            a.completed_at = now or utcnow()
    return len(items)


def mark_done(
    db: Database, ids: Sequence[str], note: str | None = None, *, now: dt.datetime | None = None
) -> int:
    """Mark open items done, keeping the note (optional). Returns how many changed."""
    return _close(db, ids, "done", note, now)


def cancel(db: Database, ids: Sequence[str], note: str, *, now: dt.datetime | None = None) -> int:
    """Cancel open items; the note saying why is required."""
    return _close(db, ids, "cancelled", note, now)


def reopen(db: Database, ids: Sequence[str], note: str | None = None) -> int:
    """Put done or cancelled items back to open."""
    clean = _clean_note(note, required=False, what="reopened")
    with db.session() as s:
        items = _items(s, ids)
        for a in items:
            if a.status == "open":
                raise ValidationError(f"“{_short(a.text)}” is already open.")
            a.status = "open"
            a.completed_at = None
            a.status_note = clean
    return len(items)


def reassign(db: Database, ids: Sequence[str], staff_id: str, note: str | None = None) -> int:
    """Give items to another staff member (an outside owner, if any, is replaced)."""
    clean = _clean_note(note, required=False, what="reassigned")
    with db.session() as s:
        _active_staff(s, staff_id)
        items = _items(s, ids)
        for a in items:
            a.owner_staff_id = staff_id
            a.owner_contact_id = None
            if clean:
                a.status_note = clean
    return len(items)


def set_due_date(db: Database, ids: Sequence[str], due: dt.date | None) -> int:
    """Change (or clear, with None) the due date."""
    with db.session() as s:
        items = _items(s, ids)
        for a in items:
            a.due_date = due
    return len(items)


def add_action_item(
    db: Database,
    text: str,
    *,
    owner_staff_id: str | None = None,
    due_date: dt.date | None = None,
    visit_id: str | None = None,
    meeting_id: str | None = None,
    organization_id: str | None = None,
    partnership_id: str | None = None,
) -> str:
    """Create an open item; its organization/partnership default to the visit's or meeting's."""
    clean = text.strip()
    if not clean:
        raise ValidationError("An action item needs some text.", ["text: empty"])
    with db.session() as s:
        if owner_staff_id is not None:
            _active_staff(s, owner_staff_id)
        if visit_id is not None:
            visit = s.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"Visit {visit_id} does not exist.")
            organization_id = organization_id or visit.organization_id
        if meeting_id is not None:
            meeting = s.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFound(f"Meeting {meeting_id} does not exist.")
            partnership_id = partnership_id or meeting.partnership_id
        item = ActionItem(
            text=clean,
            owner_staff_id=owner_staff_id,
            due_date=due_date,
            status="open",
            visit_id=visit_id,
            meeting_id=meeting_id,
            organization_id=organization_id,
            partnership_id=partnership_id,
        )
        s.add(item)
        s.flush()
        return item.id


def _active_staff(s: Session, staff_id: str) -> StaffUser:
    staff = s.get(StaffUser, staff_id)
    if staff is None or staff.deleted_at is not None:
        raise NotFound(f"Staff member {staff_id} does not exist.")
    if not staff.active:
        raise ValidationError(f"{staff.name} is no longer active; choose someone else.")
    return staff


def _short(text: str, n: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= n else one_line[: n - 1] + "…"


def ids_of(rows: Iterable[ActionItemRow]) -> list[str]:
    return [r.id for r in rows]
