"""What every page is handed: the open database, the profile, the signed-in staff member, the events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the window's shell paints before the database layer is imported
    from sector_desktop.store import Database, ProfilePaths

from .undo import UndoHistory


class DataEvents(QObject):
    """The one announcement of what changed, sent by the operation helper (ui/operations.py)."""

    applied = Signal(object)  # store.changes.Changes: the tables and record ids an operation changed
    open_record = Signal(str, str)  # kind ("organization", "contact", "visit", ...), id
    log_visit = Signal(str)  # an organization's id: open the visit editor for it (the Visits page)
    me_changed = Signal(object)  # the staff id this laptop now works as (or None): ui/team/me.py


@dataclass
class AppContext:
    db: Database
    paths: ProfilePaths
    staff_id: str | None = None
    events: DataEvents = field(default_factory=DataEvents)
    undo: UndoHistory = field(default_factory=UndoHistory)
