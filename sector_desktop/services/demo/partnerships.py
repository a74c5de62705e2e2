"""Demo sector partnerships: four rosters drawn from the demo organizations, workgroups, priorities,
action teams, about 60 past meetings with minutes, and a few planned meetings today and this week.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from sector_desktop import clock, timefmt
from sector_desktop.models import (
    ActionItem,
    ActionTeam,
    AgendaItem,
    Contact,
    Decision,
    Meeting,
    MeetingAttendance,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    Priority,
    SectorPartnership,
    StaffUser,
    Workgroup,
    utcnow,
)
from sector_desktop.services.agenda_templates import AgendaTemplate, load_templates
from sector_desktop.store import Database, ProfilePaths

from . import vocab
from .meeting_text import PARTNERSHIPS, action_texts, decision_texts, minutes_text
from .rows import bulk_insert, local_to_utc, uuid7

ROLE_BY_KIND = {
    "training_provider": "training_partner",
    "community_college": "training_partner",
    "community_organization": "community_partner",
    "workforce_agency": "workforce_agency",
    "association": "community_partner",
    "government": "funder",
}
ORDER = (SectorPartnership, Workgroup, Priority, ActionTeam, PartnershipMember, MemberRepresentative, Meeting,
         AgendaItem, MeetingAttendance, Decision, ActionItem)  # fmt: skip


@dataclass
class Org:
    id: str
    name: str
    kind: str
    sector: str | None
    contacts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Rep:
    contact_id: str
    name: str
    org_id: str
    business: bool


@dataclass
class _Rows:
    rng: random.Random
    tables: dict[type, list[dict[str, object]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: type, when: dt.datetime, **values: object) -> str:
        row_id = uuid7(self.rng, when)
        stamp = {"id": row_id, "created_at": when, "updated_at": when, "deleted_at": None}
        self.tables[model].append({**stamp, **values})
        return row_id

    def insert(self, conn: Connection) -> None:
        for model in ORDER:
            bulk_insert(conn, model, self.tables.get(model, []))


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    return generate(db, rng, meetings=max(12, round(60 * scale)))


def _load(db: Database) -> tuple[list[str], dict[str, list[Org]]]:
    with db.read_session() as s:
        staff = list(
            s.scalars(select(StaffUser.id).where(StaffUser.active.is_(True)).order_by(StaffUser.name))
        )
        orgs = {
            oid: Org(oid, name, kind, sector)
            for oid, name, kind, sector in s.execute(
                select(Organization.id, Organization.name, Organization.kind, Organization.sector)
                .where(Organization.deleted_at.is_(None))
                .order_by(Organization.name)
            )
        }
        contacts = s.execute(
            select(Contact.id, Contact.name, Contact.organization_id)
            .where(Contact.deleted_at.is_(None))
            .order_by(Contact.is_primary.desc(), Contact.name)
        )
        for cid, name, oid in contacts:
            if oid in orgs:
                orgs[oid].contacts.append((cid, name))
    by_sector: dict[str, list[Org]] = defaultdict(list)
    for o in orgs.values():
        if o.contacts:
            by_sector[o.sector or ""].append(o)
    return staff, by_sector


def generate(db: Database, rng: random.Random, meetings: int = 60, now: dt.datetime | None = None) -> str:
    """Make the partnerships; reads the staff, organizations and contacts that the core seeder made."""
    now = now or utcnow()
    staff, by_sector = _load(db)
    if not staff or not by_sector:
        return "Partnerships: skipped (no staff or organizations to build rosters from)."
    rows = _Rows(rng)
    templates = {t.meeting_type: t for t in load_templates()}
    per = [meetings // len(PARTNERSHIPS) + (1 if i < meetings % len(PARTNERSHIPS) else 0) for i in range(4)]
    made: defaultdict[str, int] = defaultdict(int)
    for i, spec in enumerate(PARTNERSHIPS):
        _partnership(rows, rng, spec, by_sector, staff, templates, per[i], i, now, made)
    with db.engine.begin() as conn:
        rows.insert(conn)
    counts = {m.__tablename__: len(rows.tables.get(m, [])) for m in ORDER}
    return (
        f"Partnerships: {counts['sector_partnership']} partnerships with "
        f"{counts['partnership_member']} members, "
        f"{counts['workgroup']} workgroups, {made['past']} past and {made['planned']} planned meetings, "
        f"{counts['decision']} decisions and {counts['action_item']} meeting action items."
    )


def _roster(rng: random.Random, sector: str, by_sector: dict[str, list[Org]]) -> list[tuple[Org, str]]:
    mine = by_sector.get(sector, [])
    employers = [o for o in mine if o.kind == "employer"]
    partners = [o for o in mine if o.kind != "employer"]
    if len(partners) < 3:  # small demo scales: borrow partners that serve every sector
        partners += [
            o for orgs in by_sector.values() for o in orgs if o.kind != "employer" and o not in partners
        ]
    chosen_emp = rng.sample(employers, min(len(employers), rng.randint(7, 10)))
    chosen_par = rng.sample(partners, min(len(partners), rng.randint(3, 5)))
    roster = [
        (o, "chair" if j == 0 else "co_chair" if j == 1 else "employer_member")
        for j, o in enumerate(chosen_emp)
    ]
    return roster + [(o, ROLE_BY_KIND.get(o.kind, "community_partner")) for o in chosen_par]


def _partnership(
    rows: _Rows, rng: random.Random, spec: dict, by_sector: dict[str, list[Org]], staff: list[str],
    templates: dict[str, AgendaTemplate], n_meetings: int, index: int, now: dt.datetime, made: dict,
) -> None:  # fmt: skip
    launched = clock.local_day(now - dt.timedelta(days=spec["age_days"]))
    created = dt.datetime.combine(launched, dt.time(9)) - dt.timedelta(days=40)
    pid = rows.add(
        SectorPartnership, created, name=spec["name"], sector=spec["sector"], region=vocab.AREA,
        convener=spec["convener"], status=spec["status"], launched_on=launched,
        description=spec["description"],
    )  # fmt: skip
    workgroups = [
        rows.add(Workgroup, created, partnership_id=pid, name=name, description=desc, active=True)
        for name, desc in spec["workgroups"]
    ]
    priorities = [
        rows.add(Priority, created, partnership_id=pid, title=t, importance=i, feasibility=f, notes=None)
        for t, i, f in spec["priorities"]
    ]
    for priority_id, (team, goal, months) in zip(priorities, spec["teams"], strict=False):
        target = launched + dt.timedelta(days=30 * months)
        rows.add(ActionTeam, created, partnership_id=pid, priority_id=priority_id, name=team, goal=goal,
                 target_date=target)  # fmt: skip
    reps: list[Rep] = []
    org_names: dict[str, str] = {}
    for org, role in _roster(rng, spec["sector"], by_sector):
        org_names[org.id] = org.name
        mid = rows.add(PartnershipMember, created, partnership_id=pid, organization_id=org.id, role=role,
                       joined_on=launched)  # fmt: skip
        for cid, cname in org.contacts[: rng.choice((1, 1, 2))]:
            rows.add(MemberRepresentative, created, member_id=mid, contact_id=cid)
            reps.append(Rep(cid, cname, org.id, org.kind == "employer"))
    ctx = _MeetingContext(rows, rng, pid, spec, workgroups, reps, org_names, staff, templates, now)
    step = spec["age_days"] / max(1, n_meetings)
    for k in range(n_meetings):
        day = launched + dt.timedelta(days=round(k * step))
        if day >= clock.local_day(now):
            day = clock.local_day(now) - dt.timedelta(days=n_meetings - k)
        day -= dt.timedelta(days=max(0, day.weekday() - 4))  # offices meet on weekdays: back to Friday
        ctx.past_meeting(day, launch=k == 0, allow_cancel=k < n_meetings - 1)
        made["past"] += 1
    for days, hour in spec["upcoming"]:
        day = clock.local_day(now + dt.timedelta(days=days))
        if days and day.weekday() >= 5:  # a later meeting moves on to Monday (today's stays today)
            day += dt.timedelta(days=7 - day.weekday())
        if local_to_utc(day, hour) <= now:  # today's meeting has already happened: it has minutes
            ctx.past_meeting(day, launch=False, hour=hour, allow_cancel=False)
            made["past"] += 1
        else:
            ctx.planned_meeting(day, hour)
            made["planned"] += 1


@dataclass
class _MeetingContext:
    rows: _Rows
    rng: random.Random
    pid: str
    spec: dict
    workgroups: list[str]
    reps: list[Rep]
    org_names: dict[str, str]
    staff: list[str]
    templates: dict[str, AgendaTemplate]
    now: dt.datetime

    def _meeting(self, day: dt.date, hour: int, launch: bool, status: str) -> tuple[str, dt.datetime, str]:
        rng = self.rng
        starts = local_to_utc(day, hour, 0 if status == "planned" else rng.choice((0, 0, 30)))
        mtype = "launch" if launch else rng.choices(("workgroup", "convening", "roundtable"), (75, 12, 13))[0]
        wg_index = rng.randrange(len(self.workgroups))
        workgroup = None if mtype in ("launch", "convening") else self.workgroups[wg_index]
        title = self.spec["titles"][mtype].format(workgroup=self.spec["workgroups"][wg_index][0],
                                                  month=timefmt.month_name(day))  # fmt: skip
        host = rng.choice([r for r in self.reps if r.business] or self.reps)
        virtual = rng.random() < 0.25
        mid = self.rows.add(
            Meeting, starts - dt.timedelta(days=14), partnership_id=self.pid, workgroup_id=workgroup,
            meeting_type=mtype, title=title, starts_at=starts, ends_at=starts + dt.timedelta(minutes=90),
            location=None if virtual else f"Conference room, {self._org_name(host.org_id)}",
            video_link=f"https://meet.example.org/{self.spec['sector']}-{day:%Y%m%d}" if virtual else None,
            facilitator_id=rng.choice(self.staff), status=status, notes=None,
        )  # fmt: skip
        return mid, starts, mtype

    def _org_name(self, org_id: str) -> str:
        return self.org_names.get(org_id, "the host employer")

    def _agenda(self, mid: str, starts: dt.datetime, mtype: str, with_minutes: bool) -> list[tuple[str, str]]:
        template = self.templates.get(mtype) or self.templates["workgroup"]
        items = []
        for pos, t in enumerate(template.items):
            minutes = minutes_text(self.rng, t.title, self.spec) if with_minutes else None
            item_id = self.rows.add(AgendaItem, starts - dt.timedelta(days=7), meeting_id=mid, position=pos,
                                    title=t.title, presenter=t.presenter, minutes_allotted=t.minutes,
                                    minutes=minutes)  # fmt: skip
            items.append((item_id, t.title))
        return items

    def planned_meeting(self, day: dt.date, hour: int) -> None:
        mid, starts, mtype = self._meeting(day, hour, False, "planned")
        self._agenda(mid, starts, mtype, with_minutes=False)

    def past_meeting(
        self, day: dt.date, launch: bool, hour: int | None = None, allow_cancel: bool = True
    ) -> None:
        rng = self.rng
        cancelled = allow_cancel and not launch and rng.random() < 0.05
        hour = hour if hour is not None else rng.choice((8, 9, 10, 14, 15))
        mid, starts, mtype = self._meeting(day, hour, launch, "cancelled" if cancelled else "held")
        items = self._agenda(mid, starts, mtype, with_minutes=not cancelled)
        if cancelled:
            return
        present = self._attendance(mid, starts, mtype)
        for text in decision_texts(rng, self.spec, rng.randint(1, 3)):
            self.rows.add(Decision, starts + dt.timedelta(minutes=rng.randint(10, 80)), meeting_id=mid,
                          agenda_item_id=rng.choice(items)[0], text=text)  # fmt: skip
        for text in action_texts(rng, self.spec, rng.randint(2, 4)):
            self._action_item(mid, starts, rng.choice(items)[0], present, text)

    def _attendance(self, mid: str, starts: dt.datetime, mtype: str) -> list[Rep]:
        rng = self.rng
        present = []
        for rep in self.reps:
            came = rng.random() < (0.8 if rep.business else 0.6)
            self.rows.add(MeetingAttendance, starts, meeting_id=mid, contact_id=rep.contact_id,
                          organization_id=rep.org_id, guest_name=None, guest_organization=None,
                          is_business=rep.business, status="present" if came else "absent")  # fmt: skip
            if came:
                present.append(rep)
        # Quarterly convenings draw the public side in numbers: some are not employer-led.
        convening = mtype == "convening"
        for _ in range(rng.randint(4, 10) if convening else rng.choice((0, 0, 1, 2))):
            business = rng.random() < (0.15 if convening else 0.6)
            name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
            org = rng.choice(self.spec["guest_orgs"][business])
            self.rows.add(MeetingAttendance, starts, meeting_id=mid, contact_id=None, organization_id=None,
                          guest_name=name, guest_organization=org, is_business=business,
                          status="guest")  # fmt: skip
        return present

    def _action_item(
        self, mid: str, starts: dt.datetime, item_id: str, present: list[Rep], text: str
    ) -> None:
        rng = self.rng
        due = clock.local_day(starts + dt.timedelta(days=rng.choice((7, 14, 14, 21, 30, 45))))
        owner_contact = rng.choice(present) if present and rng.random() < 0.4 else None
        today = clock.local_day(self.now)
        status, note, completed = "open", None, None
        if due < today - dt.timedelta(days=10):
            status = rng.choices(("done", "cancelled", "open"), (78, 10, 12))[0]
        elif due < today:
            status = rng.choices(("done", "open"), (45, 55))[0]
        if status == "done":
            completed = dt.datetime.combine(due, dt.time(16)) - dt.timedelta(days=rng.randint(0, 5))
            note = rng.choice((None, "Shared at the next workgroup meeting.", "Sent to the roster by email."))
        elif status == "cancelled":
            note = rng.choice(
                ("Overtaken by the state's new funding round.", "The employer withdrew the offer.")
            )
        self.rows.add(
            ActionItem, starts + dt.timedelta(minutes=rng.randint(10, 85)), text=text,
            owner_staff_id=None if owner_contact else rng.choice(self.staff),
            owner_contact_id=owner_contact.contact_id if owner_contact else None,
            due_date=due, status=status, status_note=note, completed_at=completed,
            organization_id=owner_contact.org_id if owner_contact else None, visit_id=None,
            meeting_id=mid, agenda_item_id=item_id, partnership_id=self.pid,
        )  # fmt: skip
