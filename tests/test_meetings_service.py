"""Meetings without a GUI: scheduling rules, agenda order, templates, attendance headcount, minutes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sector_desktop.errors import ValidationError
from sector_desktop.models import ActionItem, Contact, Organization, StaffUser, utcnow
from sector_desktop.services import meetings as svc
from sector_desktop.services.agenda_templates import get_template, load_templates
from sector_desktop.services.partnerships import (
    PartnershipInput,
    add_member,
    create_partnership,
    set_representatives,
)
from sector_desktop.store import Database
from sector_desktop.store.meetings import (
    MeetingFilter,
    count_meetings,
    get_meeting_detail,
    list_meetings,
    most_recent_meeting_id,
    owner_options,
)

NOW = dt.datetime(2026, 11, 21, 12, 0)


@pytest.fixture
def roster(db: Database) -> dict[str, str]:
    """A partnership with one employer (two reps) and one college (one rep), and a staff member."""
    ids: dict[str, str] = {}
    with db.session() as s:
        ids["p"] = create_partnership(s, PartnershipInput(name="Manufacturing Works", sector="manufacturing"))
        for name, kind, people in (
            ("Ironbridge Fabrication", "employer", ("Ana Diaz", "Ben Okafor")),
            ("Bayline Community College", "community_college", ("Cy Lam",)),
        ):
            org = Organization(name=name, kind=kind)
            s.add(org)
            s.flush()
            contacts = [Contact(organization_id=org.id, name=n) for n in people]
            s.add_all(contacts)
            s.flush()
            for c in contacts:
                ids[c.name.split()[0].lower()] = c.id
            set_representatives(s, add_member(s, ids["p"], org.id), [c.id for c in contacts])
        staff = StaffUser(name="Priya Raman", username="praman")
        s.add(staff)
        s.flush()
        ids["staff"] = staff.id
    return ids


def _meeting(db: Database, pid: str, when: dt.datetime, title: str = "CNC workgroup", **kw) -> str:
    with db.session() as s:
        return svc.schedule_meeting(s, svc.MeetingInput(pid, title, when, location="Room 2", **kw))


def test_schedule_rejects_bad_input_naming_fields(db: Database, roster: dict[str, str]) -> None:
    bad = svc.MeetingInput(
        roster["p"], " ", NOW, meeting_type="party", video_link="zoom.example", duration_minutes=0
    )
    with pytest.raises(ValidationError) as err, db.session() as s:
        svc.schedule_meeting(s, bad)
    text = " ".join(err.value.problems)
    for field in ("Title", "Type", "Video link", "Duration"):
        assert field in text
    with pytest.raises(ValidationError, match="Location"), db.session() as s:
        svc.schedule_meeting(s, svc.MeetingInput(roster["p"], "Nowhere", NOW))
    with db.read_session() as s:
        assert count_meetings(s, MeetingFilter("upcoming"), now=NOW - dt.timedelta(days=1)) == 0


def test_templates_load_and_build_an_editable_agenda(db: Database, roster: dict[str, str]) -> None:
    keys = {t.key for t in load_templates()}
    assert {"launch_meeting", "regular_workgroup"} <= keys
    template = get_template("regular_workgroup")
    with db.session() as s:
        mid = svc.schedule_meeting(
            s, svc.MeetingInput(roster["p"], "November workgroup", NOW, location="Room 2"), template
        )
    with db.read_session() as s:
        agenda = get_meeting_detail(s, mid).agenda
    assert [a.title for a in agenda] == [t.title for t in template.items]
    with db.session() as s:
        svc.move_agenda_item(s, agenda[-1].id, -10)
        svc.update_agenda_item(s, agenda[0].id, "Welcome", "Chair", 3)
        svc.remove_agenda_item(s, agenda[1].id)
        svc.add_agenda_item(s, mid, "Any other business", None, 5)
    with db.read_session() as s:
        after = get_meeting_detail(s, mid).agenda
    assert [a.title for a in after][:2] == [agenda[-1].title, "Welcome"]
    assert after[-1].title == "Any other business"
    assert [a.position for a in after] == list(range(len(after)))
    assert agenda[1].id not in {a.id for a in after}


def test_broken_template_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps({"name": "Ok", "items": [{"title": "A"}]}), encoding="utf-8")
    (tmp_path / "broken.json").write_text(
        json.dumps({"name": "Broken", "items": [{"title": "A", "minutes": "ten"}]}), encoding="utf-8"
    )
    with pytest.raises(ValidationError, match=r"broken\.json: field 'items\[0\]\.minutes'"):
        load_templates(tmp_path)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken\.json: not valid JSON"):
        load_templates(tmp_path)


def test_attendance_headcount_guests_and_employer_led(db: Database, roster: dict[str, str]) -> None:
    mid = _meeting(db, roster["p"], NOW)
    with db.session() as s:
        svc.set_attendance(s, mid, roster["ana"], True)
        svc.set_attendance(s, mid, roster["cy"], True)
        svc.set_attendance(s, mid, roster["ben"], True)
        svc.set_attendance(s, mid, roster["ben"], False)  # ticked by mistake
        svc.add_guest(s, mid, "Dee Walker", "Walker Welding", is_business=True)
        svc.add_guest(s, mid, "Ed Young", "County Department of Labor")
    with pytest.raises(ValidationError, match="Guest name"), db.session() as s:
        svc.add_guest(s, mid, "   ")
    with db.read_session() as s:
        detail = get_meeting_detail(s, mid)
        rows = list_meetings(s, MeetingFilter("upcoming"), now=NOW)
    status = {a.name: (a.status, a.is_business, a.is_guest) for a in detail.attendance}
    assert status == {
        "Ana Diaz": ("present", True, False),
        "Ben Okafor": ("absent", True, False),
        "Cy Lam": ("present", False, False),
        "Dee Walker": ("guest", True, True),
        "Ed Young": ("guest", False, True),
    }
    assert (detail.headcount.business, detail.headcount.partners) == (2, 2)
    assert detail.status == "held"  # people came, so the planned meeting took place
    assert not detail.headcount.employer_led
    assert rows[0].headcount == detail.headcount


def test_minutes_decisions_and_action_items(db: Database, roster: dict[str, str]) -> None:
    mid = _meeting(db, roster["p"], NOW)
    with db.session() as s:
        item = svc.add_agenda_item(s, mid, "Apprenticeship update")
        svc.set_attendance(s, mid, roster["ana"], True)
        svc.save_minutes(s, item, "Two employers will sponsor.")
        svc.add_decision(s, mid, "Apply for the state grant", item)
        svc.add_meeting_action_item(
            s, mid, "Draft the grant letter", svc.Owner("contact", roster["ana"]), dt.date(2026, 12, 1), item
        )
        svc.add_meeting_action_item(s, mid, "Book the room", svc.Owner("staff", roster["staff"]), None)
    with pytest.raises(ValidationError, match="Decision"), db.session() as s:
        svc.add_decision(s, mid, "")
    with db.read_session() as s:
        detail = get_meeting_detail(s, mid)
        owners = owner_options(s, mid)
        linked = s.query(ActionItem).filter_by(meeting_id=mid).all()
    assert detail.agenda[0].minutes == "Two employers will sponsor."
    assert [d.text for d in detail.decisions] == ["Apply for the state grant"]
    assert [(a.text, a.owner_name, a.due_date) for a in detail.action_items] == [
        ("Draft the grant letter", "Ana Diaz", dt.date(2026, 12, 1)),
        ("Book the room", "Priya Raman", None),
    ]
    assert {a.partnership_id for a in linked} == {roster["p"]}
    assert [(o.kind, o.label) for o in owners] == [
        ("contact", "Ana Diaz (Ironbridge Fabrication)"),
        ("staff", "Priya Raman (staff)"),
    ]


def test_ticking_attendance_before_a_future_meeting_leaves_it_planned(
    db: Database, roster: dict[str, str]
) -> None:
    mid = _meeting(db, roster["p"], utcnow() + dt.timedelta(days=3))
    with db.session() as s:
        svc.set_attendance(s, mid, roster["ana"], True)
    with db.read_session() as s:
        assert get_meeting_detail(s, mid).status == "planned"


def test_lists_split_upcoming_and_past_and_find_most_recent(db: Database, roster: dict[str, str]) -> None:
    old = _meeting(db, roster["p"], NOW - dt.timedelta(days=30), "Old")
    recent = _meeting(db, roster["p"], NOW - dt.timedelta(days=2), "Recent")
    soon = _meeting(db, roster["p"], NOW + dt.timedelta(days=1), "Soon")
    later = _meeting(db, roster["p"], NOW + dt.timedelta(days=7), "Later")
    with db.read_session() as s:
        upcoming = [r.id for r in list_meetings(s, MeetingFilter("upcoming"), now=NOW)]
        past = [r.id for r in list_meetings(s, MeetingFilter("past"), now=NOW)]
        first = list_meetings(s, MeetingFilter("past"), limit=1, now=NOW)
        window = [r.id for r in list_meetings(s, MeetingFilter("past"), after=first[0], limit=1, now=NOW)]
        by_title = [r.title for r in list_meetings(s, MeetingFilter("upcoming"), sort="title", now=NOW)]
        assert by_title == ["Later", "Soon"]
        assert most_recent_meeting_id(s, NOW) == recent
        assert count_meetings(s, MeetingFilter("past", text="rec"), now=NOW) == 1
    assert upcoming == [soon, later]
    assert past == [recent, old]
    assert window == [old]
