"""What every page is handed: the open database, the profile and the signed-in staff member."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from sector_desktop.store import Database, ProfilePaths


class DataEvents(QObject):
    """Broadcast after a write, so that open lists and the status bar refresh."""

    changed = Signal(str)  # the table (or area) that changed
    open_record = Signal(str, str)  # kind ("organization", "contact", "visit", ...), id


@dataclass
class AppContext:
    db: Database
    paths: ProfilePaths
    staff_id: str | None = None
    events: DataEvents = field(default_factory=DataEvents)
