"""The big lists' seek-friendly sorts give the same answers as the plain sort they replace (issue 16):
blanks where they were, ties by name (or time) then id, every window continuing the one before it
with nothing skipped or repeated, in both directions, whatever the window size."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import insert, select

from sector_desktop.models import ActionItem, Organization, StaffUser, Visit
from sector_desktop.store import Database, paging
from sector_desktop.store.action_items import (
    ActionItemFilter,
    ActionItemRow,
    _sort_keys,
    count_action_items,
    list_action_items,
)
from sector_desktop.store.organizations import OrganizationFilter, OrganizationRow, list_organizations
from sector_desktop.store.visits import VisitFilters, VisitRow, list_visits

NOW = dt.datetime(2026, 11, 24, 12, 0)
DANGLING = "018f0000-0000-7000-8000-00000000dead"  # a staff id whose record has not arrived yet


def _stamp(i: int, deleted: bool = False) -> dict[str, object]:
    return {
        "id": f"018f45a6-6c34-7e5e-83fd-{i:012d}",
        "created_at": NOW,
        "updated_at": NOW,
        "deleted_at": NOW if deleted else None,
    }


def _fill(db: Database) -> None:
    """Staff with a shared name, a tombstoned and an inactive one, an empty name; organizations with
    repeated names, assigned to each, to nobody, to a missing staff record, and some tombstoned."""
    rng = random.Random(16)
    staff = [
        ("Sam Lee", False, True),
        ("Sam Lee", False, True),  # the same name: one group
        ("Ana Ortiz", False, True),
        ("Zoë Brandt", True, True),  # tombstoned: the list still names her
        ("Bo Chen", False, False),  # inactive
        ("", False, True),  # an empty name sorts first, not with the blanks
    ]
    staff_rows = [
        {**_stamp(1000 + i, deleted), "name": name, "username": f"u{i}", "role": "staff", "active": active}
        for i, (name, deleted, active) in enumerate(staff)
    ]
    staff_ids = [str(r["id"]) for r in staff_rows]
    names = ["Acme", "Birch Works", "Cobalt", "Acme", "Dune Co", "Ember", "Acme", "Zephyr"]
    orgs = []
    for i in range(90):
        assigned = rng.choice([*staff_ids, None, None, DANGLING])
        orgs.append(
            {
                **_stamp(i, deleted=i % 17 == 0),
                "name": rng.choice(names),
                "kind": rng.choice(["employer", "training_provider"]),
                "status": "active",
                "tags": [],
                "assigned_staff_id": assigned,
            }
        )
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # as sync's apply does: the staff may come later
        conn.commit()
        conn.execute(insert(StaffUser.__table__), staff_rows)
        conn.execute(insert(Organization.__table__), orgs)
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def _expected(rows: list[OrganizationRow], descending: bool) -> list[str]:
    """The order the plain sort gives: staff name, blanks last either way, then name, then id."""
    named = sorted((r for r in rows if r.staff_name is not None), key=lambda r: (r.staff_name, r.name, r.id))
    blank = sorted((r for r in rows if r.staff_name is None), key=lambda r: (r.name, r.id))
    if descending:
        named.reverse()
        blank.reverse()
    return [r.id for r in named + blank]


def _paged(db: Database, f: OrganizationFilter, descending: bool, size: int) -> list[str]:
    seen: list[str] = []
    after = None
    with db.read_session() as s:
        while batch := list_organizations(s, f, sort="staff", descending=descending, after=after, limit=size):
            seen += [r.id for r in batch]
            after = batch[-1]
    return seen


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    "f", [OrganizationFilter(), OrganizationFilter(kind="employer"), OrganizationFilter(text="c")]
)
def test_organizations_by_staff_page_in_the_plain_sorts_order(
    db: Database, f: OrganizationFilter, descending: bool
) -> None:
    _fill(db)
    with db.read_session() as s:
        rows = list_organizations(s, f, sort="name", limit=1000)
    assert any(r.staff_name is None for r in rows) and any(r.staff_name == "" for r in rows)
    assert any(r.staff_name == "Zoë Brandt" for r in rows)
    expected = _expected(rows, descending)
    for size in (1, 2, 7, 200):
        assert _paged(db, f, descending, size) == expected, size


def _fill_visits(db: Database) -> None:
    """Visits by staff of a shared name, an empty name, a tombstoned one, nobody and a staff record
    not here yet, at repeated times, with blank and repeated purposes, some tombstoned."""
    _fill(db)
    rng = random.Random(61)
    staff_ids = [f"018f45a6-6c34-7e5e-83fd-{1000 + i:012d}" for i in range(6)]
    org_ids = [f"018f45a6-6c34-7e5e-83fd-{i:012d}" for i in range(1, 17)]
    visits = [
        {
            **_stamp(5000 + i, deleted=i % 13 == 0),
            "organization_id": rng.choice(org_ids),
            "starts_at": NOW - dt.timedelta(days=rng.randint(0, 4)),
            "visit_type": rng.choice(["site_visit", "phone"]),
            "status": rng.choice(["completed", "planned"]),
            "staff_id": rng.choice([*staff_ids, None, DANGLING]),
            "purpose": rng.choice([None, "", "Hiring", "Apprenticeship", "Hiring"]),
            "services": [],
        }
        for i in range(120)
    ]
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        conn.execute(insert(Visit.__table__), visits)
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def _visit_key(row: VisitRow, sort: str) -> tuple[object, ...]:
    """The plain sort's key (store/visits._sort_columns): a blank staff or purpose reads as ''."""
    return {
        "staff": (row.staff_name or "", row.starts_at, row.id),
        "visit_type": (row.visit_type, row.starts_at, row.id),
        "status": (row.status, row.starts_at, row.id),
        "purpose": (row.purpose or "", row.id),
    }[sort]


