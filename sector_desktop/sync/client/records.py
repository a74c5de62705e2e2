"""Per-record sync state: which records wait to be sent, failed on the server, or are in conflict.

The outbox holds one row per changed field; people think in records, so everything here counts
and names records ("1 visit, 2 action items"). Lists mark a record by `RecordStates.state`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import text

from sector_desktop.models import synced_tables
from sector_desktop.store import Database

from .conflicts import _record_name as record_name  # one way to name a record, shared with conflicts
from .conflicts import open_conflicts
from .engine import SyncReport

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
# A rejected change as the push report words it: "<table> <row id> <field>: <reason>".
_FAILED_LINE = re.compile(r"^(\w+) ([0-9A-Fa-f-]{32,36}) (\w+): (.*)$")


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
    """table -> record ids, for marking rows in lists; `failed` keeps the server's reason."""

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


def failed_records(report: SyncReport | None) -> dict[str, dict[str, str]]:
    """The records the last sync's server refused, with why (from the stored report)."""
    out: dict[str, dict[str, str]] = {}
    for line in report.failed if report is not None else []:
        m = _FAILED_LINE.match(line)
        if m:
            out.setdefault(m.group(1), {})[m.group(2)] = f"{m.group(3).replace('_', ' ')}: {m.group(4)}"
    return out


def record_states(db: Database) -> RecordStates:
    waiting: dict[str, set[str]] = {}
    with db.engine.connect() as conn:
        for tbl, row_id in conn.execute(text("SELECT DISTINCT tbl, row_id FROM sync_outbox")):
            waiting.setdefault(tbl, set()).add(row_id)
        last = conn.execute(text("SELECT last_report FROM sync_state WHERE id = 1")).scalar()
    conflict: dict[str, set[str]] = {}
    for c in open_conflicts(db):
        conflict.setdefault(c.table, set()).add(c.row_id)
    return RecordStates(
        waiting={t: frozenset(ids) for t, ids in waiting.items()},
        failed=failed_records(SyncReport.from_json(last)),
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
