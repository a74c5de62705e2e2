"""Printed documents: real PDFs, parsed back, with the expected sections, values and user text intact."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from sector_desktop import clock
from sector_desktop.models import (
    ActionItem,
    ApprenticeshipProgram,
    Contact,
    HiringNeed,
    LmiFigure,
    Meeting,
    Organization,
    SectorPartnership,
    SkillGap,
    StaffUser,
    Visit,
    VisitAttendee,
)
from sector_desktop.services import documents
from sector_desktop.services.apprenticeship.pipeline import refresh_checklist
from sector_desktop.store import Database, ProfilePaths

DAY = dt.date(2026, 11, 24)
HOSTILE = (
    "Bring <b>not bold</b> & <script>alert(1)</script> <para>x</para> &amp; 5 < 7 > 3. "
    "Cyrillic: Приветствие работодателю. Arabic: مرحبا بالشركاء. Greek: Καλημέρα. "
    "Chinese: 护理人员短缺. Korean: 간호 인력. " + "Supercalifragilistic" * 30
)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def body_text(pdf: bytes) -> str:
    """The text of every page without the header and footer lines, so a paragraph that runs on
    over a page break reads as one."""
    furniture = re.compile(
        r"^(Briefing packet: .*|Sector partnership team|Confidential: .*|Generated .*Page \d+ of \d+)$"
    )
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    lines = [line for page in pages for line in page.splitlines()]
    return "\n".join(line for line in lines if not furniture.match(line.strip()))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def employer(db: Database) -> dict[str, str]:
    with db.session() as s:
        me = StaffUser(name="Dana Whitfield", username="dana")
        org = Organization(
            name="Harbor Point Hospital",
            kind="employer",
            sector="healthcare",
            status="active",
            address_line1="100 Pier Rd",
            city="Baltimore",
            state="MD",
            zip="21231",
            phone="(410) 555-0100",
            fein="52-1234567",
        )
        s.add_all([me, org])
        s.flush()
        c = Contact(
            organization_id=org.id,
            name="Nadia Ortiz",
            title="CNO",
            email="nortiz@hph.example",
            is_primary=True,
        )
        s.add(c)
        s.flush()
        for months_ago in (1, 3, 5):
            s.add(
                Visit(
                    organization_id=org.id,
                    staff_id=me.id,
                    status="completed",
                    visit_type="site_visit",
                    starts_at=clock.at(dt.date(2026, 11 - months_ago, 10), 10),
                    purpose=f"Check-in {months_ago}",
                    notes=f"Visit note {months_ago}",
                    services=["recruitment", "training"],
                )
            )
        planned = Visit(
            organization_id=org.id,
            staff_id=me.id,
            status="planned",
            visit_type="site_visit",
            starts_at=clock.at(DAY, 9, 30),
            purpose="Discuss CNA cohort",
        )
        s.add(planned)
        s.flush()
        s.add(VisitAttendee(visit_id=planned.id, contact_id=c.id))
        s.add(
            ActionItem(
                text="Send the CNA syllabus",
                owner_staff_id=me.id,
                organization_id=org.id,
                due_date=dt.date(2026, 11, 1),
                status="open",
            )
        )
        s.add(
            HiringNeed(
                organization_id=org.id,
                occupation="Certified Nursing Assistant",
                openings=12,
                wage_min=19.5,
                wage_max=22.0,
                timeline="Spring",
            )
        )
        s.add(SkillGap(organization_id=org.id, skill="Dementia care"))
        s.add(
            LmiFigure(
                sector="healthcare",
                area="Baltimore MSA",
                measure="Annual openings",
                occupation="CNA",
                value=1480,
                unit="jobs",
                source="Maryland OWPR",
                released_on=dt.date(2026, 3, 1),
            )
        )
        program = ApprenticeshipProgram(
            sponsor_id=org.id, occupation_title="CNA Apprenticeship", stage="drafting"
        )
        s.add(program)
        s.flush()
        refresh_checklist(s, program, DAY)
        return {"org": org.id, "visit": planned.id, "staff": me.id, "program": program.id}


def test_briefing_packet_has_every_section_and_value(db: Database, employer: dict[str, str]) -> None:
    pdf = documents.briefing_pdf(db, "Harbor Point Hospital", DAY)
    text = text_of(pdf)
    for expected in (
        "BRIEFING PACKET",
        "Harbor Point Hospital",
        "Discuss CNA cohort",
        "Nadia Ortiz",
        "Dana Whitfield",
        "Profile",
        "100 Pier Rd, Baltimore, MD 21231",
        "52-1234567",
        "Contacts",
        "nortiz@hph.example",
        "Relationship summary",
        "3 visits in the last 24 months",
        "Workforce Recruitment Assistance",
        "Open action items",
        "OVERDUE",
        "Send the CNA syllabus",
        "Hiring needs and skill gaps",
        "Certified Nursing Assistant",
        "$19.50–$22.00/h",
        "Dementia care",
        "Apprenticeship status",
        "CNA Apprenticeship",
        "Standards of apprenticeship: missing",
        "Sector notes",
        "Maryland OWPR",
        "Mar 1, 2026",
        "Notes: Harbor Point Hospital",
        employer["visit"],
    ):
        assert expected in text, expected
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"Page {pages} of {pages}" in text
    assert "Confidential" in text


def test_sector_notes_are_left_out_when_the_profile_has_none(db: Database, employer: dict[str, str]) -> None:
    with db.session() as s:
        s.query(LmiFigure).delete()
    assert "Sector notes" not in text_of(documents.briefing_pdf(db, employer["org"], DAY))


def test_user_text_is_escaped_and_no_character_is_lost(db: Database, employer: dict[str, str]) -> None:
    long_note = HOSTILE + "\n\n" + ("Twenty thousand characters of minutes. " * 520)[:20_000]
    with db.session() as s:
        v = s.query(Visit).filter_by(purpose="Check-in 1").one()
        v.notes = long_note
        s.get(Organization, employer["org"]).name = "Harbor <Point> & Sons"
    text = squash(body_text(documents.briefing_pdf(db, employer["org"], DAY)))
    for fragment in (
        "<b>notbold</b>",
        "&<script>alert(1)</script>",
        "<para>x</para>&amp;5<7>3.",
        "Приветствиеработодателю",
        "مرحبابالشركاء",
        "Καλημέρα",
        "护理人员短缺",
        "간호인력",
        "Supercalifragilistic" * 30,
        "Harbor<Point>&Sons",
    ):
        # pypdf returns right-to-left runs (the Arabic) in visual order; the characters are all there.
        assert squash(fragment) in text or squash(fragment)[::-1] in text, fragment
    assert text.count("Twentythousandcharactersofminutes.") == 20_000 // len(
        "Twenty thousand characters of minutes. "
    )


def test_day_packet_lists_stops_in_time_order_then_their_packets(
    db: Database, employer: dict[str, str]
) -> None:
    with db.session() as s:
        other = Organization(name="Eastside Logistics", kind="employer", sector="logistics")
        colleague = StaffUser(name="Sam Okafor", username="sokafor")
        partnership = SectorPartnership(name="Healthcare Careers", sector="healthcare")
        s.add_all([other, colleague, partnership])
        s.flush()
        # The team's workgroup meeting, facilitated by a colleague: on the route as on Today.
        s.add(
            Meeting(
                partnership_id=partnership.id, title="Nursing workgroup", status="planned",
                starts_at=clock.at(DAY, 8, 30), ends_at=clock.at(DAY, 10), facilitator_id=colleague.id,
                location="Bayline College, Room 4",
            )
        )  # fmt: skip
        s.add(
            Visit(
                organization_id=other.id,
                staff_id=employer["staff"],
                status="planned",
                visit_type="site_visit",
                starts_at=clock.at(DAY, 8, 0),
                purpose="Forklift training",
            )
        )
    text = text_of(documents.day_pdf(db, DAY, "dana"))
    route = squash(text[: text.index("BRIEFING PACKET")])  # cells wrap names across lines
    assert "RouteforTue,Nov24,2026" in route and "3stops" in route
    assert route.index("8:00AMEastsideLogistics") < route.index("8:30AMNursingworkgroup")
    assert route.index("8:30AMNursingworkgroup") < route.index("9:30AMHarborPointHospital")
    assert text.count("BRIEFING PACKET") == 2


def test_unknown_staff_or_organization_is_named_in_the_error(db: Database, employer: dict[str, str]) -> None:
    from sector_desktop.errors import NotFound

    with pytest.raises(NotFound, match="'nobody'"):
        documents.day_pdf(db, DAY, "nobody")
    with pytest.raises(NotFound, match="'Acme'"):
        documents.briefing_pdf(db, "Acme", DAY)


def test_checklist_lists_documents_and_blockers(db: Database, employer: dict[str, str]) -> None:
    text = text_of(documents.checklist_pdf(db, employer["program"], DAY))
    assert "APPRENTICESHIP CHECKLIST" in text and "CNA Apprenticeship" in text
    assert "Wage schedule" in text and "Missing" in text
    assert "What blocks Submitted to state agency" in text
    assert "Sponsor application is missing" in text


def test_meeting_paperwork(db: Database, paths: ProfilePaths) -> None:
    import random

    from sector_desktop.services.demo import core, partnerships

    rng = random.Random(3)
    core.seed(db, paths, rng, 0.15)
    partnerships.seed(db, paths, rng, 0.15)
    from sector_desktop.store.meetings import get_meeting_detail, most_recent_meeting_id

    with db.read_session() as s:
        meeting_id = most_recent_meeting_id(s)
        detail = get_meeting_detail(s, meeting_id)
    agenda = text_of(documents.meeting_pdf(db, "agenda", meeting_id))
    assert "AGENDA" in agenda and detail.title.split(" —")[0] in agenda
    assert squash(f"1 {detail.agenda[0].title}") in squash(agenda)
    signin = text_of(documents.meeting_pdf(db, "signin", meeting_id))
    assert "Signature" in signin and all(a.name in signin for a in detail.attendance if not a.is_guest)
    minutes = text_of(documents.meeting_pdf(db, "minutes", meeting_id))
    assert f"{detail.headcount.business} business representatives" in minutes
    assert all(squash(d.text)[:40] in squash(minutes) for d in detail.decisions)


def test_cli_report_writes_a_pdf_and_refuses_unknown_records(
    db: Database, paths: ProfilePaths, employer: dict[str, str], tmp_path: Path
) -> None:
    base = [sys.executable, "-m", "sector_desktop", "--profile", str(paths.data_dir.parent), "report"]
    out = tmp_path / "packet.pdf"
    ok = subprocess.run(
        [*base, "packet", "--organization", employer["org"], "--date", "2026-11-24", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Harbor Point Hospital" in text_of(out.read_bytes())
    bad = subprocess.run(
        [*base, "minutes", "--meeting", "no-such-id", "--out", str(tmp_path / "m.pdf")],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "No meeting with id no-such-id" in bad.stderr
    assert not (tmp_path / "m.pdf").exists()
