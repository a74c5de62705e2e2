"""The change feed: positions handed out in commit order, and pull pages read below a watermark.

Positions come from the single feed_counter row, read and advanced inside a push transaction that
holds the write lock from its start (SQLite BEGIN IMMEDIATE; PostgreSQL SELECT ... FOR UPDATE in
db.write_transaction). A transaction holding lower positions therefore commits before any higher
position exists, so a reader never skips a change that commits later.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select, text, update

from ..protocol import make_cursor, parse_cursor
from .db import conflicts, feed_counter, field_state, read_epoch

MAX_POSITION = 2**63 - 1  # BIGINT


def allocate_positions(conn: Connection, count: int, clock: str | None = None) -> int:
    """Reserve `count` positions; returns the first. Call only inside db.write_transaction.

    With `clock`, the server's clock high-water moves to it in the same statement (one round trip
    to PostgreSQL instead of three: read, advance, clock)."""
    if not count and clock is None:
        last = conn.execute(select(feed_counter.c.last_position).where(feed_counter.c.id == 1)).scalar_one()
        return int(last) + 1
    values: dict[str, Any] = {"last_position": feed_counter.c.last_position + count}
    if clock is not None:
        values["clock"] = clock
    advance = update(feed_counter).where(feed_counter.c.id == 1).values(values)
    last = conn.execute(advance.returning(feed_counter.c.last_position)).scalar_one()
    return int(last) - count + 1


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


def pull_page(engine: Engine, cursor: str | None, limit: int, fmt: str = "changes") -> dict[str, Any]:
    """One page of the feed after `cursor` as a PullResponse-shaped dict (tests and tools)."""
    return json.loads(pull_page_json(engine, cursor, limit, fmt))


def pull_page_json(engine: Engine, cursor: str | None, limit: int, fmt: str = "changes") -> bytes:
    """One page of the feed after `cursor` as PullResponse JSON. Stored values are already JSON
    text and are spliced in as they are: a page can hold tens of thousands of entries."""
    with engine.connect() as conn, conn.begin():
        epoch = read_epoch(conn)
        after, reset = 0, False
        if cursor:
            cursor_epoch, after = parse_cursor(cursor)
            after = min(after, MAX_POSITION)  # a giant number is just "ahead of the feed"
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
        if fmt == "rows":
            return _rows_page(conn, epoch, after, reset, watermark, limit)
        change_rows = conn.execute(
            select(
                field_state.c.position,
                field_state.c.table_name,
                field_state.c.row_id,
                field_state.c.field,
                field_state.c.value,
                field_state.c.hlc,
                field_state.c.node,
                field_state.c.author,
            )
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


def _page(
    epoch: str, after: int, reset: bool, limit: int, change_rows: Sequence[Any], conflict_rows: Sequence[Any]
) -> bytes:
    more = len(change_rows) + len(conflict_rows) > limit
    if more:  # keep the `limit` lowest positions of both lists
        cut = sorted([r.position for r in change_rows] + [r.position for r in conflict_rows])[limit - 1]
        change_rows = [r for r in change_rows if r.position <= cut]
        conflict_rows = [r for r in conflict_rows if r.position <= cut]
    last = max([after] + [r.position for r in change_rows[-1:]] + [r.position for r in conflict_rows[-1:]])
    enc = _Encoder()
    entries = _changes_json(change_rows, enc)
    found = json.dumps([conflict_dict(r) for r in conflict_rows], ensure_ascii=False, separators=(",", ":"))
    head = json.dumps({"epoch": epoch, "next_cursor": make_cursor(epoch, last), "more": more, "reset": reset})
    return f'{head[:-1]},"rows":[],"conflicts":{found},"changes":[{entries}]}}'.encode()


class _Encoder(dict):
    """Memoised JSON string encoding (row ids, nodes and authors repeat within a page)."""

    def __missing__(self, text: str) -> str:
        value = self[text] = _encode_text(text)
        return value


_encode_text = json.encoder.encode_basestring  # json.dumps(text, ensure_ascii=False), without its set-up


def _changes_json(rows: Sequence[Any], enc: _Encoder) -> str:
    # Table and field names match protocol.NAME_PATTERN and clocks HLC_PATTERN: no escaping needed.
    return ",".join(
        f'{{"position":{pos},"table":"{table}","row_id":{enc[row_id]},"field":"{name}",'
        f'"value":{value},"hlc":"{hlc}","node":{enc[node]},"author":{enc[author]},'
        f'"base_hlc":null,"base_node":null}}'
        for pos, table, row_id, name, value, hlc, node, author in rows
    )


# Rows format, folded by the database in one pass over the page's window, without a self-join and
# without parsing a value: values are stored as JSON text and field names match
# protocol.NAME_PATTERN, so an object is the fields' `"name":value` joined by commas. Each record
# gets the clock of its newest field in the window; `clocks` is how many distinct clocks its
# fields carry: only records with more than one get per-field clocks (a second, keyed query).
_ROWS_SQL = {
    "sqlite": """
