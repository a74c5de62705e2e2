"""What support and scripts ask about a profile's sync: `sector-desktop status [--json]`.

Changes waiting per table, changes held back for another user, failed records with reasons,
open conflicts, the last sync and the clock warning, read in one go without the network.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import text

from sector_desktop.store import Database

from .clock_check import clock_warning
from .conflicts import open_conflicts
from .failed import failed_records
from .push import held_back
from .report import SyncReport
from .state import load_state


@dataclass
class SyncStatus:
    connected: bool
    server_url: str | None
    user_name: str | None
    device_id: str | None
    last_sync_at: str | None
    last_report: str | None
    waiting: dict[str, int]
    held_back: int
    failed: list[dict[str, Any]] = field(default_factory=list)
    conflicts: int = 0
    clock_ahead_ms: int | None = None
    clock_warning: str | None = None

    @property
    def waiting_total(self) -> int:
        return sum(self.waiting.values())

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "waiting_total": self.waiting_total}, ensure_ascii=False)

    def lines(self) -> list[str]:
        where = f"{self.server_url} as {self.user_name}" if self.connected else "not connected"
        out = [
            f"Server: {where}",
            f"Last sync: {self.last_sync_at or 'never'}"
            + (f" ({self.last_report})" if self.last_report else ""),
            f"Changes waiting: {self.waiting_total:,}"
            + "".join(f"\n  {table}: {count:,}" for table, count in sorted(self.waiting.items())),
        ]
        if self.held_back:
            out.append(f"Held back for another user: {self.held_back:,}")
        out.append(f"Failed records: {len(self.failed):,}")
        out += [
            f"  {f['direction']}: {f['table']} {f['row_id']} {f['field']}: {f['reason']}" for f in self.failed
        ]
        out.append(f"Open conflicts: {self.conflicts:,}")
        if self.clock_warning:
            out.append(f"Clock: {self.clock_warning}")
        return out


def sync_status(db: Database) -> SyncStatus:
    with db.engine.connect() as conn:
        state = load_state(conn)
        by_table = text("SELECT tbl, count(*) FROM sync_outbox GROUP BY tbl ORDER BY tbl")
        waiting: dict[str, int] = {tbl: n for tbl, n in conn.execute(by_table)}
        held, _authors = held_back(conn, state.user_id)
        raw_report = conn.execute(text("SELECT last_report FROM sync_state WHERE id = 1")).scalar()
        ahead = conn.execute(text("SELECT clock_ahead_ms FROM sync_state WHERE id = 1")).scalar()
    report = SyncReport.from_json(raw_report)
    return SyncStatus(
        connected=state.connected,
        server_url=state.server_url,
        user_name=state.user_name,
        device_id=state.device_id,
        last_sync_at=state.last_sync_at,
        last_report=report.summary() if report else None,
        waiting={str(k): int(v) for k, v in waiting.items()},
        held_back=held,
        failed=[asdict(f) for f in failed_records(db.engine)],
        conflicts=len(open_conflicts(db)),
        clock_ahead_ms=ahead,
        clock_warning=clock_warning(ahead),
    )
