"""The database key (design rules 6 and 7): random and kept in the OS keyring, or from a passphrase.

Each encrypted database starts with the 16 random bytes SQLCipher calls its salt. The key is found
by them: the keyring entry `database-key:<salt>` holds a random 256-bit key, or the key is derived
from the profile's passphrase and the salt with Argon2id. Copies and backups of a database keep its
salt, so they open with the same key; nothing secret is ever written to a file or a log.

Where the computer has no usable keyring, a passphrase is needed: the UI and the command line ask
for it, and `SECTOR_PASSPHRASE` gives it to scripts and headless machines. There is no plaintext
fallback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sector_desktop.errors import ProfileError, ProfileGone

KEYRING_SERVICE = "sector-desktop"
PASSPHRASE_ENV = "SECTOR_PASSPHRASE"
SALT_BYTES = 16
KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"
# Argon2id, RFC 9106's second recommended setting (64 MiB, 3 passes): about half a second, once
# per database and process (the derived key is kept in memory for the next connection).
ARGON2_TIME = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_LANES = 2


class KeyUnavailable(ProfileError):
    """No key can be had for this database without a passphrase: ask for one (`new`: choose one)."""

    def __init__(self, message: str, *, new: bool) -> None:
        super().__init__(message)
        self.new = new


class WrongKey(ProfileError):
    """The passphrase (or the keyring's key) does not open this database; nothing was changed."""


@dataclass(frozen=True)
class DatabaseKey:
    """A database's 256-bit key and salt, and where the key came from (keyring or passphrase)."""

    key: bytes
    salt: bytes
    source: str

    def pragma(self) -> str:
        # The raw-key form with its salt: no key derivation per connection, and a new file gets
        # this salt in its header (so its key is found by it).
        return f"PRAGMA key = \"x'{self.key.hex()}{self.salt.hex()}'\""

    def subkey(self, purpose: str) -> bytes:
        """An independent key for another use (attachments), derived from this one (HKDF-Expand)."""
        import hashlib
        import hmac

        return hmac.new(self.key, f"sector-desktop {purpose} v1".encode() + b"\x01", hashlib.sha256).digest()

    def __repr__(self) -> str:  # never the key itself, in a log or a traceback
        return f"DatabaseKey(salt={self.salt.hex()}, source={self.source!r})"


_passphrase: str | None = None
_derived: dict[tuple[bytes, bytes], bytes] = {}


def use_passphrase(passphrase: str | None) -> None:
    """The passphrase typed by the user for this process (the UI's dialog, the command's prompt)."""
    global _passphrase
    _passphrase = passphrase or None


def passphrase() -> str | None:
    return _passphrase or os.environ.get(PASSPHRASE_ENV) or None


def keyring_usable() -> bool:
    """False where keyring has no real backend (a headless machine, CI): the fail or null one."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        ring = keyring.get_keyring()
        if isinstance(ring, chainer.ChainerBackend):
            return bool(ring.backends)
        return not isinstance(ring, fail.Keyring | null.Keyring)
    except Exception:  # a broken backend is no keyring
        return False


def keyring_name(salt: bytes) -> str:
    return f"database-key:{salt.hex()}"


def read_header(path: Path) -> bytes:
    """The first 16 bytes of the file (b'' for a missing or empty file)."""
    try:
        with path.open("rb") as f:
            return f.read(SALT_BYTES)
    except FileNotFoundError:
        return b""


def is_plain(path: Path) -> bool:
    return read_header(path) == PLAIN_HEADER


def derive(secret: str, salt: bytes) -> bytes:
    import hashlib  # here, not at import: the window paints before any key is derived

    cached = _derived.get((hashlib.sha256(secret.encode()).digest(), salt))
    if cached is not None:
        return cached
    from argon2.low_level import Type, hash_secret_raw

    key = hash_secret_raw(
        secret.encode(),
        salt,
        time_cost=ARGON2_TIME,
        memory_cost=ARGON2_MEMORY_KIB,
        parallelism=ARGON2_LANES,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    _derived[(hashlib.sha256(secret.encode()).digest(), salt)] = key
    return key


def _from_keyring(salt: bytes) -> bytes | None:
    if not keyring_usable():
        return None
    try:
        import keyring

        raw = keyring.get_password(KEYRING_SERVICE, keyring_name(salt))
        return bytes.fromhex(raw) if raw else None
    except Exception:  # a locked or broken keyring: try the passphrase
        return None


def candidate_keys(path: Path) -> Iterator[DatabaseKey]:
    """The keys to try on an existing encrypted database, cheapest first: the passphrase's
    (an Argon2id derivation) only when the keyring has none that opens it."""
    salt = read_header(path)
    stored = _from_keyring(salt)
    if stored is not None and len(stored) == KEY_BYTES:
        yield DatabaseKey(stored, salt, "keyring")
    secret = passphrase()
    if secret:
        yield DatabaseKey(derive(secret, salt), salt, "passphrase")


def missing_key_message(path: Path) -> str:
    where = (
        "its key is not in this computer's keyring"
        if keyring_usable()
        else "this computer has no usable keyring"
    )
    return (
        f"The database {path} is encrypted and {where}. Enter its passphrase "
        f"(or set {PASSPHRASE_ENV} for scripts)."
    )


def new_key() -> DatabaseKey:
    """A key for a new database: random and kept in the keyring, or from the passphrase."""
    salt = os.urandom(SALT_BYTES)
    secret = passphrase()
    if keyring_usable() and not _passphrase:
        import keyring

        key = os.urandom(KEY_BYTES)
        try:
            keyring.set_password(KEYRING_SERVICE, keyring_name(salt), key.hex())
            if _from_keyring(salt) == key:
                return DatabaseKey(key, salt, "keyring")
        except Exception:  # fall through to the passphrase: never to plaintext
            pass
    if secret:
        return DatabaseKey(derive(secret, salt), salt, "passphrase")
    raise KeyUnavailable(
        "This computer has no usable keyring to keep the database key. Choose a passphrase to "
        f"encrypt the profile (or set {PASSPHRASE_ENV} for scripts).",
        new=True,
    )


def forget_key(key: DatabaseKey) -> None:
    """Drop a database's key from the keyring (a wipe, or a new database that was never made)."""
    if not keyring_usable():
        return
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_name(key.salt))
    except Exception:  # already gone
        pass


def connect_raw(path: Path, key: DatabaseKey, *, create: bool = True) -> Any:
    """A DB-API connection to the encrypted database at `path`, keyed and checked.

    Raises WrongKey when the key does not open it (SQLCipher says "file is not a database"). Without
    `create`, a missing file is ProfileGone: SQLite opens it read-write only (`mode=rw`), so a
    connection racing a wipe never makes a new empty database where the profile was.
    """
    if create:
        conn = _dbapi().connect(str(path), check_same_thread=False)
    else:
        try:
            conn = _dbapi().connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, check_same_thread=False)
        except _dbapi().OperationalError as exc:
            raise ProfileGone(f"The database {path} is gone (wiped or deleted).") from exc
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to word, not stderr's
        conn.execute(key.pragma())
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except _dbapi().DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongKey(f"Cannot open the database {path}: the key does not open it.") from exc
        raise
    return conn


def open_new(path: Path, key: DatabaseKey) -> Any:
    """A DB-API connection that makes a new encrypted file at `path` with `key` (and its salt)."""
    conn = _dbapi().connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(key.pragma())
    return conn


def _dbapi() -> Any:
    from sqlcipher3 import dbapi2

    return dbapi2
