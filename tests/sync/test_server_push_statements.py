"""A small push is a fixed handful of statements, whatever its size (issue 16): on PostgreSQL each
statement is a round trip, and a 100-edit push spent most of its time in them. Counts, not timings."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_harness import BACKENDS, fresh_database_url
from sqlalchemy import Engine, event, select

from sector_desktop.models import new_id
from sector_desktop.store.hlc import Hlc
from sector_desktop.sync.protocol import LoginRequest, PushRequest
from sector_desktop.sync.server import auth
from sector_desktop.sync.server.db import feed_counter, make_engine, migrate
from sector_desktop.sync.server.feed import allocate_positions, pull_page
from sector_desktop.sync.server.push import apply_push

CLOCK = Hlc()


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with fresh_database_url(request.param, tmp_path) as url:
        eng = make_engine(url)
        migrate(eng)
        auth.create_user(eng, "ana", "pw", "staff")
        yield eng
        eng.dispose()


def _push(device_id: str, first: int, rows: list[str], fields: dict[str, Any]) -> PushRequest:
    mutations = [
        {
            "mutation": first + i,
            "changes": [
                {
                    "table": "organization",
                    "row_id": row,
                    "field": name,
                    "value": value,
                    "hlc": CLOCK.now(),
                    "node": device_id,
                    "author": "ana",
                }
                for name, value in fields.items()
            ],
        }
        for i, row in enumerate(rows)
    ]
    return PushRequest.model_validate(
        {"device_id": device_id, "batch_id": str(uuid.uuid4()), "mutations": mutations}
    )


def test_a_hundred_edit_push_is_ten_statements(engine: Engine) -> None:
    dev = auth.login(engine, LoginRequest(username="ana", password="pw", device_name="laptop")).device_id
    rows = [new_id() for _ in range(100)]
    created = apply_push(
        engine, dev, _push(dev, 1, rows, {"name": "Acme", "kind": "employer", "status": "active"})
    )
    assert created.applied == 300
    with engine.connect() as conn:
        clock_before = conn.execute(select(feed_counter.c.clock)).scalar_one()
    statements: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        edited = apply_push(engine, dev, _push(dev, 101, rows, {"name": "Acme Works", "status": "inactive"}))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert edited.applied == 200 and not edited.rejected and not edited.conflicts
    # The batch id, the device (with the server's clock and whether it was ever restamped), the
    # rows, the positions (with the clock), the field update, the device, the fingerprints, the
    # batch, old batches, and BEGIN IMMEDIATE on SQLite.
    lock = 1 if engine.dialect.name == "postgresql" else 0  # SELECT ... FOR UPDATE (SQLite: BEGIN IMMEDIATE)
    assert len(statements) <= 10 + lock, "\n".join(statements)
    page = pull_page(engine, None, 1000)
    with engine.connect() as conn:
        counter = conn.execute(select(feed_counter.c.last_position, feed_counter.c.clock)).one()
    assert counter.last_position == max(c["position"] for c in page["changes"])
    # The server's clock moved with the positions, past every clock it stored.
    assert counter.clock > clock_before and counter.clock >= max(c["hlc"] for c in page["changes"])


def test_positions_are_handed_out_in_a_row_and_the_clock_moves_with_them(engine: Engine) -> None:
    with engine.begin() as conn:
        assert allocate_positions(conn, 0) == 1
        assert allocate_positions(conn, 3) == 1
        assert allocate_positions(conn, 2, "1800000000000-00007") == 4
        assert allocate_positions(conn, 0) == 6
        assert allocate_positions(conn, 0, "1800000000001-00000") == 6
    with engine.connect() as conn:
        assert conn.execute(select(feed_counter.c.last_position, feed_counter.c.clock)).one() == (
            5,
            "1800000000001-00000",
        )
