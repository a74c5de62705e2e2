"""Outcomes sync from their first day: a cohort, a placement, its retention checks and their action items
made on one laptop reach another through the real `sector-server`, and a recorded check travels back."""

from __future__ import annotations

import datetime as dt

from client_helpers import Laptop

from sector_desktop.models import Organization, StaffUser
from sector_desktop.services.outcomes import (
    CohortInput,
    PlacementInput,
    record_check,
    save_cohort,
    save_placement,
)


def test_cohorts_placements_and_retention_checks_sync(two_laptops: list[Laptop]) -> None:
    a, b = two_laptops
    with a.db.session() as s:
        staff = StaffUser(name="Ana Ortiz", username="ana-staff")
        clinic = Organization(name="Riverside Clinic", kind="employer", sector="healthcare", tags=[])
        s.add_all([staff, clinic])
        s.flush()
        staff_id, clinic_id = staff.id, clinic.id
    cohort_id = save_cohort(
        a.db, CohortInput(name="CNA, spring 2026", sector="healthcare", ends_on=dt.date(2026, 5, 30),
                          enrolled=14, completed=12, credentials_earned=11, credential_name="CNA"),
    )  # fmt: skip
    placement_id = save_placement(
        a.db,
        PlacementInput(clinic_id, dt.date(2025, 8, 15), "31-1131", "Nursing Assistants", 19.5, True,
                       cohort_id, staff_id=staff_id),
    )  # fmt: skip
    assert a.sync().ok and b.sync().ok
    placement = b.rows("placement")
    assert [(p["id"], p["hourly_wage"], p["cohort_id"]) for p in placement] == [
        (placement_id, 19.5, cohort_id)
    ]
    assert [c["credentials_earned"] for c in b.rows("training_cohort")] == [11]
    checks = {c["quarter"]: c for c in b.rows("retention_check")}
    assert sorted(checks) == [2, 4] and checks[2]["due_on"] == "2026-03-31"
    items = {i["id"]: i for i in b.rows("action_item")}
    assert items[checks[2]["action_item_id"]]["owner_staff_id"] == staff_id

    record_check(b.db, checks[2]["id"], "yes", dt.date(2026, 4, 1))
    assert b.sync().ok and a.sync().ok
    back = {c["quarter"]: c for c in a.rows("retention_check")}
    assert (back[2]["result"], back[2]["checked_on"]) == ("yes", "2026-04-01")
    assert {i["id"]: i["status"] for i in a.rows("action_item")}[checks[2]["action_item_id"]] == "done"
