"""Invitations to a meeting and their answers (RSVPs). Each function takes a write session; bad
input raises ValidationError and changes nothing.

An invitee is a contact (at their organization) or an organization as a whole. Inviting someone
already invited to the meeting does not make a second invitation: the letter and the sent date of
the one there are brought up to date. Attendance marked for an invited contact links back to the
invitation (services/meetings.set_attendance calls `link_attendance`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import (
    Contact,
    Invitation,
    Meeting,
    MeetingAttendance,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    utcnow,
)
from sector_desktop.models.choices import INVITATION_LETTERS, RSVP_STATUSES, codes

from .records import find_live, live_record, refuse_if

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class Recipient:
    """Someone to invite: a contact (their organization is filled in) or an organization alone."""

    contact_id: str | None = None
    organization_id: str | None = None


def letter_for(kind: str | None) -> str:
    """The letter an organization of this kind gets: employers the employer letter, others the partner one."""
    return "employer" if kind == "employer" else "partner"


def _check_letter(letter: str) -> list[str]:
    if letter not in codes(INVITATION_LETTERS):
        return [f"Letter: {letter!r} is not one of {', '.join(codes(INVITATION_LETTERS))}."]
    return []


def _resolve(session: Session, r: Recipient, problems: list[str]) -> tuple[str | None, str | None]:
    if r.contact_id:
        contact = find_live(session, Contact, r.contact_id)
        if contact is None:
            problems.append(f"Recipient: no contact with id {r.contact_id}.")
            return None, None
        return contact.id, contact.organization_id
    if r.organization_id:
        if find_live(session, Organization, r.organization_id) is None:
            problems.append(f"Recipient: no organization with id {r.organization_id}.")
            return None, None
        return None, r.organization_id
    problems.append("Recipient: choose a contact or an organization.")
    return None, None


def _existing(
    session: Session, meeting_id: str, contact_id: str | None, org_id: str | None
) -> Invitation | None:
    stmt = select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.deleted_at.is_(None))
    if contact_id:
        stmt = stmt.where(Invitation.contact_id == contact_id)
    else:
        stmt = stmt.where(Invitation.contact_id.is_(None), Invitation.organization_id == org_id)
    return session.scalars(stmt.limit(1)).first()


def invite(
    session: Session, meeting_id: str, recipients: list[Recipient], letter: str, sent_on: dt.date | None
) -> list[str]:
    """Invite each recipient to the meeting with this letter; returns the invitations' ids in order."""
    live_record(session, Meeting, meeting_id, "meeting")
    problems = _check_letter(letter)
    if not recipients:
        problems.append("Recipients: choose at least one contact or organization.")
    resolved = [_resolve(session, r, problems) for r in recipients]
    refuse_if("invitation", problems)
    ids: list[str] = []
    for contact_id, org_id in resolved:
        row = _existing(session, meeting_id, contact_id, org_id)
        if row is None:
            row = Invitation(
                meeting_id=meeting_id, contact_id=contact_id, organization_id=org_id, status="invited"
            )
            session.add(row)
        row.letter = letter
        if sent_on is not None:
            row.sent_on = sent_on
        session.flush()
        if row.id not in ids:
            ids.append(row.id)
    return ids


def set_rsvp(session: Session, invitation_id: str, status: str, note: str | None = None) -> None:
    """Record an invitee's answer (invited, accepted, declined or no answer) and, if given, a note."""
    row = live_record(session, Invitation, invitation_id, "invitation")
    problems: list[str] = []
    if status not in codes(RSVP_STATUSES):
        problems.append(f"Answer: {status!r} is not one of {', '.join(codes(RSVP_STATUSES))}.")
    if note is not None and len(note.strip()) > NOTE_LIMIT:
        problems.append(f"Note: at most {NOTE_LIMIT} characters.")
    refuse_if("answer", problems)
    if row.status != status:
        row.status = status
    if note is not None and (note.strip() or None) != row.note:
        row.note = note.strip() or None


def remove_invitation(session: Session, invitation_id: str) -> None:
    """Take an invitee off the list (a tombstone, so undo and sync can bring it back)."""
    live_record(session, Invitation, invitation_id, "invitation").deleted_at = utcnow()


def link_attendance(session: Session, row: MeetingAttendance) -> None:
    """Point an attendance row at the invitation of the same contact to the same meeting, if any."""
    if not row.contact_id:
        return
    invitation = session.scalar(
        select(Invitation.id).where(
            Invitation.meeting_id == row.meeting_id,
            Invitation.contact_id == row.contact_id,
            Invitation.deleted_at.is_(None),
        )
    )
    if invitation and row.invitation_id != invitation:
        row.invitation_id = invitation


def roster_recipients(session: Session, meeting_id: str, letter: str) -> list[Recipient]:
    """The partnership's roster for this letter: the representatives of employer members (employer
    letter) or of the other members (partner letter); a member without a representative is invited
    through its primary contact, or as an organization when it has no contact."""
    refuse_if("invitation", _check_letter(letter))
    meeting = live_record(session, Meeting, meeting_id, "meeting")
    members = session.execute(
        select(PartnershipMember.id, Organization.id, Organization.kind)
        .join(Organization, Organization.id == PartnershipMember.organization_id)
        .where(
            PartnershipMember.partnership_id == meeting.partnership_id,
            PartnershipMember.deleted_at.is_(None),
            Organization.deleted_at.is_(None),
        )
        .order_by(Organization.name)
    ).all()
    found: list[Recipient] = []
    for member_id, org_id, kind in members:
        if letter_for(kind) != letter:
            continue
        reps = session.scalars(
            select(Contact.id)
            .join(MemberRepresentative, MemberRepresentative.contact_id == Contact.id)
            .where(
                MemberRepresentative.member_id == member_id,
                MemberRepresentative.deleted_at.is_(None),
                Contact.deleted_at.is_(None),
            )
            .order_by(Contact.name)
        ).all()
        if not reps:
            primary = session.scalar(
                select(Contact.id)
                .where(Contact.organization_id == org_id, Contact.deleted_at.is_(None))
                .order_by(Contact.is_primary.desc(), Contact.name)
                .limit(1)
            )
            reps = [primary] if primary else []
        found += [Recipient(contact_id=c) for c in reps] or [Recipient(organization_id=org_id)]
    return list(dict.fromkeys(found))
