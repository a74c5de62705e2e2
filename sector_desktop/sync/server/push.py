"""Applying a push: one transaction, exactly once per (device, mutation), per-field LWW with conflicts kept.

Identity comes from the token: every change is written as the token's user, and by the token's
device (or a device it was restored from). A reused mutation number with other content means the
device was restored from a backup: nothing more is applied and the device takes a new identity.
Clocks from the future are restamped from the server's clock kept in the database, and the
restamp is remembered so a re-delivery is the same change. Rules: docs/sync.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, delete, exists, insert, select, update

from sector_desktop.models import utcnow
from sector_desktop.store.hlc import Hlc, wall_clock_ms

from ..protocol import (
    FUTURE_TOLERANCE_MS,
    TOMBSTONE_FIELD,
    Conflict,
    FieldChange,
    Mutation,
    PushRequest,
    PushResponse,
    RejectedChange,
)
from ..values import check_row_id
from .bulk import insert_rows, update_fields
from .db import (
    conflicts,
    device_mutations,
    devices,
    feed_counter,
    field_state,
    processed_batches,
    restamps,
    users,
    write_transaction,
)
from .feed import allocate_positions, conflict_dict
from .merge_rule import FieldValue, PushState, apply_change
from .team import STAFF_TABLE, role_from_staff_change

BATCH_MEMORY = dt.timedelta(days=30)
MAX_LINEAGE = 20  # restored devices a device may continue (a chain of restores)
ZERO_CLOCK = "0000000000000-00000"  # an Hlc that has seen nothing


class PushRefused(Exception):
    """A batch that cannot be applied at all (the message says why)."""


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
        # One statement: the device, its account's role, whether it continues a restored device,
        # whether it was ever restamped, and the server's clock (each was a round trip of its own).
        me = conn.execute(
            select(
                devices.c.last_mutation,
                devices.c.user_id,
                users.c.role,
                users.c.staff_id,
                devices.c.restored_from,
                exists().where(restamps.c.node == devices.c.id).label("restamped"),
                select(feed_counter.c.clock).where(feed_counter.c.id == 1).scalar_subquery().label("clock"),
            )
            .join(users, users.c.id == devices.c.user_id)
            .where(devices.c.id == device_id)
        ).one()
        last = int(me.last_mutation)
        ordered = sorted(request.mutations, key=lambda m: m.mutation)
        restored_at = _first_reused(conn, device_id, [m for m in ordered if m.mutation <= last])
        if restored_at is not None:
            # The device was restored from a backup: its numbers were used before for other
            # changes. Nothing is applied; it takes a new identity and sends them again.
            return PushResponse(
                acked_through=restored_at - 1,
                applied=0,
                server_time=utcnow(),
                device_restored=True,
            )
        todo = [m for m in ordered if m.mutation > last]
        restored = me.restored_from is not None
        lineage = _lineage(conn, device_id) if restored else frozenset([device_id])
        state = PushState(device_id, user_id=me.user_id, role=me.role, staff_id=me.staff_id, lineage=lineage)
        state.clock = Hlc(me.clock, max_forward_ms=FUTURE_TOLERANCE_MS)
        now_ms = wall_clock_ms()
        changes = [c for m in todo for c in m.changes]
        state.had_changes = bool(changes)
        _load_rows(conn, state, changes)
        if restored or me.restamped:  # else no restamp can be known for this lineage
            _load_restamps(conn, state, changes)
        for mutation in todo:
            for change in mutation.changes:
                apply_change(state, mutation.mutation, change, now_ms)
            for res in mutation.resolutions:
                state.resolutions.append(
                    {"mutation": mutation.mutation, **res.model_dump(), "author": me.user_id}
                )
        _accounts_follow_roles(conn, state)
        acked = max([last, *(m.mutation for m in todo)])
        response = _flush(conn, state, acked, replay=not todo and bool(request.mutations))
        _remember_mutations(conn, device_id, todo)
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


def fingerprint(mutation: Mutation) -> str:
    """What a mutation says, independent of who sends it: its changes (without node and author,
    which the server sets) and its resolutions."""
    parts = [
        [c.table, c.row_id, c.field, c.value, c.hlc, c.base_hlc, c.base_node] for c in mutation.changes
    ] + [[r.conflict_id, r.resolution, r.hlc] for r in mutation.resolutions]
    text = json.dumps(parts, ensure_ascii=True, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _first_reused(conn: Connection, device_id: str, seen: list[Mutation]) -> int | None:
    """The first number of `seen` (numbers already applied) whose content differs from what was
    applied under it, or None when every one is a true re-delivery."""
    if not seen:
        return None
    known: dict[int, str] = {}
    numbers = [m.mutation for m in seen]
    for start in range(0, len(numbers), 500):
        rows = conn.execute(
            select(device_mutations.c.mutation, device_mutations.c.fingerprint).where(
                device_mutations.c.device_id == device_id,
                device_mutations.c.mutation.in_(numbers[start : start + 500]),
            )
        )
        known.update((int(r[0]), str(r[1])) for r in rows)
    for m in seen:
        if known.get(m.mutation) != fingerprint(m):
            return m.mutation
    return None


def _remember_mutations(conn: Connection, device_id: str, applied: list[Mutation]) -> None:
    insert_rows(
        conn,
        device_mutations,
        [{"device_id": device_id, "mutation": m.mutation, "fingerprint": fingerprint(m)} for m in applied],
    )


def _lineage(conn: Connection, device_id: str) -> frozenset[str]:
    found, current = [device_id], device_id
    for _ in range(MAX_LINEAGE):
        parent = conn.execute(select(devices.c.restored_from).where(devices.c.id == current)).scalar()
        if not parent or parent in found:
            break
        found.append(parent)
        current = parent
    return frozenset(found)


def _load_restamps(conn: Connection, state: PushState, changes: list[FieldChange]) -> None:
    """The restamps this device's lineage was given before for clocks the batch sends again."""
    if not changes:
        return
    lineage = sorted(state.lineage)
    if conn.execute(select(restamps.c.node).where(restamps.c.node.in_(lineage)).limit(1)).first() is None:
        return
    clocks = sorted({c.hlc for c in changes} | {c.base_hlc for c in changes if c.base_hlc})
    for start in range(0, len(clocks), 500):
        rows = conn.execute(
            select(restamps.c.node, restamps.c.orig_hlc, restamps.c.hlc).where(
                restamps.c.node.in_(lineage), restamps.c.orig_hlc.in_(clocks[start : start + 500])
            )
        )
        state.known_restamps.update((r[1], r[2]) for r in rows)


