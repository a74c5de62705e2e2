"""What one sync round did (SyncReport), kept in sync_state for the Sync page and `status`; and the
progress callback a round reports through."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy import text

from sector_desktop.store import Database

Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    """What one sync round did. `status` is never "synced" when anything failed."""

    status: str = "synced"  # synced | offline | error | revoked | wiped | not_connected
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    failed: list[str] = field(default_factory=list)
    held_back: int = 0
    messages: list[str] = field(default_factory=list)
    blobs_sent: int = 0
    blobs_received: int = 0
    started_at: str = ""
    finished_at: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "synced" and not self.failed

    def summary(self) -> str:
        head = {
            "synced": "Synced" if not self.failed else "Synced with problems",
            "offline": "Offline: the server cannot be reached",
            "revoked": "Signed out",
            "wiped": "Wiped",
            "not_connected": "Not connected",
            "error": "Sync failed",
        }.get(self.status, self.status)
        parts = [f"{head}. Sent {self.sent:,} changes, received {self.received:,}."]
        if self.conflicts:
            parts.append(f"{self.conflicts} new conflicts to review.")
        if self.held_back:
            parts.append(f"{self.held_back:,} changes are held back (made by another user).")
        if self.failed:
            parts.append(f"{len(self.failed)} records failed.")
        return " ".join(parts + self.messages)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str | None) -> SyncReport | None:
        if not raw:
            return None
        try:
            return cls(**json.loads(raw))
        except (TypeError, ValueError):
            return None


def last_report(db: Database) -> SyncReport | None:
    """The report of the last sync round on this profile (kept across restarts)."""
    with db.engine.connect() as conn:
        return SyncReport.from_json(
            conn.execute(text("SELECT last_report FROM sync_state WHERE id = 1")).scalar()
        )


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
