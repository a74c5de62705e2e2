"""The fast path of a pull: records new to this device and complete in the page are checked a
column at a time and inserted as whole rows, with one row clock each."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from sector_desktop.store.bulk import insert_without_triggers
from sector_desktop.store.capture import CLOCK
from sector_desktop.sync.column_checks import ids as column_ids
from sector_desktop.sync.values import check_row_id, column_check, row_problem

from .codec import TableCodec, codec
from .local import ROW_CLOCK, PageResult, existing_ids, local_clocks, remember_recent


def apply_whole_rows(
    conn: Connection, rows: list[dict[str, Any]], node: str, result: PageResult, note_recent: bool
) -> list[dict[str, Any]]:
    """The fast path of a pull: records new to this device, complete in the page, are inserted as
    rows with one row clock each. Returns the rest, unfolded into per-field changes."""
    rest: list[dict[str, Any]] = []
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_table[r["table"]].append(r)
    for tbl, group in by_table.items():
        tc = codec(tbl)
        counts = Counter(r["row_id"] for r in group)
        ids = sorted(counts)
        blocked: set[str] = set()
        if tc is not None:
            blocked = {rid for rid, _f in local_clocks(conn, tbl, ids)} | existing_ids(conn, tbl, ids)
        clocks: list[tuple[Any, ...]] = []
        recent: list[dict[str, Any]] = []
        whole = []
        for r in group:
            rid = r["row_id"]
            if tc is None or rid in blocked or counts[rid] > 1 or len(r["values"]) != len(tc.raw):
                rest += _unfold(r)
            else:
                whole.append(r)
        inserts = _checked_rows(tbl, tc, whole) if tc is not None else None
        if inserts is None:  # some value fails (or a record is odd): find which, record by record
            inserts, whole = _checked_one_by_one(tbl, tc, whole, rest)
        if whole:
            clocks, recent = _row_clocks(tbl, whole, node, result, note_recent)
        if tc is not None and inserts:
            insert_without_triggers(conn, tbl, tc.insert_sql, inserts)
            conn.exec_driver_sql(
                "INSERT INTO sync_field_clock (tbl, row_id, field, hlc, node) VALUES (?, ?, ?, ?, ?)", clocks
            )
        if note_recent and recent:
            remember_recent(conn, tbl, recent)
    if result.max_hlc:
        CLOCK.receive(result.max_hlc)  # our later edits must sort after what we have seen
    return rest


def _row_clocks(
    tbl: str, records: list[dict[str, Any]], node: str, result: PageResult, note_recent: bool
) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    """The clock rows of whole new records (one row clock each, plus the fields whose clock
    differs) and, when asked, their 'while you were out' notes; counts them into `result`."""
    row_ids = list(map(_ROW_ID, records))
    hlcs, nodes, authors = list(map(_HLC, records)), list(map(_NODE, records)), list(map(_AUTHOR, records))
    result.applied += sum(len(r["values"]) for r in records)
    result.max_hlc = max(result.max_hlc, *hlcs)
    result.authors.update(authors)
    clocks = list(zip(repeat(tbl), row_ids, repeat(ROW_CLOCK), hlcs, nodes, strict=False))
    for r in records:
        if r.get("clocks"):  # only records whose fields carry different clocks
            shared = (r["hlc"], r["node"])
            for fld, (hlc, nd, _author) in r["clocks"].items():
                if (hlc, nd) != shared:
                    clocks.append((tbl, r["row_id"], fld, hlc, nd))
                result.max_hlc = max(result.max_hlc, hlc)
    recent = []
    if note_recent:
        recent = [
            {"row_id": rid, "field": "created_at", "author": a, "hlc": h}
            for rid, h, n, a in zip(row_ids, hlcs, nodes, authors, strict=True)
            if n != node
        ]
    return clocks, recent


_ROW_ID, _HLC, _NODE, _AUTHOR = (itemgetter(k) for k in ("row_id", "hlc", "node", "author"))


def _checked_rows(tbl: str, tc: TableCodec, records: list[dict[str, Any]]) -> list[tuple[Any, ...]] | None:
    """Storage tuples of whole records, every value checked a column at a time (column_check, the
    same rules as check_value); None when any value might fail, or a record lacks a field."""
    if not records:
        return []
    row_ids = [r["row_id"] for r in records]
    columns = tc.wire_columns([r["values"] for r in records])
    if columns is None or not column_ids(row_ids):
        return None
    for name, column in zip(tc.columns[1:], columns, strict=True):
        check = column_check(tbl, name)
        if check is None or not check(column):
            return None
    try:
        return tc.storage_rows(row_ids, columns)
    except (TypeError, ValueError):
        return None


def _checked_one_by_one(
    tbl: str, tc: TableCodec | None, records: list[dict[str, Any]], rest: list[dict[str, Any]]
) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    """The storage tuples of the records whose every value passes check_value, and those records;
    the others are unfolded into `rest`, where the per-field path keeps each bad value as a failed
    record and applies the good ones."""
    inserts, kept = [], []
    for r in records:
        values, rid = r["values"], r["row_id"]
        if tc is None or check_row_id(rid) or row_problem(tbl, values):
            rest += _unfold(r)
            continue
        try:
            inserts.append(tc.row(rid, values))
        except (KeyError, TypeError, ValueError):
            rest += _unfold(r)  # the per-field path reports exactly which value is wrong
            continue
        kept.append(r)
    return inserts, kept


def _unfold(r: dict[str, Any]) -> list[dict[str, Any]]:
    clocks, shared = r.get("clocks") or {}, (r["hlc"], r["node"], r["author"])
    out = []
    for name, value in r["values"].items():
        hlc, nd, author = clocks.get(name, shared)
        out.append(
            {
                "table": r["table"],
                "row_id": r["row_id"],
                "field": name,
                "value": value,
                "hlc": hlc,
                "node": nd,
                "author": author,
            }
        )
    return out
