"""Recording outcomes: cohorts and placements with their retention checks, planned as action items,
recorded yes/no/unknown; no personal data; captured for sync from the first save."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, text
from visits_data import make_world

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import ActionItem, Placement, RetentionCheck, TrainingCohort
from sector_desktop.services.outcomes import (
    CohortInput,
    PlacementInput,
    clean_soc,
    delete_placement,
    record_check,
    save_cohort,
    save_placement,
)
from sector_desktop.store import Database


def _placement(world, **changes) -> PlacementInput:  # type: ignore[no-untyped-def]
    fields = {
        "organization_id": world.clinic,
        "start_date": dt.date(2025, 8, 15),
        "occupation_soc": "31-1131",
        "occupation_title": "Nursing Assistants",
        "hourly_wage": 19.5,
        "full_time": True,
        "staff_id": world.ana,
        "case_number": "MD-2025-00417",
    }
    return PlacementInput(**{**fields, **changes})


def _checks(db: Database, placement_id: str) -> dict[int, tuple[RetentionCheck, ActionItem]]:
    with db.read_session() as s:
        checks = s.scalars(select(RetentionCheck).where(RetentionCheck.placement_id == placement_id))
        return {c.quarter: (c, s.get(ActionItem, c.action_item_id)) for c in checks}


def test_a_placement_plans_its_2nd_and_4th_quarter_checks_for_its_owner(db: Database) -> None:
    world = make_world(db)
    placement_id = save_placement(db, _placement(world))
    checks = _checks(db, placement_id)
    assert sorted(checks) == [2, 4]
    second, item = checks[2]
    assert (second.due_on, second.result) == (dt.date(2026, 3, 31), None)
    assert (item.due_date, item.owner_staff_id, item.status) == (dt.date(2026, 3, 31), world.ana, "open")
    assert item.organization_id == world.clinic
    assert "Nursing Assistants placed at Riverside Clinic on Aug 15, 2025" in item.text
    assert checks[4][0].due_on == dt.date(2026, 9, 30)
    # A corrected start date moves both checks and their action items; nothing is planned twice.
    save_placement(db, _placement(world, start_date=dt.date(2025, 10, 2)), placement_id)
    moved = _checks(db, placement_id)
    assert [moved[q][0].due_on for q in (2, 4)] == [dt.date(2026, 6, 30), dt.date(2026, 12, 31)]
    assert moved[2][1].id == item.id and moved[2][1].due_date == dt.date(2026, 6, 30)
    with db.read_session() as s:
        assert len(list(s.scalars(select(RetentionCheck)))) == 2
        assert len(list(s.scalars(select(ActionItem)))) == 2


def test_recording_a_check_closes_its_action_item_and_keeps_the_answer(db: Database) -> None:
    world = make_world(db)
    placement_id = save_placement(db, _placement(world))
    second = _checks(db, placement_id)[2][0]
    record_check(db, second.id, "yes", dt.date(2026, 4, 2))
    check, item = _checks(db, placement_id)[2]
    assert (check.result, check.checked_on) == ("yes", dt.date(2026, 4, 2))
    assert item.status == "done" and item.status_note == "Recorded: Yes, still employed there."
    # A recorded answer is not moved by a later edit of the placement.
    save_placement(db, _placement(world, start_date=dt.date(2025, 10, 2)), placement_id)
    assert _checks(db, placement_id)[2][0].due_on == dt.date(2026, 3, 31)
    with pytest.raises(ValidationError, match="yes, no or unknown"):
        record_check(db, second.id, "maybe")
    with pytest.raises(ValidationError, match="before the placement started"):
        record_check(db, second.id, "no", dt.date(2025, 1, 1))


def test_no_personal_data_in_a_placement(db: Database) -> None:
    world = make_world(db)
    for case in ("123-45-6789", "123456789", "123 45 6789"):
        with pytest.raises(ValidationError) as exc:
            save_placement(db, _placement(world, case_number=case))
        assert "case number: nine digits alone look like a Social Security number" in exc.value.problems[0]
    with pytest.raises(ValidationError) as exc:
        save_placement(db, _placement(world, notes="Her DOB 3/5/1990, started Monday"))
    assert exc.value.problems[0].startswith("Placement notes: this looks like a date of birth")
    with pytest.raises(ValidationError) as exc:
        save_cohort(db, CohortInput(name="CNA", notes="SSN 123-45-6789 dropped out"))
    assert exc.value.problems[0].startswith("Cohort notes: this looks like a Social Security number")
    with db.read_session() as s:
        assert s.scalars(select(Placement)).first() is None and s.scalars(select(ActionItem)).first() is None


def test_bad_placements_say_what_is_wrong_and_save_nothing(db: Database) -> None:
    world = make_world(db)
    with pytest.raises(ValidationError) as exc:
        save_placement(db, _placement(world, occupation_soc="nurse", hourly_wage=45_000.0))
    assert exc.value.problems == [
        "occupation: a SOC code is written 29-2052 (two digits, a dash, four digits)",
        "starting wage: an hourly wage above $0 and at most $500",
    ]
    with pytest.raises(NotFound, match="No organization"):
        save_placement(db, _placement(world, organization_id="00000000-0000-7000-8000-000000000000"))
    assert [clean_soc(t) for t in ("29-2052", "292052", "29-2052.00", " ")] == ["29-2052"] * 3 + [None]


def test_cohorts_count_without_names(db: Database) -> None:
    world = make_world(db)
    cohort_id = save_cohort(
        db,
        CohortInput(
            name="CNA, spring 2026", sector="healthcare", provider_id=world.plant, staff_id=world.ben,
            starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 5, 30), enrolled=14, completed=12,
            credentials_earned=11, credential_name="Certified Nursing Assistant (CNA)",
        ),
    )  # fmt: skip
    with db.read_session() as s:
        cohort = s.get(TrainingCohort, cohort_id)
        assert (cohort.enrolled, cohort.completed, cohort.credentials_earned) == (14, 12, 11)
    with pytest.raises(ValidationError) as exc:
        save_cohort(db, CohortInput(name=" ", enrolled=5, completed=6, credentials_earned=2))
    assert [p.split(":")[0] for p in exc.value.problems] == ["name", "completed", "credential"]


def test_deleting_a_placement_cancels_its_open_checks(db: Database) -> None:
    world = make_world(db)
    placement_id = save_placement(db, _placement(world))
    record_check(db, _checks(db, placement_id)[2][0].id, "no")
    delete_placement(db, placement_id)
    checks = _checks(db, placement_id)
    assert all(c.deleted_at is not None for c, _ in checks.values())
    assert (checks[2][1].status, checks[4][1].status) == ("done", "cancelled")
    assert checks[4][1].status_note == "The placement was deleted."


def test_outcomes_are_captured_for_sync_from_the_first_save(db: Database) -> None:
    world = make_world(db)
    placement_id = save_placement(db, _placement(world))
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT tbl, row_id, field, value FROM sync_outbox")).all()
    tables = {tbl for tbl, *_ in rows}
    assert {"placement", "retention_check", "action_item"} <= tables
    wage = [json.loads(v) for tbl, row, f, v in rows if tbl == "placement" and f == "hourly_wage"]
    assert wage == [19.5] and any(row == placement_id for _, row, *_ in rows)
