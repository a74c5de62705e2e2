"""Wipe on revoke: the server asked this laptop (revoked with `--wipe`) to destroy its data.

By the time this runs, the sync round has pushed the outbox and uploaded the attachments the
server lacked. Then the key goes first (the keyring's entry; a passphrase-derived key is destroyed
with the salt at the start of each database file), so nothing left on the disk can be read; then
the database, its backups, the attachments, the cache, the sign-in token and the device identity.
"Me" named a staff record of that database: it is forgotten, and the next start asks who you are
as a first run does (the office's name and time zone stay). A note in the data folder says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from sector_desktop.store import Database, ProfilePaths, keys
from sector_desktop.store.settings import ME, WELCOMED, load_settings, save_settings
from sector_desktop.sync.protocol import WIPE_MESSAGE

from .state import DEVICE_FILE, forget_token, identity_key

log = logging.getLogger(__name__)
NOTE = "WIPED.txt"


def _scrub(path: Path) -> None:
    """Overwrite a database file's salt (its first 16 bytes), then delete it."""
    with contextlib.suppress(OSError):
        if path.stat().st_size >= keys.SALT_BYTES:
            with path.open("r+b") as f:
                f.write(os.urandom(keys.SALT_BYTES))
                f.flush()
                os.fsync(f.fileno())
    path.unlink(missing_ok=True)


def _forget_me(paths: ProfilePaths) -> None:
    """Nobody is "me" (that staff record went with the database), and the welcome is owed again:
    it asks who you are and offers to connect, whose sign-in says who you are."""
    settings = load_settings(paths)
    settings.pop(ME, None)
    settings[WELCOMED] = False
    save_settings(paths, settings)


def wipe_profile(db: Database, paths: ProfilePaths) -> str:
    """Destroy the profile's key and local data; returns the message to show."""
    db.close()
    keys.forget_key(db.key)
    for suffix in ("", "-wal", "-shm"):
        _scrub(Path(f"{db.path}{suffix}"))
    if paths.backups_dir.is_dir():
        for backup in paths.backups_dir.iterdir():
            if backup.is_file():
                _scrub(backup)
            else:
                shutil.rmtree(backup, ignore_errors=True)
    for folder in (paths.attachments_dir, paths.cache_dir):
        shutil.rmtree(folder, ignore_errors=True)
    forget_token(paths)
    with contextlib.suppress(Exception):
        import keyring

        keyring.delete_password(keys.KEYRING_SERVICE, identity_key(paths))
    (paths.config_dir / DEVICE_FILE).unlink(missing_ok=True)
    _forget_me(paths)
    for mark in paths.data_dir.glob("attachments-*"):
        mark.unlink(missing_ok=True)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    (paths.data_dir / NOTE).write_text(f"{when}: {WIPE_MESSAGE}\n", encoding="utf-8")
    log.warning("Profile wiped at the server's request (revoked with --wipe).")
    return WIPE_MESSAGE
