"""Invitation letters: the shipped templates pass their check, a broken one is named with its field,
a user's copy overrides the shipped one; `report invitations` invites the roster and writes one
letter per recipient into the PDF (read back with pypdf) and an unsent .eml draft per recipient
(parsed back with Python's `email`)."""

from __future__ import annotations

import datetime as dt
import email
import io
import json
from email.policy import default
from pathlib import Path

import pytest
from pypdf import PdfReader

from sector_desktop.cli import main
from sector_desktop.errors import ValidationError
from sector_desktop.models import Contact, Invitation, Organization, StaffUser
from sector_desktop.services import invitations as inv
from sector_desktop.services import meetings as msvc
from sector_desktop.services.documents import meeting_pdf
from sector_desktop.services.invitation_letters import (
    check_all_letters,
    copy_for_editing,
    load_letter,
    parse_letter,
)
from sector_desktop.services.partnerships import (
    PartnershipInput,
    add_member,
    create_partnership,
    set_representatives,
)
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.invitations import invitations_of
from sector_desktop.store.settings import set_office_name

WHEN = dt.datetime(2026, 12, 8, 19, 0)  # 2:00 PM in New York


@pytest.fixture
def meeting(paths: ProfilePaths, db: Database) -> dict[str, str]:
    ids: dict[str, str] = {}
    with db.session() as s:
        pid = create_partnership(s, PartnershipInput(name="Healthcare Careers Alliance", sector="healthcare"))
        staff = StaffUser(name="Priya Raman", username="praman", email="praman@office.example")
        s.add(staff)
        for name, kind, people in (
            ("Riverside Clinic", "employer", (("Ana Diaz", "ana@riverside.example"), ("Ben Okafor", ""))),
            ("Bayline Community College", "community_college", (("Cy Lam", "cy@bayline.example"),)),
        ):
            org = Organization(name=name, kind=kind, address_line1="12 Pier Rd", city="Baltimore", state="MD")
            s.add(org)
            s.flush()
            contacts = [Contact(organization_id=org.id, name=n, email=e or None) for n, e in people]
            s.add_all(contacts)
            s.flush()
            set_representatives(s, add_member(s, pid, org.id), [c.id for c in contacts])
        s.flush()
        data = msvc.MeetingInput(pid, "Healthcare launch", WHEN, "launch", location="Bayline College, Hall A")
        ids["m"] = msvc.schedule_meeting(
            s, msvc.MeetingInput(**{**data.__dict__, "facilitator_id": staff.id})
        )
    set_office_name(paths, "Harbor City Employment Office")
    ids["profile"] = str(paths.data_dir.parent)
    return ids


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages]


