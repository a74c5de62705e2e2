"""A window deep in the Organizations list is a seek on an index for every plain column's sort
(migration 0018, store/paging.py), not a walk over every row before it (issue 16). Query plans,
not timings: SQLite says SEARCH ... USING INDEX when it seeks."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from sector_desktop.models import Organization
from sector_desktop.store import Database, paging
from sector_desktop.store.organizations import OrganizationFilter, _apply_filter, _sort_keys


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