@pytest.mark.parametrize("sort", ["staff", "visit_type", "status", "purpose"])
@pytest.mark.parametrize("descending", [False, True])
def test_visits_page_in_the_plain_sorts_order(db: Database, sort: str, descending: bool) -> None:
    _fill_visits(db)
    with db.read_session() as s:
        rows = list_visits(s, VisitFilters(), limit=1000)
        assert len(rows) == 120 - 10 and any(r.staff_name is None for r in rows)
        expected = [r.id for r in sorted(rows, key=lambda r: _visit_key(r, sort), reverse=descending)]
        for size in (1, 3, 200):
            seen, after = [], None
            while batch := list_visits(
                s, VisitFilters(), sort=sort, descending=descending, after=after, limit=size
            ):
                seen += [r.id for r in batch]
                after = batch[-1]
            assert seen == expected, size


@pytest.mark.parametrize("descending", [False, True])
def test_organizations_by_a_repeated_kind_page_in_the_plain_sorts_order(
    db: Database, descending: bool
) -> None:
    """Two kinds among 80 live organizations: most windows start inside a run of one kind."""
    _fill(db)
    with db.read_session() as s:
        rows = list_organizations(s, sort="name", limit=1000)
        expected = [r.id for r in sorted(rows, key=lambda r: (r.kind, r.name, r.id), reverse=descending)]
        for size in (1, 3, 200):
            seen, after = [], None
            while batch := list_organizations(s, sort="kind", descending=descending, after=after, limit=size):
                seen += [r.id for r in batch]
                after = batch[-1]
            assert seen == expected, size


def _fill_action_items(db: Database) -> None:
    """Open, done and cancelled items at repeated due dates (some blank), created and updated at
    repeated times, some tombstoned."""
    rng = random.Random(24)
    items = [
        {
            **_stamp(9000 + i, deleted=i % 11 == 0),
            "created_at": NOW - dt.timedelta(hours=rng.randint(0, 3)),
            "updated_at": NOW - dt.timedelta(hours=rng.randint(0, 3)),
            "text": f"Follow up {i % 5}",
            "status": rng.choice(["open", "open", "done", "cancelled"]),
            "due_date": rng.choice(
                [None, dt.date(2026, 11, 20), dt.date(2026, 11, 30), dt.date(2026, 12, 1)]
            ),
        }
        for i in range(150)
    ]
    with db.engine.connect() as conn:
        conn.execute(insert(ActionItem.__table__), items)
        conn.commit()


def _action_item_order(rows: list[ActionItemRow], view: str, descending: bool) -> list[str]:
    """The plain sort's order: by due date, blanks last either way, then created, then id; "Done or
    cancelled" by update time then id, the most recent first (`descending` turns it round)."""
    if view == "closed":
        return [r.id for r in sorted(rows, key=lambda r: (r.updated_at, r.id), reverse=not descending)]
    dated = sorted(
        (r for r in rows if r.due_date is not None), key=lambda r: (r.due_date, r.created_at, r.id)
    )
    undated = sorted((r for r in rows if r.due_date is None), key=lambda r: (r.created_at, r.id))
    if descending:
        dated.reverse()
        undated.reverse()
    return [r.id for r in dated + undated]


@pytest.mark.parametrize("view", ["open", "overdue", "closed"])
@pytest.mark.parametrize("descending", [False, True])
def test_action_items_in_their_views_own_order_page_in_the_plain_sorts_order(
    db: Database, view: str, descending: bool
) -> None:
    _fill_action_items(db)
    flt = ActionItemFilter(view=view, today=dt.date(2026, 11, 25))
    with db.read_session() as s:
        rows = list_action_items(s, flt, sort="text", limit=1000)
        assert len(rows) == count_action_items(s, flt) > 10
        if view == "open":
            assert any(r.due_date is None for r in rows)
        expected = _action_item_order(rows, view, descending)
        key = "closed" if view == "closed" else "due"  # the plain ORDER BY the windows replace
        plain = select(ActionItem.id).where(ActionItem.id.in_([r.id for r in rows]))
        plain = plain.order_by(*paging.order_by(_sort_keys(key), descending != (view == "closed")))
        assert list(s.scalars(plain)) == expected
        for size in (1, 3, 200):
            seen, after = [], None
            while batch := list_action_items(s, flt, descending=descending, after=after, limit=size):
                seen += [r.id for r in batch]
                after = batch[-1]
            assert seen == expected, size
