"""The change feed: positions handed out in commit order, and pull pages read below a watermark.

Positions come from the single feed_counter row, read and advanced inside a push transaction that
holds the write lock from its start (SQLite BEGIN IMMEDIATE; PostgreSQL SELECT ... FOR UPDATE in
db.write_transaction). A transaction holding lower positions therefore commits before any higher
position exists, so a reader never skips a change that commits later.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from ..protocol import make_cursor, parse_cursor
from .db import conflicts, feed_counter, field_state, read_epoch


def allocate_positions(conn: Connection, count: int) -> int:
    """Reserve `count` positions; returns the first. Call only inside db.write_transaction."""
    last = conn.execute(select(feed_counter.c.last_position).where(feed_counter.c.id == 1)).scalar_one()
    if count:
        conn.execute(update(feed_counter).where(feed_counter.c.id == 1).values(last_position=last + count))
    return int(last) + 1


def conflict_dict(r: Any) -> dict[str, Any]:
    """A conflicts row as the protocol's Conflict (plain dict, JSON-ready)."""
    return {
        "id": r.id,
        "position": r.position,
        "kind": r.kind,
        "table": r.table_name,
        "row_id": r.row_id,
        "field": r.field,
        "winner": {
            "value": _load(r.winner_value),
            "hlc": r.winner_hlc,
            "node": r.winner_node,
            "author": r.winner_author,
        },
        "loser": {
            "value": _load(r.loser_value),
            "hlc": r.loser_hlc,
            "node": r.loser_node,
            "author": r.loser_author,
        },
        "detected_at": r.detected_at.isoformat(),
        "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
        "resolution": r.resolution,
        "resolved_by": r.resolved_by,
    }


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def pull_page(engine: Engine, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of the feed after `cursor`, as a PullResponse-shaped dict (built without pydantic
    for speed: a page can hold tens of thousands of entries)."""
    with engine.connect() as conn, conn.begin():
        epoch = read_epoch(conn)
        after, reset = 0, False
        if cursor:
            cursor_epoch, after = parse_cursor(cursor)
            if cursor_epoch != epoch:
                after, reset = 0, True
        # The watermark: every position <= it is committed, and later statements see all of them.
        watermark = conn.execute(
            select(feed_counter.c.last_position).where(feed_counter.c.id == 1)
        ).scalar_one()
        if after > watermark:
            # The cursor is ahead of this feed: the database went back in time (restored without a
            # new epoch). Start again from 0 rather than skip what is here.
            after, reset = 0, True
        change_rows = conn.execute(
            select(field_state)
            .where(field_state.c.position > after, field_state.c.position <= watermark)
            .order_by(field_state.c.position)
            .limit(limit + 1)
        ).all()
        conflict_rows = conn.execute(
            select(conflicts)
            .where(conflicts.c.position > after, conflicts.c.position <= watermark)
            .order_by(conflicts.c.position)
            .limit(limit + 1)
        ).all()
    return _page(epoch, after, reset, limit, change_rows, conflict_rows)


def _page(epoch: str, after: int, reset: bool, limit: int, change_rows: list, conflict_rows: list) -> dict:
    merged = sorted(
        [(r.position, 0, r) for r in change_rows] + [(r.position, 1, r) for r in conflict_rows],
        key=lambda t: t[0],
    )
    more = len(merged) > limit
    merged = merged[:limit]
    changes = [
        {
            "position": r.position,
            "table": r.table_name,
            "row_id": r.row_id,
            "field": r.field,
            "value": _load(r.value),
            "hlc": r.hlc,
            "node": r.node,
            "author": r.author,
            "base_hlc": None,
            "base_node": None,
        }
        for _, kind, r in merged
        if kind == 0
    ]
    found = [conflict_dict(r) for _, kind, r in merged if kind == 1]
    last = merged[-1][0] if merged else after
    return {
        "epoch": epoch,
        "changes": changes,
        "conflicts": found,
        "next_cursor": make_cursor(epoch, last),
        "more": more,
        "reset": reset,
    }
