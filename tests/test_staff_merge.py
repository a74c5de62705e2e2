"""Merging a duplicate staff member: what it will move, said before; refusals that name the record
and change nothing; a synced merge undone as ordinary edits."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import ActionItem, Meeting, Organization, SectorPartnership, StaffUser, Visit
from sector_desktop.services import staff
from sector_desktop.services.undo import undo_edits
from sector_desktop.store import Database
from sector_desktop.store.capture import mark_all_as_baseline
from sector_desktop.store.changes import recording


@pytest.fixture
def pair(db: Database) -> tuple[str, str, str]:
    """Ben Ito (kept) and B. Ito (his duplicate), both synced; the duplicate has a visit, an action
    item and a meeting he facilitates."""
    kept = staff.add_staff(db, staff.StaffInput("Ben Ito", username="ben"))
    dup = staff.add_staff(db, staff.StaffInput("B. Ito", username="bito", email="bito@example.org"))
    with db.session() as s:
        org = Organization(name="Harbor Welding", kind="employer", tags=[])
        p = SectorPartnership(name="Advanced Manufacturing", sector="manufacturing")
        s.add_all([org, p])
        s.flush()
        visit = Visit(organization_id=org.id, starts_at=dt.datetime(2026, 3, 2, 14), staff_id=dup)
        s.add(visit)
        s.add(ActionItem(text="Send the apprenticeship standards", owner_staff_id=dup))
        s.add(Meeting(partnership_id=p.id, title="Welding workgroup", starts_at=dt.datetime(2026, 4, 1, 15),
                      facilitator_id=dup))  # fmt: skip
        s.flush()
        visit_id = visit.id
    mark_all_as_baseline(db.engine)
    return kept, dup, visit_id


def test_the_preview_says_what_a_merge_moves(db: Database, pair: tuple[str, str, str]) -> None:
    kept, dup, _visit = pair
    preview = staff.merge_preview(db, dup)
    assert preview.moved == {"action_item": 1, "meeting": 1, "visit": 1} and not preview.local_only
    assert staff.describe_moved(preview.moved) == "1 action item, 1 meeting they facilitate, 1 visit"
    assert staff.merge_preview(db, kept).moved == {} and not preview.has_account
    with db.session() as s:
        s.get(StaffUser, dup).account_id = "0190bbbb-0000-7000-8000-000000000002"  # as the server links it
    assert staff.merge_preview(db, dup).has_account
    local = staff.add_staff(db, staff.StaffInput("Dana Cruz"))
    assert staff.merge_preview(db, local).local_only


def test_refusals_name_the_record_and_change_nothing(db: Database, pair: tuple[str, str, str]) -> None:
    kept, dup, visit_id = pair
    with pytest.raises(ValidationError, match="cannot be merged into themselves"):
        staff.merge_staff(db, dup, dup)
    other = staff.add_staff(db, staff.StaffInput("Cat Wu"))
    staff.merge_staff(db, other, kept)
    with pytest.raises(NotFound, match=r"Not merged: Cat Wu \(the one to keep\) is no longer on the team"):
        staff.merge_staff(db, dup, other)
    with pytest.raises(NotFound, match=r"Cat Wu \(the duplicate\) is no longer on the team"):
        staff.merge_staff(db, other, kept)
    with db.read_session() as s:
        assert s.get(Visit, visit_id).staff_id == dup


def test_a_synced_merge_is_undone_as_ordinary_edits(db: Database, pair: tuple[str, str, str]) -> None:
    kept, dup, visit_id = pair
    with recording() as rec:
        merged = staff.merge_staff(db, dup, kept)
    assert not merged.local_only and merged.filled == ("email",)
    edits = rec.undoable_edits()
    assert edits is not None, "a synced merge is ordinary field edits: it can be taken back"
    assert [r.id for r in staff.list_staff(db)] == [kept]
    undo_edits(db, edits, "Merge B. Ito into Ben Ito")
    assert {r.name for r in staff.list_staff(db)} == {"Ben Ito", "B. Ito"}
    assert staff.get_staff(db, kept).email is None
    with db.read_session() as s:
        assert s.get(Visit, visit_id).staff_id == dup
        assert set(s.scalars(select(Meeting.facilitator_id))) == {dup}
