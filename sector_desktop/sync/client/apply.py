"""Apply a pulled page: per-field last-writer-wins against sync_field_clock, in one transaction.

The page's rows, their clocks, its conflicts and the cursor move are written together, with
SQLAlchemy Core bulk statements, under the apply guard so the capture triggers stay quiet.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from sector_desktop.models import synced_tables
from sector_desktop.store.capture import CLOCK
from sector_desktop.store.engine import CACHE_KIB
from sector_desktop.sync.values import check_row_id, check_value

from .codec import TableCodec, codec
from .failed import RECEIVED, clear_failures, has_failures, record_failures, to_json
from .local import ROW_CLOCK, PageResult, existing_ids, local_clocks, pending_fields, remember_recent
from .merge import incoming_wins
from .state import update_state
from .whole_rows import apply_whole_rows

WAL_PAGES = 1000  # SQLite's default auto-checkpoint, in pages
WAL_PAGES_BULK = 16000  # during a big pull (64 MB of log): a checkpoint every few dozen MB, not every 4


# -- the page --------------------------------------------------------------------------------
def apply_page(
    engine: Engine, page: dict[str, Any], node: str, *, reseeding: bool = False, note_recent: bool = True
) -> PageResult:
    """Apply one pull page and move the cursor, all in one local transaction."""
    with PageWriter(engine, commit_after=0.0) as writer:
        return writer.apply(page, node, reseeding=reseeding, note_recent=note_recent)


class PageWriter:
    """Applies pull pages one after another on one connection. Each page and its cursor move are
    written in the same transaction; a transaction may hold several pages (a commit rewrites the
    indexes' pages each time, so a big pull commits about once per `commit_after` seconds), and
    whatever fails rolls back the pages since the last commit with their cursor: they are pulled
    again, never half applied."""

    def __init__(self, engine: Engine, commit_after: float = 0.0) -> None:
        self.engine, self.commit_after = engine, commit_after
        self._conn: Connection | None = None
        self._since: float | None = None  # when the first page not yet committed was applied

    def __enter__(self) -> PageWriter:
        self._conn = self.engine.connect()
        # Parents can arrive on a later page than their children; the server is the authority.
        self._conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        if self.commit_after:  # a bulk pull: copy the log into the database (and sync it) less often
            self._conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={WAL_PAGES_BULK}")
            self._conn.exec_driver_sql("PRAGMA cache_size=-65536")
        self._conn.commit()
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        conn, self._conn = self._conn, None
        assert conn is not None
        try:
            if kind is None:
                conn.commit()
            else:
                conn.rollback()  # the pages since the last commit, with their cursor
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
            conn.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")  # the store's, not SQLite's 2 MB
            conn.commit()
            conn.close()

    @property
    def conn(self) -> Connection:
        assert self._conn is not None, "use PageWriter as a context manager"
        return self._conn

    def commit(self) -> None:
        """Commit the pages applied so far (before another connection writes, say)."""
        self.conn.commit()
        self._since = None

    def apply(
        self, page: dict[str, Any], node: str, *, reseeding: bool = False, note_recent: bool = True
    ) -> PageResult:
        """Apply one page and move the cursor in the open transaction; commit when it is due."""
        if self._since is None:
            self._since = time.monotonic()
        result = _apply_in(self.conn, page, node, reseeding, note_recent)
        if time.monotonic() - self._since >= self.commit_after:
            self.commit()
        return result


def _apply_in(
    conn: Connection, page: dict[str, Any], node: str, reseeding: bool, note_recent: bool
) -> PageResult:
    conn.exec_driver_sql("INSERT INTO sync_apply_guard (reason) VALUES ('apply')")
    changes = list(page.get("changes", []))
    found = PageResult()
    if page.get("rows"):
        changes += apply_whole_rows(conn, page["rows"], node, found, note_recent)
    result = apply_changes(conn, changes, node, reseeding=reseeding, note_recent=note_recent)
    result.applied += found.applied
    result.max_hlc = max(result.max_hlc, found.max_hlc)
    result.authors |= found.authors
    for c in page.get("conflicts", []):
        result.authors |= {c["winner"]["author"], c["loser"]["author"]}
    result.conflicts = store_conflicts(conn, page.get("conflicts", []))
    record_failures(conn, RECEIVED, result.failures)
    values = {"cursor": page["next_cursor"], "epoch": page["epoch"], "last_hlc": CLOCK.last}
    if result.max_hlc:  # the newest clock seen from the server: our clock never goes below it
        values["seen_hlc"] = max(result.max_hlc, _seen_hlc(conn))
    update_state(conn, **values)
    conn.exec_driver_sql("DELETE FROM sync_apply_guard WHERE reason = 'apply'")
    return result


def _seen_hlc(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SELECT coalesce(seen_hlc, '') FROM sync_state WHERE id = 1").scalar())


def apply_changes(
    conn: Connection,
    changes: Iterable[dict[str, Any]],
    node: str,
    *,
    reseeding: bool = False,
    note_recent: bool = True,
) -> PageResult:
    result = PageResult()
    latest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ch in changes:
        key = (ch["table"], ch["row_id"], ch["field"])
        have = latest.get(key)
        if have is None or (ch["hlc"], ch["node"]) > (have["hlc"], have["node"]):
            latest[key] = ch
        if ch["hlc"] > result.max_hlc:
            result.max_hlc = ch["hlc"]
        result.authors.add(ch["author"])
    if result.max_hlc:
        CLOCK.receive(result.max_hlc)  # our later edits must sort after what we have seen
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (tbl, _row, _field), ch in latest.items():
        by_table[tbl].append(ch)
    order = {name: i for i, name in enumerate(synced_tables())}
    for tbl in sorted(by_table, key=lambda t: order.get(t, len(order))):
        _apply_table(conn, tbl, by_table[tbl], node, result, reseeding, note_recent)
    return result


def _apply_table(
    conn: Connection,
    tbl: str,
    changes: list[dict[str, Any]],
    node: str,
    result: PageResult,
    reseeding: bool,
    note_recent: bool,
) -> None:
    tc = codec(tbl)
    if tc is None:
        result.skipped += len(changes)
        result.failed.append(f"{tbl}: not a table this version knows; {len(changes)} changes skipped")
        return
    row_ids = sorted({ch["row_id"] for ch in changes})
    clocks = local_clocks(conn, tbl, row_ids)
    values: dict[str, dict[str, Any]] = defaultdict(dict)
    won: list[dict[str, Any]] = []
    kept_local: list[dict[str, Any]] = []
    pending: set[tuple[str, str]] | None = None
    for ch in changes:
        encode = tc.raw.get(ch["field"])
        if encode is None:
            result.skipped += 1
            continue
        local = clocks.get((ch["row_id"], ch["field"])) or clocks.get((ch["row_id"], ROW_CLOCK))
        incoming = (ch["hlc"], ch["node"])
        if not reseeding and local is not None and local != incoming and ch["node"] == node == local[1]:
            # Our own write as the server holds it (clamped from a clock in the future): the
            # server's clock is the true one unless a newer local edit is still unsent. Not after
            # a server restore, when the server may hold an older write of ours.
            pending = pending_fields(conn, tbl, row_ids) if pending is None else pending
            if (ch["row_id"], ch["field"]) not in pending:
                local = None
        if not incoming_wins(local, incoming):
            result.skipped += 1
            kept_local.append(ch)
            continue
        reason = check_row_id(ch["row_id"]) or check_value(tbl, ch["field"], ch["value"])
        if reason is None:
            try:
                values[ch["row_id"]][ch["field"]] = encode(ch["value"])
            except (TypeError, ValueError) as exc:
                reason = f"unreadable value ({exc})"
        if reason is not None:
            _fail(result, tbl, ch, reason)  # the local value and its clock stay as they are
            continue
        won.append(ch)
    existing = existing_ids(conn, tbl, sorted(values))
    refused = _write_rows(conn, tc, values, existing)
    if refused:
        for ch in won:
            if ch["row_id"] in refused:
                _fail(result, tbl, ch, refused[ch["row_id"]])
        won = [ch for ch in won if ch["row_id"] not in refused]
    if won and has_failures(conn, RECEIVED):
        clear_failures(conn, RECEIVED, [(tbl, ch["row_id"], ch["field"]) for ch in won])
    if won:
        conn.exec_driver_sql(
            "INSERT INTO sync_field_clock (tbl, row_id, field, hlc, node) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc, node = excluded.node",
            _clock_rows(tbl, won, existing, len(tc.decoders), {r for r, _f in clocks}),
        )
    result.applied += len(won)
    if note_recent:
        remember_recent(conn, tbl, [ch for ch in won if ch["node"] != node])
    if reseeding:
        _track_reseed(conn, tbl, won, kept_local)


def _clock_rows(
    tbl: str, won: list[dict[str, Any]], existing: set[str], field_count: int, clocked: set[str]
) -> list[tuple[str, str, str, str, str]]:
    """Clock rows to write. A whole new row gets one row clock ("*") plus entries only for the
    fields whose clock differs: an initial pull writes one clock per record, not one per field."""
    by_row: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ch in won:
        by_row[ch["row_id"]].append(ch)
    out = []
    for row_id, chs in by_row.items():
        if row_id in existing or row_id in clocked or len(chs) != field_count:
            out += [(tbl, row_id, c["field"], c["hlc"], c["node"]) for c in chs]
            continue
        star = Counter((c["hlc"], c["node"]) for c in chs).most_common(1)[0][0]
        out.append((tbl, row_id, ROW_CLOCK, *star))
        out += [(tbl, row_id, c["field"], c["hlc"], c["node"]) for c in chs if (c["hlc"], c["node"]) != star]
    return out


def _fail(result: PageResult, tbl: str, ch: dict[str, Any], reason: str) -> None:
    result.failed.append(f"{tbl} {ch['row_id']} {ch['field']}: {reason}")
    result.failures.append(
        {
            "table": tbl,
            "row_id": ch["row_id"],
            "field": ch["field"],
            "reason": reason,
            "value_json": to_json(ch["value"]),
            "hlc": ch["hlc"],
            "node": ch["node"],
            "author": ch["author"],
        }
    )


def _write_rows(
    conn: Connection, tc: TableCodec, values: dict[str, dict[str, Any]], existing: set[str]
) -> dict[str, str]:
    """Insert new rows and update existing ones with storage values, as bulk executemany.

    Returns {row_id: reason} for rows the database refused: those are written one by one, each
    in a savepoint, so one refused row never stops the rest of the page.
    """
    try:
        with conn.begin_nested():
            _execute_writes(conn, tc, values, existing)
        return {}
    except DBAPIError:
        pass
    refused: dict[str, str] = {}
    for rid, v in values.items():
        try:
            with conn.begin_nested():
                _execute_writes(conn, tc, {rid: v}, existing)
        except DBAPIError as exc:
            refused[rid] = f"the database refused the record ({str(exc.orig)[:200]})"
    return refused


def _execute_writes(
    conn: Connection, tc: TableCodec, values: dict[str, dict[str, Any]], existing: set[str]
) -> None:
    inserts = []
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for rid, v in values.items():
        if rid in existing:
            fields = tuple(sorted(v))
            groups[fields].append((*(v[f] for f in fields), rid))
        else:
            row = {**tc.placeholders, **v}
            inserts.append((rid, *(row.get(c) for c in tc.columns[1:])))
    if inserts:
        conn.exec_driver_sql(tc.insert_sql, inserts)
    for fields, rows in groups.items():
        conn.exec_driver_sql(tc.update_sql(fields), rows)


def _track_reseed(
    conn: Connection, tbl: str, won: list[dict[str, Any]], kept_local: list[dict[str, Any]]
) -> None:
    """During a re-pull after a server restore: fields the server now agrees on need no re-push."""
    if won:
        conn.exec_driver_sql(
            "DELETE FROM sync_reseed WHERE tbl = ? AND row_id = ? AND field = ?",
            [(tbl, ch["row_id"], ch["field"]) for ch in won],
        )
    if kept_local:
        conn.exec_driver_sql(
            "UPDATE sync_reseed SET srv_hlc = ?, srv_node = ? WHERE tbl = ? AND row_id = ? AND field = ?",
            [(ch["hlc"], ch["node"], tbl, ch["row_id"], ch["field"]) for ch in kept_local],
        )


def store_conflicts(conn: Connection, conflicts: list[dict[str, Any]]) -> int:
    """Upsert the page's conflicts (a resolution arriving later closes them here too)."""
    if not conflicts:
        return 0
    ids = [c["id"] for c in conflicts]
    known = {
        r[0]
        for r in conn.exec_driver_sql(
            f"SELECT id FROM sync_conflict WHERE id IN ({','.join('?' * len(ids))})", tuple(ids)
        )
    }
    rows = []
    for c in conflicts:
        w, lo = c["winner"], c["loser"]
        rows.append(
            {
                "id": c["id"],
                "kind": c.get("kind", "field"),
                "tbl": c["table"],
                "row_id": c["row_id"],
                "field": c["field"],
                "wv": json.dumps(w.get("value")),
                "wh": w["hlc"],
                "wn": w["node"],
                "wa": w["author"],
                "lv": json.dumps(lo.get("value")),
                "lh": lo["hlc"],
                "ln": lo["node"],
                "la": lo["author"],
                "at": str(c.get("detected_at")),
                "rat": c.get("resolved_at") and str(c["resolved_at"]),
                "res": c.get("resolution"),
            }
        )
    conn.execute(
        text(
            "INSERT INTO sync_conflict (id, kind, tbl, row_id, field, winner_value, winner_hlc, winner_node,"
            " winner_author, loser_value, loser_hlc, loser_node, loser_author, detected_at, resolved_at,"
            " resolution) VALUES (:id, :kind, :tbl, :row_id, :field, :wv, :wh, :wn, :wa, :lv, :lh, :ln,"
            " :la, :at, :rat, :res) ON CONFLICT (id) DO UPDATE SET"
            " resolved_at = coalesce(excluded.resolved_at, sync_conflict.resolved_at),"
            " resolution = coalesce(excluded.resolution, sync_conflict.resolution)"
        ),
        rows,
    )
    # Only conflicts new to this device and about typed values count as "new to review".
    return sum(1 for r in rows if not r["rat"] and r["id"] not in known and r["field"] != "updated_at")
