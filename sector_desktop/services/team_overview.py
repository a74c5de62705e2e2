"""The manager's view of the team: each staff member's load, and moving work from one to another.

Per staff member: open and overdue action items, planned visits this week and next, assigned
employers, and visits made this quarter. Bulk reassignment (someone leaves or goes on leave) moves
their assigned organizations and open action items to a colleague as ordinary synced edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.models import ActionItem, Organization, StaffUser, Visit
from sector_desktop.store import Database

from .records import live_record


@dataclass(frozen=True)
class StaffLoad:
    staff_id: str
    name: str
    role: str
    active: bool
    open_items: int = 0
    overdue_items: int = 0
    visits_this_week: int = 0
    visits_next_week: int = 0
    employers: int = 0
    visits_this_quarter: int = 0


@dataclass(frozen=True)
class Reassigned:
    organizations: int
    action_items: int
    to_name: str
    planned_visits: int = 0

    def summary(self, from_name: str) -> str:
        def n(count: int, what: str) -> str:
            return f"{count} {what}{'s' if count != 1 else ''}"

        parts = [n(self.organizations, "organization"), n(self.action_items, "open action item")]
        if self.planned_visits:
            parts.append(n(self.planned_visits, "planned visit"))
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Moved {listed} from {from_name} to {self.to_name}."


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())  # Monday


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _counts(s: Session, stmt: Select[str | None, int]) -> dict[str, int]:
    return {k: int(n) for k, n in s.execute(stmt) if k}


def team_overview(db: Database, today: dt.date | None = None) -> list[StaffLoad]:
    """Every staff member's load (active first, then by name); counts are on the profile's calendar."""
    today = today or clock.today()
    monday = week_start(today)
    this_week = clock.days(monday, monday + dt.timedelta(days=6))
    next_week = clock.days(monday + dt.timedelta(days=7), monday + dt.timedelta(days=13))
    quarter = clock.days(quarter_start(today), today)
    owner, live_item = ActionItem.owner_staff_id, ActionItem.deleted_at.is_(None)
    open_item = (ActionItem.status == "open") & live_item

    def visits(status: str, span: tuple[dt.datetime, dt.datetime]) -> Select[str | None, int]:
        return (
            select(Visit.staff_id, func.count())
            .where(Visit.deleted_at.is_(None), Visit.status == status)
            .where(Visit.starts_at >= span[0], Visit.starts_at < span[1])
            .group_by(Visit.staff_id)
        )

    with db.read_session() as s:
        staff = s.execute(
            select(StaffUser.id, StaffUser.name, StaffUser.role, StaffUser.active).where(
                StaffUser.deleted_at.is_(None)
            )
        ).all()
        opened = _counts(s, select(owner, func.count()).where(open_item).group_by(owner))
        overdue = _counts(
            s, select(owner, func.count()).where(open_item, ActionItem.due_date < today).group_by(owner)
        )
        planned_now = _counts(s, visits("planned", this_week))
        planned_next = _counts(s, visits("planned", next_week))
        made = _counts(s, visits("completed", quarter))
        employers = _counts(
            s,
            select(Organization.assigned_staff_id, func.count())
            .where(Organization.deleted_at.is_(None), Organization.kind == "employer")
            .group_by(Organization.assigned_staff_id),
        )
    loads = [
        StaffLoad(
            i,
            name,
            role,
            bool(active),
            opened.get(i, 0),
            overdue.get(i, 0),
            planned_now.get(i, 0),
            planned_next.get(i, 0),
            employers.get(i, 0),
            made.get(i, 0),
        )
        for i, name, role, active in staff
    ]
    return sorted(loads, key=lambda r: (not r.active, r.name.casefold()))


def reassign_work(
    db: Database,
    from_id: str,
    to_id: str,
    *,
    organizations: bool = True,
    action_items: bool = True,
    planned_visits: bool = True,
) -> Reassigned:
    """Give `from_id`'s assigned organizations, open action items and planned visits to `to_id`.

    One transaction. Planned visits move too: someone leaving or covering for a colleague leaves
    the visits they had booked, and those would otherwise stay in nobody's "Mine".
    """
    if from_id == to_id:
        raise ValidationError("Choose a different staff member to give the work to.")
    if not (organizations or action_items or planned_visits):
        raise ValidationError(
            "Choose what to move: organizations, open action items, planned visits, or several."
        )
    with db.session() as s:
        live_record(s, StaffUser, from_id, "staff member")
        to = live_record(s, StaffUser, to_id, "staff member")
        if not to.active:
            raise ValidationError(f"{to.name} is no longer active; choose someone else.")
        moved_orgs = moved_items = moved_visits = 0
        if organizations:
            for org in s.scalars(
                select(Organization).where(
                    Organization.assigned_staff_id == from_id, Organization.deleted_at.is_(None)
                )
            ):
                org.assigned_staff_id = to_id
                moved_orgs += 1
        if action_items:
            for item in s.scalars(
                select(ActionItem).where(
                    ActionItem.owner_staff_id == from_id,
                    ActionItem.status == "open",
                    ActionItem.deleted_at.is_(None),
                )
            ):
                item.owner_staff_id = to_id
                moved_items += 1
        if planned_visits:
            for visit in s.scalars(
                select(Visit).where(
                    Visit.staff_id == from_id, Visit.status == "planned", Visit.deleted_at.is_(None)
                )
            ):
                visit.staff_id = to_id
                moved_visits += 1
        return Reassigned(moved_orgs, moved_items, to.name, moved_visits)