SELECT table_name, row_id, max(position) AS pos, hlc, node, author,
       '{' || group_concat('"' || field || '":' || coalesce(value, 'null'), ',') || '}',
       count(DISTINCT hlc || ' ' || node || ' ' || author)
FROM field_state WHERE position > :a AND position <= :cut
GROUP BY table_name, row_id
ORDER BY pos""",
    "postgresql": """
SELECT table_name, row_id, max(position) AS pos,
       (array_agg(hlc ORDER BY position DESC))[1], (array_agg(node ORDER BY position DESC))[1],
       (array_agg(author ORDER BY position DESC))[1],
       '{' || string_agg('"' || field || '":' || coalesce(value, 'null'), ',') || '}',
       count(DISTINCT (hlc, node, author))
FROM field_state WHERE position > :a AND position <= :cut
GROUP BY table_name, row_id
ORDER BY pos""",
}
# (SQLite: with exactly one max() aggregate, the bare columns hlc, node and author are those of the
# row holding the max, https://sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query.)


def _field_clocks(
    conn: Connection, after: int, cut: int, records: list[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """(table, row_id) -> the JSON object of its fields' clocks in (after, cut], for records
    whose fields carry different clocks."""
    by_table: dict[str, list[str]] = {}
    for table, row_id in records:
        by_table.setdefault(table, []).append(row_id)
    found: dict[tuple[str, str], dict[str, list[str]]] = {}
    for table, row_ids in by_table.items():
        for start in range(0, len(row_ids), 500):
            rows = conn.execute(
                select(
                    field_state.c.row_id,
                    field_state.c.field,
                    field_state.c.hlc,
                    field_state.c.node,
                    field_state.c.author,
                ).where(
                    field_state.c.table_name == table,
                    field_state.c.row_id.in_(row_ids[start : start + 500]),
                    field_state.c.position > after,
                    field_state.c.position <= cut,
                )
            ).all()
            for row_id, name, hlc, node, author in rows:
                found.setdefault((table, row_id), {})[name] = [hlc, node, author]
    return {
        key: json.dumps(clocks, ensure_ascii=False, separators=(",", ":")) for key, clocks in found.items()
    }


def _rows_page(conn: Connection, epoch: str, after: int, reset: bool, watermark: int, limit: int) -> bytes:
    """A page in the rows format: at most `limit` field changes and at most `limit` conflicts,
    cut at a position, so next_cursor is that position (the watermark when the feed is drained)."""
    in_window = (field_state.c.position > after) & (field_state.c.position <= watermark)
    change_cut = conn.execute(
        select(field_state.c.position)
        .where(in_window)
        .order_by(field_state.c.position)
        .offset(limit - 1)
        .limit(1)
    ).scalar()
    cut = watermark if change_cut is None else int(change_cut)
    conflict_rows = conn.execute(
        select(conflicts)
        .where(conflicts.c.position > after, conflicts.c.position <= cut)
        .order_by(conflicts.c.position)
        .limit(limit + 1)
    ).all()
    if len(conflict_rows) > limit:
        conflict_rows = conflict_rows[:limit]
        cut = conflict_rows[-1].position
    rows = conn.execute(text(_ROWS_SQL[conn.dialect.name]), {"a": after, "cut": cut}).all()
    mixed = [(r[0], r[1]) for r in rows if r[7] > 1]
    clocks = _field_clocks(conn, after, cut, mixed) if mixed else {}
    enc = _Encoder()
    entries = ",".join(
        f'{{"table":"{table}","row_id":{enc[row_id]},"position":{pos},"hlc":"{hlc}","node":{enc[node]},'
        f'"author":{enc[author]},"values":{values},"clocks":{clocks.get((table, row_id), "{}")}}}'
        for table, row_id, pos, hlc, node, author, values, _distinct in rows
    )
    found = json.dumps([conflict_dict(r) for r in conflict_rows], ensure_ascii=False, separators=(",", ":"))
    head = json.dumps(
        {"epoch": epoch, "next_cursor": make_cursor(epoch, cut), "more": cut < watermark, "reset": reset}
    )
    return f'{head[:-1]},"changes":[],"conflicts":{found},"rows":[{entries}]}}'.encode()
