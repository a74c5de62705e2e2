"""`sector-server admin check-values`: find stored values the model refuses, and replace them.

Values stored before the server validated every change (sync/values.py) can stop old clients.
Each bad value is listed; with --fix it is replaced, as an ordinary change in the feed, by its last
valid value: the newest valid one kept in a conflict of that field, else the column's default,
for a date and time the time of the change, else empty when the field may be empty. A value with
no valid replacement is listed as not fixed: a laptop that refused it still shows the last good
value, and editing it there sends a valid one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnDefault, Connection, DateTime, Engine, or_, select, update

from sector_desktop.models import Base
from sector_desktop.store.hlc import Hlc, hlc_physical_ms

from ..values import check_row_id, check_value, rules
from .db import conflicts, field_state, write_transaction
from .feed import allocate_positions

SERVER_NODE = "sector-server"  # node and author of the server's own repairs


@dataclass
class BadValue:
    table: str
    row_id: str
    field: str
    value: str  # the stored JSON text
    reason: str
    hlc: str
    fixed: bool = False
    replacement: Any = None
    note: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def find_bad_values(engine: Engine) -> Iterator[BadValue]:
    """Every stored field whose value the model refuses (streamed)."""
    query = select(
        field_state.c.table_name,
        field_state.c.row_id,
        field_state.c.field,
        field_state.c.value,
        field_state.c.hlc,
    ).order_by(field_state.c.position)
    with engine.connect() as conn:
        for table, row_id, name, raw, hlc in conn.execution_options(yield_per=5000).execute(query):
            reason = _problem(table, row_id, name, raw)
            if reason:
                yield BadValue(table, row_id, name, raw, reason, hlc)


def _problem(table: str, row_id: str, name: str, raw: str | None) -> str | None:
    try:
        value = json.loads(raw) if raw is not None else None
    except ValueError:
        return "not valid JSON"
    return check_row_id(row_id) or check_value(table, name, value)


def fix_bad_values(engine: Engine, bad: list[BadValue]) -> None:
    """Replace each bad value by its last valid value, in one transaction; sets `fixed`."""
    with write_transaction(engine) as conn:
        todo = []
        for item in bad:
            found = _replacement(conn, item)
            if found is None:
                item.note = "no valid earlier value is known; set one from a client"
                continue
            item.fixed, item.replacement = True, found[0]
            item.note = found[1]
            todo.append(item)
        position = allocate_positions(conn, len(todo))
        for item in todo:
            conn.execute(
                update(field_state)
                .where(
                    field_state.c.table_name == item.table,
                    field_state.c.row_id == item.row_id,
                    field_state.c.field == item.field,
                )
                .values(
                    value=json.dumps(item.replacement, ensure_ascii=False, sort_keys=True),
                    hlc=Hlc(item.hlc).now(),  # after the bad value's clock, so every device takes it
                    node=SERVER_NODE,
                    author=SERVER_NODE,
                    device_id=SERVER_NODE,
                    position=position,
                )
            )
            position += 1


def _replacement(conn: Connection, item: BadValue) -> tuple[Any, str] | None:
    """(value, where it came from) or None when nothing valid is known."""
    if check_row_id(item.row_id) or (item.table, item.field) not in rules():
        return None
    c = conflicts.c
    rows = conn.execute(
        select(c.winner_value, c.winner_hlc, c.loser_value, c.loser_hlc).where(
            conflicts.c.table_name == item.table,
            conflicts.c.row_id == item.row_id,
            conflicts.c.field == item.field,
            or_(conflicts.c.winner_value.is_not(None), conflicts.c.loser_value.is_not(None)),
        )
    ).all()
    seen = sorted(
        ((hlc, raw) for r in rows for raw, hlc in ((r[0], r[1]), (r[2], r[3])) if raw is not None),
        reverse=True,
    )
    for _hlc, raw in seen:
        if raw != item.value and _problem(item.table, item.row_id, item.field, raw) is None:
            return json.loads(raw), "the last valid value, kept in a conflict"
    column = Base.metadata.tables[item.table].c[item.field]
    scalar = isinstance(column.default, ColumnDefault) and column.default.is_scalar
    default = column.default.arg if isinstance(column.default, ColumnDefault) and scalar else None
    if default is not None and check_value(item.table, item.field, default) is None:
        return default, "the field's default"
    if isinstance(column.type, DateTime):
        when = dt.datetime.fromtimestamp(hlc_physical_ms(item.hlc) / 1000, dt.UTC).replace(tzinfo=None)
        return when.isoformat(), "the time of the change that stored the bad value"
    if column.nullable:
        return None, "cleared (the field may be empty)"
    return None
