"""Invitations without a GUI: inviting the roster by letter, no second invitation for the same
person, RSVPs and their counts (employers against others), and attendance linked back."""

from __future__ import annotations

import datetime as dt

import pytest

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import Contact, Invitation, MeetingAttendance, Organization
from sector_desktop.services import invitations as inv
from sector_desktop.services import meetings as msvc
from sector_desktop.services.partnerships import (
    PartnershipInput,
    add_member,
    create_partnership,
    set_representatives,
)
from sector_desktop.store import Database
from sector_desktop.store.invitations import candidates, invitations_of, rsvp_counts

WHEN = dt.datetime(2026, 12, 8, 14, 0)


@pytest.fixture
def launch(db: Database) -> dict[str, str]:
    """A partnership with two employers (one with two representatives, one with none but a primary
    contact), a college with one representative and an association with no contact at all."""
    ids: dict[str, str] = {}
    with db.session() as s:
        ids["p"] = create_partnership(s, PartnershipInput(name="Healthcare Works", sector="healthcare"))
        for name, kind, people, reps in (
            ("Riverside Clinic", "employer", ("Ana Diaz", "Ben Okafor"), True),
            ("Harbor Nursing", "employer", ("Dee Park",), False),
            ("Bayline Community College", "community_college", ("Cy Lam",), True),
            ("Allied Health Association", "association", (), False),
        ):
            org = Organization(name=name, kind=kind, sector="healthcare")
            s.add(org)
            s.flush()
            ids[name.split()[0].lower()] = org.id
            contacts = [
                Contact(organization_id=org.id, name=n, email=f"{n[:3].lower()}@x.org") for n in people
            ]
            s.add_all(contacts)
            s.flush()
            for c in contacts:
                ids[c.name.split()[0].lower()] = c.id
            member = add_member(s, ids["p"], org.id)
            if reps:
                set_representatives(s, member, [c.id for c in contacts])
        ids["m"] = msvc.schedule_meeting(
            s, msvc.MeetingInput(ids["p"], "Launch", WHEN, meeting_type="launch", location="Hall A")
        )
    return ids


def test_the_roster_by_letter_employers_or_partners(db: Database, launch: dict[str, str]) -> None:
    with db.read_session() as s:
        employers = inv.roster_recipients(s, launch["m"], "employer")
        partners = inv.roster_recipients(s, launch["m"], "partner")
    assert [r.contact_id for r in employers] == [launch["dee"], launch["ana"], launch["ben"]]
    assert partners == [
        inv.Recipient(organization_id=launch["allied"]),
        inv.Recipient(contact_id=launch["cy"]),
    ]


def test_inviting_twice_keeps_one_invitation_and_its_answer(db: Database, launch: dict[str, str]) -> None:
    with db.session() as s:
        first = inv.invite(
            s, launch["m"], inv.roster_recipients(s, launch["m"], "employer"), "employer", None
        )
        inv.set_rsvp(s, first[0], "accepted", "Bringing the HR lead")
        again = inv.invite(
            s, launch["m"], [inv.Recipient(contact_id=launch["dee"])], "employer", dt.date(2026, 11, 20)
        )
    assert again == [first[0]]
    with db.read_session() as s:
        rows = invitations_of(s, launch["m"])
    assert len(rows) == 3
    dee = next(r for r in rows if r.contact_id == launch["dee"])
    assert (dee.status, dee.note, dee.sent_on) == ("accepted", "Bringing the HR lead", dt.date(2026, 11, 20))
    assert (dee.organization, dee.email, dee.is_employer) == ("Harbor Nursing", "dee@x.org", True)


def test_rsvp_counts_employers_against_partners(db: Database, launch: dict[str, str]) -> None:
    with db.session() as s:
        ids = inv.invite(s, launch["m"], inv.roster_recipients(s, launch["m"], "employer"), "employer", None)
        ids += inv.invite(s, launch["m"], inv.roster_recipients(s, launch["m"], "partner"), "partner", None)
        by_contact = {r.contact_id or r.organization_id: r.id for r in invitations_of(s, launch["m"])}
        inv.set_rsvp(s, by_contact[launch["ana"]], "accepted")
        inv.set_rsvp(s, by_contact[launch["ben"]], "accepted")
        inv.set_rsvp(s, by_contact[launch["dee"]], "declined")
        inv.set_rsvp(s, by_contact[launch["cy"]], "accepted")
        inv.set_rsvp(s, by_contact[launch["allied"]], "no_answer")
    with db.read_session() as s:
        counts = rsvp_counts(invitations_of(s, launch["m"]))
    assert (counts.total, counts.accepted, counts.declined, counts.no_answer, counts.invited) == (
        5,
        3,
        1,
        1,
        0,
    )
    assert (counts.employers_invited, counts.employers_accepted, counts.others_accepted) == (3, 2, 1)
    assert counts.employer_share == pytest.approx(2 / 3) and counts.employer_led
    assert "3 accepted" in counts.summary() and "67% employers, employer-led" in counts.summary()


def test_bad_input_is_refused_and_changes_nothing(db: Database, launch: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        inv.invite(s, launch["m"], [inv.Recipient(contact_id=launch["ana"]), inv.Recipient()], "memo", None)
    assert any("Letter" in p for p in err.value.problems)
    assert any("Recipient: choose" in p for p in err.value.problems)
    with db.session() as s:
        (only,) = inv.invite(s, launch["m"], [inv.Recipient(contact_id=launch["ana"])], "employer", None)
    with pytest.raises(ValidationError, match="Answer: 'maybe'"), db.session() as s:
        inv.set_rsvp(s, only, "maybe")
    with pytest.raises(NotFound), db.session() as s:
        inv.set_rsvp(s, "00000000-0000-7000-8000-000000000000", "accepted")
    with db.read_session() as s:
        assert [(r.status, r.letter) for r in invitations_of(s, launch["m"])] == [("invited", "employer")]
        assert s.query(Invitation).count() == 1


def test_attendance_links_back_to_the_invitation(db: Database, launch: dict[str, str]) -> None:
    with db.session() as s:
        (ana_inv,) = inv.invite(s, launch["m"], [inv.Recipient(contact_id=launch["ana"])], "employer", None)
        msvc.set_attendance(s, launch["m"], launch["ana"], True)
        msvc.set_attendance(s, launch["m"], launch["cy"], True)  # came without an invitation
    with db.read_session() as s:
        links = {a.contact_id: a.invitation_id for a in s.query(MeetingAttendance)}
        rows = invitations_of(s, launch["m"])
    assert links == {launch["ana"]: ana_inv, launch["cy"]: None}
    assert [r.attended for r in rows] == [True]


def test_candidates_filter_by_kind_sector_and_name(db: Database, launch: dict[str, str]) -> None:
    with db.read_session() as s:
        partners = candidates(s, kind="partner")
        named = candidates(s, text="okaf")
        employers = candidates(s, kind="employer", sector="healthcare")
    assert [(c.organization, c.name) for c in partners] == [
        ("Allied Health Association", ""),
        ("Bayline Community College", "Cy Lam"),
    ]
    assert [c.name for c in named] == ["Ben Okafor"]
    assert {c.organization for c in employers} == {"Riverside Clinic", "Harbor Nursing"}
