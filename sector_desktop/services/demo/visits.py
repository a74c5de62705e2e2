"""Demo visits over the past two years and the next two weeks, with what each visit produced.

Visits are made and inserted a chunk at a time, so half a million of them never sit in memory.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

from sqlalchemy import Connection

from sector_desktop import clock
from sector_desktop.models import ActionItem, HiringNeed, SkillGap, Visit, VisitAttendee
from sector_desktop.models.choices import SECTORS

from . import text, vocab
from .rows import CHUNK, bulk_insert, local_to_utc, uuid7

TYPES = (("site_visit", 45, 60, 120), ("phone", 25, 15, 45), ("virtual", 20, 30, 60), ("event", 10, 90, 180))
SERVICE_WEIGHTS = {"information_support": 30, "recruitment": 30, "strategic_planning": 10,
                   "untapped_labor_pools": 8, "training": 12, "incumbent_worker_training": 6,
                   "rapid_response": 2, "layoff_planning": 2}  # fmt: skip
HOURS = (8, 9, 10, 11, 13, 14, 15, 16)


@dataclass(frozen=True)
class VisitPlan:
    total: int
    planned: int
    staff_ids: list[str]
    me: str  # the profile's signed-in staff member, who gets visits today and tomorrow
    now: dt.datetime


@dataclass
class Made:
    visits: int = 0
    planned: int = 0
    attendees: int = 0
    hiring_needs: int = 0
    skill_gaps: int = 0
    action_items: int = 0


class _Batch:
    """The rows of one chunk of visits, per table."""

    def __init__(self) -> None:
        self.tables: dict[object, list[dict[str, object]]] = defaultdict(list)

    def add(self, table: object, row: dict[str, object]) -> None:
        self.tables[table].append(row)

    def flush(self, conn: Connection) -> None:
        # Parents first: visits, then the rows that point at them.
        for model in (Visit, VisitAttendee, HiringNeed, SkillGap, ActionItem):
            rows = self.tables.pop(model, [])
            if rows:
                bulk_insert(conn, model, rows)


def insert_visits(conn: Connection, rng: random.Random, orgs: list, plan: VisitPlan) -> Made:
    """Insert `plan.total` visits (of which `plan.planned` are upcoming) and their children."""
    made = Made()
    weights = [5 if o.kind == "employer" else 1 for o in orgs]
    cum = list(accumulate(weights))
    partners: dict[str, list[str]] = defaultdict(list)
    for o in orgs:
        if o.kind in ("training_provider", "community_college", "community_organization"):
            partners[o.sector].append(o.name)
    today = clock.local_day(plan.now)
    # Past visits oldest first, so their time-ordered ids arrive in key order and the primary-key
    # index grows at its end instead of splitting pages all over (this matters at 500,000 visits).
    days_ago = sorted((rng.randint(1, 730) for _ in range(plan.total - plan.planned)), reverse=True)
    batch = _Batch()
    for n, ago in enumerate(days_ago):
        org = rng.choices(orgs, cum_weights=cum)[0]
        day = _weekday(today - dt.timedelta(days=ago))
        staff = org.staff_id if rng.random() < 0.8 else rng.choice(plan.staff_ids)
        starts = local_to_utc(day, rng.choice(HOURS), rng.choice((0, 0, 15, 30)))
        _visit(batch, rng, org, staff, starts, False, partners, plan.now, made)
        if (n + 1) % CHUNK == 0:
            batch.flush(conn)
    my_slots: set[tuple[dt.date, int]] = set()
    for n in range(plan.planned):
        org = rng.choices(orgs, cum_weights=cum)[0]
        if n < 6:  # the signed-in user's route for today and tomorrow
            day, hour, staff = today + dt.timedelta(days=n % 2), HOURS[(n * 3) % len(HOURS)], plan.me
        else:
            day = _next_weekday(today + dt.timedelta(days=rng.randint(1, 13)))
            hour = rng.choice(HOURS)
            staff = plan.me if rng.random() < 0.4 else rng.choice(plan.staff_ids)
        if staff == plan.me:
            while (day, hour) in my_slots:  # one person cannot be at two stops at once
                hour = HOURS[(HOURS.index(hour) + 1) % len(HOURS)]
                day = day + dt.timedelta(days=1) if hour == HOURS[0] else day
            my_slots.add((day, hour))
        _visit(batch, rng, org, staff, local_to_utc(day, hour), True, partners, plan.now, made)
    batch.flush(conn)
    return made


def _next_weekday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _weekday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def _visit(
    batch: _Batch,
    rng: random.Random,
    org,
    staff: str,
    starts: dt.datetime,
    upcoming: bool,
    partners: dict[str, list[str]],
    now: dt.datetime,
    made: Made,
) -> None:
    vtype, _w, lo, hi = rng.choices(TYPES, [t[1] for t in TYPES])[0]
    status = "planned" if upcoming else ("completed" if rng.random() < 0.94 else "cancelled")
    occupation, wage_lo, wage_hi = rng.choice(vocab.SECTOR_VOCAB[org.sector]["occupations"])
    skill, skill2 = rng.sample(vocab.SECTOR_VOCAB[org.sector]["skills"], 2)
    contacts = org.contacts
    attendees = rng.sample(contacts, min(len(contacts), 1 if vtype == "phone" else rng.randint(1, 3)))
    contact = attendees[0][1] if attendees else "the hiring manager"
    sector_label = dict(SECTORS)[org.sector].lower()
    purpose = rng.choice(text.PURPOSES)
    slots = {
        "contact": contact,
        "contact_first": contact.split(" ")[0],
        "place": rng.choice(vocab.PLACES),
        "attendees_phrase": _attendees_phrase(attendees),
        "pct": str(rng.randint(5, 40)),
        "occupation": occupation,
        "occupation_plural": text.plural(occupation),
        "openings": str(rng.randint(2, 25)),
        "wage_lo": str(wage_lo),
        "wage_hi": str(wage_hi),
        "month": rng.choice(text.MONTHS),
        "skill": skill,
        "skill2": skill2,
        "partner": rng.choice(partners.get(org.sector) or ["the community college"]),
        "sector_label": sector_label,
    }
    purpose = purpose.format(**slots)
    slots["purpose_lower"] = purpose[0].lower() + purpose[1:]
    notes = rng.choice(text.PLANNED_NOTES).format(**slots) if upcoming else text.visit_notes(rng, slots)
    created = now - dt.timedelta(days=rng.uniform(1, 10)) if upcoming else starts + dt.timedelta(hours=2)
    visit_id = uuid7(rng, created)
    batch.add(
        Visit,
        {
            "id": visit_id,
            "created_at": created,
            "updated_at": created,
            "deleted_at": None,
            "organization_id": org.id,
            "starts_at": starts,
            "duration_minutes": rng.randint(lo // 15, hi // 15) * 15,
            "visit_type": vtype,
            "status": status,
            "staff_id": staff,
            "purpose": purpose,
            "notes": notes,
            "services": _services(rng) if status == "completed" else [],
        },
    )
    made.visits += 1
    made.planned += upcoming
    if status == "cancelled":
        return
    for contact_id, _name in attendees:
        batch.add(VisitAttendee, _child(rng, created, visit_id=visit_id, contact_id=contact_id))
        made.attendees += 1
    if upcoming:
        if rng.random() < 0.25:
            _action(
                batch,
                rng,
                created,
                visit_id,
                org.id,
                staff,
                f"Prepare for visit: {slots['purpose_lower']}",
                clock.local_day(starts),
                now,
                made,
            )
        return
    _findings(batch, rng, org, created, visit_id, slots, made)
    for _ in range(rng.choices((0, 1, 2), (45, 40, 15))[0]):
        due = clock.local_day(starts) + dt.timedelta(days=rng.randint(5, 30))
        _action(
            batch,
            rng,
            created,
            visit_id,
            org.id,
            staff,
            rng.choice(text.ACTIONS).format(**slots),
            due,
            now,
            made,
        )


def _findings(
    batch: _Batch, rng: random.Random, org, created: dt.datetime, visit_id: str, slots: dict, made: Made
) -> None:
    if org.kind != "employer":
        return
    words = vocab.SECTOR_VOCAB[org.sector]
    if rng.random() < 0.45:
        for occupation, lo, hi in rng.sample(words["occupations"], rng.randint(1, 2)):
            low = round(lo + rng.uniform(-1, 1.5), 2)
            batch.add(
                HiringNeed,
                _child(
                    rng,
                    created,
                    visit_id=visit_id,
                    organization_id=org.id,
                    occupation=occupation,
                    openings=rng.randint(1, 25),
                    wage_min=low,
                    wage_max=round(max(hi, low + 1) + rng.uniform(0, 2), 2),
                    timeline=rng.choice(text.TIMELINES),
                ),
            )
            made.hiring_needs += 1
    if rng.random() < 0.35:
        for skill in rng.sample(words["skills"], rng.randint(1, 2)):
            note = rng.choice(
                (None, f"Mentioned by {slots['contact_first']}.", "Seen across several recent hires.")
            )
            batch.add(
                SkillGap,
                _child(rng, created, visit_id=visit_id, organization_id=org.id, skill=skill, notes=note),
            )
            made.skill_gaps += 1


def _action(
    batch: _Batch, rng: random.Random, created: dt.datetime, visit_id: str, org_id: str, staff: str,
    what: str, due: dt.date, now: dt.datetime, made: Made,
) -> None:  # fmt: skip
    status, completed_at, note = "open", None, None
    # Old follow-ups are almost all closed; a few recent ones slipped, as in any real team.
    if due < clock.local_day(now) - dt.timedelta(days=90):
        status = rng.choices(("done", "cancelled", "open"), (90, 9, 1))[0]
    elif due < clock.local_day(now) - dt.timedelta(days=14):
        status = rng.choices(("done", "cancelled", "open"), (80, 6, 14))[0]
    elif due < clock.local_day(now):
        status = rng.choices(("done", "open"), (50, 50))[0]
    if status == "done":
        completed_at = dt.datetime.combine(due, dt.time(15)) - dt.timedelta(days=rng.randint(0, 4))
        note = rng.choice((None, "Sent by email.", "Done at the workgroup meeting."))
    elif status == "cancelled":
        note = rng.choice(("No longer needed; the position was filled.", "Employer paused hiring."))
    batch.add(
        ActionItem,
        _child(
            rng,
            created,
            text=what,
            owner_staff_id=staff,
            owner_contact_id=None,
            due_date=due,
            status=status,
            status_note=note,
            completed_at=completed_at,
            organization_id=org_id,
            visit_id=visit_id,
            meeting_id=None,
            agenda_item_id=None,
            partnership_id=None,
        ),
    )
    made.action_items += 1


def _child(rng: random.Random, created: dt.datetime, **values: object) -> dict[str, object]:
    stamp = {"id": uuid7(rng, created), "created_at": created, "updated_at": created, "deleted_at": None}
    return {**stamp, **values}


def _services(rng: random.Random) -> list[str]:
    codes, weights = list(SERVICE_WEIGHTS), list(SERVICE_WEIGHTS.values())
    chosen: list[str] = []
    for _ in range(rng.choices((1, 2, 3), (50, 35, 15))[0]):
        code = rng.choices(codes, weights)[0]
        if code not in chosen:
            chosen.append(code)
    return chosen


def _attendees_phrase(attendees: list[tuple[str, str]]) -> str:
    others = [name for _id, name in attendees[1:]]
    if not others:
        return "nobody else from their side could make it"
    return f"{' and '.join(others)} joined us"
