"""The records behind a number of the Performance page: one plain line per counted record, with what to
open in the app. The ids come from the measures (results.Measure.ids); this only names them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.models import (
    ActionItem,
    Apprentice,
    ApprenticeshipProgram,
    Organization,
    Placement,
    StaffUser,
    TrainingCohort,
    Visit,
)
from sector_desktop.models.choices import SECTORS, VISIT_TYPES, label
from sector_desktop.store import Database

CHUNK = 500
WHAT = {
    "organization": "establishments",
    "visit": "visits",
    "placement": "placements",
    "cohort": "training cohorts",
    "program": "apprenticeship programs",
    "apprentice": "apprentices",
    "action_item": "action items",
}


@dataclass(frozen=True)
class RecordLine:
    """One counted record: what it is, a line about it, and the record the app opens for it."""

    kind: str
    id: str
    title: str
    detail: str
    opens: tuple[str, str] | None = None  # (kind, id) for DataEvents.open_record


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _names(s: Session, model: Any, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    found: dict[str, str] = {}
    for chunk in _chunks(wanted):
        found.update(s.execute(select(model.id, model.name).where(model.id.in_(chunk))).all())
    return found


def _organizations(s: Session, ids: list[str]) -> list[RecordLine]:
    lines = []
    for chunk in _chunks(ids):
        query = select(Organization.id, Organization.name, Organization.sector, Organization.city)
        for i, name, sector, city in s.execute(query.where(Organization.id.in_(chunk))):
            detail = ", ".join(x for x in (label(SECTORS, sector), city or "") if x)
            lines.append(RecordLine("organization", i, name, detail, ("organization", i)))
    return sorted(lines, key=lambda r: r.title.lower())


def _visits(s: Session, ids: list[str]) -> list[RecordLine]:
    rows: list[Any] = []  # rows of the query below
    for chunk in _chunks(ids):
        query = select(Visit.id, Visit.organization_id, Visit.starts_at, Visit.visit_type, Visit.staff_id)
        rows += s.execute(query.where(Visit.id.in_(chunk))).all()
    orgs = _names(s, Organization, (r[1] for r in rows))
    staff = _names(s, StaffUser, (r[4] for r in rows))
    rows.sort(key=lambda r: r[2])
    return [
        RecordLine(
            "visit",
            i,
            f"{timefmt.date(clock.local_day(starts))} · {orgs.get(org, '?')}",
            ", ".join(x for x in (label(VISIT_TYPES, kind), staff.get(who or "", "")) if x),
            ("visit", i),
        )
        for i, org, starts, kind, who in rows
    ]


def _placements(s: Session, ids: list[str]) -> list[RecordLine]:
    p = Placement
    rows: list[Any] = []  # rows of the query below
    for chunk in _chunks(ids):
        query = select(
            p.id, p.organization_id, p.start_date, p.occupation_title, p.occupation_soc, p.hourly_wage
        )
        rows += s.execute(query.where(p.id.in_(chunk))).all()
    orgs = _names(s, Organization, (r[1] for r in rows))
    rows.sort(key=lambda r: r[2])
    lines = []
    for i, org, start, title, soc, wage in rows:
        occupation = (
            " ".join(x for x in (title or "", f"({soc})" if soc else "") if x) or "occupation not given"
        )
        pay = f"${wage:,.2f} an hour" if wage is not None else "no wage recorded"
        heading = f"{timefmt.date(start)} · {orgs.get(org, '?')}"
        lines.append(RecordLine("placement", i, heading, f"{occupation}, {pay}", ("organization", org)))
    return lines


def _cohorts(s: Session, ids: list[str]) -> list[RecordLine]:
    c = TrainingCohort
    lines = []
    for chunk in _chunks(ids):
        query = select(
            c.id, c.name, c.ends_on, c.enrolled, c.completed, c.credentials_earned, c.credential_name
        )
        for i, name, ends, enrolled, completed, creds, credential in s.execute(query.where(c.id.in_(chunk))):
            counts = f"{enrolled or 0} enrolled, {completed or 0} completed, {creds or 0} credentials"
            detail = f"ended {timefmt.date(ends)}; {counts}" + (f" ({credential})" if credential else "")
            lines.append(RecordLine("cohort", i, name, detail))
    return sorted(lines, key=lambda r: r.title.lower())


def _programs(s: Session, ids: list[str]) -> list[RecordLine]:
    a = ApprenticeshipProgram
    rows: list[Any] = []  # rows of the query below
    for chunk in _chunks(ids):
        rows += s.execute(
            select(a.id, a.sponsor_id, a.occupation_title, a.registered_on).where(a.id.in_(chunk))
        ).all()
    sponsors = _names(s, Organization, (r[1] for r in rows))
    return [
        RecordLine(
            "program",
            i,
            f"{sponsors.get(sponsor, '?')}: {title}",
            f"registered {timefmt.date(on)}",
            ("program", i),
        )
        for i, sponsor, title, on in sorted(rows, key=lambda r: (r[3] is None, r[3]))
    ]


def _apprentices(s: Session, ids: list[str]) -> list[RecordLine]:
    """An apprentice is listed by program and start date, not by name (the list may be shown to the board)."""
    a, p = Apprentice, ApprenticeshipProgram
    rows: list[Any] = []  # rows of the query below
    for chunk in _chunks(ids):
        query = select(a.id, a.program_id, a.start_date, p.occupation_title, p.sponsor_id).join(
            p, p.id == a.program_id
        )
        rows += s.execute(query.where(a.id.in_(chunk))).all()
    sponsors = _names(s, Organization, (r[4] for r in rows))
    return [
        RecordLine(
            "apprentice",
            i,
            f"{timefmt.date(start)} · {sponsors.get(sponsor, '?')}",
            f"apprentice, {title}",
            ("program", program),
        )
        for i, program, start, title, sponsor in sorted(rows, key=lambda r: (r[2] is None, r[2]))
    ]


def _action_items(s: Session, ids: list[str]) -> list[RecordLine]:
    a = ActionItem
    rows: list[Any] = []  # rows of the query below
    for chunk in _chunks(ids):
        rows += s.execute(select(a.id, a.text, a.completed_at, a.owner_staff_id).where(a.id.in_(chunk))).all()
    staff = _names(s, StaffUser, (r[3] for r in rows))
    rows.sort(key=lambda r: r[2])
    return [
        RecordLine(
            "action_item",
            i,
            text.splitlines()[0][:140] if text else "(no text)",
            ", ".join(
                x
                for x in (
                    f"closed {timefmt.date(clock.local_day(done))}" if done else "",
                    staff.get(owner or "", ""),
                )
                if x
            ),
            ("action_item", i),
        )
        for i, text, done, owner in rows
    ]


_READERS: dict[str, Callable[[Session, list[str]], list[RecordLine]]] = {
    "organization": _organizations,
    "visit": _visits,
    "placement": _placements,
    "cohort": _cohorts,
    "program": _programs,
    "apprentice": _apprentices,
    "action_item": _action_items,
}


def records_behind(db: Database, kind: str, ids: Sequence[str]) -> list[RecordLine]:
    """A line for each record of `kind` with one of `ids` (each id once), in a useful order."""
    reader = _READERS.get(kind)
    if reader is None:
        raise ValueError(f"no list of {kind!r} records")
    with db.read_session() as s:
        return reader(s, list(dict.fromkeys(ids)))
