"""Read queries for the action-item views (mine, overdue, due this week, by partnership, ...).

Windowed: `count_action_items` + `list_action_items(sort, after, limit)` (keyset paging). Dates are
relative to the filter's `today`, so tests are deterministic. Everything returned is a plain dataclass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, case, false, func, select
from sqlalchemy.orm import Session, aliased

from sector_desktop import clock
from sector_desktop.models import (
    ActionItem,
    Contact,
    Meeting,
    Organization,
    SectorPartnership,
    StaffUser,
    Visit,
)

from . import paging
from .paging import Key, keys

# The views, in the order the page offers them: (code, label).
VIEWS: tuple[tuple[str, str], ...] = (
    ("mine", "Mine"),
    ("overdue", "Overdue"),
    ("week", "Due this week"),
    ("partnership", "By partnership"),
    ("organization", "By organization"),
    ("open", "All open"),
    ("closed", "Done or cancelled"),
)


# "Due this week" and "due soon" mean today and the six days after it.
WEEK_DAYS = 7


@dataclass(frozen=True)
class ActionItemFilter:
    """Which action items a view shows. `today` anchors overdue and due-this-week."""

    view: str = "open"
    today: dt.date = field(default_factory=clock.today)
    staff_id: str | None = None  # whose items "mine" shows
    partnership_id: str | None = None  # narrows "partnership" to one partnership
    organization_id: str | None = None  # narrows "organization" to one organization
    text: str = ""  # a substring of the item's text
    due_from: dt.date | None = None  # due on or after
    due_before: dt.date | None = None  # due strictly before


@dataclass(frozen=True)
class ActionItemRow:
    id: str
    text: str
    status: str
    status_note: str | None
    due_date: dt.date | None
    overdue: bool
    owner_staff_id: str | None
    owner_name: str | None  # the staff member, or the outside contact who owns it
    owner_is_contact: bool
    organization_id: str | None
    organization_name: str | None
    partnership_id: str | None
    partnership_name: str | None
    source_kind: str | None  # "visit" or "meeting"
    source_id: str | None
    source_title: str | None  # the meeting's title, or the visited organization's name
    source_date: dt.datetime | None
    completed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    count: int = 0


_Owner = aliased(StaffUser)
_OwnerContact = aliased(Contact)


def organization_of_item() -> ColumnElement:
    """The item's organization: its own, else the visited organization."""
    return func.coalesce(ActionItem.organization_id, Visit.organization_id)


def partnership_of_item() -> ColumnElement:
    """The item's partnership: its own, else the meeting's partnership."""
    return func.coalesce(ActionItem.partnership_id, Meeting.partnership_id)


def _joined(stmt: Select) -> Select:
    return (
        stmt.select_from(ActionItem)
        .outerjoin(Visit, Visit.id == ActionItem.visit_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.deleted_at.is_(None))
    )


def _open() -> ColumnElement[bool]:
    return ActionItem.status == "open"


def view_condition(flt: ActionItemFilter, *, closed_by_time: bool = False) -> ColumnElement[bool]:
    """The WHERE clause of one view (without the text filter). `closed_by_time`: "Done or cancelled"
    read in its own order, by migration 0024's index of update times, with the status read from that
    index (`status || ''` so that SQLite does not seek the status index instead and sort every
    done item for each window)."""
    week_end = flt.today + dt.timedelta(days=WEEK_DAYS - 1)
    view = flt.view
    if view == "mine":
        if flt.staff_id is None:
            return false()
        return and_(_open(), ActionItem.owner_staff_id == flt.staff_id)
    if view == "overdue":
        return and_(_open(), ActionItem.due_date < flt.today)
    if view == "week":
        return and_(_open(), ActionItem.due_date >= flt.today, ActionItem.due_date <= week_end)
    if view == "partnership":
        pid = partnership_of_item()
        chosen = pid == flt.partnership_id if flt.partnership_id else pid.is_not(None)
        return and_(_open(), chosen)
    if view == "organization":
        oid = organization_of_item()
        chosen = oid == flt.organization_id if flt.organization_id else oid.is_not(None)
        return and_(_open(), chosen)
    if view == "open":
        return _open()
    if view == "closed":
        status = ActionItem.status + "" if closed_by_time else ActionItem.status
        return status.in_(("done", "cancelled"))
    raise ValueError(f"unknown action-item view {view!r}")


