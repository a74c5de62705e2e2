"""Invitation letters as one PDF (a letter per recipient, on the office's letterhead) and as
e-mail drafts: one `.eml` per recipient, made with Python's `email` package and marked
`X-Unsent: 1`, so Outlook opens it as an unsent message (Thunderbird: File → Open → Saved
Message, then Edit as New). All offline: nothing is sent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from sector_desktop import clock
from sector_desktop.errors import SectorError
from sector_desktop.reports.invitations import render_letters
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.invitations import invitations_of
from sector_desktop.store.meetings import get_meeting_detail
from sector_desktop.store.settings import load_settings, office_name

from .documents import write_pdf
from .invitation_letters import load_letter
from .invitations import invite, roster_recipients
from .report_data.invitations import Addressee, letters_document, merged_addressees

NEUTRAL_OFFICE = "Workforce Development Office"
# Plain ASCII addresses: a draft's To header cannot hold a non-ASCII local part.
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Written:
    """What a run wrote: the PDF, the drafts, and who got no draft (no e-mail address on file)."""

    letters: int
    pdf: Path | None
    drafts: list[Path]
    without_email: list[str]
    newly_invited: int = 0


def letterhead_name(paths: ProfilePaths) -> str:
    """The office's name for the letterhead (the `office-name` setting), or a neutral one."""
    return office_name(paths) or NEUTRAL_OFFICE


def _merged(
    db: Database, paths: ProfilePaths, meeting_id: str, letter: str | None, invitation_ids: list[str] | None
) -> tuple[str, str, list[Addressee]]:
    signer = load_settings(paths).get("current_staff_id")
    with db.read_session() as s:
        m = get_meeting_detail(s, meeting_id)
        found = merged_addressees(
            s, meeting_id, letter, invitation_ids, letterhead_name(paths), paths.config_dir, signer
        )
    return m.title, m.partnership_name, found


def letters_pdf(
    db: Database,
    paths: ProfilePaths,
    meeting_id: str,
    letter: str | None,
    invitation_ids: list[str] | None = None,
) -> bytes:
    """The letters of the chosen invitations (default: every invitee with this letter; with no
    letter, every invitee with the letter they were sent) as one PDF."""
    title, partnership, found = _merged(db, paths, meeting_id, letter, invitation_ids)
    return render_letters(letters_document(title, partnership, letterhead_name(paths), found))


def eml_draft(r: Addressee) -> bytes:
    """One unsent e-mail: To, Subject and the letter as plain text; no From (the mail program adds it)."""
    msg = EmailMessage()
    msg["To"] = Address(display_name=r.name or r.organization, addr_spec=r.email)
    msg["Subject"] = r.letter.subject
    msg["X-Unsent"] = "1"
    msg.set_content(r.letter.body_text())
    return msg.as_bytes(policy=SMTP)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "recipient"


def write_drafts(recipients: list[Addressee], folder: Path) -> tuple[list[Path], list[str]]:
    """An .eml per recipient with an e-mail address; returns the files and who had no address."""
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    written, missing = [], []
    for i, r in enumerate(recipients, start=1):
        who = f"{r.name} ({r.organization})" if r.name else r.organization
        if not EMAIL_RE.match(r.email or ""):
            missing.append(who if not r.email else f"{who}: '{r.email}' is not an address a draft can hold")
            continue
        try:
            draft = eml_draft(r)
        except ValueError:  # the email package's header defects are ValueErrors
            missing.append(f"{who}: '{r.email}' is not an address a draft can hold")
            continue
        stem = _slug(f"{r.organization} {r.name}")
        written.append(write_pdf(draft, folder / f"{i:02d}-{stem}.eml"))  # atomic, like the PDFs
    return written, missing


def write_invitations(
    db: Database,
    paths: ProfilePaths,
    meeting_id: str,
    letter: str,
    invitation_ids: list[str] | None,
    out: Path | None,
    eml_dir: Path | None,
) -> Written:
    """Write the letters' PDF (when `out`) and the drafts (when `eml_dir`) for these invitations."""
    title, partnership, found = _merged(db, paths, meeting_id, letter, invitation_ids)
    pdf = None
    if out is not None:
        letters = letters_document(title, partnership, letterhead_name(paths), found)
        pdf = write_pdf(render_letters(letters), out)
    drafts, missing = write_drafts(found, eml_dir) if eml_dir is not None else ([], [])
    return Written(len(found), pdf, drafts, missing)


def invite_roster_and_write(
    db: Database, paths: ProfilePaths, meeting_id: str, letter: str, out: Path, eml_dir: Path | None
) -> Written:
    """`report invitations`: invite the partnership's roster for this letter (employers or the
    partners; someone already invited keeps their answer), dated today, then write their letters."""
    if out.suffix.lower() != ".pdf":
        raise SectorError(f"--out {out.name}: the letters are a .pdf file.")
    load_letter(letter, paths.config_dir)  # a broken letter is named before anyone is invited
    with db.session() as s:
        before = {r.id for r in invitations_of(s, meeting_id)}
        recipients = roster_recipients(s, meeting_id, letter)
        if not recipients:
            raise SectorError(
                f"The partnership has nobody on its roster for the {letter} letter: add members first."
            )
        ids = invite(s, meeting_id, recipients, letter, clock.today())
    written = write_invitations(db, paths, meeting_id, letter, ids, out, eml_dir)
    return Written(
        written.letters, written.pdf, written.drafts, written.without_email, len(set(ids) - before)
    )
