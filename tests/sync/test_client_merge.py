"""Properties of the merge: order-independent, repeatable, and safe when clocks jump by a year."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sector_desktop.store import open_database
from sector_desktop.store.hlc import MAX_PHYSICAL_MS, Hlc, encode_hlc
from sector_desktop.sync.client.apply import PageWriter, apply_page
from sector_desktop.sync.client.merge import merge

YEAR_MS = 365 * 24 * 3600 * 1000
NOW_MS = 1_795_000_000_000

ROWS = ["01900000-0000-7000-8000-00000000000" + str(i) for i in range(3)]
FIELD_VALUES = [
    (field, value)
    for field, values in {
        "name": ["Acme", "Beta Tool", ""],
        "city": [None, "Erie", "Toledo"],
        "sites_count": [None, 1, 5],
    }.items()
    for value in values
]


def _change(low_ms: int, high_ms: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda row, field_value, ms, counter, node: {
            "table": "organization",
            "row_id": row,
            "field": field_value[0],
            "value": field_value[1],
            "hlc": encode_hlc(ms, counter),
            "node": node,
            "author": "u1",
        },
        st.sampled_from(ROWS),
        st.sampled_from(FIELD_VALUES),
        st.integers(low_ms, high_ms),
        st.integers(0, 3),
        st.sampled_from(["node-a", "node-b", "node-c"]),
    )


change = _change(NOW_MS - YEAR_MS, NOW_MS + YEAR_MS)
# Pages applied to a database move this process's clock forward to what they carry; keep those
# in the past so that later tests in the same process do not stamp edits a year ahead.
past_change = _change(NOW_MS - 2 * YEAR_MS, NOW_MS - YEAR_MS)


def _unique_clocks(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A real (hlc, node) pair names exactly one change; hypothesis may draw two with one clock.
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for ch in changes:
        seen.setdefault((ch["hlc"], ch["node"]), ch)
    return list(seen.values())


@given(st.lists(change, max_size=30), st.randoms(use_true_random=False))
def test_merge_is_order_independent_and_repeatable(changes: list[dict[str, Any]], rnd: random.Random) -> None:
    changes = _unique_clocks(changes)
    one: dict = {}
    merge(one, changes)
    shuffled = changes[:]
    rnd.shuffle(shuffled)
    two: dict = {}
    merge(two, shuffled + shuffled[: len(shuffled) // 2])  # duplicate deliveries change nothing
    merge(two, changes)
    assert one == two


def _db_state(path: Path) -> tuple[list[tuple], list[tuple]]:
    db = open_database(path)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, name, city, sites_count FROM organization ORDER BY id")).all()
        clocks = conn.execute(text("SELECT * FROM sync_field_clock ORDER BY tbl, row_id, field")).all()
        outbox = conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar()
    db.close()
    assert outbox == 0, "applied changes must not be echoed"
    return [tuple(r) for r in rows], [tuple(c) for c in clocks]


def _apply_in_pages(path: Path, changes: list[dict[str, Any]], page_size: int) -> None:
    db = open_database(path)
    for i in range(0, len(changes), page_size):
        page = {"changes": changes[i : i + page_size], "conflicts": [], "epoch": "e", "next_cursor": f"e:{i}"}
        apply_page(db.engine, page, "this-device")
    db.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(past_change, min_size=1, max_size=25), st.randoms(use_true_random=False), st.integers(1, 7))
def test_applying_pages_in_any_order_and_split_gives_the_same_database(
    tmp_path: Path, migrated_template: Path, changes: list[dict[str, Any]], rnd: random.Random, page: int
) -> None:
    changes = _unique_clocks(changes)
    # Rows created by a page need every NOT NULL column; the template's organization has them.
    first, second = tmp_path / f"a{rnd.random()}.db", tmp_path / f"b{rnd.random()}.db"
    shutil.copy(migrated_template, first)
    shutil.copy(migrated_template, second)
    _apply_in_pages(first, changes, len(changes))
    shuffled = changes[:]
    rnd.shuffle(shuffled)
    _apply_in_pages(second, shuffled + changes[:3], page)  # another order, other pages, repeats
    assert _db_state(first) == _db_state(second)


@given(st.integers(-YEAR_MS, YEAR_MS), st.integers(0, 50))
def test_an_edit_made_after_seeing_a_change_wins_over_it_even_if_the_wall_clock_jumped(
    jump_ms: int, steps: int
) -> None:
    """A laptop whose clock jumps a year either way still orders its edits after what it saw."""
    wall = {"ms": NOW_MS}
    laptop = Hlc(wall=lambda: wall["ms"], max_forward_ms=MAX_PHYSICAL_MS)
    other = Hlc(wall=lambda: NOW_MS)
    seen = other.now()
    laptop.receive(seen)
    wall["ms"] = NOW_MS + jump_ms
    readings = [laptop.now() for _ in range(steps + 1)]
    assert all((r, "laptop") > (seen, "other") for r in readings)
    assert readings == sorted(set(readings)), "readings strictly increase"
    state: dict = {}
    merge(
        state,
        [{"table": "t", "row_id": "r", "field": "f", "value": "mine", "hlc": readings[-1], "node": "laptop"}],
    )
    merge(state, [{"table": "t", "row_id": "r", "field": "f", "value": "seen", "hlc": seen, "node": "other"}])
    assert state[("t", "r", "f")][0] == "mine"


def test_a_whole_record_applied_fast_equals_the_same_record_applied_field_by_field(
    tmp_path: Path, migrated_template: Path
) -> None:
    """The bulk path (rows format, raw values) stores exactly what the per-field path stores."""
    from sector_desktop.models import Organization

    hlc = encode_hlc(NOW_MS - YEAR_MS, 1)
    values = {c.name: None for c in Organization.__table__.columns if c.name != "id"}
    values.update(
        name="Harbor Welding",
        kind="employer",
        status="active",
        tags=["weld", "cnc"],
        sites_count=3,
        created_at="2025-01-02T03:04:05.678901",
        updated_at="2025-01-02T03:04:05.678901",
    )
    row = {
        "table": "organization",
        "row_id": ROWS[0],
        "position": 1,
        "hlc": hlc,
        "node": "n1",
        "author": "u1",
        "values": values,
        "clocks": {"city": [encode_hlc(NOW_MS - YEAR_MS, 2), "n2", "u2"]},
    }
    fast, slow = tmp_path / "fast.db", tmp_path / "slow.db"
    shutil.copy(migrated_template, fast)
    shutil.copy(migrated_template, slow)
    for path, page in (
        (fast, {"rows": [row], "changes": []}),
        (
            slow,
            {
                "changes": [
                    {
                        "table": "organization",
                        "row_id": ROWS[0],
                        "field": f,
                        "value": v,
                        "hlc": hlc,
                        "node": "n1",
                        "author": "u1",
                    }
                    for f, v in values.items()
                    if f != "city"
                ]
                + [
                    {
                        "table": "organization",
                        "row_id": ROWS[0],
                        "field": "city",
                        "value": None,
                        "hlc": encode_hlc(NOW_MS - YEAR_MS, 2),
                        "node": "n2",
                        "author": "u2",
                    }
                ]
            },
        ),
    ):
        db = open_database(path)
        apply_page(db.engine, {**page, "conflicts": [], "epoch": "e", "next_cursor": "e:1"}, "me")
        db.close()
    stored = []
    for path in (fast, slow):
        db = open_database(path)
        with db.engine.connect() as conn:
            stored.append(conn.execute(text("SELECT * FROM organization")).all())
        with db.read_session() as s:
            org = s.get(Organization, ROWS[0])
            assert org is not None and org.tags == ["weld", "cnc"] and org.created_at.microsecond == 678901
        db.close()
    assert stored[0] == stored[1]
    assert (
        _effective_clock(fast, "city")
        == _effective_clock(slow, "city")
        == (encode_hlc(NOW_MS - YEAR_MS, 2), "n2")
    )
    assert _effective_clock(fast, "name") == _effective_clock(slow, "name") == (hlc, "n1")


def _effective_clock(path: Path, field: str) -> tuple[str, str]:
    db = open_database(path)
    with db.engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT hlc, node FROM sync_field_clock WHERE field IN (:f, '*') ORDER BY field = '*' LIMIT 1"
            ),
            {"f": field},
        ).one()
    db.close()
    return (found[0], found[1])


def test_pages_in_one_transaction_commit_or_roll_back_with_their_cursor(tmp_path: Path) -> None:
    """A bulk pull commits several pages at once: a failure rolls back every page since the last
    commit together with the cursor, so those pages are pulled again and nothing is half applied."""
    path = tmp_path / "laptop.db"
    open_database(path).close()

    def page(i: int, name: str) -> dict[str, Any]:
        hlc = encode_hlc(NOW_MS - 2 * YEAR_MS, i)
        ch = {"table": "organization", "row_id": ROWS[i], "field": "name", "value": name, "hlc": hlc}
        return {"changes": [{**ch, "node": "n1", "author": "u1"}], "epoch": "e", "next_cursor": f"e:{i + 1}"}

    db = open_database(path)
    with pytest.raises(KeyError), PageWriter(db.engine, commit_after=3600) as writer:
        writer.apply(page(0, "Acme"), "me")
        writer.apply(page(1, "Beta"), "me")
        writer.apply({k: v for k, v in page(2, "Gamma").items() if k != "epoch"}, "me")  # a broken page
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM organization")).scalar() == 0
        assert conn.execute(text("SELECT cursor FROM sync_state")).scalar() is None
    with PageWriter(db.engine, commit_after=3600) as writer:
        writer.apply(page(0, "Acme"), "me")
        writer.apply(page(1, "Beta"), "me")
        writer.commit()
        writer.apply(page(2, "Gamma"), "me")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM organization ORDER BY name")).scalars().all() == [
            "Acme",
            "Beta",
            "Gamma",
        ]
        assert conn.execute(text("SELECT cursor FROM sync_state")).scalar() == "e:3"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.close()