def _load_rows(conn: Connection, state: PushState, changes: list[FieldChange]) -> None:
    """Read what the merge needs of the rows the batch touches: the fields it changes and the
    tombstone of each row; every field of a row it deletes (a delete checks them all)."""
    # One query per table with `row_id IN (...)`: a `(table, row_id) IN (...)` tuple comparison is
    # planned by SQLite as a scan of every field of every record, once per chunk.
    deleted: dict[str, set[str]] = {}
    edited: dict[str, tuple[set[str], set[str]]] = {}  # table -> (row ids, field names)
    for c in changes:
        if c.field == TOMBSTONE_FIELD:
            deleted.setdefault(c.table, set()).add(c.row_id)
        else:
            ids, names = edited.setdefault(c.table, (set(), {TOMBSTONE_FIELD}))
            ids.add(c.row_id)
            names.add(c.field)
    for table, ids in deleted.items():
        _read_rows(conn, state, table, sorted(ids), None)
    for table, (ids, names) in edited.items():
        _read_rows(conn, state, table, sorted(ids - deleted.get(table, set())), sorted(names))


def _read_rows(
    conn: Connection, state: PushState, table: str, row_ids: list[str], names: list[str] | None
) -> None:
    """These rows' fields `names` (None: all of them) into the state, 400 rows a query."""
    for start in range(0, len(row_ids), 400):
        query = select(*(field_state.c[name] for name in _READ)).where(
            field_state.c.table_name == table, field_state.c.row_id.in_(row_ids[start : start + 400])
        )
        if names is not None:
            query = query.where(field_state.c.field.in_(names))
        _remember_rows(state, conn.execute(query).all())  # fetchall: not one fetchone per field


_READ = ("table_name", "row_id", "field", "value", "hlc", "node", "author", "device_id")


def _remember_rows(state: PushState, rows: Iterable) -> None:
    fields, stored, row_fields = state.fields, state.stored, state.row_fields
    for table, row_id, name, value, hlc, node, author, device_id in rows:  # tuples: no per-column lookup
        key = (table, row_id, name)
        fields[key] = FieldValue(value, hlc, node, author, device_id)
        stored.add(key)
        row_fields.setdefault((table, row_id), set()).add(name)


def _accounts_follow_roles(conn: Connection, state: PushState) -> None:
    """An administrator's new role on a staff record becomes the linked account's role."""
    for (table, row_id, name), v in state.fields.items():
        if v.dirty and table == STAFF_TABLE and name == "role" and v.author == state.user_id:
            role_from_staff_change(conn, row_id, v.value)


def _flush(conn: Connection, state: PushState, acked: int, replay: bool) -> PushResponse:
    """Write the batch's outcome with positions allocated now, under the feed lock."""
    dirty = [(k, v) for k, v in state.fields.items() if v.dirty]
    resolved = _resolvable(conn, state)
    # The server's clock high-water moves with the positions (read under the feed lock at the
    # start, so every process continues it).
    clock = state.clock.last if state.clock.last != ZERO_CLOCK else None
    first = allocate_positions(conn, len(dirty) + len(state.new_conflicts) + len(resolved), clock)
    position = first
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for (table, row_id, name), v in dirty:
        row = {
            "table_name": table,
            "row_id": row_id,
            "field": name,
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
    _record_restamps(conn, state)
    return PushResponse(
        acked_through=acked,
        applied=state.applied,
        conflicts=[Conflict.model_validate(_conflict_out(c)) for c in state.new_conflicts],
        rejected=[RejectedChange.model_validate(r) for r in state.rejected],
        server_time=utcnow(),
        clock_clamped=state.clamped,
        replay=replay,
        restamped=state.restamped,
    )


def _record_restamps(conn: Connection, state: PushState) -> None:
    if state.new_restamps:
        conn.execute(
            insert(restamps),
            [{"node": n, "orig_hlc": sent, "hlc": hlc} for (n, sent), hlc in state.new_restamps.items()],
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
    """New fields inserted, known ones updated: a statement each (sync/server/bulk.py)."""
    insert_rows(conn, field_state, inserts)
    update_fields(conn, updates)


def _update_device(conn: Connection, state: PushState, acked: int) -> None:
    values: dict[str, Any] = {"last_mutation": acked, "last_seen_at": utcnow()}
    if state.had_changes:  # the flag says whether this device's latest changes came from the future
        values["clock_skew"] = state.clamped
    if state.clamped:
        current = conn.execute(
            select(devices.c.max_skew_ms).where(devices.c.id == state.device_id)
        ).scalar_one()
        values["max_skew_ms"] = max(int(current), state.max_skew_ms)
    conn.execute(update(devices).where(devices.c.id == state.device_id).values(**values))


def _conflict_out(c: dict[str, Any]) -> dict[str, Any]:
    return conflict_dict(SimpleNamespace(**c, resolved_at=None, resolution=None, resolved_by=None))
