"""Demo invitations: each partnership's launch meeting and its next planned meetings have their
roster invited (the employer letter to employers, the partner letter to the others) three weeks
ahead, with answers: at a meeting held, those who came accepted and their attendance links back;
at a planned one, most have answered and some have not yet."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock
from sector_desktop.models import Invitation, Meeting, MeetingAttendance, SectorPartnership
from sector_desktop.store import Database, ProfilePaths

from ..invitations import invite, link_attendance, roster_recipients, set_rsvp

PLANNED_PER_PARTNERSHIP = 2
ANSWERS = (("accepted", 50), ("declined", 15), ("no_answer", 10), ("invited", 25))
NOTES = {
    "accepted": ("Bringing our HR director.", "Will join by video.", "Sending the plant manager instead."),
    "declined": ("Out of town that week.", "Board meeting at the same time; send the notes."),
    "no_answer": ("Left a voicemail; try again Friday.",),
}


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    meetings = _meetings(db)
    invited = accepted = 0
    for meeting_id, starts, held in meetings:
        with db.session() as s:
            sent = clock.local_day(starts) - dt.timedelta(days=21)
            ids = []
            for letter in ("employer", "partner"):
                recipients = roster_recipients(s, meeting_id, letter)
                ids += invite(s, meeting_id, recipients, letter, sent) if recipients else []
            came = _attended(s, meeting_id) if held else {}
            for invitation_id, contact_id in _with_contacts(s, ids):
                status = _answer(rng, held, contact_id in came)
                note = rng.choice(NOTES[status]) if status in NOTES and rng.random() < 0.2 else None
                set_rsvp(s, invitation_id, status, note)
                if contact_id in came:
                    link_attendance(s, came[contact_id])
                accepted += status == "accepted"
            invited += len(ids)
    return f"Invitations: {invited} invitees of {len(meetings)} meetings, {accepted} accepted."


def _meetings(db: Database) -> list[tuple[str, dt.datetime, bool]]:
    """Each partnership's launch meeting (held) and its next meetings from today on."""
    found: list[tuple[str, dt.datetime, bool]] = []
    with db.read_session() as s:
        for (pid,) in s.execute(select(SectorPartnership.id).order_by(SectorPartnership.name)):
            live = select(Meeting.id, Meeting.starts_at).where(
                Meeting.partnership_id == pid, Meeting.deleted_at.is_(None)
            )
            launch = s.execute(live.where(Meeting.meeting_type == "launch", Meeting.status == "held")).first()
            if launch is not None:
                found.append((launch[0], launch[1], True))
            # From today on: a meeting held earlier today has its invitations as a planned one does.
            upcoming = live.add_columns(Meeting.status).where(
                Meeting.status != "cancelled", Meeting.starts_at >= clock.day_start(clock.today())
            )
            soonest = upcoming.order_by(Meeting.starts_at).limit(PLANNED_PER_PARTNERSHIP)
            found += [(mid, starts, status == "held") for mid, starts, status in s.execute(soonest)]
    return found


def _attended(session: Session, meeting_id: str) -> dict[str, MeetingAttendance]:
    rows = session.scalars(
        select(MeetingAttendance).where(
            MeetingAttendance.meeting_id == meeting_id,
            MeetingAttendance.status == "present",
            MeetingAttendance.contact_id.is_not(None),
        )
    )
    return {a.contact_id: a for a in rows if a.contact_id is not None}  # the query keeps only those


def _with_contacts(session: Session, ids: list[str]) -> list[tuple[str, str | None]]:
    rows = session.execute(select(Invitation.id, Invitation.contact_id).where(Invitation.id.in_(ids)))
    by_id = dict(rows.all())
    return [(i, by_id.get(i)) for i in ids]


def _answer(rng: random.Random, held: bool, came: bool) -> str:
    if held:
        return "accepted" if came else rng.choice(("declined", "declined", "no_answer"))
    codes, weights = [c for c, _ in ANSWERS], [w for _, w in ANSWERS]
    return rng.choices(codes, weights)[0]
