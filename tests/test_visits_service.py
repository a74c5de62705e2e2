"""Visit logging, validation, drafts and the visit list's filters and sort, without Qt."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from visits_data import World, full_input, make_world

from sector_desktop.errors import ValidationError
from sector_desktop.models import (
    ActionItem,
    HiringNeed,
    SkillGap,
    Visit,
    VisitAttendee,
)
from sector_desktop.services.drafts import (
    discard_draft,
    list_drafts,
    load_draft,
    save_draft,
    visit_draft_key,
)
from sector_desktop.services.visits import (
    ActionItemInput,
    HiringNeedInput,
    delete_visit,
    log_visit,
    update_visit,
)
from sector_desktop.store import Database
from sector_desktop.store.visits import (
    SORT_KEYS,
    VisitFilters,
    count_visits,
    get_visit_detail,
    list_visits,
)


def count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0


def test_log_visit_saves_every_part(db: Database) -> None:
    w = make_world(db)
    visit_id = log_visit(db, full_input(w))
    with db.read_session() as s:
        d = get_visit_detail(s, visit_id)
    assert d.organization_name == "Riverside Clinic" and d.staff_name == "Ana Ortiz"
    assert {a.name for a in d.attendees} == {"Nia Nurse", "Max Manager"}
    assert d.hiring_needs[0].occupation == "Certified nursing assistant"
    assert (d.hiring_needs[0].openings, d.hiring_needs[0].wage_min, d.hiring_needs[0].wage_max) == (
        12,
        18.5,
        22.0,
    )
    assert [g.skill for g in d.skill_gaps] == ["Dementia care"]
    assert d.services == ["recruitment", "training"]  # the report's order, not the ticking order
    [item] = d.action_items
    assert (item.text, item.owner_name, item.due_date, item.status) == (
        "Send the CNA cohort schedule",
        "Ben Li",
        dt.date(2026, 3, 11),
        "open",
    )
    with db.read_session() as s:
        action = s.get(ActionItem, item.id)
        assert action.visit_id == visit_id and action.organization_id == w.clinic


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"services": ["training", "free_lunch"]}, "Services"),
        ({"hiring_needs": [HiringNeedInput("Welder", 2, 30.0, 20.0)]}, "Hiring needs, row 1, wage"),
        ({"organization_id": None}, "Organization"),
        ({"visit_type": "carrier_pigeon"}, "Type"),
        ({"action_items": [ActionItemInput("  ")]}, "Follow-ups, row 1, text"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(db: Database, changes: dict, field: str) -> None:
    w = make_world(db)
    with pytest.raises(ValidationError) as info:
        log_visit(db, full_input(w, **changes))
    assert any(p.startswith(field) for p in info.value.problems), info.value.problems
    for model in (Visit, VisitAttendee, HiringNeed, SkillGap, ActionItem):
        assert count(db, model) == 0


def test_attendee_from_another_organization_is_refused(db: Database) -> None:
    w = make_world(db)
    with pytest.raises(ValidationError) as info:
        log_visit(db, full_input(w, attendee_ids=[w.nurse, w.foreman]))
    assert "Attendees: Fay Foreman is a contact of another organization." in info.value.problems
    assert count(db, Visit) == 0


def test_wage_min_above_max_is_refused_with_both_figures(db: Database) -> None:
    w = make_world(db)
    with pytest.raises(ValidationError, match=r"minimum \(30\.00\) is more than the maximum \(20\.00\)"):
        log_visit(db, full_input(w, hiring_needs=[HiringNeedInput("Welder", 1, 30, 20)]))


def test_update_keeps_edited_rows_and_tombstones_removed_ones(db: Database) -> None:
    w = make_world(db)
    visit_id = log_visit(db, full_input(w))
    with db.read_session() as s:
        before = get_visit_detail(s, visit_id)
    need = before.hiring_needs[0]
    changed = full_input(
        w,
        attendee_ids=[w.manager],
        hiring_needs=[HiringNeedInput(need.occupation, 15, 19.0, 23.0, "by July", id=need.id)],
        skill_gaps=[],
        notes="Now fifteen.",
    )
    update_visit(db, visit_id, changed, draft_key="visit:" + visit_id)
    with db.read_session() as s:
        after = get_visit_detail(s, visit_id)
    assert [a.name for a in after.attendees] == ["Max Manager"]
    assert after.hiring_needs[0].id == need.id and after.hiring_needs[0].openings == 15
    assert after.skill_gaps == [] and after.notes == "Now fifteen."
    assert count(db, SkillGap) == 0 and count(db, VisitAttendee) == 1


def test_delete_is_a_tombstone(db: Database) -> None:
    w = make_world(db)
    visit_id = log_visit(db, full_input(w))
    delete_visit(db, visit_id)
    with db.read_session() as s:
        assert s.get(Visit, visit_id).deleted_at is not None
        assert count_visits(s, VisitFilters()) == 0
    assert count(db, ActionItem) == 0


def test_draft_save_load_discard(db: Database) -> None:
    key = visit_draft_key(organization_id="org-1")
    assert key == "visit:new:org-1"
    assert load_draft(db, key) is None
    save_draft(db, key, {"notes": "first"})
    save_draft(db, key, {"notes": "second — typed offline"})
    assert load_draft(db, key).payload == {"notes": "second — typed offline"}
    save_draft(db, "meeting:1", {"minutes": "not a visit"})
    assert [d.key for d in list_drafts(db, "visit:")] == [key]
    assert discard_draft(db, key) is True
    assert load_draft(db, key) is None and discard_draft(db, key) is False


def test_saving_a_visit_removes_its_draft_in_the_same_transaction(db: Database) -> None:
    w = make_world(db)
    key = visit_draft_key(organization_id=w.clinic)
    save_draft(db, key, {"notes": "typed"})
    with pytest.raises(ValidationError):
        log_visit(db, full_input(w, services=["nope"]), draft_key=key)
    assert load_draft(db, key) is not None  # a refused save keeps the typed text
    log_visit(db, full_input(w), draft_key=key)
    assert load_draft(db, key) is None


def _log(db: Database, w: World, when: dt.datetime, **changes) -> str:
    base = {"attendee_ids": [], "action_items": [], "hiring_needs": [], "skill_gaps": []}
    return log_visit(db, full_input(w, starts_at=when, **{**base, **changes}))


def test_listing_filters_and_sort(db: Database) -> None:
    w = make_world(db)
    a = _log(db, w, dt.datetime(2026, 1, 5, 9), purpose="Jan clinic")
    b = _log(db, w, dt.datetime(2026, 2, 5, 9), visit_type="phone", staff_id=w.ben, purpose="Feb clinic call")
    c = _log(db, w, dt.datetime(2026, 3, 5, 23, 30), organization_id=w.plant, purpose="Mar plant")
    d = _log(db, w, dt.datetime(2026, 4, 5, 9), status="planned", purpose="Apr clinic")
    with db.read_session() as s:

        def ids(**f) -> list[str]:
            return [r.id for r in list_visits(s, VisitFilters(**f))]

        assert ids() == [d, c, b, a]  # newest first by default
        assert ids(date_from=dt.date(2026, 2, 5), date_to=dt.date(2026, 3, 5)) == [c, b]  # to-date inclusive
        assert ids(staff_id=w.ben) == [b]
        assert ids(organization_id=w.plant) == [c]
        assert ids(organization_text="metal") == [c]
        assert ids(sector="healthcare") == [d, b, a]
        assert ids(visit_type="phone") == [b]
        assert ids(status="planned") == [d]
        assert count_visits(s, VisitFilters(sector="healthcare")) == 3
        by_org = list_visits(s, VisitFilters(), sort="organization", descending=False)
        assert by_org[0].organization_name == "Delta Metal Works"
        assert [r.id for r in list_visits(s, VisitFilters(), descending=False)] == [a, b, c, d]
        for sort in SORT_KEYS:  # windows continue after the last row, with nothing skipped or repeated
            for descending in (True, False):
                whole = list_visits(s, VisitFilters(), sort=sort, descending=descending)
                first = list_visits(s, VisitFilters(), sort=sort, descending=descending, limit=3)
                rest = list_visits(s, VisitFilters(), sort=sort, descending=descending, after=first[-1])
                assert [r.id for r in first + rest] == [r.id for r in whole], (sort, descending)
        assert list_visits(s, VisitFilters(staff_id=w.ben))[0].staff_name == "Ben Li"


def test_windows_continue_across_empty_staff_and_purpose(db: Database) -> None:
    w = make_world(db)
    when = dt.datetime(2026, 5, 1, 9)
    made = {_log(db, w, when + dt.timedelta(hours=i), staff_id=None, purpose=None) for i in range(3)}
    made |= {_log(db, w, when, purpose=f"p{i}") for i in range(3)}  # same moment: ties broken by id
    with db.read_session() as s:
        for sort in SORT_KEYS:
            for descending in (True, False):
                seen, after = [], None
                while batch := list_visits(
                    s, VisitFilters(), sort=sort, descending=descending, after=after, limit=2
                ):
                    seen += [r.id for r in batch]
                    after = batch[-1]
                assert len(seen) == 6 and set(seen) == made, (sort, descending)
