"""A database removed under an open profile (a wipe at the server's request, a restore, a user's
delete) is never replaced by an empty one: a connection made after that, even one that races the
check for the file, is refused with ProfileGone, and a page's task that hit it is no crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from sector_desktop.errors import ProfileGone
from sector_desktop.store import Database


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_a_connection_after_the_file_went_is_refused(db: Database) -> None:
    db.engine.dispose()  # its connections closed, the engine still open: only the file went
    _remove(db.path)
    with pytest.raises(ProfileGone, match="is gone"), db.engine.connect():
        pass
    assert not db.path.exists()


def test_a_connection_racing_the_removal_makes_no_empty_database(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is there when the engine looks and gone when SQLite opens it (a page's reading in a
    worker while the sync round wipes): SQLite must not make a new file there, which the profile's
    reopening would then take for the profile (an empty database under a forgotten key)."""
    db.engine.dispose()
    _remove(db.path)
    there = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: True if self == db.path else there(self))
    with pytest.raises(ProfileGone, match="is gone"), db.engine.connect():
        pass
    monkeypatch.undo()
    assert not db.path.exists(), "no empty database where the profile was"


def test_a_closed_profile_opens_nothing_not_even_the_new_file_there(db: Database) -> None:
    """After a wipe the window makes a new profile in the same place. A page's task queued before the
    wipe must not open that file with the old key: its first pragma would write the new database's
    header with that key, and the new profile would then open with neither."""
    db.close()
    _remove(db.path)
    db.path.touch()  # the new profile's file, not yet written
    with pytest.raises(ProfileGone, match="was closed"), db.engine.connect():
        pass
    assert db.path.stat().st_size == 0, "nothing written into the new profile's file"


def test_a_closed_profile_refuses_even_with_its_file_in_place(db: Database) -> None:
    db.close()
    assert db.path.exists()
    with pytest.raises(ProfileGone, match="was closed"), db.read_session() as s:
        s.execute(text("SELECT 1"))