def test_the_employer_letters_and_drafts_end_to_end(
    meeting: dict[str, str], db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, drafts = tmp_path / "letters.pdf", tmp_path / "drafts"
    argv = ["--profile", meeting["profile"], "report", "invitations", "--meeting", meeting["m"]]
    assert main([*argv, "--letter", "employer", "--out", str(out), "--eml-dir", str(drafts)]) == 0
    said = capsys.readouterr().out
    assert "Invited 2 (2 new)" in said and "No e-mail draft (print their letter): Ben Okafor" in said
    pages = _pages(out)
    assert len(pages) == 2
    ana, ben = pages
    for text in (ana, ben):
        assert "Harbor City Employment Office" in text
        assert "Tuesday, December 8, 2026, 2:00 PM–3:30 PM" in text
        assert "Where: Bayline College, Hall A" in text and "Priya Raman" in text
        assert "healthcare business leaders" in text and "Healthcare launch" in text
    assert "Dear Ana Diaz," in ana and "Riverside Clinic\n12 Pier Rd\nBaltimore, MD" in ana
    assert "Dear Ben Okafor," in ben and "Cy Lam" not in ana + ben

    (draft,) = sorted(drafts.glob("*.eml"))
    msg = email.message_from_bytes(draft.read_bytes(), policy=default)
    assert msg["X-Unsent"] == "1" and msg["From"] is None
    assert msg["To"].addresses[0].addr_spec == "ana@riverside.example"
    assert msg["To"].addresses[0].display_name == "Ana Diaz"
    assert msg["Subject"] == "Invitation: Healthcare launch, Tuesday, December 8, 2026"
    body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")  # .eml lines end in CRLF
    assert body.startswith("Dear Ana Diaz,\n\nYou are invited")
    assert "When: Tuesday, December 8, 2026, 2:00 PM–3:30 PM" in body and "Sincerely,\nPriya Raman" in body

    # Sent again after an answer: nobody is invited twice and the answer stays.
    with db.session() as s:
        first = invitations_of(s, meeting["m"])[0]
        inv.set_rsvp(s, first.id, "accepted")
    assert main([*argv, "--letter", "employer", "--out", str(out)]) == 0
    assert "Invited 2 (0 new)" in capsys.readouterr().out
    with db.read_session() as s:
        rows = invitations_of(s, meeting["m"])
    assert [(r.name, r.status, r.sent_on is not None) for r in rows] == [
        ("Ana Diaz", "accepted", True),
        ("Ben Okafor", "invited", True),
    ]
    # The sign-in sheet pre-fills those who accepted (the rest sign on the blank rows).
    signin = PdfReader(io.BytesIO(meeting_pdf(db, "signin", meeting["m"]))).pages[0].extract_text()
    assert "1 accepted the invitation" in signin and "Ana Diaz" in signin
    assert "ana@riverside.example" not in signin  # no stored e-mail on a sheet passed round the room
    assert "Ben Okafor" not in signin and "Cy Lam" not in signin


def test_the_partner_letter_goes_to_the_partners(
    meeting: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "partners.pdf"
    argv = ["--profile", meeting["profile"], "report", "invitations", "--meeting", meeting["m"]]
    assert main([*argv, "--letter", "partner", "--out", str(out)]) == 0
    (page,) = [" ".join(text.split()) for text in _pages(out)]  # lines joined as they wrap
    assert "Dear Cy Lam," in page and "on behalf of Bayline Community College" in page
    assert "listening role" in page


def test_a_users_copy_rewords_the_letter_and_a_broken_one_is_named(
    meeting: dict[str, str], paths: ProfilePaths, db: Database, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    mine = copy_for_editing(paths.config_dir, "partner")
    raw = json.loads(mine.read_text(encoding="utf-8"))
    raw["paragraphs"][0] = "Join us, {name}, at {place} for {meeting_title}."
    mine.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "partners.pdf"
    argv = ["--profile", meeting["profile"], "report", "invitations", "--meeting", meeting["m"]]
    assert main([*argv, "--letter", "partner", "--out", str(out)]) == 0
    assert "Join us, Cy Lam, at Bayline College, Hall A for Healthcare launch." in " ".join(
        _pages(out)[0].split()
    )

    broken = copy_for_editing(paths.config_dir, "employer")
    raw = json.loads(broken.read_text(encoding="utf-8"))
    raw["paragraphs"][1] = "Dear {first_name}"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    bad_out = tmp_path / "employers.pdf"
    assert main([*argv, "--letter", "employer", "--out", str(bad_out)]) == 1
    err = capsys.readouterr().err
    assert "employer.json" in err and "paragraphs[1]" in err and "{first_name}" in err
    assert not bad_out.exists()
    with db.read_session() as s:
        assert s.query(Invitation).filter(Invitation.letter == "employer").count() == 0


def test_the_shipped_letters_pass_and_mistakes_name_their_field() -> None:
    letters = check_all_letters()
    assert [t.letter for t in letters] == ["employer", "partner"]
    shipped = json.loads(
        load_letter("employer").source and (Path(__file__).parents[1] / "sector_desktop" / "resources"
        / "invitation_letters" / "employer.json").read_text(encoding="utf-8")
    )  # fmt: skip
    for field, value, said in (
        ("subject", "Invitation {meeting_title", "brace"),
        ("closing", "", "non-empty"),
        ("letter", "memo", "employer, partner"),
        ("paragraphs", [], "non-empty list"),
    ):
        with pytest.raises(ValidationError) as err:
            parse_letter("x.json", json.dumps({**shipped, field: value}))
        assert f"field '{field}'" in str(err.value) and said in str(err.value)
    with pytest.raises(ValidationError, match="not valid JSON"):
        parse_letter("x.json", "{")


def test_bad_arguments_are_named_and_change_nothing(
    meeting: dict[str, str], db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--profile", meeting["profile"], "report", "invitations"]
    unknown = "01a00000-0000-7000-8000-000000000000"
    assert main([*argv, "--meeting", unknown, "--letter", "employer", "--out", str(tmp_path / "x.pdf")]) == 1
    assert f"No meeting with id {unknown}" in capsys.readouterr().err
    assert (
        main([*argv, "--meeting", meeting["m"], "--letter", "employer", "--out", str(tmp_path / "x.txt")])
        == 1
    )
    assert "the letters are a .pdf file" in capsys.readouterr().err
    with db.read_session() as s:
        assert s.query(Invitation).count() == 0
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.txt").exists()


def test_a_launch_meetings_agenda_carries_the_sector_brief_where_figures_exist(
    meeting: dict[str, str], db: Database, paths: ProfilePaths, tmp_path: Path
) -> None:
    import lmi_files

    from sector_desktop.services.agenda_templates import get_template
    from sector_desktop.services.lmi import parse_area

    with db.session() as s:
        msvc.apply_template(s, meeting["m"], get_template("launch_meeting"))
    office = [parse_area("county:24510"), parse_area("msa:12580")]
    assert "SECTOR BRIEF" not in _text(meeting_pdf(db, "agenda", meeting["m"], office))  # no figures yet
    lmi_files.import_sample(db, paths, tmp_path)
    with_brief = _text(meeting_pdf(db, "agenda", meeting["m"], office))
    assert "Ranking the priorities: importance × feasibility" in with_brief
    assert "SECTOR BRIEF" in with_brief and "Health care and social assistance" in with_brief
    assert "SECTOR BRIEF" not in _text(meeting_pdf(db, "agenda", meeting["m"], ()))  # no office area


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_reprinting_gives_each_invitee_the_letter_they_were_sent(
    meeting: dict[str, str], db: Database, paths: ProfilePaths, tmp_path: Path
) -> None:
    from sector_desktop.services.invitation_documents import letters_pdf

    argv = ["--profile", meeting["profile"], "report", "invitations", "--meeting", meeting["m"]]
    for letter in ("employer", "partner"):
        assert main([*argv, "--letter", letter, "--out", str(tmp_path / f"{letter}.pdf")]) == 0
    pages = [
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(letters_pdf(db, paths, meeting["m"], None))).pages
    ]
    assert [("Dear Ana Diaz" in t, "Dear Cy Lam" in t, "listening role" in t) for t in pages] == [
        (True, False, False),
        (False, False, False),
        (False, True, True),
    ]


def test_an_address_a_draft_cannot_hold_is_named_not_fatal(tmp_path: Path) -> None:
    from sector_desktop.services.invitation_documents import write_drafts
    from sector_desktop.services.invitation_letters import MergedLetter
    from sector_desktop.services.report_data.invitations import Addressee

    letter = MergedLetter("Invitation: Café", "Dear José,", ("Join us.",), "Sincerely,", "Ana")
    emails = ["josé@clinic.example", 'a"b@clinic.example', "a@b.example>c", "", "o'neil+rsvp@clinic.example"]
    people = [Addressee(str(i), f"Person {i}", "Clinic", e, letter, ()) for i, e in enumerate(emails)]
    written, missing = write_drafts(people, tmp_path)
    assert [p.name for p in written] == ["05-clinic-person-4.eml"]
    assert missing[0] == "Person 0 (Clinic): 'josé@clinic.example' is not an address a draft can hold"
    assert len(missing) == 4 and missing[3] == "Person 3 (Clinic)"
    msg = email.message_from_bytes(written[0].read_bytes(), policy=default)
    assert (msg["To"].addresses[0].addr_spec, msg["Subject"]) == (
        "o'neil+rsvp@clinic.example",
        "Invitation: Café",
    )
