"""Creating and changing sector partnerships: the roster, workgroups, priorities and action teams.

Each function takes a write session (from Database.session()) and returns the id it made. Bad input
raises ValidationError naming each field and why, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound
from sector_desktop.models import (
    ActionTeam,
    Contact,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    Priority,
    SectorPartnership,
    Workgroup,
    utcnow,
)
from sector_desktop.models.base import Synced
from sector_desktop.models.choices import MEMBER_ROLES, PARTNERSHIP_STATUSES, SECTORS, codes

from .records import live_record, refusal, refuse_if

SCORE_RANGE = range(1, 6)  # importance and feasibility are scored 1 (low) to 5 (high)


@dataclass(frozen=True)
class PartnershipInput:
    name: str
    sector: str | None = None
    region: str | None = None
    convener: str | None = None
    status: str = "forming"
    launched_on: dt.date | None = None
    description: str | None = None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _require(problems: list[str], label: str, value: str | None, max_len: int) -> None:
    if not value:
        problems.append(f"{label}: required.")
    elif len(value) > max_len:
        problems.append(f"{label}: at most {max_len} characters (got {len(value)}).")


def validate_partnership(data: PartnershipInput) -> list[str]:
    problems: list[str] = []
    _require(problems, "Name", _clean(data.name), 300)
    if data.sector and data.sector not in codes(SECTORS):
        problems.append(f"Sector: {data.sector!r} is not one of {', '.join(codes(SECTORS))}.")
    if data.status not in codes(PARTNERSHIP_STATUSES):
        problems.append(f"Status: {data.status!r} is not one of {', '.join(codes(PARTNERSHIP_STATUSES))}.")
    for label, value, n in (("Region", data.region, 200), ("Convener", data.convener, 300)):
        if value and len(value.strip()) > n:
            problems.append(f"{label}: at most {n} characters.")
    return problems


def _apply(p: SectorPartnership, data: PartnershipInput) -> None:
    p.name = _clean(data.name) or ""
    p.sector = data.sector or None
    p.region = _clean(data.region)
    p.convener = _clean(data.convener)
    p.status = data.status
    p.launched_on = data.launched_on
    p.description = _clean(data.description)


def create_partnership(session: Session, data: PartnershipInput) -> str:
    refuse_if("partnership", validate_partnership(data))
    p = SectorPartnership()
    _apply(p, data)
    session.add(p)
    session.flush()
    return p.id


def update_partnership(session: Session, partnership_id: str, data: PartnershipInput) -> None:
    refuse_if("partnership", validate_partnership(data))
    _apply(live_record(session, SectorPartnership, partnership_id, "partnership"), data)


# -- roster ------------------------------------------------------------------------------------


def add_member(
    session: Session,
    partnership_id: str,
    organization_id: str,
    role: str = "employer_member",
    joined_on: dt.date | None = None,
) -> str:
    """Put an organization on the roster. An organization is on a roster at most once."""
    live_record(session, SectorPartnership, partnership_id, "partnership")
    problems = []
    org = session.get(Organization, organization_id)
    if org is None or org.deleted_at is not None:
        problems.append("Organization: choose an existing organization.")
    if role not in codes(MEMBER_ROLES):
        problems.append(f"Role: {role!r} is not one of {', '.join(codes(MEMBER_ROLES))}.")
    existing = session.scalar(
        select(PartnershipMember.id).where(
            PartnershipMember.partnership_id == partnership_id,
            PartnershipMember.organization_id == organization_id,
            PartnershipMember.deleted_at.is_(None),
        )
    )
    if existing and org is not None:
        problems.append(f"Organization: {org.name} is already on the roster.")
    refuse_if("member", problems)
    member = PartnershipMember(
        partnership_id=partnership_id, organization_id=organization_id, role=role, joined_on=joined_on
    )
    session.add(member)
    session.flush()
    return member.id


def set_member_role(session: Session, member_id: str, role: str) -> None:
    if role not in codes(MEMBER_ROLES):
        refuse_if("member", [f"Role: {role!r} is not one of {', '.join(codes(MEMBER_ROLES))}."])
    live_record(session, PartnershipMember, member_id, "member").role = role


def remove_member(session: Session, member_id: str) -> None:
    """Take an organization off the roster (a tombstone, with its representatives)."""
    member = live_record(session, PartnershipMember, member_id, "member")
    now = utcnow()
    member.deleted_at = now
    for rep in session.scalars(
        select(MemberRepresentative).where(
            MemberRepresentative.member_id == member_id, MemberRepresentative.deleted_at.is_(None)
        )
    ):
        rep.deleted_at = now


def add_representative(session: Session, member_id: str, contact_id: str) -> str:
    """Name a contact of the member organization as one of its representatives."""
    member = live_record(session, PartnershipMember, member_id, "member")
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise refusal("representative", ["Contact: choose an existing contact."])
    if contact.organization_id != member.organization_id:
        problem = f"Contact: {contact.name} does not work for the member organization."
        raise refusal("representative", [problem])
    existing = session.scalar(
        select(MemberRepresentative.id).where(
            MemberRepresentative.member_id == member_id,
            MemberRepresentative.contact_id == contact_id,
            MemberRepresentative.deleted_at.is_(None),
        )
    )
    if existing:
        return existing
    rep = MemberRepresentative(member_id=member_id, contact_id=contact_id)
    session.add(rep)
    session.flush()
    return rep.id


def set_representatives(session: Session, member_id: str, contact_ids: list[str]) -> None:
    """Make exactly these contacts the member's representatives."""
    wanted = set(contact_ids)
    for rep in session.scalars(
        select(MemberRepresentative).where(
            MemberRepresentative.member_id == member_id, MemberRepresentative.deleted_at.is_(None)
        )
    ):
        if rep.contact_id not in wanted:
            rep.deleted_at = utcnow()
    for cid in contact_ids:
        add_representative(session, member_id, cid)