def _filtered(stmt: Select, flt: ActionItemFilter, *, closed_by_time: bool = False) -> Select:
    stmt = _joined(stmt).where(view_condition(flt, closed_by_time=closed_by_time))
    if flt.text.strip():
        stmt = stmt.where(ActionItem.text.ilike(f"%{flt.text.strip()}%"))
    if flt.due_from is not None:
        stmt = stmt.where(ActionItem.due_date >= flt.due_from)
    if flt.due_before is not None:
        stmt = stmt.where(ActionItem.due_date < flt.due_before)
    return stmt


def count_action_items(session: Session, flt: ActionItemFilter) -> int:
    return session.scalar(_filtered(select(func.count(ActionItem.id)), flt)) or 0


# The sort keys the list understands, one per column; None (the default) is the view's own order.
SORT_KEYS = ("due", "text", "owner", "status", "organization", "partnership", "source")


def _owner_name() -> ColumnElement:
    return func.coalesce(_Owner.name, _OwnerContact.name)


def _source_date() -> ColumnElement:
    return func.coalesce(Meeting.starts_at, Visit.starts_at)


def _view_sort(flt: ActionItemFilter, sort: str | None) -> str:
    """The sort key a list uses: the one asked for, else its view's own."""
    if sort is not None:
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}; expected one of {', '.join(SORT_KEYS)}")
        return sort
    return {"partnership": "partnership", "organization": "organization", "closed": "closed"}.get(
        flt.view, "due"
    )


def _sort_keys(sort: str) -> tuple[Key, ...]:
    """The columns of a sort, ending in the id (unique); blanks come last."""
    if sort == "closed":  # the most recently closed first (the list runs it descending)
        return keys(ActionItem.updated_at, ActionItem.id)
    first: dict[str, tuple[Key, ...]] = {
        "due": (),
        "text": keys(ActionItem.text),
        "owner": (Key(_owner_name(), empty_last=True),),
        "status": keys(ActionItem.status),
        "organization": (Key(Organization.name, empty_last=True),),
        "partnership": (Key(SectorPartnership.name, empty_last=True),),
        "source": (Key(_source_date(), empty_last=True),),
    }
    by_due = (Key(ActionItem.due_date, empty_last=True), *keys(ActionItem.created_at, ActionItem.id))
    return (*first[sort], *by_due)


def _cursor(row: ActionItemRow, sort: str) -> tuple[object, ...]:
    """The values of `_sort_keys` for `row`."""
    if sort == "closed":
        return (row.updated_at, row.id)
    first = {
        "due": (),
        "text": (row.text,),
        "owner": (row.owner_name,),
        "status": (row.status,),
        "organization": (row.organization_name,),
        "partnership": (row.partnership_name,),
        "source": (row.source_date,),
    }[sort]
    return (*first, row.due_date, row.created_at, row.id)


def list_action_items(
    session: Session,
    flt: ActionItemFilter,
    *,
    sort: str | None = None,
    descending: bool = False,
    after: ActionItemRow | None = None,
    limit: int = 200,
) -> list[ActionItemRow]:
    """One window of a view, sorted by `sort` (None: the view's own order), continuing after the
    row `after` (keyset paging)."""
    key = _view_sort(flt, sort)
    if key == "closed":
        descending = not descending  # the most recently closed first
    org_id = organization_of_item().label("org_id")
    part_id = partnership_of_item().label("part_id")
    stmt = (
        _filtered(
            select(
                ActionItem,
                _Owner.name,
                _OwnerContact.name,
                org_id,
                Organization.name,
                part_id,
                SectorPartnership.name,
                Visit.starts_at,
                Meeting.title,
                Meeting.starts_at,
            ),
            flt,
            closed_by_time=key == "closed",
        )
        .outerjoin(Organization, Organization.id == organization_of_item())
        .outerjoin(SectorPartnership, SectorPartnership.id == partnership_of_item())
        .outerjoin(_Owner, _Owner.id == ActionItem.owner_staff_id)
        .outerjoin(_OwnerContact, _OwnerContact.id == ActionItem.owner_contact_id)
    )
    cursor = None if after is None else _cursor(after, key)
    if key == "due":  # the dated items, then the undated: each a seek on migration 0024's index
        rows = paging.nulls_last_window(
            session, stmt, _sort_keys(key), descending=descending, cursor=cursor, limit=limit
        )
    else:
        rows = list(
            session.execute(
                paging.window(stmt, _sort_keys(key), descending=descending, cursor=cursor, limit=limit)
            )
        )
    return [_row(*r, today=flt.today) for r in rows]


