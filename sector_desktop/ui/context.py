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



@dataclass(frozen=True)
class OpenedProfile:
    """An open profile without any QObject: what a worker may make and hand to the UI thread."""

    db: Database
    paths: ProfilePaths
    staff_id: str | None


def open_profile_data(paths: ProfilePaths) -> OpenedProfile:
    """Open the profile (its key, the database, migrations): in a worker at start-up, and again
    when a restore or a wipe replaced the database (MainWindow.reopen_profile)."""
    from sector_desktop.store import open_profile
    from sector_desktop.store.settings import load_settings

    db = open_profile(paths)  # migrates before any page is built
    return OpenedProfile(db, paths, load_settings(paths).get("current_staff_id"))


def context_for(opened: OpenedProfile) -> AppContext:
    """The context of an opened profile, made on the UI thread: its events and undo history are
    QObjects that pages parent to and connect to, so they must live on that thread."""
    return AppContext(db=opened.db, paths=opened.paths, staff_id=opened.staff_id)


def make_context(paths: ProfilePaths) -> AppContext:
    """Open the profile and make its context, both on the calling thread."""
    return context_for(open_profile_data(paths))