# -- workgroups, priorities, action teams ----------------------------------------------------


def save_workgroup(
    session: Session,
    partnership_id: str,
    name: str,
    description: str | None = None,
    active: bool = True,
    workgroup_id: str | None = None,
) -> str:
    """Create a workgroup, or change the one with `workgroup_id`."""
    live_record(session, SectorPartnership, partnership_id, "partnership")
    problems: list[str] = []
    _require(problems, "Name", _clean(name), 300)
    refuse_if("workgroup", problems)
    wg = live_record(session, Workgroup, workgroup_id, "workgroup") if workgroup_id else Workgroup()
    wg.partnership_id = partnership_id
    wg.name = _clean(name) or ""
    wg.description = _clean(description)
    wg.active = active
    session.add(wg)
    session.flush()
    return wg.id


def save_priority(
    session: Session,
    partnership_id: str,
    title: str,
    importance: int | None,
    feasibility: int | None,
    notes: str | None = None,
    priority_id: str | None = None,
) -> str:
    """Create or change a priority; scores are 1–5 or left empty until the launch meeting scores them."""
    live_record(session, SectorPartnership, partnership_id, "partnership")
    problems: list[str] = []
    _require(problems, "Title", _clean(title), 300)
    for label, value in (("Importance", importance), ("Feasibility", feasibility)):
        if value is not None and value not in SCORE_RANGE:
            problems.append(f"{label}: a score from 1 to 5 (got {value}).")
    refuse_if("priority", problems)
    p = live_record(session, Priority, priority_id, "priority") if priority_id else Priority()
    p.partnership_id = partnership_id
    p.title = _clean(title) or ""
    p.importance, p.feasibility, p.notes = importance, feasibility, _clean(notes)
    session.add(p)
    session.flush()
    return p.id


def save_action_team(
    session: Session,
    partnership_id: str,
    name: str,
    goal: str | None = None,
    target_date: dt.date | None = None,
    priority_id: str | None = None,
    team_id: str | None = None,
) -> str:
    """Create or change an action team working on one of the partnership's priorities."""
    live_record(session, SectorPartnership, partnership_id, "partnership")
    problems: list[str] = []
    _require(problems, "Name", _clean(name), 300)
    if priority_id:
        pr = session.get(Priority, priority_id)
        if pr is None or pr.partnership_id != partnership_id or pr.deleted_at is not None:
            problems.append("Priority: choose one of this partnership's priorities.")
    refuse_if("action team", problems)
    team = live_record(session, ActionTeam, team_id, "action team") if team_id else ActionTeam()
    team.partnership_id = partnership_id
    team.name = _clean(name) or ""
    team.goal, team.target_date, team.priority_id = _clean(goal), target_date, priority_id or None
    session.add(team)
    session.flush()
    return team.id


def delete_record(session: Session, kind: str, record_id: str) -> None:
    """Tombstone a workgroup, priority or action team."""
    models: dict[str, type[Synced]] = {
        "workgroup": Workgroup,
        "priority": Priority,
        "action team": ActionTeam,
    }
    live_record(session, models[kind], record_id, kind).deleted_at = utcnow()


def find_partnership(session: Session, id_or_name: str) -> str:
    """A partnership's id from its id, its name (any case), or a part of its name that only it has."""
    live = SectorPartnership.deleted_at.is_(None)
    if session.scalar(select(SectorPartnership.id).where(live, SectorPartnership.id == id_or_name)):
        return id_or_name
    wanted = id_or_name.strip().lower()
    named = session.execute(select(SectorPartnership.id, SectorPartnership.name).where(live)).all()
    exact = [pid for pid, name in named if name.lower() == wanted]
    partial = [(pid, name) for pid, name in named if wanted and wanted in name.lower()]
    if len(exact) == 1:
        return exact[0]
    if len(partial) == 1:
        return partial[0][0]
    if not partial:
        raise NotFound(f"No partnership with the id or name '{id_or_name}'.")
    names = "; ".join(sorted(name for _pid, name in partial)[:5])
    raise NotFound(f"'{id_or_name}' matches several partnerships ({names}); give the id or the full name.")
