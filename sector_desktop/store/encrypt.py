"""Encrypt a plain SQLite profile in place, the first time the encrypting version opens it.

A copy of the plain file is kept in the profile's backups folder until the encrypted copy has been
checked (every table has the same number of rows, and the copy passes SQLite's integrity check);
then the encrypted copy takes the database's place and the plain copy is deleted. If anything
fails first, the plain database is left as it was and the error says what failed.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from sector_desktop.errors import ProfileError

from . import keys

log = logging.getLogger(__name__)


def _table_counts(conn: sqlcipher.Connection, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def encrypt_plain_database(path: Path) -> keys.DatabaseKey:
    """Encrypt the plain SQLite database at `path` with a new key and return the key."""
    plain = sqlcipher.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every committed page in the main file
        before = _table_counts(plain)
    finally:
        plain.close()
    backup_dir = path.parent / "backups"
    backup_dir.mkdir(parents=True, exist_ok=True)
    backup = backup_dir / f"{path.stem}-before-encryption.db"
    shutil.copy2(path, backup)
    key = keys.new_key()
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    try:
        _export(path, target, key)
        _check(target, key, before)
    except Exception as exc:
        target.unlink(missing_ok=True)
        keys.forget_key(key)
        backup.unlink(missing_ok=True)  # the database itself was not touched
        raise ProfileError(f"Could not encrypt the database {path} (it is unchanged): {exc}") from exc
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(target, path)
    backup.unlink()
    log.info("Encrypted the profile's database in place (%s tables).", len(before))
    return key


def _export(source: Path, target: Path, key: keys.DatabaseKey) -> None:
    conn = sqlcipher.connect(str(source), isolation_level=None)
    try:
        raw_key = f"x'{key.key.hex()}{key.salt.hex()}'"
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"{raw_key}\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()


def _check(target: Path, key: keys.DatabaseKey, before: dict[str, int]) -> None:
    conn = keys.connect_raw(target, key)
    try:
        if keys.read_header(target) != key.salt:
            raise ProfileError("the encrypted copy does not carry its salt")
        after = _table_counts(conn)
        if after != before:
            differ = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
            raise ProfileError(f"the encrypted copy differs in {', '.join(differ[:5])}")
        problems = conn.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise ProfileError(f"the encrypted copy fails the integrity check: {problems[:3]}")
    finally:
        conn.close()
