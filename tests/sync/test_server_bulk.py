"""The push's set-based writes (sync/server/bulk.py) store what row-by-row statements stored, on
both backends: values with quotes, non-ASCII text, JSON null, long text, and untouched rows kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from server_harness import BACKENDS, fresh_database_url
from sqlalchemy import select

from sector_desktop.sync.server.bulk import insert_rows, update_fields
from sector_desktop.sync.server.db import device_mutations, field_state, make_engine, migrate

ODD_VALUES = ['"it\'s"', '"Zoë, \\"quoted\\", {braces}, NULL"', "null", '"' + "x" * 5000 + '"', "3"]


def _row(i: int, value: str, position: int) -> dict[str, object]:
    return {
        "table_name": "organization",
        "row_id": f"row-{i}",
        "field": "notes",
        "value": value,
        "hlc": f"{1_800_000_000_000 + i:013d}-00000",
        "node": "node-a",
        "author": "user-a",
        "position": position,
        "device_id": "device-a",
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_bulk_insert_and_update_store_every_value(backend: str, tmp_path: Path) -> None:
    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            first = [_row(i, '"old"', i + 1) for i in range(len(ODD_VALUES) + 1)]
            with engine.begin() as conn:
                insert_rows(conn, field_state, first)
                insert_rows(
                    conn, device_mutations, [{"device_id": "d", "mutation": 2**62, "fingerprint": "f"}]
                )
                insert_rows(conn, device_mutations, [])
            changed = [
                {**_row(i, v, 100 + i), "node": "node-b", "device_id": "device-b"}
                for i, v in enumerate(ODD_VALUES)
            ]
            with engine.begin() as conn:
                update_fields(conn, changed)
                update_fields(conn, [])
            with engine.connect() as conn:
                stored = {
                    r.row_id: dict(r._mapping)
                    for r in conn.execute(select(field_state).order_by(field_state.c.row_id))
                }
                marks = conn.execute(select(device_mutations.c.mutation)).scalars().all()
            assert marks == [2**62]
            for row in changed:
                assert stored[str(row["row_id"])] == row
            untouched = first[-1]
            assert stored[str(untouched["row_id"])] == untouched
        finally:
            engine.dispose()
