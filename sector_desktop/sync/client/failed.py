"""Failed records: a field this device could not store (received) or the server refused (sent).

Kept in `sync_failed` with the reason, the value and its clock, so one bad record never stops a
sync: the rest of the page is applied and the cursor moves. A received failure is cleared when a
valid value of the field is applied; a sent one when a later change of the field is accepted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

RECEIVED, SENT = "received", "sent"


@dataclass(frozen=True)
class FailedRecord:
    table: str
    row_id: str
    field: str
    direction: str  # received | sent
    reason: str
    value: Any
    failed_at: str

    def describe(self) -> str:
        return f"{self.table} {self.row_id} {self.field}: {self.reason}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def record_failures(conn: Connection, direction: str, failures: list[dict[str, Any]]) -> None:
    """Keep failures: dicts with table, row_id, field, reason, value_json, hlc, node, author."""
    if not failures:
        return
    now = _now()
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO sync_failed (tbl, row_id, field, direction, reason, value, hlc, node,"
        " author, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f["table"],
                f["row_id"],
                f["field"],
                direction,
                f["reason"],
                f["value_json"],
                f.get("hlc"),
                f.get("node"),
                f.get("author"),
                now,
            )
            for f in failures
        ],
    )


def to_json(value: Any) -> str:
    """A received value as JSON text for the record (whatever it is)."""
    try:
        return json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        return json.dumps(repr(value))


def has_failures(conn: Connection, direction: str) -> bool:
    found = conn.exec_driver_sql("SELECT 1 FROM sync_failed WHERE direction = ? LIMIT 1", (direction,))
    return found.first() is not None


def clear_failures(conn: Connection, direction: str, keys: list[tuple[str, str, str]]) -> None:
    """Forget failures of these (table, row_id, field): a good value of the field got through."""
    if keys:
        conn.exec_driver_sql(
            "DELETE FROM sync_failed WHERE tbl = ? AND row_id = ? AND field = ? AND direction = ?",
            [(*k, direction) for k in keys],
        )


def failed_records(engine: Engine, limit: int = 1000) -> list[FailedRecord]:
    """Failed records, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT tbl, row_id, field, direction, reason, value, failed_at FROM sync_failed "
                "ORDER BY failed_at DESC, tbl, row_id, field LIMIT :n"
            ),
            {"n": limit},
        ).all()
    return [FailedRecord(r[0], r[1], r[2], r[3], r[4], _load(r[5]), r[6]) for r in rows]


def _load(raw: str | None) -> Any:
    try:
        return None if raw is None else json.loads(raw)
    except ValueError:
        return raw
