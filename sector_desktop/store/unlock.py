"""Which key opens a profile's database: a new one, the keyring's, or the passphrase's (store/keys.py)."""

from __future__ import annotations

from pathlib import Path

from . import keys
from .encrypt import encrypt_plain_database


def database_key(path: Path) -> keys.DatabaseKey:
    """The key of the database at `path`: a new one for a new file, else the one that opens it.

    A plain SQLite file is encrypted first (with a new key). Raises KeyUnavailable (ask for the
    passphrase) or WrongKey (the passphrase given does not open it).
    """
    if keys.is_plain(path):
        return encrypt_plain_database(path)
    if len(keys.read_header(path)) < keys.SALT_BYTES:
        for suffix in ("-wal", "-shm"):  # leftovers of an empty file: they belong to no key
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return keys.new_key()
    tried = None
    for candidate in keys.candidate_keys(path):
        tried = candidate
        try:
            keys.connect_raw(path, candidate).close()
            return candidate
        except keys.WrongKey:
            continue
    if tried is None:
        raise keys.KeyUnavailable(keys.missing_key_message(path), new=False)
    if tried.source == "passphrase":
        raise keys.WrongKey(
            f"Cannot open the database {path}: the passphrase is wrong (or the file is not a Sector "
            "Desktop database). Nothing was changed."
        )
    raise keys.KeyUnavailable(keys.missing_key_message(path), new=False)
