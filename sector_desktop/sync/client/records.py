"""Per-record sync state: which records wait to be sent, could not be synced, or are in conflict.

The outbox holds one row per changed field; people think in records, so everything here counts
and names records ("1 visit, 2 action items"). Lists mark a record by `RecordStates.state`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from sector_desktop.models import synced_tables
from sector_desktop.store import Database

from .conflicts import _record_name as record_name  # one way to name a record, shared with conflicts
from .conflicts import open_conflicts
from .failed import RECEIVED, failed_records

WAITING, FAILED, CONFLICT = "waiting", "failed", "conflict"

# What a table's records are called; a table not named here reads as its name with spaces.
_NAMES: dict[str, tuple[str, str]] = {
    "sector_partnership": ("partnership", "partnerships"),
    "partnership_member": ("partnership member", "partnership members"),
    "member_representative": ("member representative", "member representatives"),
    "visit_attendee": ("visit attendee", "visit attendees"),
    "meeting_attendance": ("attendance record", "attendance records"),
    "apprenticeship_program": ("apprenticeship program", "apprenticeship programs"),
    "program_document": ("program document", "program documents"),
    "priority": ("priority", "priorities"),
    "lmi_figure": ("labour-market figure", "labour-market figures"),
    "staff_user": ("staff member", "staff members"),
    "stage_change": ("stage change", "stage changes"),
}
# The records people name first; a visit's attendees or a program's wage steps come after.
FIRST = (
    "organization",
    "contact",
    "visit",
    "action_item",
    "meeting",
    "sector_partnership",
    "apprenticeship_program",
)


def record_noun(table: str, count: int) -> str:
    one, many = _NAMES.get(table, (table.replace("_", " "), table.replace("_", " ") + "s"))
    return f"{count:,} {one if count == 1 else many}"


def describe_waiting(counts: dict[str, int], kinds: int = 3) -> str:
    """'1 visit, 2 action items' (the first `kinds` kinds, then 'and N more records')."""
    order = {t: i for i, t in enumerate(dict.fromkeys([*FIRST, *synced_tables()]))}
    items = sorted(((t, n) for t, n in counts.items() if n), key=lambda tn: order.get(tn[0], len(order)))
    if not items:
        return "nothing"
    shown = ", ".join(record_noun(t, n) for t, n in items[:kinds])
    rest = sum(n for _t, n in items[kinds:])
    return f"{shown} and {rest:,} more record{'s' if rest != 1 else ''}" if rest else shown


def waiting_counts(db: Database) -> dict[str, int]:
    """Records (not fields) with changes not yet acknowledged by the server, per table."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT tbl, count(DISTINCT row_id) FROM sync_outbox GROUP BY tbl"))
        return {tbl: int(n) for tbl, n in rows}


@dataclass(frozen=True)
class RecordStates:
    """table -> record ids, for marking rows in lists; `failed` keeps what failed and why."""

    waiting: dict[str, frozenset[str]] = field(default_factory=dict)
    failed: dict[str, dict[str, str]] = field(default_factory=dict)
    conflict: dict[str, frozenset[str]] = field(default_factory=dict)

    def state(self, table: str, row_id: str) -> str | None:
        """The state worth showing first: a conflict, else a failure, else waiting."""
        if row_id in self.conflict.get(table, ()):
            return CONFLICT
        if row_id in self.failed.get(table, {}):
            return FAILED
        if row_id in self.waiting.get(table, ()):
            return WAITING
        return None

    def reason(self, table: str, row_id: str) -> str | None:
        return self.failed.get(table, {}).get(row_id)


def describe_failure(direction: str, field: str, reason: str) -> str:
    """What went wrong with one field, in words: which way it travelled, and why."""
    what = field.replace("_", " ")
    if direction == RECEIVED:
        return f"the {what} received from the server could not be stored here ({reason})"
    return f"the server refused its {what} ({reason})"


def failed_states(db: Database) -> dict[str, dict[str, str]]:
    """table -> {record id: what failed and why} for every kept failed record (sync_failed)."""
    out: dict[str, dict[str, list[str]]] = {}
    for f in failed_records(db.engine):
        out.setdefault(f.table, {}).setdefault(f.row_id, []).append(
            describe_failure(f.direction, f.field, f.reason)
        )
    return {t: {rid: "; ".join(whys) for rid, whys in rows.items()} for t, rows in out.items()}


@dataclass(frozen=True)
class FailedLine:
    """One field of one record that could not be synced, for the Sync page's list."""

    table: str
    row_id: str
    record: str  # a readable name
    field: str
    direction: str  # sent (the server refused it) or received (this laptop could not store it)
    reason: str
    value: Any
    failed_at: str  # naive UTC ISO


def failed_lines(db: Database, limit: int = 500) -> list[FailedLine]:
    """The kept failed records, newest first, each named as people know it."""
    failures = failed_records(db.engine, limit)
    with db.engine.connect() as conn:
        names = {(f.table, f.row_id): record_name(conn, f.table, f.row_id) for f in failures}
    return [
        FailedLine(
            f.table, f.row_id, names[f.table, f.row_id], f.field, f.direction, f.reason, f.value, f.failed_at
        )
        for f in failures
    ]


def record_states(db: Database) -> RecordStates:
    waiting: dict[str, set[str]] = {}
    with db.engine.connect() as conn:
        for tbl, row_id in conn.execute(text("SELECT DISTINCT tbl, row_id FROM sync_outbox")):
            waiting.setdefault(tbl, set()).add(row_id)
    conflict: dict[str, set[str]] = {}
    for c in open_conflicts(db):
        conflict.setdefault(c.table, set()).add(c.row_id)
    return RecordStates(
        waiting={t: frozenset(ids) for t, ids in waiting.items()},
        failed=failed_states(db),
        conflict={t: frozenset(ids) for t, ids in conflict.items()},
    )


@dataclass(frozen=True)
class WaitingRecord:
    table: str
    row_id: str
    record: str  # a readable name
    fields: int
    since: str  # when its oldest waiting change was made (UTC, minutes)


def waiting_records(db: Database, limit: int = 500) -> list[WaitingRecord]:
    """The records waiting to be sent, oldest change first (the Sync page's list)."""
    out = []
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT tbl, row_id, count(*) AS fields, min(hlc) AS since FROM sync_outbox "
                "GROUP BY tbl, row_id ORDER BY min(seq) LIMIT :n"
            ),
            {"n": limit},
        ).all()
        for tbl, row_id, fields, since in rows:
            when = dt.datetime.fromtimestamp(int(since[:13]) / 1000, dt.UTC).replace(tzinfo=None)
            out.append(
                WaitingRecord(
                    tbl, row_id, record_name(conn, tbl, row_id), int(fields), when.isoformat(" ", "minutes")
                )
            )
    return out
