"""Read queries for the Partnerships screen: the list, and one partnership's overview.

Everything returned is a plain dataclass, so results can cross threads and outlive the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sector_desktop import clock
from sector_desktop.errors import NotFound
from sector_desktop.models import (
    ActionItem,
    ActionTeam,
    Contact,
    Meeting,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    Priority,
    SectorPartnership,
    StaffUser,
    Visit,
    Workgroup,
    utcnow,
)

from .meetings import MeetingRow, meeting_rows_for_partnership

RECENT_VISITS_LIMIT = 25
OPEN_ITEMS_LIMIT = 200


@dataclass(frozen=True)
class PartnershipRow:
    id: str
    name: str
    sector: str | None
    region: str | None
    status: str
    launched_on: dt.date | None
    member_count: int
    next_meeting: dt.datetime | None


@dataclass(frozen=True)
class RepresentativeRow:
    id: str
    contact_id: str
    name: str
    title: str | None


@dataclass(frozen=True)
class MemberRow:
    id: str
    organization_id: str
    organization_name: str
    kind: str
    role: str
    joined_on: dt.date | None
    representatives: list[RepresentativeRow] = field(default_factory=list)


@dataclass(frozen=True)
class WorkgroupRow:
    id: str
    name: str
    description: str | None
    active: bool
    meeting_count: int


@dataclass(frozen=True)
class PriorityRow:
    id: str
    rank: int
    title: str
    importance: int | None
    feasibility: int | None
    notes: str | None

    @property
    def score(self) -> int:
        return (self.importance or 0) * (self.feasibility or 0)


@dataclass(frozen=True)
class ActionTeamRow:
    id: str
    name: str
    goal: str | None
    target_date: dt.date | None
    priority_id: str | None
    priority_title: str | None


@dataclass(frozen=True)
class OpenActionItemRow:
    id: str
    text: str
    owner_name: str | None
    due_date: dt.date | None
    meeting_title: str | None
    overdue: bool


@dataclass(frozen=True)
class MemberVisitRow:
    id: str
    starts_at: dt.datetime
    organization_name: str
    visit_type: str
    staff_name: str | None
    purpose: str | None


@dataclass(frozen=True)
class PartnershipOverview:
    id: str
    name: str
    sector: str | None
    region: str | None
    convener: str | None
    status: str
    launched_on: dt.date | None
    description: str | None
    members: list[MemberRow]
    workgroups: list[WorkgroupRow]
    priorities: list[PriorityRow]
    action_teams: list[ActionTeamRow]
    meetings: list[MeetingRow]
    open_action_items: list[OpenActionItemRow]
    recent_visits: list[MemberVisitRow]


@dataclass(frozen=True)
class OrganizationOption:
    id: str
    name: str
    kind: str
    sector: str | None


@dataclass(frozen=True)
class ContactOption:
    id: str
    name: str
    title: str | None


def list_partnerships(session: Session, now: dt.datetime | None = None) -> list[PartnershipRow]:
    """Every partnership by name, with its member count and next planned meeting."""
    now = now or utcnow()
    members = (
        select(func.count())
        .select_from(PartnershipMember)
        .where(
            PartnershipMember.partnership_id == SectorPartnership.id,
            PartnershipMember.deleted_at.is_(None),
        )
        .correlate(SectorPartnership)
        .scalar_subquery()
    )
    next_meeting = (
        select(func.min(Meeting.starts_at))
        .where(
            Meeting.partnership_id == SectorPartnership.id,
            Meeting.deleted_at.is_(None),
            Meeting.status == "planned",
            Meeting.starts_at >= now,
        )
        .correlate(SectorPartnership)
        .scalar_subquery()
    )
    stmt = (
        select(
            SectorPartnership.id,
            SectorPartnership.name,
            SectorPartnership.sector,
            SectorPartnership.region,
            SectorPartnership.status,
            SectorPartnership.launched_on,
            members,
            next_meeting,
        )
        .where(SectorPartnership.deleted_at.is_(None))
        .order_by(SectorPartnership.name, SectorPartnership.id)
    )
    return [
        PartnershipRow(pid, name, sector, region, status, launched, members or 0, next_at)
        for pid, name, sector, region, status, launched, members, next_at in session.execute(stmt)
    ]


def _members(session: Session, partnership_id: str) -> list[MemberRow]:
    stmt = (
        select(PartnershipMember, Organization.name, Organization.kind)
        .join(Organization, Organization.id == PartnershipMember.organization_id)
        .where(PartnershipMember.partnership_id == partnership_id, PartnershipMember.deleted_at.is_(None))
    )
    rows = list(session.execute(stmt))
    reps: dict[str, list[RepresentativeRow]] = {}
    rep_stmt = (
        select(
            MemberRepresentative.id, MemberRepresentative.member_id, Contact.id, Contact.name, Contact.title
        )
        .join(Contact, Contact.id == MemberRepresentative.contact_id)
        .join(PartnershipMember, PartnershipMember.id == MemberRepresentative.member_id)
        .where(
            PartnershipMember.partnership_id == partnership_id,
            MemberRepresentative.deleted_at.is_(None),
            Contact.deleted_at.is_(None),
        )
        .order_by(Contact.name)
    )
    for rep_id, member_id, contact_id, name, title in session.execute(rep_stmt):
        reps.setdefault(member_id, []).append(RepresentativeRow(rep_id, contact_id, name, title))
    members = [
        MemberRow(m.id, m.organization_id, name, kind, m.role, m.joined_on, reps.get(m.id, []))
        for m, name, kind in rows
    ]
    return sorted(members, key=lambda m: (_role_order(m.role), m.organization_name.lower()))


def _role_order(role: str) -> int:
    order = ("chair", "co_chair", "employer_member", "training_partner", "community_partner")
    return order.index(role) if role in order else len(order)


def _workgroups(session: Session, partnership_id: str) -> list[WorkgroupRow]:
    count = (
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.workgroup_id == Workgroup.id, Meeting.deleted_at.is_(None))
        .correlate(Workgroup)
        .scalar_subquery()
    )
    stmt = (
        select(Workgroup.id, Workgroup.name, Workgroup.description, Workgroup.active, count)
        .where(Workgroup.partnership_id == partnership_id, Workgroup.deleted_at.is_(None))
        .order_by(Workgroup.active.desc(), Workgroup.name)
    )
    return [WorkgroupRow(i, n, d, bool(a), c or 0) for i, n, d, a, c in session.execute(stmt)]


def ranked_priorities(session: Session, partnership_id: str) -> list[PriorityRow]:
    """Priorities by importance × feasibility, highest first (unscored ones last); rank starts at 1."""
    stmt = select(Priority).where(Priority.partnership_id == partnership_id, Priority.deleted_at.is_(None))
    items = list(session.scalars(stmt))
    scored = sorted(
        items,
        key=lambda p: (
            p.importance is None or p.feasibility is None,
            -((p.importance or 0) * (p.feasibility or 0)),
            -(p.importance or 0),
            p.title.lower(),
        ),
    )
    return [
        PriorityRow(p.id, rank, p.title, p.importance, p.feasibility, p.notes)
        for rank, p in enumerate(scored, start=1)
    ]


def _action_teams(session: Session, partnership_id: str) -> list[ActionTeamRow]:
    stmt = (
        select(ActionTeam, Priority.title)
        .outerjoin(Priority, Priority.id == ActionTeam.priority_id)
        .where(ActionTeam.partnership_id == partnership_id, ActionTeam.deleted_at.is_(None))
        .order_by(ActionTeam.target_date.asc().nulls_last(), ActionTeam.name)
    )
    return [
        ActionTeamRow(t.id, t.name, t.goal, t.target_date, t.priority_id, ptitle)
        for t, ptitle in session.execute(stmt)
    ]


def open_action_items(session: Session, partnership_id: str, today: dt.date) -> list[OpenActionItemRow]:
    """Open follow-ups of the partnership or its meetings, soonest due first (undated last)."""
    meeting_ids = select(Meeting.id).where(Meeting.partnership_id == partnership_id)
    owner = func.coalesce(StaffUser.name, Contact.name)
    stmt = (
        select(ActionItem.id, ActionItem.text, owner, ActionItem.due_date, Meeting.title)
        .outerjoin(StaffUser, StaffUser.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(
            ActionItem.deleted_at.is_(None),
            ActionItem.status == "open",
            or_(ActionItem.partnership_id == partnership_id, ActionItem.meeting_id.in_(meeting_ids)),
        )
        .order_by(ActionItem.due_date.asc().nulls_last(), ActionItem.id)
        .limit(OPEN_ITEMS_LIMIT)
    )
    return [
        OpenActionItemRow(i, text, who, due, mtitle, due is not None and due < today)
        for i, text, who, due, mtitle in session.execute(stmt)
    ]


def recent_member_visits(
    session: Session, partnership_id: str, limit: int = RECENT_VISITS_LIMIT
) -> list[MemberVisitRow]:
    """Completed visits to the partnership's member employers, newest first."""
    employers = (
        select(PartnershipMember.organization_id)
        .join(Organization, Organization.id == PartnershipMember.organization_id)
        .where(
            PartnershipMember.partnership_id == partnership_id,
            PartnershipMember.deleted_at.is_(None),
            Organization.kind == "employer",
        )
    )
    stmt = (
        select(Visit.id, Visit.starts_at, Organization.name, Visit.visit_type, StaffUser.name, Visit.purpose)
        .join(Organization, Organization.id == Visit.organization_id)
        .outerjoin(StaffUser, StaffUser.id == Visit.staff_id)
        .where(
            Visit.organization_id.in_(employers),
            Visit.deleted_at.is_(None),
            Visit.status == "completed",
        )
        .order_by(Visit.starts_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return [MemberVisitRow(*row) for row in session.execute(stmt)]


def get_partnership_overview(
    session: Session, partnership_id: str, now: dt.datetime | None = None
) -> PartnershipOverview:
    """Everything the partnership page shows. Raises NotFound for unknown or deleted ids."""
    now = now or utcnow()
    p = session.get(SectorPartnership, partnership_id)
    if p is None or p.deleted_at is not None:
        raise NotFound(f"No partnership with id {partnership_id}.")
    return PartnershipOverview(
        id=p.id,
        name=p.name,
        sector=p.sector,
        region=p.region,
        convener=p.convener,
        status=p.status,
        launched_on=p.launched_on,
        description=p.description,
        members=_members(session, p.id),
        workgroups=_workgroups(session, p.id),
        priorities=ranked_priorities(session, p.id),
        action_teams=_action_teams(session, p.id),
        meetings=meeting_rows_for_partnership(session, p.id, now),
        open_action_items=open_action_items(session, p.id, clock.local_day(now)),
        recent_visits=recent_member_visits(session, p.id),
    )


def organization_options(session: Session, sector: str | None = None) -> list[OrganizationOption]:
    """Organizations to add to a roster: those of the sector first, then the rest, by name."""
    stmt = select(Organization.id, Organization.name, Organization.kind, Organization.sector).where(
        Organization.deleted_at.is_(None)
    )
    rows = [OrganizationOption(*r) for r in session.execute(stmt.order_by(Organization.name))]
    if sector:
        rows.sort(key=lambda o: (o.sector != sector and o.sector is not None, o.name.lower()))
    return rows


def contacts_of(session: Session, organization_id: str) -> list[ContactOption]:
    stmt = (
        select(Contact.id, Contact.name, Contact.title)
        .where(Contact.organization_id == organization_id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
    return [ContactOption(*r) for r in session.execute(stmt)]
