"""What every page is handed: the open database, the profile, the signed-in staff member, the events."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the window's shell paints before the database layer is imported
    from sector_desktop.store import Database, ProfilePaths
    from sector_desktop.store.changes import Changes

from .undo import UndoHistory

log = logging.getLogger(__name__)


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
    from sector_desktop.services.profile_settings import my_staff_id
    from sector_desktop.store import open_profile

    db = open_profile(paths)  # migrates before any page is built
    return OpenedProfile(db, paths, my_staff_id(db, paths))  # None for a staff record not here


def context_for(opened: OpenedProfile) -> AppContext:
    """The context of an opened profile, made on the UI thread: its events and undo history are
    QObjects that pages parent to and connect to, so they must live on that thread."""
    ctx = AppContext(db=opened.db, paths=opened.paths, staff_id=opened.staff_id)
    follow_me(ctx)
    return ctx


def follow_me(ctx: AppContext) -> None:
    """Keep `ctx.staff_id` naming a staff member who is here: when staff records change (a pull
    brought "me" back, or took the record away), look again, and tell the pages when it differs."""
    from sector_desktop.services.profile_settings import my_staff_id
    from sector_desktop.store.settings import me_setting

    from .tasks import guarded, run_task

    db, paths, events = ctx.db, ctx.paths, ctx.events

    def look(changes: Changes) -> None:
        if changes.touches("staff_user"):
            run_task(lambda: (me_setting(paths), my_staff_id(db, paths)), guarded(events, found), _not_found)

    def found(answer: tuple[str | None, str | None]) -> None:
        asked, me = answer
        if ctx.db is not db or me_setting(paths) != asked:
            return  # another profile, or "me" chosen again meanwhile: that choice stands
        if ctx.staff_id != me:
            ctx.staff_id = me
            events.me_changed.emit(me)

    events.applied.connect(look)


def _not_found(exc: Exception) -> None:
    log.warning("Could not look up who this laptop works as: %s", exc)


def make_context(paths: ProfilePaths) -> AppContext:
    """Open the profile and make its context, both on the calling thread."""
    return context_for(open_profile_data(paths))
