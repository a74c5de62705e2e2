"""The data of a meeting's invitation letters: each invitee's letter merged with the meeting, the
office and the signer, for the PDF (reports/invitations) and for the e-mail drafts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.models import Contact, Organization, SectorPartnership, StaffUser
from sector_desktop.models.choices import SECTORS, label
from sector_desktop.reports.invitations import InvitationLetters, LetterPage
from sector_desktop.store.invitations import InvitationRow, invitations_of
from sector_desktop.store.meetings import MeetingDetail, get_meeting_detail

from ..invitation_letters import MergedLetter, load_letter, merge

NO_SIGNER = "The sector partnership team"


@dataclass(frozen=True)
class Addressee:
    """One merged letter and whom it goes to (the PDF page and the e-mail draft share it)."""

    invitation_id: str
    name: str
    organization: str
    email: str
    letter: MergedLetter
    address: tuple[str, ...]


def _address(session: Session, row: InvitationRow) -> tuple[str, ...]:
    org = session.get(Organization, row.organization_id) if row.organization_id else None
    if org is None and row.contact_id:
        contact = session.get(Contact, row.contact_id)
        org = session.get(Organization, contact.organization_id) if contact else None
    lines = [row.name, row.title, row.organization]
    if org is not None:
        place = " ".join(x for x in (org.state, org.zip) if x)
        lines += [
            org.address_line1 or "",
            org.address_line2 or "",
            ", ".join(x for x in (org.city, place) if x),
        ]
    return tuple(line for line in lines if line)


def _signer(session: Session, m: MeetingDetail, signer_id: str | None) -> str:
    for staff_id in (m.facilitator_id, signer_id):
        staff = session.get(StaffUser, staff_id) if staff_id else None
        if staff is not None and staff.deleted_at is None:
            return staff.name
    return NO_SIGNER


def _place(m: MeetingDetail) -> str:
    return (
        "; ".join(x for x in (m.location, m.video_link and f"online: {m.video_link}") if x)
        or "to be confirmed"
    )


def merged_addressees(
    session: Session,
    meeting_id: str,
    letter: str | None,
    invitation_ids: list[str] | None,
    office_name: str,
    config_dir: Path | None,
    signer_id: str | None = None,
) -> list[Addressee]:
    """Each invitee's letter: only `invitation_ids` when given, else every invitee with `letter`;
    with `letter` None, every invitee (or each of `invitation_ids`) gets the letter they were sent."""
    templates = {
        code: load_letter(code, config_dir) for code in ([letter] if letter else ["employer", "partner"])
    }
    m = get_meeting_detail(session, meeting_id)
    partnership = session.get(SectorPartnership, m.partnership_id)
    sector = label(SECTORS, partnership.sector if partnership else None).lower()
    shared = {
        "meeting_title": m.title,
        "meeting_date": timefmt.letter_date(m.starts_at),
        "meeting_time": timefmt.time_range(m.starts_at, m.ends_at),
        "place": _place(m),
        "partnership": m.partnership_name,
        "sector": sector or "local",
        "office_name": office_name,
        "signature": _signer(session, m, signer_id),
    }
    rows = invitations_of(session, meeting_id)
    chosen = set(invitation_ids) if invitation_ids is not None else None
    found = []
    for row in rows:
        if chosen is not None and row.id not in chosen:
            continue
        if chosen is None and letter is not None and row.letter != letter:
            continue
        template = templates[letter or row.letter]
        name = row.name or f"colleagues at {row.organization}"
        fields = {**shared, "name": name, "organization": row.organization}
        found.append(
            Addressee(
                row.id, row.name, row.organization, row.email, merge(template, fields), _address(session, row)
            )
        )
    return found


def letters_document(
    meeting_title: str, partnership: str, office_name: str, recipients: list[Addressee]
) -> InvitationLetters:
    today = timefmt.letter_date(clock.today(), weekday=False)
    pages = tuple(
        LetterPage(
            today,
            r.address,
            r.letter.salutation,
            r.letter.paragraphs,
            r.letter.closing,
            tuple(line for line in r.letter.signature.splitlines() if line.strip()),
        )
        for r in recipients
    )
    return InvitationLetters(
        office_name=office_name,
        footer=f"{partnership} · {meeting_title}",
        title=f"Invitations: {meeting_title}",
        letters=pages,
    )
