"""Open conflicts for review, their resolution, and the 'what changed while you were out' list.

Resolving writes the chosen value as a normal local change (captured, so it syncs), and queues a
ConflictResolution that travels in the same mutation, so every device closes the conflict.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sector_desktop.errors import SectorError
from sector_desktop.models import Base
from sector_desktop.store import Database
from sector_desktop.store.capture import CLOCK

from .codec import codec
from .state import read_state

# Fields the machinery sets on every edit: a clash there is no one's typed work.
AUTOMATIC_FIELDS = ("updated_at",)
LONG_TEXT_DIVIDER = "\n\n———— kept from both versions ————\n\n"
RESOLUTIONS = ("mine", "theirs", "edit", "both")


@dataclass(frozen=True)
class ConflictView:
    id: str
    kind: str
    table: str
    row_id: str
    field: str
    record: str  # a readable name for the record
    current: Any  # the value held now (the winner)
    other: Any  # the value that lost
    current_author: str
    other_author: str
    mine_is_current: bool  # this device wrote the winning value
    detected_at: str
    long_text: bool


@dataclass(frozen=True)
class RecentChange:
    table: str
    row_id: str
    record: str
    author: str
    when: str
    fields: int
    created: bool
    note: str | None = None  # what sync itself did to the record (moved to a merged organization)
    changed: tuple[str, ...] = ()  # the fields changed, in a user's words ('city', 'assigned staff')


def _record_name(conn: Any, table: str, row_id: str) -> str:
    model = Base.metadata.tables.get(table)
    label = table.replace("_", " ").capitalize()
    if model is None:
        return f"{label} {row_id[:8]}"
    for col in ("name", "title", "purpose", "filename"):
        if col in model.c:
            value = conn.execute(text(f'SELECT "{col}" FROM "{table}" WHERE id = :i'), {"i": row_id}).scalar()
            if value:
                return f"{label} · {value}"
    return f"{label} {row_id[:8]}"


def _user_names(conn: Any) -> dict[str, str]:
    """Authors (server user ids) by name: the team's staff member linked to the account first, then
    the name the server gave (an administrator's device list)."""
    names = dict(conn.execute(text("SELECT user_id, name FROM sync_user")).all())
    linked = text(
        "SELECT account_id, name FROM staff_user WHERE account_id IS NOT NULL AND deleted_at IS NULL"
    )
    names.update(conn.execute(linked).all())
    return names


# Fields that change with every edit: not worth naming in "what changed".
_BOOKKEEPING = {"updated_at", "created_at"}


def field_labels(table: str, names: list[str]) -> tuple[str, ...]:
    """'assigned_staff_id' -> 'assigned staff': the changed fields in a user's words, model order."""
    model = Base.metadata.tables.get(table)
    order = {c: i for i, c in enumerate(model.c.keys())} if model is not None else {}
    shown = sorted((n for n in names if n not in _BOOKKEEPING), key=lambda n: (order.get(n, 999), n))
    return tuple("deleted" if n == "deleted_at" else n.removesuffix("_id").replace("_", " ") for n in shown)


def _is_long_text(table: str, field: str) -> bool:
    model = Base.metadata.tables.get(table)
    if model is None or field not in model.c:
        return False
    return type(model.c[field].type).__name__ == "Text"


def open_conflicts(db: Database) -> list[ConflictView]:
    """Conflicts not yet resolved, hiding those a later edit of the field has already settled."""
    node = read_state(db.engine).node
    views = []
    with db.engine.connect() as conn:
        names = _user_names(conn)
        rows = conn.execute(
            text(
                "SELECT c.*, coalesce(k.hlc, s.hlc) AS cur_hlc,"
                " CASE WHEN k.hlc IS NULL THEN s.node ELSE k.node END AS cur_node FROM sync_conflict c "
                "LEFT JOIN sync_field_clock k ON k.tbl = c.tbl AND k.row_id = c.row_id AND k.field = c.field "
                "LEFT JOIN sync_field_clock s ON s.tbl = c.tbl AND s.row_id = c.row_id AND s.field = '*' "
                "WHERE c.resolved_at IS NULL ORDER BY c.detected_at"
            )
        ).mappings()
        for r in rows:
            if r["field"] in AUTOMATIC_FIELDS:
                continue
            newest = max((r["winner_hlc"], r["winner_node"]), (r["loser_hlc"], r["loser_node"]))
            if r["cur_hlc"] and (r["cur_hlc"], r["cur_node"]) > newest:
                continue  # somebody edited the field after both sides: settled
            views.append(
                ConflictView(
                    id=r["id"],
                    kind=r["kind"],
                    table=r["tbl"],
                    row_id=r["row_id"],
                    field=r["field"],
                    record=_record_name(conn, r["tbl"], r["row_id"]),
                    current=json.loads(r["winner_value"]),
                    other=json.loads(r["loser_value"]),
                    current_author=names.get(r["winner_author"], "a colleague"),
                    other_author=names.get(r["loser_author"], "a colleague"),
                    mine_is_current=r["winner_node"] == node,
                    detected_at=r["detected_at"] or "",
                    long_text=_is_long_text(r["tbl"], r["field"]),
                )
            )
    return views


def resolve_conflict(db: Database, conflict_id: str, resolution: str, edited: Any = None) -> Any:
    """Settle a conflict: 'mine', 'theirs', 'edit' (with `edited`) or 'both' (long text joined).

    'mine' means the value this device wrote (or the losing one when this device wrote neither).
    Returns the value written.
    """
    if resolution not in RESOLUTIONS:
        raise SectorError(f"Unknown resolution {resolution!r}; choose one of {', '.join(RESOLUTIONS)}.")
    view = next((c for c in open_conflicts(db) if c.id == conflict_id), None)
    if view is None:
        raise SectorError("That conflict is already resolved.")
    mine, theirs = (view.current, view.other) if view.mine_is_current else (view.other, view.current)
    if resolution == "mine":
        value = mine
    elif resolution == "theirs":
        value = theirs
    elif resolution == "edit":
        value = edited
    else:
        if not view.long_text:
            raise SectorError("'Keep both' is offered for long text only.")
        value = LONG_TEXT_DIVIDER.join(str(v) for v in (view.current, view.other) if v)
    _write_value(db, view, value, resolution)
    return value


def _write_value(db: Database, view: ConflictView, value: Any, resolution: str) -> None:
    tc = codec(view.table)
    if tc is None:
        raise SectorError(f"{view.table} is not a table this version knows.")
    decoded = tc.decoders[view.field](value)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.engine.begin() as conn:
        before = conn.execute(text("SELECT coalesce(max(seq), 0) FROM sync_outbox")).scalar()
        values = {view.field: decoded}
        if view.field != "updated_at" and "updated_at" in tc.core.c:
            values["updated_at"] = now
        conn.execute(tc.core.update().where(tc.core.c.id == view.row_id).values(values))
        seq = conn.execute(
            text(
                "SELECT max(seq) FROM sync_outbox WHERE tbl = :t AND row_id = :r AND field = :f AND seq > :b"
            ),
            {"t": view.table, "r": view.row_id, "f": view.field, "b": before},
        ).scalar()
        if seq is None:
            seq = _force_change(conn, view, value)
        conn.execute(
            text(
                "INSERT INTO sync_resolution_out (conflict_id, resolution, author, hlc, outbox_seq) "
                "VALUES (:c, :r, (SELECT author FROM sync_state WHERE id = 1), :h, :s)"
            ),
            {"c": view.id, "r": resolution, "h": CLOCK.now(), "s": seq},
        )
        conn.execute(
            text("UPDATE sync_conflict SET resolved_at = :at, resolution = :r WHERE id = :c"),
            {"at": now.isoformat(timespec="seconds"), "r": resolution, "c": view.id},
        )


def _force_change(conn: Any, view: ConflictView, value: Any) -> int:
    """The chosen value equals what is held, so no trigger fired: queue it by hand."""
    conn.execute(
        text(
            "INSERT INTO sync_outbox (tbl, row_id, field, value, hlc, node, base_hlc, base_node, author) "
            "SELECT :t, :r, :f, :v, :h, s.node, coalesce(c.hlc, k.hlc),"
            " CASE WHEN c.hlc IS NULL THEN k.node ELSE c.node END, s.author FROM sync_state s "
            "LEFT JOIN sync_field_clock c ON c.tbl = :t AND c.row_id = :r AND c.field = :f "
            "LEFT JOIN sync_field_clock k ON k.tbl = :t AND k.row_id = :r AND k.field = '*' WHERE s.id = 1"
        ),
        {"t": view.table, "r": view.row_id, "f": view.field, "v": json.dumps(value), "h": CLOCK.now()},
    )
    return int(conn.execute(text("SELECT max(seq) FROM sync_outbox")).scalar())


def recent_changes(db: Database, limit: int = 200) -> list[RecentChange]:
    """Records colleagues changed, newest first, with who and when ('while you were out')."""
    out = []
    with db.engine.connect() as conn:
        names = _user_names(conn)
        rows = conn.execute(
            text("SELECT * FROM sync_recent ORDER BY hlc DESC LIMIT :n"), {"n": limit}
        ).mappings()
        for r in rows:
            ms = int(r["hlc"][:13])
            when = dt.datetime.fromtimestamp(ms / 1000, dt.UTC).replace(tzinfo=None)
            out.append(
                RecentChange(
                    table=r["tbl"],
                    row_id=r["row_id"],
                    record=_record_name(conn, r["tbl"], r["row_id"]),
                    author=names.get(r["author"], "a colleague") if r["author"] else "this laptop",
                    when=when.isoformat(sep=" ", timespec="minutes"),
                    fields=r["fields"],
                    created=bool(r["created"]),
                    note=r["note"],
                    changed=field_labels(r["tbl"], json.loads(r["field_names"] or "[]")),
                )
            )
    return out


@dataclass(frozen=True)
class SyncOverview:
    """Everything the Sync page shows, read in one go off the UI thread."""

    connected: bool
    server_url: str | None
    user_name: str | None
    device_id: str | None
    pending: int
    last_sync_at: str | None
    last_report_json: str | None
    conflicts: list[ConflictView]
    recent: list[RecentChange]


def sync_overview(db: Database) -> SyncOverview:
    state = read_state(db.engine)
    with db.engine.connect() as conn:
        pending = int(conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar() or 0)
        last_report = conn.execute(text("SELECT last_report FROM sync_state WHERE id = 1")).scalar()
    return SyncOverview(
        connected=state.connected,
        server_url=state.server_url,
        user_name=state.user_name,
        device_id=state.device_id,
        pending=pending,
        last_sync_at=state.last_sync_at,
        last_report_json=last_report,
        conflicts=open_conflicts(db),
        recent=recent_changes(db),
    )


def export_unsent(db: Database, target: Path) -> int:
    """Write the changes not yet acknowledged by the server to a JSON file; returns how many.

    For a device signed out by an administrator (or a server gone for good): nothing typed is lost.
    """
    with db.engine.connect() as conn:
        rows = (
            conn.execute(
                text("SELECT tbl, row_id, field, value, hlc, node, author FROM sync_outbox ORDER BY seq")
            )
            .mappings()
            .all()
        )
    changes = [{**dict(r), "value": json.loads(r["value"])} for r in rows]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(json.dumps({"unsent_changes": changes}, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(target)
    return len(changes)
