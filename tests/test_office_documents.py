"""Documents fit to hand out, parsed back from the real PDFs: the office's name heads every page; the
agenda, sign-in sheet and minutes carry no confidentiality line while the internal packets do; the
sign-in sheet prints no stored e-mail or phone; the minutes end with the approval line and the next
meeting."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from sector_desktop import clock
from sector_desktop.models import (
    ApprenticeshipProgram,
    Contact,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    SectorPartnership,
    StaffUser,
    Visit,
)
from sector_desktop.services import documents
from sector_desktop.services.apprenticeship.pipeline import refresh_checklist
from sector_desktop.services.meetings import (
    MeetingInput,
    add_agenda_item,
    add_decision,
    add_guest,
    schedule_meeting,
    set_attendance,
    set_meeting_status,
)
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import office_name, set_office_name

OFFICE = "Baltimore County Workforce Office"
HELD = dt.date(2026, 11, 10)
NEXT = dt.date(2026, 12, 8)
EMAILS = ("nortiz@hph.example", "kbrandt@bayline.example")
PHONES = ("(410) 555-0147", "(410) 555-0199")
HEADER_BAND = 792 - 54  # above the top margin of a Letter page (points)
FOOTER_BAND = 54


def bands(page: PageObject) -> tuple[str, str, str]:
    """A page's (header, body, footer) text, split by where each piece of text is drawn."""
    parts: dict[str, list[str]] = {"header": [], "body": [], "footer": []}

    def seen(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        y = tm[5] * cm[3] + cm[5]
        parts["header" if y > HEADER_BAND else "footer" if y < FOOTER_BAND else "body"].append(text)

    page.extract_text(visitor_text=seen)
    return "".join(parts["header"]), "".join(parts["body"]), "".join(parts["footer"])


def pages_of(pdf: bytes) -> list[tuple[str, str, str]]:
    return [bands(page) for page in PdfReader(io.BytesIO(pdf)).pages]


def whole(pdf: bytes) -> str:
    return " ".join(" ".join(part) for part in pages_of(pdf))


@pytest.fixture
def workgroup(db: Database, paths: ProfilePaths) -> dict[str, str]:
    """A partnership with a roster of two employers' representatives (with stored e-mails and phones)
    and a college's, a held meeting with a guest, and later meetings (one cancelled, one planned)."""
    set_office_name(paths, OFFICE)
    with db.session() as s:
        me = StaffUser(name="Dana Whitfield", username="dana")
        partnership = SectorPartnership(name="Healthcare Careers Alliance", sector="healthcare")
        other = SectorPartnership(name="Advanced Manufacturing Partnership", sector="manufacturing")
        hospital = Organization(name="Harbor Point Hospital", kind="employer", sector="healthcare")
        college = Organization(name="Bayline Community College", kind="community_college")
        s.add_all([me, partnership, other, hospital, college])
        s.flush()
        for org, name, email, phone in (
            (hospital, "Nadia Ortiz", EMAILS[0], PHONES[0]),
            (college, "Karl Brandt", EMAILS[1], PHONES[1]),
        ):
            contact = Contact(organization_id=org.id, name=name, email=email, phone=phone)
            member = PartnershipMember(partnership_id=partnership.id, organization_id=org.id)
            s.add_all([contact, member])
            s.flush()
            s.add(MemberRepresentative(member_id=member.id, contact_id=contact.id))
        s.flush()

        def meeting(day: dt.date, title: str, owner: str = partnership.id, place: str = "Room 4") -> str:
            return schedule_meeting(s, MeetingInput(owner, title, clock.at(day, 15), location=place))

        held = meeting(HELD, "Nursing workgroup — November")
        add_agenda_item(s, held, "Clinical rotation slots", "Nadia Ortiz", 30)
        add_decision(s, held, "Share the rotation calendar with members by December 1.")
        for contact in s.query(Contact).all():
            set_attendance(s, held, contact.id, present=True)
        add_guest(s, held, "Rosa Diaz", "Maryland Hospital Association")
        set_meeting_status(s, held, "held")
        set_meeting_status(s, meeting(dt.date(2026, 12, 1), "Cancelled one"), "cancelled")
        meeting(dt.date(2026, 12, 3), "Another partnership's", owner=other.id)
        upcoming = meeting(NEXT, "Nursing workgroup — December", place="Bayline College, Room 12")
        visit = Visit(
            organization_id=hospital.id, staff_id=me.id, status="planned", visit_type="site_visit",
            starts_at=clock.at(NEXT, 9, 30), purpose="CNA cohort",
        )  # fmt: skip
        program = ApprenticeshipProgram(sponsor_id=hospital.id, occupation_title="CNA Apprenticeship")
        s.add_all([visit, program])
        s.flush()
        refresh_checklist(s, program, HELD)
        return {"held": held, "next": upcoming, "org": hospital.id, "staff": me.id, "program": program.id}


@pytest.mark.parametrize("document", ["agenda", "signin", "minutes"])
def test_papers_handed_out_carry_the_office_name_and_no_confidentiality_line(
    db: Database, paths: ProfilePaths, workgroup: dict[str, str], document: str
) -> None:
    pdf = documents.meeting_pdf(db, document, workgroup["held"], office_name=office_name(paths))
    for header, _body, footer in pages_of(pdf):
        assert OFFICE in header and "Sector Desktop" not in header
        assert "Page " in footer and "Confidential" not in footer
    assert "Confidential" not in whole(pdf) and "Sector Desktop" not in whole(pdf)


def test_internal_packets_keep_the_confidentiality_line(
    db: Database, paths: ProfilePaths, workgroup: dict[str, str]
) -> None:
    office = office_name(paths)
    packets = {
        "briefing": documents.briefing_pdf(db, workgroup["org"], NEXT, office_name=office),
        "day": documents.day_pdf(db, NEXT, workgroup["staff"], office_name=office),
        "checklist": documents.checklist_pdf(db, workgroup["program"], HELD, office_name=office),
    }
    for name, pdf in packets.items():
        for header, _body, footer in pages_of(pdf):
            assert OFFICE in header, name
            assert "Confidential: for the sector partnership team's use only." in footer, name


def test_without_an_office_name_the_header_is_neutral(db: Database, workgroup: dict[str, str]) -> None:
    for header, _body, _footer in pages_of(documents.meeting_pdf(db, "agenda", workgroup["held"])):
        assert "Sector partnership team" in header and "Sector Desktop" not in header


def test_the_sign_in_sheet_prints_no_stored_e_mail_or_phone(db: Database, workgroup: dict[str, str]) -> None:
    text = whole(documents.meeting_pdf(db, "signin", workgroup["held"], office_name=OFFICE))
    for heading in ("Name", "Organization", "Signature", "E-mail", "Phone"):
        assert heading in text
    assert "Nadia Ortiz" in text and "Harbor Point Hospital" in text and "Karl Brandt" in text
    assert "Rosa Diaz" in text  # the guest recorded at the meeting
    for stored in (*EMAILS, *PHONES, "@", "555-01"):
        assert stored not in text, stored


def test_the_minutes_end_with_approval_and_the_next_meeting(db: Database, workgroup: dict[str, str]) -> None:
    pages = pages_of(documents.meeting_pdf(db, "minutes", workgroup["held"], office_name=OFFICE))
    last = pages[-1][1]
    text = whole(documents.meeting_pdf(db, "minutes", workgroup["held"], office_name=OFFICE))
    assert text.index("Action items") < text.index("Approved on")
    assert "Approved on" in last and "____" in last[last.index("Approved on") :]
    # The partnership's next planned meeting: not the cancelled one, not another partnership's.
    assert "Next meeting" in last
    assert "Tue, Dec 8, 2026, 3:00 PM–4:30 PM, Bayline College, Room 12" in last
    with db.session() as s:
        set_meeting_status(s, workgroup["next"], "cancelled")
    last = pages_of(documents.meeting_pdf(db, "minutes", workgroup["held"], office_name=OFFICE))[-1][1]
    after = last[last.index("Next meeting") :]
    assert "____" in after and "Dec" not in after  # a blank line to fill in by hand


def test_the_cli_prints_the_office_name_from_the_setting(
    paths: ProfilePaths, workgroup: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "signin.pdf"
    profile = str(paths.data_dir.parent)
    done = subprocess.run(
        [sys.executable, "-m", "sector_desktop", "--profile", profile, "report", "signin",
         "--meeting", workgroup["held"], "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pages = pages_of(out.read_bytes())
    assert all(OFFICE in header for header, _, _ in pages)
    assert not any("Confidential" in footer for _, _, footer in pages)


def test_a_long_office_name_and_title_share_the_header_without_overlap(
    db: Database, workgroup: dict[str, str]
) -> None:
    long_name = "Greater Chesapeake Regional Workforce Development Board, Sector Partnerships Unit " * 2
    pdf = documents.meeting_pdf(db, "agenda", workgroup["held"], office_name=long_name[:120])
    pieces: list[tuple[float, str]] = []

    def seen(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if tm[5] * cm[3] + cm[5] > HEADER_BAND and text.strip():
            pieces.append((tm[4] * cm[0] + cm[4], text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=seen)
    [(title_x, title), (name_x, name)] = sorted((x, text.strip()) for x, text in pieces)
    assert title.startswith("Agenda: Nursing workgroup") and name.startswith("Greater Chesapeake Regional")
    assert name.endswith("…")  # cut to fit
    # The title ends before the office's name begins, and both are inside the margins.
    assert title_x >= 54 and title_x + stringWidth(title, "DejaVuSans", 7.5) < name_x
    assert name_x + stringWidth(name, "DejaVuSans-Bold", 8) <= 612 - 54 + 1
