"""The sync client: push the outbox, pull and merge the feed, attachments, conflicts. No Qt here."""

from .conflicts import (
    ConflictView,
    RecentChange,
    SyncOverview,
    export_unsent,
    open_conflicts,
    recent_changes,
    resolve_conflict,
    sync_overview,
)
from .engine import sync_once
from .report import SyncReport
from .sign_in import connect
from .state import SyncState, read_state
from .transport import SyncError

__all__ = [
    "ConflictView",
    "RecentChange",
    "SyncError",
    "SyncOverview",
    "SyncReport",
    "SyncState",
    "connect",
    "export_unsent",
    "open_conflicts",
    "read_state",
    "recent_changes",
    "resolve_conflict",
    "sync_once",
    "sync_overview",
]
