"""What the laptop already holds, read in bulk for a pull page: field clocks, rows, unsent fields;
and the per-record notes of what others changed ('while you were out'). Also a page's result."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

CHUNK = 500
ROW_CLOCK = "*"  # sync_field_clock.field for a row's clock: every field without an entry of its own


@dataclass
class PageResult:
    applied: int = 0
    skipped: int = 0
    conflicts: int = 0
    failed: list[str] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)  # rows for sync_failed
    max_hlc: str = ""
    authors: set[str] = field(default_factory=set)  # who wrote what this page brought


def local_clocks(conn: Connection, tbl: str, row_ids: list[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(row_id, field) -> clock; (row_id, "*") is the row clock of fields without their own."""
    clocks: dict[tuple[str, str], tuple[str, str]] = {}
    for i in range(0, len(row_ids), CHUNK):
        part = row_ids[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        rows = conn.exec_driver_sql(
            f"SELECT row_id, field, hlc, node FROM sync_field_clock WHERE tbl = ? AND row_id IN ({marks})",
            (tbl, *part),
        )
        for row_id, fld, hlc, nd in rows:
            clocks[(row_id, fld)] = (hlc, nd)
    return clocks


def pending_fields(conn: Connection, tbl: str, row_ids: list[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for i in range(0, len(row_ids), CHUNK):
        part = row_ids[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        rows = conn.exec_driver_sql(
            f"SELECT row_id, field FROM sync_outbox WHERE tbl = ? AND row_id IN ({marks})", (tbl, *part)
        )
        found.update((r[0], r[1]) for r in rows)
    return found


def existing_ids(conn: Connection, tbl: str, row_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(row_ids), CHUNK):
        part = row_ids[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        found.update(
            r[0] for r in conn.exec_driver_sql(f'SELECT id FROM "{tbl}" WHERE id IN ({marks})', tuple(part))
        )
    return found


def remember_recent(conn: Connection, tbl: str, changes: list[dict[str, Any]]) -> None:
    """Remember, per record, who changed it from elsewhere and when ('while you were out')."""
    if not changes:
        return
    per_row: dict[str, dict[str, Any]] = {}
    for ch in changes:
        entry = per_row.setdefault(
            ch["row_id"], {"author": ch["author"], "hlc": ch["hlc"], "n": 0, "new": 0, "names": set()}
        )
        entry["n"] += 1
        entry["new"] = entry["new"] or int(ch["field"] == "created_at")
        entry["names"].add(ch["field"])
        if ch["hlc"] > entry["hlc"]:
            entry["hlc"], entry["author"] = ch["hlc"], ch["author"]
    earlier = _recent_field_names(conn, tbl, list(per_row))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    conn.exec_driver_sql(
        "INSERT INTO sync_recent (tbl, row_id, author, hlc, fields, created, pulled_at, field_names) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, row_id) DO UPDATE SET author = excluded.author, "
        "hlc = max(hlc, excluded.hlc), fields = fields + excluded.fields, "
        "created = max(created, excluded.created), pulled_at = excluded.pulled_at, "
        "field_names = excluded.field_names",
        [
            (
                tbl,
                rid,
                e["author"],
                e["hlc"],
                e["n"],
                e["new"],
                now,
                json.dumps(sorted(e["names"] | earlier.get(rid, set()))),
            )
            for rid, e in per_row.items()
        ],
    )


def _recent_field_names(conn: Connection, tbl: str, row_ids: list[str]) -> dict[str, set[str]]:
    """The fields already noted as changed on these records (a later page adds to them)."""
    found: dict[str, set[str]] = {}
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for rid, names in conn.exec_driver_sql(
            f"SELECT row_id, field_names FROM sync_recent WHERE tbl = ? AND row_id IN ({marks})",
            (tbl, *chunk),
        ):
            found[rid] = set(json.loads(names)) if names else set()
    return found
