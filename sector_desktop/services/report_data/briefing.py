"""The data of a briefing packet for one organization, and of the day packet for a staff member."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.errors import NotFound
from sector_desktop.models import (
    ActionItem,
    ApprenticeshipProgram,
    Contact,
    HiringNeed,
    LmiFigure,
    Meeting,
    Organization,
    PartnershipMember,
    SectorPartnership,
    SkillGap,
    StaffUser,
    TrainingProgram,
    Visit,
    VisitAttendee,
)
from sector_desktop.models.base import Synced
from sector_desktop.models.choices import (
    DOCUMENT_STATUSES,
    EMPLOYER_SERVICES,
    MEMBER_ROLES,
    ORGANIZATION_KINDS,
    ORGANIZATION_STATUSES,
    PROGRAM_STAGES,
    SECTORS,
    SIZE_BANDS,
    VISIT_TYPES,
    label,
)
from sector_desktop.reports.data import (
    BriefingPacket,
    ContactLine,
    DayPacket,
    FollowUp,
    HiringNeedLine,
    LmiLine,
    ProgramStatus,
    RouteStop,
    TrainingLine,
    VisitSummary,
)
from sector_desktop.store.apprenticeship import document_is_overdue
from sector_desktop.store.today import one_line_address, planned_stops

from .memo import memo, shared_lookups
from .sector import packet_lines

MONTHS = 24


def _live(model: type[Synced]) -> ColumnElement[bool]:
    return model.deleted_at.is_(None)


def find_organization(session: Session, id_or_name: str) -> Organization:
    """An organization by id, or by exact (then unique partial) name."""
    org = session.get(Organization, id_or_name)
    if org is not None and org.deleted_at is None:
        return org
    exact = list(
        session.scalars(select(Organization).where(_live(Organization), Organization.name == id_or_name))
    )
    if len(exact) == 1:
        return exact[0]
    like = list(
        session.scalars(
            select(Organization)
            .where(_live(Organization), Organization.name.ilike(f"%{id_or_name}%"))
            .limit(6)
        )
    )
    if len(like) == 1:
        return like[0]
    if not like:
        raise NotFound(f"No organization with the id or name '{id_or_name}'.")
    names = "; ".join(o.name for o in like[:5])
    raise NotFound(f"'{id_or_name}' matches several organizations ({names}); give the id or the full name.")


def _staff_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(StaffUser.id, StaffUser.name)).all())


def _month_keys(day: dt.date) -> list[tuple[int, int]]:
    keys, y, m = [], day.year, day.month
    for _ in range(MONTHS):
        keys.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return keys[::-1]


def _visit_history(session: Session, org_id: str, day: dt.date, staff: dict[str, str]) -> tuple:
    since, until = clock.days(day - dt.timedelta(days=MONTHS * 31), day)
    visits = list(
        session.scalars(
            select(Visit)
            .where(_live(Visit), Visit.organization_id == org_id, Visit.status == "completed")
            .where(Visit.starts_at >= since, Visit.starts_at < until)
            .order_by(Visit.starts_at.desc())
        )
    )
    keys = _month_keys(day)
    local_days = [clock.local_day(v.starts_at) for v in visits]
    per_month = Counter((d.year, d.month) for d in local_days)
    by_month = [(timefmt.month(dt.date(y, m, 1)), per_month.get((y, m), 0)) for y, m in keys]
    services = Counter(code for v in visits for code in (v.services or []))
    services_given = [(lbl, services[code]) for code, lbl in EMPLOYER_SERVICES if services[code]]
    last = [
        VisitSummary(
            timefmt.date(v.starts_at),
            label(VISIT_TYPES, v.visit_type),
            staff.get(v.staff_id or "", ""),
            v.purpose or "",
            v.notes or "",
            [label(EMPLOYER_SERVICES, c) for c in v.services or []],
        )
        for v in visits[:3]
    ]
    return by_month, services_given, last


def _follow_ups(session: Session, org_id: str, day: dt.date, staff: dict[str, str]) -> list[FollowUp]:
    rows = session.execute(
        select(ActionItem, Visit.starts_at, Meeting.title)
        .outerjoin(Visit, Visit.id == ActionItem.visit_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(_live(ActionItem), ActionItem.organization_id == org_id, ActionItem.status == "open")
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date)
    )
    out = []
    for item, visit_at, meeting_title in rows:
        source = f"Visit {timefmt.date(visit_at)}" if visit_at else (meeting_title or "")
        overdue = item.due_date is not None and item.due_date < day
        out.append(
            FollowUp(
                item.text,
                staff.get(item.owner_staff_id or "", ""),
                timefmt.date(item.due_date),
                item.status,
                overdue,
                source,
            )
        )
    return out


def _needs(session: Session, org_id: str) -> tuple[list[HiringNeedLine], list[str]]:
    rows = session.execute(
        select(HiringNeed, Visit.starts_at)
        .outerjoin(Visit, Visit.id == HiringNeed.visit_id)
        .where(_live(HiringNeed), HiringNeed.organization_id == org_id)
        .order_by(HiringNeed.created_at.desc())
        .limit(10)
    )
    needs = []
    for need, when in rows:
        lo, hi = need.wage_min, need.wage_max
        wage = f"${lo:,.2f}–${hi:,.2f}/h" if lo and hi else (f"${(lo or hi):,.2f}/h" if (lo or hi) else "")
        needs.append(
            HiringNeedLine(need.occupation, need.openings, wage, need.timeline or "", timefmt.date(when))
        )
    gaps = session.scalars(
        select(SkillGap.skill)
        .where(_live(SkillGap), SkillGap.organization_id == org_id)
        .order_by(SkillGap.created_at.desc())
        .limit(30)
    )
    return needs, list(dict.fromkeys(gaps))[:12]


def _programs(session: Session, org_id: str, day: dt.date) -> list[ProgramStatus]:
    out = []
    for prog in session.scalars(
        select(ApprenticeshipProgram).where(
            _live(ApprenticeshipProgram), ApprenticeshipProgram.sponsor_id == org_id
        )
    ):
        waiting = [
            f"{d.title}: {label(DOCUMENT_STATUSES, d.status).lower()}"
            + (f", due {timefmt.short_date(d.due_date, day)}" if d.due_date else "")
            for d in prog.documents
            if d.deleted_at is None
            and (d.status in ("missing", "returned") or document_is_overdue(d.status, d.due_date, day))
        ]
        out.append(ProgramStatus(prog.occupation_title, label(PROGRAM_STAGES, prog.stage), waiting))
    return out


def _sector_notes(
    session: Session, sector: str | None, naics: str | None = None, occupations: list[str] | None = None
) -> tuple[list[LmiLine], list[TrainingLine]]:
    # Imported BLS figures first (the sector in the office's area, wages per hiring need), then any
    # other figures (mapped imports), each with its source and release date.
    imported = packet_lines(session, sector, naics, occupations or [])
    if not sector:
        return imported, []
    figures = memo(session, ("sector figures", sector), lambda: _sector_figures(session, sector))
    training = memo(session, ("training", sector), lambda: _training(session, sector))
    return imported + figures, list(training)


def _sector_figures(session: Session, sector: str) -> list[LmiLine]:
    return [
        LmiLine(
            f.measure,
            f.area,
            f.occupation or "",
            f"{f.value:,.0f}"
            if f.value >= 100
            else f"{f.value:g}" + (f" {f.unit}" if f.unit and f.unit not in ("jobs", "people") else ""),
            f.source,
            timefmt.date(f.released_on),
        )
        for f in session.scalars(
            select(LmiFigure).where(_live(LmiFigure), LmiFigure.sector == sector).limit(12)
        )
    ]


def _training(session: Session, sector: str) -> list[TrainingLine]:
    providers = dict(
        session.execute(
            select(Organization.id, Organization.name).join(
                TrainingProgram, TrainingProgram.provider_id == Organization.id
            )
        ).all()
    )
    return [
        TrainingLine(t.name, providers.get(t.provider_id or "", ""), t.credential or "", t.duration_weeks)
        for t in session.scalars(
            select(TrainingProgram).where(_live(TrainingProgram), TrainingProgram.sector == sector).limit(10)
        )
    ]


def _planned_visit(session: Session, org_id: str, day: dt.date, visit_id: str | None) -> Visit | None:
    if visit_id:
        return session.get(Visit, visit_id)
    start, end = clock.days(day, day)
    return session.scalar(
        select(Visit)
        .where(_live(Visit), Visit.organization_id == org_id, Visit.status == "planned")
        .where(Visit.starts_at >= start, Visit.starts_at < end)
        .order_by(Visit.starts_at)
    )


def briefing_packet(
    session: Session, organization: str, day: dt.date, visit_id: str | None = None, staff_name: str = ""
) -> BriefingPacket:
    """The briefing packet for `organization` (id or name) for a meeting on `day`."""
    org = find_organization(session, organization)
    staff = _staff_names(session)
    visit = _planned_visit(session, org.id, day, visit_id)
    attendees = []
    if visit is not None:
        attendees = list(
            session.scalars(
                select(Contact.name)
                .join(VisitAttendee, VisitAttendee.contact_id == Contact.id)
                .where(VisitAttendee.visit_id == visit.id, _live(VisitAttendee))
            )
        )
    contacts = session.scalars(
        select(Contact)
        .where(_live(Contact), Contact.organization_id == org.id)
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
    memberships = [
        f"{name} ({label(MEMBER_ROLES, role)})"
        for name, role in session.execute(
            select(SectorPartnership.name, PartnershipMember.role)
            .join(PartnershipMember, PartnershipMember.partnership_id == SectorPartnership.id)
            .where(PartnershipMember.organization_id == org.id, _live(PartnershipMember))
        )
    ]
    by_month, services_given, last = _visit_history(session, org.id, day, staff)
    needs, gaps = _needs(session, org.id)
    lmi, training = _sector_notes(session, org.sector, org.naics, [n.occupation for n in needs])
    return BriefingPacket(
        organization_id=org.id,
        organization=org.name,
        dba=org.dba or "",
        meeting_date=timefmt.long_date(day),
        purpose=(visit.purpose if visit else "") or "",
        attendees=attendees,
        staff=staff_name or staff.get((visit.staff_id if visit else None) or org.assigned_staff_id or "", ""),
        address=one_line_address(org),
        phone=org.phone or "",
        website=org.website or "",
        sector=label(SECTORS, org.sector),
        naics=org.naics or "",
        kind=label(ORGANIZATION_KINDS, org.kind),
        status=label(ORGANIZATION_STATUSES, org.status),
        size=label(SIZE_BANDS, org.size_band),
        sites=str(org.sites_count or ""),
        assigned_staff=staff.get(org.assigned_staff_id or "", ""),
        fein=org.fein or "",
        memberships=memberships,
        contacts=[
            ContactLine(c.name, c.title or "", c.email or "", c.phone or "", c.is_primary) for c in contacts
        ],
        visits_by_month=by_month,
        services_given=services_given,
        last_visits=last,
        follow_ups=_follow_ups(session, org.id, day, staff),
        hiring_needs=needs,
        skill_gaps=gaps,
        programs=_programs(session, org.id, day),
        lmi=lmi,
        training=training,
        notes=org.notes or "",
        visit_id=visit.id if visit else None,
        generated=timefmt.stamp(clock.now()),
    )


def find_staff(session: Session, id_or_name: str | None) -> StaffUser:
    if not id_or_name:
        raise NotFound("Say whose day it is (--staff with a staff member's name, username or id).")
    staff = session.scalar(
        select(StaffUser).where(
            or_(StaffUser.id == id_or_name, StaffUser.username == id_or_name, StaffUser.name == id_or_name)
        )
    )
    if staff is None:
        raise NotFound(f"No staff member with the name, username or id '{id_or_name}'.")
    return staff


def day_packet(session: Session, day: dt.date, staff: str | None) -> DayPacket:
    """A route sheet of the staff member's planned visits and the team's meetings on `day` in time
    order (as Today lists them), then each visit's briefing packet."""
    person = find_staff(session, staff)
    start, end = clock.days(day, day)
    stops = planned_stops(session, start, end, person.id, team_meetings=True)
    route = [
        RouteStop(
            timefmt.time(s.starts_at),
            s.title,
            s.address or (s.video_link or ""),
            s.contact_name or "",
            s.contact_phone or "",
            s.purpose or "",
            s.kind,
        )
        for s in stops
    ]
    with shared_lookups(session):  # the packets share their sector figures, areas and providers
        packets = [
            briefing_packet(session, s.organization_id, day, visit_id=s.id, staff_name=person.name)
            for s in stops
            if s.kind == "visit" and s.organization_id
        ]
    return DayPacket(timefmt.long_date(day), person.name, route, packets, timefmt.stamp(clock.now()))
