"""Applying a push: one transaction, exactly once per (device, mutation), per-field LWW with conflicts kept.

The merge rules are written out in docs/sync.md ("Field changes and merging").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, select, update

from sector_desktop.models import new_id, utcnow
from sector_desktop.store.hlc import Hlc, hlc_physical_ms, wall_clock_ms

from ..protocol import (
    FUTURE_TOLERANCE_MS,
    MAX_VALUE_CHARS,
    TOMBSTONE_FIELD,
    Conflict,
    FieldChange,
    PushRequest,
    PushResponse,
    RejectedChange,
)
from ..values import check_row_id, check_value
from .db import conflicts, devices, field_state, processed_batches, write_transaction
from .feed import allocate_positions, conflict_dict

Key = tuple[str, str, str]
# Restamps clocks from the future (see _apply_change); one per server process.
BATCH_MEMORY = dt.timedelta(days=30)
SERVER_CLOCK = Hlc(max_forward_ms=FUTURE_TOLERANCE_MS)


class PushRefused(Exception):
    """A batch that cannot be applied at all (the message says why)."""


@dataclass
class FieldValue:
    value: str  # JSON text
    hlc: str
    node: str
    author: str
    device_id: str
    dirty: bool = False


@dataclass
class PushState:
    """What one push transaction has seen and decided, flushed at the end."""

    device_id: str
    fields: dict[Key, FieldValue] = field(default_factory=dict)
    stored: set[Key] = field(default_factory=set)  # keys that already have a field_state row
    row_fields: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    new_conflicts: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    applied: int = 0
    clamped: bool = False
    clock: Hlc = field(default_factory=lambda: SERVER_CLOCK)
    max_skew_ms: int = 0


def apply_push(
    engine: Engine,
    device_id: str,
    request: PushRequest,
    before_commit: Callable[[Connection], None] | None = None,
) -> PushResponse:
    """Apply one batch in ONE transaction. `before_commit` is a test hook (ordering tests)."""
    with write_transaction(engine) as conn:
        stored = conn.execute(
            select(processed_batches.c.response, processed_batches.c.device_id).where(
                processed_batches.c.batch_id == request.batch_id
            )
        ).first()
        if stored is not None:
            if stored.device_id != device_id:
                raise PushRefused("This batch id was already used by another device; make a new one.")
            return PushResponse.model_validate_json(stored.response).model_copy(
                update={"replay": True, "applied": 0}
            )
        last = conn.execute(select(devices.c.last_mutation).where(devices.c.id == device_id)).scalar_one()
        todo = sorted((m for m in request.mutations if m.mutation > last), key=lambda m: m.mutation)
        state = PushState(device_id)
        now_ms = wall_clock_ms()
        _load_rows(conn, state, [c for m in todo for c in m.changes])
        for mutation in todo:
            for change in mutation.changes:
                _apply_change(state, mutation.mutation, change, now_ms)
            for res in mutation.resolutions:
                state.resolutions.append({"mutation": mutation.mutation, **res.model_dump()})
        acked = max([last, *(m.mutation for m in todo)])
        response = _flush(conn, state, acked, replay=not todo and bool(request.mutations))
        conn.execute(
            processed_batches.insert().values(
                batch_id=request.batch_id,
                device_id=device_id,
                acked_through=acked,
                response=response.model_dump_json(),
                applied_at=utcnow(),
            )
        )
        # Replays are caught by the mutation numbers; batch ids only need to outlive retries.
        conn.execute(
            delete(processed_batches).where(
                processed_batches.c.device_id == device_id,
                processed_batches.c.applied_at < utcnow() - BATCH_MEMORY,
            )
        )
        if before_commit is not None:
            before_commit(conn)
        return response


def _load_rows(conn: Connection, state: PushState, changes: list[FieldChange]) -> None:
    """Read the current state of every field of every row the batch touches."""
    # One query per table with `row_id IN (...)`: a `(table, row_id) IN (...)` tuple comparison is
    # planned by SQLite as a scan of every field of every record, once per chunk.
    by_table: dict[str, list[str]] = {}
    for table, row_id in sorted({(c.table, c.row_id) for c in changes}):
        by_table.setdefault(table, []).append(row_id)
    for table, row_ids in by_table.items():
        for start in range(0, len(row_ids), 400):
            chunk = row_ids[start : start + 400]
            query = select(field_state).where(
                field_state.c.table_name == table, field_state.c.row_id.in_(chunk)
            )
            _remember_rows(state, conn.execute(query))


def _remember_rows(state: PushState, rows: Iterable) -> None:
    for r in rows:
        key = (r.table_name, r.row_id, r.field)
        state.fields[key] = FieldValue(r.value, r.hlc, r.node, r.author, r.device_id)
        state.stored.add(key)
        state.row_fields.setdefault(key[:2], set()).add(key[2])


def _reject(state: PushState, mutation: int, change: FieldChange, reason: str) -> None:
    state.rejected.append(
        {
            "mutation": mutation,
            "table": change.table,
            "row_id": change.row_id,
            "field": change.field,
            "reason": reason,
        }
    )


def _validate(change: FieldChange) -> str | None:
    """Why the change cannot be stored (the model's rules, sync/values.py), or None."""
    return check_row_id(change.row_id) or check_value(change.table, change.field, change.value)


def _apply_change(state: PushState, mutation: int, change: FieldChange, now_ms: int) -> None:
    reason = _validate(change)
    try:
        value = json.dumps(
            change.value, separators=(",", ":"), ensure_ascii=False, sort_keys=True, allow_nan=False
        )
    except ValueError:
        value, reason = "null", reason or "value is not valid JSON (NaN or Infinity)"
    if reason is None and len(value) > MAX_VALUE_CHARS:
        reason = f"value longer than {MAX_VALUE_CHARS} characters"
    if reason is not None:
        _reject(state, mutation, change, reason)
        return
    hlc = change.hlc
    if hlc_physical_ms(hlc) > now_ms + FUTURE_TOLERANCE_MS:
        # A clock from the future would win every later edit. Restamp it with the server's own
        # clock: unique and increasing, so one device's clamped edits keep their order.
        hlc = state.clock.now()
        state.clamped = True
        state.max_skew_ms = max(state.max_skew_ms, hlc_physical_ms(change.hlc) - now_ms)
    else:
        state.clock.receive(hlc)  # so a later restamp sorts after every clock seen so far
    incoming = FieldValue(value, hlc, change.node, change.author, state.device_id, dirty=True)
    key = (change.table, change.row_id, change.field)
    cur = state.fields.get(key)
    if cur is not None:
        if (hlc, change.node) == (cur.hlc, cur.node):
            return  # the same change delivered again
        if cur.value == value:  # nothing at stake: keep the larger clock
            if (hlc, change.node) > (cur.hlc, cur.node):
                _set(state, key, incoming)
            return
    _check_tombstone(state, key, change, incoming)
    if cur is None:
        _set(state, key, incoming)
        return
    incoming_wins = (hlc, change.node) > (cur.hlc, cur.node)
    seen = (change.base_hlc, change.base_node) == (cur.hlc, cur.node) or cur.node == change.node
    if incoming_wins:
        _set(state, key, incoming)
        if not seen:
            _conflict(state, "field", key, winner=incoming, loser=cur)
    else:
        _conflict(state, "field", key, winner=cur, loser=incoming)


def _set(state: PushState, key: Key, value: FieldValue) -> None:
    state.fields[key] = value
    state.row_fields.setdefault(key[:2], set()).add(key[2])
    state.applied += 1


def _check_tombstone(state: PushState, key: Key, change: FieldChange, incoming: FieldValue) -> None:
    """Report delete-vs-edit: an edit of another node's deleted row, or a delete that had not seen an
    edit. The data is kept either way; the row stays deleted until someone restores it."""
    table, row_id, name = key
    if name != TOMBSTONE_FIELD:
        tomb = state.fields.get((table, row_id, TOMBSTONE_FIELD))
        if tomb and tomb.value != "null" and tomb.node != change.node:
            _conflict(state, "delete_edit", key, winner=tomb, loser=incoming)
        return
    if change.value is None or change.row_hlc is None:
        return
    seen = (change.row_hlc, change.row_node or "")
    for name in sorted(state.row_fields.get((table, row_id), ())):
        other = state.fields[(table, row_id, name)]
        if name != TOMBSTONE_FIELD and other.node != change.node and (other.hlc, other.node) > seen:
            _conflict(state, "delete_edit", (table, row_id, name), winner=incoming, loser=other)


def _conflict(state: PushState, kind: str, key: Key, *, winner: FieldValue, loser: FieldValue) -> None:
    state.new_conflicts.append(
        {
            "id": new_id(),
            "kind": kind,
            "table_name": key[0],
            "row_id": key[1],
            "field": key[2],
            "winner_value": winner.value,
            "winner_hlc": winner.hlc,
            "winner_node": winner.node,
            "winner_author": winner.author,
            "loser_value": loser.value,
            "loser_hlc": loser.hlc,
            "loser_node": loser.node,
            "loser_author": loser.author,
            "detected_at": utcnow(),
        }
    )


def _flush(conn: Connection, state: PushState, acked: int, replay: bool) -> PushResponse:
    """Write the batch's outcome with positions allocated now, under the feed lock."""
    dirty = [(k, v) for k, v in state.fields.items() if v.dirty]
    resolved = _resolvable(conn, state)
    first = allocate_positions(conn, len(dirty) + len(state.new_conflicts) + len(resolved))
    position = first
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for (table, row_id, name), v in dirty:
        row = {
            "t": table,
            "r": row_id,
            "f": name,
            "value": v.value,
            "hlc": v.hlc,
            "node": v.node,
            "author": v.author,
            "position": position,
            "device_id": v.device_id,
        }
        position += 1
        (updates if (table, row_id, name) in state.stored else inserts).append(row)
    _write_fields(conn, inserts, updates)
    for c in state.new_conflicts:
        c["position"] = position
        position += 1
    if state.new_conflicts:
        conn.execute(conflicts.insert(), state.new_conflicts)
    for res in resolved:
        conn.execute(
            update(conflicts)
            .where(conflicts.c.id == res["conflict_id"])
            .values(
                position=position,
                resolved_at=utcnow(),
                resolution=res["resolution"],
                resolved_by=res["author"],
            )
        )
        position += 1
    _update_device(conn, state, acked)
    return PushResponse(
        acked_through=acked,
        applied=state.applied,
        conflicts=[Conflict.model_validate(_conflict_out(c)) for c in state.new_conflicts],
        rejected=[RejectedChange.model_validate(r) for r in state.rejected],
        server_time=utcnow(),
        clock_clamped=state.clamped,
        replay=replay,
    )


def _resolvable(conn: Connection, state: PushState) -> list[dict[str, Any]]:
    if not state.resolutions:
        return []
    ids = {r["conflict_id"] for r in state.resolutions if check_row_id(r["conflict_id"]) is None}
    known = set(conn.execute(select(conflicts.c.id).where(conflicts.c.id.in_(ids))).scalars())
    ok = []
    for r in state.resolutions:
        if r["conflict_id"] in known:
            ok.append(r)
        else:
            state.rejected.append(
                {
                    "mutation": r["mutation"],
                    "table": "",
                    "row_id": r["conflict_id"],
                    "field": "",
                    "reason": "no such conflict on this server",
                }
            )
    return ok


def _write_fields(conn: Connection, inserts: list[dict], updates: list[dict]) -> None:
    if inserts:
        conn.execute(
            field_state.insert(),
            [{"table_name": r["t"], "row_id": r["r"], "field": r["f"], **_cols(r)} for r in inserts],
        )
    if updates:
        stmt = (
            update(field_state)
            .where(
                field_state.c.table_name == bindparam("t"),
                field_state.c.row_id == bindparam("r"),
                field_state.c.field == bindparam("f"),
            )
            .values(
                value=bindparam("value"),
                hlc=bindparam("hlc"),
                node=bindparam("node"),
                author=bindparam("author"),
                position=bindparam("position"),
                device_id=bindparam("device_id"),
            )
        )
        conn.execute(stmt, updates)


def _cols(r: dict) -> dict:
    return {k: r[k] for k in ("value", "hlc", "node", "author", "position", "device_id")}


def _update_device(conn: Connection, state: PushState, acked: int) -> None:
    values: dict[str, Any] = {"last_mutation": acked, "last_seen_at": utcnow()}
    if state.clamped:
        values["clock_skew"] = True
        current = conn.execute(
            select(devices.c.max_skew_ms).where(devices.c.id == state.device_id)
        ).scalar_one()
        values["max_skew_ms"] = max(int(current), state.max_skew_ms)
    conn.execute(update(devices).where(devices.c.id == state.device_id).values(**values))


def _conflict_out(c: dict[str, Any]) -> dict[str, Any]:
    return conflict_dict(SimpleNamespace(**c, resolved_at=None, resolution=None, resolved_by=None))
