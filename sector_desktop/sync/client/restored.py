"""Restore the profile's database from one of its backups, and make sure sync knows it was restored.

The restored database takes a new device identity before it syncs (state.mark_restored), so the
edits made after the backup, sent or not, are never taken for the old identity's and none is lost.
"""

from __future__ import annotations

from sector_desktop.store import ProfilePaths, open_profile
from sector_desktop.store.backups import restore

from .state import mark_restored


def restore_from_backup(paths: ProfilePaths, name: str) -> str:
    """Restore backup `name` (the profile's database must be closed); returns what to tell the user."""
    kept = restore(paths.database, paths.backups_dir, name)
    db = open_profile(paths)  # an older backup is migrated here, like any older profile
    try:
        restored = mark_restored(db.engine, paths)
    finally:
        db.close()
    said = f"Restored {name}. The database it replaced is kept as {kept.name}."
    return f"{said} {restored}" if restored else said
