"""Planting a value straight into a server database, as a server before value checks could store it."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import update

from sector_desktop.store.hlc import Hlc
from sector_desktop.sync.server.db import field_state, make_engine, write_transaction
from sector_desktop.sync.server.feed import allocate_positions


def plant_value(database_url: str, table: str, row_id: str, field: str, value: Any) -> None:
    """Overwrite a stored field with `value` (any JSON) at a new clock and feed position."""
    engine = make_engine(database_url)
    try:
        with write_transaction(engine) as conn:
            position = allocate_positions(conn, 1)
            conn.execute(
                update(field_state)
                .where(
                    field_state.c.table_name == table,
                    field_state.c.row_id == row_id,
                    field_state.c.field == field,
                )
                .values(value=json.dumps(value), hlc=Hlc().now(), position=position)
            )
    finally:
        engine.dispose()
