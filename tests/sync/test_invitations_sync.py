"""Invitations sync from their first day: invitations and an attendance linked to one, made on one
laptop, reach another through the real `sector-server`; an RSVP recorded there travels back, and
the server refuses an answer that is not one of the model's."""

from __future__ import annotations

import datetime as dt

from client_helpers import Laptop

from sector_desktop.models import Contact, Organization
from sector_desktop.services import invitations as inv
from sector_desktop.services import meetings as msvc
from sector_desktop.services.partnerships import PartnershipInput, create_partnership
from sector_desktop.sync.values import check_value


def test_invitations_rsvps_and_attendance_links_sync(two_laptops: list[Laptop]) -> None:
    a, b = two_laptops
    with a.db.session() as s:
        pid = create_partnership(s, PartnershipInput(name="Healthcare Works", sector="healthcare"))
        clinic = Organization(name="Riverside Clinic", kind="employer", sector="healthcare", tags=[])
        college = Organization(name="Bayline College", kind="community_college", tags=[])
        s.add_all([clinic, college])
        s.flush()
        ana = Contact(organization_id=clinic.id, name="Ana Diaz", email="ana@riverside.example")
        s.add(ana)
        s.flush()
        mid = msvc.schedule_meeting(
            s, msvc.MeetingInput(pid, "Launch", dt.datetime(2026, 12, 8, 14), "launch", location="Hall A")
        )
        (ana_inv,) = inv.invite(s, mid, [inv.Recipient(contact_id=ana.id)], "employer", dt.date(2026, 11, 20))
        (college_inv,) = inv.invite(s, mid, [inv.Recipient(organization_id=college.id)], "partner", None)
        attendance_id = msvc.set_attendance(s, mid, ana.id, True)
    assert a.sync().ok and b.sync().ok
    got = {r["id"]: r for r in b.rows("invitation")}
    assert got[ana_inv]["letter"] == "employer" and got[ana_inv]["sent_on"] == "2026-11-20"
    assert got[college_inv]["contact_id"] is None and got[college_inv]["status"] == "invited"
    assert {r["id"]: r["invitation_id"] for r in b.rows("meeting_attendance")} == {attendance_id: ana_inv}

    with b.db.session() as s:
        inv.set_rsvp(s, college_inv, "declined", "Term starts that week")
    assert b.sync().ok and a.sync().ok
    back = {r["id"]: r for r in a.rows("invitation")}[college_inv]
    assert (back["status"], back["note"]) == ("declined", "Term starts that week")


def test_the_value_checks_know_the_new_table() -> None:
    assert check_value("invitation", "status", "accepted") is None
    assert "not one of" in (check_value("invitation", "status", "maybe") or "")
    assert "not one of" in (check_value("invitation", "letter", "memo") or "")
    assert check_value("meeting_attendance", "invitation_id", "not-an-id") is not None
