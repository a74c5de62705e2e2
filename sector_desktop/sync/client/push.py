"""Push the outbox: number rows into mutations, send batches, drop rows only after the ack.

Mutation numbers are written to the outbox before a batch is sent, so a retry after a lost answer
resends the same numbers and the server applies them once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import uuid_utils
from sqlalchemy import Connection, Engine, text

from sector_desktop.store import ProfilePaths
from sector_desktop.sync.protocol import TOMBSTONE_FIELD

from .apply import store_conflicts
from .failed import SENT, clear_failures, has_failures, record_failures
from .state import SyncState, load_state, update_state, write_device_file
from .transport import ServerClient, SyncError

BATCH_CHANGES = 5_000
MUTATION_CHANGES = 500


@dataclass
class PushResult:
    sent: int = 0
    conflicts: int = 0
    rejected: list[str] = field(default_factory=list)
    held_back: int = 0
    held_authors: set[str] = field(default_factory=set)
    clock_clamped: bool = False
    messages: list[str] = field(default_factory=list)


def _number(conn: Connection, state: SyncState, limit: int) -> None:
    """Give unnumbered rows of the signed-in user (or of nobody yet) mutation numbers."""
    conn.execute(text("UPDATE sync_outbox SET author = :u WHERE author IS NULL"), {"u": state.user_id})
    rows = conn.execute(
        text(
            "SELECT seq, tbl, row_id FROM sync_outbox WHERE mutation IS NULL AND author = :u "
            "ORDER BY seq LIMIT :n"
        ),
        {"u": state.user_id, "n": limit},
    ).all()
    if not rows:
        return
    number, current, size, updates = state.next_mutation, None, 0, []
    for seq, tbl, row_id in rows:
        if current is not None and ((tbl, row_id) != current or size >= MUTATION_CHANGES):
            number, size = number + 1, 0
        current, size = (tbl, row_id), size + 1
        updates.append((number, seq))
    conn.exec_driver_sql("UPDATE sync_outbox SET mutation = ? WHERE seq = ?", updates)
    update_state(conn, next_mutation=number + 1)


def _row_clock(conn: Connection, tbl: str, row_id: str) -> tuple[str | None, str | None]:
    row = conn.execute(
        text(
            "SELECT hlc, node FROM sync_field_clock WHERE tbl = :t AND row_id = :r AND field != :f "
            "ORDER BY hlc DESC, node DESC LIMIT 1"
        ),
        {"t": tbl, "r": row_id, "f": TOMBSTONE_FIELD},
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _batch(conn: Connection) -> tuple[str, list[tuple[int, int]], int]:
    """The next batch of whole mutations, lowest numbers first, as the JSON text of the mutations
    list (stored values are spliced in as they are); returns (json, [(number, changes)], last)."""
    rows = conn.exec_driver_sql(
        "SELECT seq, tbl, row_id, field, value, hlc, node, base_hlc, base_node, author, mutation "
        "FROM sync_outbox WHERE mutation IS NOT NULL ORDER BY mutation, seq LIMIT ?",
        (BATCH_CHANGES,),
    ).all()
    if not rows:
        return "[]", [], 0
    last = rows[-1][10]
    if len(rows) == BATCH_CHANGES and rows[0][10] != last:
        rows = [r for r in rows if r[10] != last]  # never send half a mutation
        last = rows[-1][10]
    resolutions = _resolutions(conn, [r[0] for r in rows])
    enc = _Quoted()
    mutations: dict[int, tuple[list[str], list[dict[str, Any]]]] = {}
    for seq, tbl, row_id, fld, value, hlc, node, base_hlc, base_node, author, number in rows:
        extra = ""
        if fld == TOMBSTONE_FIELD and value != "null":
            row_hlc, row_node = _row_clock(conn, tbl, row_id)
            extra = f',"row_hlc":{enc[row_hlc]},"row_node":{enc[row_node]}'
        change = (
            f'{{"table":{enc[tbl]},"row_id":{enc[row_id]},"field":{enc[fld]},"value":{value},'
            f'"hlc":{enc[hlc]},"node":{enc[node]},"base_hlc":{enc[base_hlc]},"base_node":{enc[base_node]},'
            f'"author":{enc[author]}{extra}}}'
        )
        changes, found = mutations.setdefault(number, ([], []))
        changes.append(change)
        found.extend(resolutions.get(seq, []))
    parts = [
        f'{{"mutation":{n},"changes":[{",".join(ch)}],"resolutions":{json.dumps(res)}}}'
        for n, (ch, res) in mutations.items()
    ]
    return "[" + ",".join(parts) + "]", [(n, len(ch)) for n, (ch, _r) in mutations.items()], last


class _Quoted(dict):
    """JSON text of short strings, memoised (tables, nodes and authors repeat across a batch)."""

    def __missing__(self, key: str | None) -> str:
        value = json.dumps(key)
        self[key] = value
        return value


def _resolutions(conn: Connection, seqs: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    if not seqs:
        return found
    rows = conn.execute(
        text(
            "SELECT conflict_id, resolution, author, hlc, outbox_seq FROM sync_resolution_out "
            "WHERE outbox_seq BETWEEN :lo AND :hi"
        ),
        {"lo": min(seqs), "hi": max(seqs)},
    ).all()
    wanted = set(seqs)
    for cid, res, author, hlc, seq in rows:
        if seq in wanted:
            found.setdefault(seq, []).append(
                {"conflict_id": cid, "resolution": res, "author": author, "hlc": hlc}
            )
    return found


def _adopt_restamps(conn: Connection, acked: int, restamped: dict[str, str]) -> None:
    """The server stored these changes of ours (clocks from the future) with its own clocks: our
    field clocks take them, and unsent changes based on them name them as their base."""
    moved = []
    for tbl, row_id, fld, hlc in conn.exec_driver_sql(
        "SELECT tbl, row_id, field, hlc FROM sync_outbox WHERE mutation <= ?", (acked,)
    ):
        if hlc in restamped:
            moved += [(restamped[hlc], tbl, row_id, name, hlc) for name in (fld, "*")]
    if moved:
        conn.exec_driver_sql(
            "UPDATE sync_field_clock SET hlc = ? WHERE tbl = ? AND row_id = ? AND field = ? AND hlc = ?",
            moved,
        )
    based = [
        (restamped[base], seq)
        for seq, base in conn.exec_driver_sql(
            "SELECT seq, base_hlc FROM sync_outbox WHERE mutation IS NULL OR mutation > ?", (acked,)
        )
        if base in restamped
    ]
    if based:
        conn.exec_driver_sql("UPDATE sync_outbox SET base_hlc = ? WHERE seq = ?", based)


def _note_refusals(conn: Connection, acked: int, rejected: list[dict[str, Any]]) -> None:
    """Keep the changes the server refused as failed records; forget earlier refusals of fields
    whose new change it accepted."""
    refused = {(r["mutation"], r["table"], r["row_id"], r["field"]): r["reason"] for r in rejected}
    failures, accepted = [], []
    for tbl, row_id, fld, value, hlc, node, author, number in conn.exec_driver_sql(
        "SELECT tbl, row_id, field, value, hlc, node, author, mutation FROM sync_outbox "
        "WHERE mutation <= ? ORDER BY seq",
        (acked,),
    ):
        reason = refused.get((number, tbl, row_id, fld))
        if reason is None:
            accepted.append((tbl, row_id, fld))
            continue
        failures.append(
            {
                "table": tbl,
                "row_id": row_id,
                "field": fld,
                "reason": reason,
                "value_json": value,
                "hlc": hlc,
                "node": node,
                "author": author,
            }
        )
    clear_failures(conn, SENT, accepted)
    record_failures(conn, SENT, failures)


def held_back(conn: Connection, user_id: str | None) -> tuple[int, set[str]]:
    rows = conn.execute(
        text(
            "SELECT author, count(*) FROM sync_outbox WHERE author IS NOT NULL AND author != :u "
            "AND mutation IS NULL GROUP BY author"
        ),
        {"u": user_id or ""},
    ).all()
    return sum(r[1] for r in rows), {r[0] for r in rows}


def push_outbox(
    engine: Engine, paths: ProfilePaths, client: ServerClient, progress: Any = None
) -> PushResult:
    """Send every sendable outbox row; acknowledged rows are deleted, the rest stay."""
    result = PushResult()
    total = _count(engine)
    renewed = False
    while True:
        with engine.begin() as conn:
            state = load_state(conn)
            _number(conn, state, BATCH_CHANGES)
            mutations, numbers, last = _batch(conn)
            state = load_state(conn)
        if not numbers:
            break
        write_device_file(paths, state, state.next_mutation - 1)
        body = (
            f'{{"device_id":{json.dumps(state.device_id)},"batch_id":"{uuid_utils.uuid4()}",'
            f'"mutations":{mutations}}}'
        )
        answer = client.call("POST", "/push", raw_json=body.encode()).json()
        acked = int(answer["acked_through"])
        with engine.begin() as conn:
            rejected = answer.get("rejected", [])
            if rejected or has_failures(conn, SENT):
                _note_refusals(conn, acked, rejected)
            if answer.get("restamped"):
                _adopt_restamps(conn, acked, answer["restamped"])
            conn.execute(text("DELETE FROM sync_outbox WHERE mutation <= :a"), {"a": acked})
            conn.execute(
                text("DELETE FROM sync_resolution_out WHERE outbox_seq NOT IN (SELECT seq FROM sync_outbox)")
            )
            result.conflicts += store_conflicts(conn, answer.get("conflicts", []))
        result.sent += sum(count for n, count in numbers if n <= acked)
        result.clock_clamped |= bool(answer.get("clock_clamped"))
        result.rejected += [
            f"{r['table']} {r['row_id']} {r['field']}: {r['reason']}" for r in answer.get("rejected", [])
        ]
        if progress is not None:
            progress(result.sent, total, "Sending changes")
        if answer.get("device_restored"):
            if renewed:
                raise SyncError("The server still takes this device for a restored one; try again later.")
            from .renew import renew_identity

            result.messages.append(renew_identity(engine, paths, client, server_detected=True))
            renewed = True
            continue
        if acked < last:
            raise SyncError(
                f"The server acknowledged changes only up to number {acked} of {last}; the rest stay "
                "waiting and are sent again next time."
            )
        if sum(count for _n, count in numbers) < BATCH_CHANGES // 2:
            # Everything numbered was sent (a batch stops short only when the numbered rows run
            # out; a whole mutation may make it stop a little short of BATCH_CHANGES): no second
            # look at the outbox. An edit made since then goes in the next round.
            break
    with engine.connect() as conn:
        result.held_back, result.held_authors = held_back(conn, load_state(conn).user_id)
    return result


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar() or 0)