def _row(
    item: ActionItem,
    staff: str | None,
    contact: str | None,
    oid: str | None,
    oname: str | None,
    pid: str | None,
    pname: str | None,
    visit_at: dt.datetime | None,
    mtitle: str | None,
    meeting_at: dt.datetime | None,
    *,
    today: dt.date,
) -> ActionItemRow:
    kind: str | None
    sid: str | None
    if item.meeting_id:
        kind, sid, title, when = "meeting", item.meeting_id, mtitle, meeting_at
    elif item.visit_id:
        kind, sid, title, when = "visit", item.visit_id, oname, visit_at
    else:
        kind = sid = title = when = None
    return ActionItemRow(
        id=item.id,
        text=item.text,
        status=item.status,
        status_note=item.status_note,
        due_date=item.due_date,
        overdue=is_overdue(item.status, item.due_date, today),
        owner_staff_id=item.owner_staff_id,
        owner_name=staff or contact,
        owner_is_contact=staff is None and contact is not None,
        organization_id=oid,
        organization_name=oname,
        partnership_id=pid,
        partnership_name=pname,
        source_kind=kind,
        source_id=sid,
        source_title=title,
        source_date=when,
        completed_at=item.completed_at,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def is_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    return status == "open" and due is not None and due < today


def view_counts(session: Session, today: dt.date, staff_id: str | None) -> dict[str, int]:
    """How many items each view holds (unnarrowed), in one query."""
    columns = []
    for code, _label in VIEWS:
        cond = view_condition(ActionItemFilter(view=code, today=today, staff_id=staff_id))
        columns.append(func.coalesce(func.sum(case((cond, 1), else_=0)), 0).label(code))
    row = session.execute(_joined(select(*columns))).one()
    return {code: int(row._mapping[code]) for code, _ in VIEWS}


def partnership_choices(session: Session) -> list[Choice]:
    """Partnerships that have open action items, with how many."""
    pid = partnership_of_item()
    stmt = (
        _joined(select(SectorPartnership.id, SectorPartnership.name, func.count(ActionItem.id)))
        .join(SectorPartnership, SectorPartnership.id == pid)
        .where(_open())
        .group_by(SectorPartnership.id, SectorPartnership.name)
        .order_by(SectorPartnership.name)
    )
    return [Choice(i, n, c) for i, n, c in session.execute(stmt)]


def organization_choices(session: Session) -> list[Choice]:
    """Organizations that have open action items, with how many."""
    oid = organization_of_item()
    stmt = (
        _joined(select(Organization.id, Organization.name, func.count(ActionItem.id)))
        .join(Organization, Organization.id == oid)
        .where(_open())
        .group_by(Organization.id, Organization.name)
        .order_by(Organization.name)
    )
    return [Choice(i, n, c) for i, n, c in session.execute(stmt)]


def staff_choices(session: Session) -> list[Choice]:
    """Active staff members, by name: the people an item can be reassigned to."""
    stmt = (
        select(StaffUser.id, StaffUser.name)
        .where(StaffUser.deleted_at.is_(None), StaffUser.active.is_(True))
        .order_by(StaffUser.name)
    )
    return [Choice(i, n) for i, n in session.execute(stmt)]
