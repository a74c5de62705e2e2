"""Read queries for invitations: a meeting's invitees with their answers, the answer counts
(employers against others, the employer-led share of those coming), and the people and
organizations one can invite. Everything returned is a plain dataclass."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sector_desktop.models import Contact, Invitation, MeetingAttendance, Organization

ATTENDED = ("present", "guest")
CANDIDATE_LIMIT = 300


@dataclass(frozen=True)
class InvitationRow:
    id: str
    contact_id: str | None
    organization_id: str | None
    name: str  # the contact's name, or "" for an organization invited as a whole
    title: str  # the contact's job title
    organization: str
    is_employer: bool
    email: str
    letter: str
    status: str
    sent_on: dt.date | None
    note: str | None
    attended: bool  # an attendance row of the meeting points at this invitation and says present

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organization})" if self.name else self.organization


@dataclass(frozen=True)
class RsvpCounts:
    """How the invitees answered, employers apart from the others."""

    invited: int = 0
    accepted: int = 0
    declined: int = 0
    no_answer: int = 0
    employers_invited: int = 0
    employers_accepted: int = 0
    others_accepted: int = 0

    @property
    def total(self) -> int:
        return self.invited + self.accepted + self.declined + self.no_answer

    @property
    def employer_share(self) -> float | None:
        """The employers' share of those who accepted (None when nobody has)."""
        return self.employers_accepted / self.accepted if self.accepted else None

    @property
    def employer_led(self) -> bool:
        return self.employers_accepted > self.others_accepted

    def summary(self) -> str:
        if not self.total:
            return "Nobody invited yet."
        parts = [f"{self.total} invited", f"{self.accepted} accepted", f"{self.declined} declined"]
        waiting = self.invited + self.no_answer
        parts.append(f"{waiting} not answered")
        text = ", ".join(parts) + "."
        if self.accepted:
            share = self.employer_share or 0.0
            verdict = "employer-led" if self.employer_led else "partners outnumber employers"
            employers = _plural(self.employers_accepted, "employer")
            text += f" Coming: {employers}, {_plural(self.others_accepted, 'partner')}"
            text += f" ({share:.0%} employers, {verdict})."
        return text


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class Candidate:
    """A contact or an organization that can be invited, for the invite dialog's list."""

    contact_id: str | None
    organization_id: str
    name: str
    title: str
    organization: str
    kind: str
    sector: str | None
    email: str

    @property
    def key(self) -> str:
        return self.contact_id or self.organization_id


def invitations_of(session: Session, meeting_id: str) -> list[InvitationRow]:
    """The meeting's invitees: employers first, then by organization and name."""
    came = set(
        session.scalars(
            select(MeetingAttendance.invitation_id).where(
                MeetingAttendance.meeting_id == meeting_id,
                MeetingAttendance.deleted_at.is_(None),
                MeetingAttendance.status.in_(ATTENDED),
                MeetingAttendance.invitation_id.is_not(None),
            )
        )
    )
    org_id = func.coalesce(Invitation.organization_id, Contact.organization_id)
    stmt = (
        select(Invitation, Contact.name, Contact.title, Contact.email, Organization.name, Organization.kind)
        .outerjoin(Contact, Contact.id == Invitation.contact_id)
        .outerjoin(Organization, Organization.id == org_id)
        .where(Invitation.meeting_id == meeting_id, Invitation.deleted_at.is_(None))
        .order_by(Organization.kind != "employer", Organization.name, Contact.name, Invitation.id)
    )
    rows = []
    for inv, cname, ctitle, email, oname, kind in session.execute(stmt):
        rows.append(
            InvitationRow(
                inv.id, inv.contact_id, inv.organization_id or None, cname or "", ctitle or "",
                oname or "", kind == "employer", email or "", inv.letter, inv.status, inv.sent_on,
                inv.note, inv.id in came,
            )
        )  # fmt: skip
    return rows


def rsvp_counts(rows: list[InvitationRow]) -> RsvpCounts:
    def n(status: str, employer: bool | None = None) -> int:
        return sum(1 for r in rows if r.status == status and (employer is None or r.is_employer == employer))

    return RsvpCounts(
        invited=n("invited"),
        accepted=n("accepted"),
        declined=n("declined"),
        no_answer=n("no_answer"),
        employers_invited=sum(1 for r in rows if r.is_employer),
        employers_accepted=n("accepted", True),
        others_accepted=n("accepted", False),
    )


def candidates(
    session: Session,
    text: str = "",
    kind: str | None = None,
    sector: str | None = None,
    keys: set[str] | None = None,
) -> list[Candidate]:
    """Contacts (and organizations without a contact) matching a name, kind ("employer" or
    "partner") and sector, employers first; at most CANDIDATE_LIMIT. With `keys`: exactly those
    contacts (by id) and organizations without a contact (by id)."""
    stmt = (
        select(Contact.id, Organization.id, Contact.name, Contact.title, Organization.name)
        .add_columns(Organization.kind, Organization.sector, Contact.email)
        .select_from(Organization)
        .outerjoin(Contact, (Contact.organization_id == Organization.id) & Contact.deleted_at.is_(None))
        .where(Organization.deleted_at.is_(None))
        .order_by(Organization.kind != "employer", Organization.name, Contact.name)
    )
    if keys is not None:
        ids = sorted(keys)
        stmt = stmt.where(or_(Contact.id.in_(ids), Contact.id.is_(None) & Organization.id.in_(ids)))
    if kind == "employer":
        stmt = stmt.where(Organization.kind == "employer")
    elif kind == "partner":
        stmt = stmt.where(Organization.kind != "employer")
    if sector:
        stmt = stmt.where(Organization.sector == sector)
    text = text.strip()
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(Organization.name.like(like, escape="\\"), Contact.name.like(like, escape="\\"))
        )
    found = session.execute(stmt.limit(CANDIDATE_LIMIT))
    return [
        Candidate(cid, oid, name or "", title or "", oname, okind, osector, email or "")
        for cid, oid, name, title, oname, okind, osector, email in found
    ]
