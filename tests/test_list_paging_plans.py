"""A window deep in a big list is a seek on an index for every sort (migrations 0018 and 0020,
store/paging.py), not a walk over every row before it (issue 16). Query plans, not timings: SQLite
says SEARCH ... USING INDEX when it seeks, and USE TEMP B-TREE when it sorts every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from sector_desktop.models import Organization, StaffUser
from sector_desktop.store import Database, paging
from sector_desktop.store.organizations import (
    OrganizationFilter,
    OrganizationRow,
    _apply_filter,
    _last_visit,
    _sort_keys,
    _window_ids,
)
from sector_desktop.store.visits import VisitFilters, VisitRow, list_visits


@pytest.mark.parametrize("sort", ["kind", "sector", "status", "city", "zip", "phone"])
@pytest.mark.parametrize("blank_cursor", [False, True])
def test_a_window_after_a_row_seeks_on_the_sorts_index(db: Database, sort: str, blank_cursor: bool) -> None:
    f = OrganizationFilter()
    cursor = (None if blank_cursor else "Baltimore", "Acme Plumbing", "018f45a6-6c34-7e5e-83fd-b6cad54b67cc")
    stmt = paging.window(
        _apply_filter(select(Organization.id), f),
        _sort_keys(sort, f),
        descending=False,
        cursor=cursor,
        limit=200,
    )
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert f"SEARCH organization USING INDEX ix_organization_sort_{sort}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def _plan(db: Database, stmt: object) -> str:
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]
    with db.engine.connect() as conn:
        return " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("blank", [False, True])
def test_a_window_by_assigned_staff_seeks_one_staff_member_at_a_time(
    db: Database, descending: bool, blank: bool
) -> None:
    """Each staff member's rows (and the unassigned) are a seek on migration 0020's index, read
    from the index alone, in order: no sort of every organization."""
    group = Organization.assigned_staff_id.is_(None) if blank else Organization.assigned_staff_id == "s1"
    stmt = paging.window(
        _apply_filter(select(Organization.id), OrganizationFilter()).where(group),
        paging.keys(Organization.name, Organization.id),
        descending=descending,
        cursor=("Acme Plumbing", "018f45a6-6c34-7e5e-83fd-b6cad54b67cc"),
        limit=200,
    )
    plan = _plan(db, stmt)
    sign = "<" if descending else ">"
    index = "SEARCH organization USING COVERING INDEX ix_organization_sort_staff"
    seek = f"{index} (assigned_staff_id=? AND (name,id){sign}(?,?))"
    assert seek in plan, plan  # the whole cursor: no walk over the staff member's names before it
    assert "TEMP B-TREE" not in plan, plan


def test_the_last_visit_is_one_seek_on_its_own_index(db: Database) -> None:
    stmt = select(Organization.id, _last_visit()).where(Organization.id.in_(["a", "b"]))
    plan = _plan(db, stmt)
    assert "SEARCH visit USING COVERING INDEX ix_visit_last_completed (organization_id=?)" in plan, plan


def _plans_of(db: Database, run: Callable[[Session], object], marker: str = "JOIN organization") -> list[str]:
    """The query plans of the statements `run` sends that contain `marker` (the visit list's rows)."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if marker in statement:
            sent.append((statement, parameters))

    with db.read_session() as s:
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            run(s)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        conn = s.connection()
        return [
            " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in sent
        ]


@pytest.mark.parametrize("sort", ["visit_type", "status", "staff", "purpose"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_visits_window_after_a_row_seeks_on_the_sorts_index(
    db: Database, sort: str, descending: bool
) -> None:
    """Visits by type, status, staff (a staff member at a time) or purpose (migration 0021)."""
    with db.session() as s:
        s.add(StaffUser(id="s1", name="Dana Reyes", username="dana"))
    row = VisitRow(
        id="018f45a6-6c34-7e5e-83fd-b6cad54b67cc",
        starts_at=dt.datetime(2026, 5, 1, 13),
        organization_id="o1",
        organization_name="Acme",
        sector=None,
        visit_type="site_visit",
        status="completed",
        staff_name="Dana Reyes",
        purpose="Hiring",
        duration_minutes=None,
    )
    plans = _plans_of(
        db, lambda s: list_visits(s, VisitFilters(), sort=sort, descending=descending, after=row, limit=200)
    )
    sign = "<" if descending else ">"
    seek = {  # plain columns: the whole cursor at once; purpose (an expression): the cursor's own
        # purpose first, from the cursor's id (paging.seek_window), then the purposes after it
        "visit_type": f"ix_visit_sort_type ((visit_type,starts_at,id){sign}(?,?,?))",
        "status": f"ix_visit_sort_status ((status,starts_at,id){sign}(?,?,?))",
        "staff": f"ix_visit_sort_staff (staff_id=? AND (starts_at,id){sign}(?,?))",
        "purpose": f"ix_visit_sort_purpose (<expr>=? AND id{sign}?)",
    }[sort]
    assert plans and f"SEARCH visit USING INDEX {seek}" in plans[0], plans
    assert all("TEMP B-TREE" not in plan for plan in plans), plans


@pytest.mark.parametrize("sort", ["kind", "city"])
def test_a_window_after_a_row_reads_its_own_value_then_the_next_values(db: Database, sort: str) -> None:
    """A kind repeats 70,000 times at 100,000 organizations: the rows sharing the cursor's value are
    a seek to the cursor itself, not a walk from that value's first row (paging.seek_window)."""
    before = OrganizationRow(
        "018f45a6-6c34-7e5e-83fd-b6cad54b67cc", "Acme", None, "employer", None, "active",
        "Baltimore", "MD", None, None, None, None,
    )  # fmt: skip
    plans = _plans_of(
        db,
        lambda s: _window_ids(s, OrganizationFilter(), sort, False, before, 200),
        "SELECT organization.id",
    )
    assert len(plans) == 2, plans
    index = f"SEARCH organization USING INDEX ix_organization_sort_{sort}"
    assert f"{index} (<expr>=? AND (name,id)>(?,?))" in plans[0], plans
    assert f"{index} (<expr>>?)" in plans[1], plans
    assert all("TEMP B-TREE" not in plan for plan in plans), plans


@pytest.mark.parametrize("view", ["open", "closed"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("undated", [False, True])
def test_an_action_items_window_in_its_views_own_order_seeks_on_its_index(
    db: Database, view: str, descending: bool, undated: bool
) -> None:
    """The open views by due date (the dated items, then the undated: paging.nulls_last_window) and
    "Done or cancelled" by most recently updated are seeks on migration 0024's indexes."""
    from sector_desktop.store.action_items import ActionItemFilter, ActionItemRow, list_action_items

    stamp = dt.datetime(2026, 5, 1, 13)
    row = ActionItemRow(
        "018f45a6-6c34-7e5e-83fd-b6cad54b67cc", "Call back", "open", None,
        None if undated else dt.date(2026, 6, 1), False, None, None, False, None, None, None, None,
        None, None, None, None, None, stamp, stamp,
    )  # fmt: skip
    flt = ActionItemFilter(view=view, today=dt.date(2026, 5, 1))
    plans = _plans_of(
        db,
        lambda s: list_action_items(s, flt, descending=descending, after=row, limit=200),
        "FROM action_item",
    )
    sign = "<" if descending != (view == "closed") else ">"  # "closed" runs descending by default
    if view == "closed":
        seek = [f"ix_action_item_sort_closed ((updated_at,id){sign}(?,?))"]
    elif undated:  # the undated items after the cursor's
        seek = [f"ix_action_item_sort_due (status=? AND due_date=? AND (created_at,id){sign}(?,?))"]
    else:  # the dated items after the cursor, then the undated from their top
        seek = [
            f"ix_action_item_sort_due (status=? AND {'due_date>? AND ' if descending else ''}"
            f"(due_date,created_at,id){sign}(?,?,?))",
            "ix_action_item_sort_due (status=? AND due_date=?)",
        ]
    assert len(plans) == len(seek), plans
    for plan, want in zip(plans, seek, strict=True):
        assert f"SEARCH action_item USING INDEX {want}" in plan, plans
        assert "TEMP B-TREE" not in plan, plans
