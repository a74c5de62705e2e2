"""The device's sync state: the sync_state row, the device-secret file, and the token in the keyring.

A database restored from a backup or copied to another profile or machine is told apart from a
replay by comparing the database's identity counter with the device-secret file in the profile.
"""

from __future__ import annotations

import contextlib
import json
import socket
from dataclasses import dataclass
from typing import Any

import keyring
import uuid_utils
from keyring.errors import KeyringError
from sqlalchemy import Connection, Engine, text

from sector_desktop.store import ProfilePaths

KEYRING_SERVICE = "sector-desktop"
DEVICE_FILE = "sync-device.json"
_RING_WRITTEN: dict[str, str] = {}  # what this process last wrote to the keyring, per profile
# A sync round's device file, not written yet (check_identity(defer_write=True)), per profile.
_DEFERRED: dict[str, tuple[SyncState, int]] = {}


@dataclass
class SyncState:
    node: str
    device_id: str | None
    server_url: str | None
    insecure: bool
    user_id: str | None
    user_name: str | None
    epoch: str | None
    cursor: str | None
    next_mutation: int
    identity_counter: int
    last_sync_at: str | None
    reseeding: bool
    renew_identity: bool = False

    @property
    def connected(self) -> bool:
        return bool(self.server_url and self.device_id and self.user_id)


def load_state(conn: Connection) -> SyncState:
    row = conn.execute(text("SELECT * FROM sync_state WHERE id = 1")).mappings().one()
    return SyncState(
        node=row["node"],
        device_id=row["device_id"],
        server_url=row["server_url"],
        insecure=bool(row["insecure"]),
        user_id=row["user_id"],
        user_name=row["user_name"],
        epoch=row["epoch"],
        cursor=row["cursor"],
        next_mutation=row["next_mutation"],
        identity_counter=row["identity_counter"],
        last_sync_at=row["last_sync_at"],
        reseeding=bool(row["reseeding"]),
        renew_identity=bool(row["renew_identity"]),
    )


def read_state(engine: Engine) -> SyncState:
    with engine.connect() as conn:
        return load_state(conn)


def update_state(conn: Connection, **values: Any) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(text(f"UPDATE sync_state SET {sets} WHERE id = 1"), values)


# -- the token -------------------------------------------------------------------------------
def token_key(paths: ProfilePaths) -> str:
    return f"device-token:{paths.data_dir}"


def save_token(paths: ProfilePaths, token: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, token_key(paths), token)
    except KeyringError as exc:
        from .transport import SyncError

        # Never fall back to a file: a token on disk is a stolen laptop's open door.
        raise SyncError(f"No system keyring is available to keep the sign-in token safely: {exc}") from exc


def load_token(paths: ProfilePaths) -> str | None:
    try:
        return keyring.get_password(KEYRING_SERVICE, token_key(paths))
    except KeyringError:
        return None


def forget_token(paths: ProfilePaths) -> None:
    with contextlib.suppress(KeyringError):
        keyring.delete_password(KEYRING_SERVICE, token_key(paths))


# -- device identity -------------------------------------------------------------------------
def _home(paths: ProfilePaths) -> str:
    return f"{socket.gethostname()}:{paths.data_dir}"


def _read_device_file(paths: ProfilePaths) -> dict[str, Any] | None:
    try:
        return json.loads((paths.config_dir / DEVICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def identity_key(paths: ProfilePaths) -> str:
    return f"device-identity:{paths.data_dir}"


def _read_ring(paths: ProfilePaths) -> dict[str, Any] | None:
    """The identity kept in the keyring: not part of the profile folder, so a restored profile
    does not bring it back, and a database behind it was restored."""
    try:
        raw = keyring.get_password(KEYRING_SERVICE, identity_key(paths))
        return dict(json.loads(raw)) if raw else None
    except (KeyringError, ValueError, TypeError):
        return None


def _write_ring(paths: ProfilePaths, node: str, mutation_high: int) -> None:
    raw = json.dumps({"node": node, "mutation_high": mutation_high})
    key = identity_key(paths)
    if _RING_WRITTEN.get(key) == raw:
        return
    with contextlib.suppress(KeyringError):
        keyring.set_password(KEYRING_SERVICE, key, raw)
        _RING_WRITTEN[key] = raw


def write_device_file(paths: ProfilePaths, state: SyncState, mutation_high: int) -> None:
    """Write the device file (an atomic rename), and the keyring's copy of the highest number.

    Call it after the database commit it describes and before anything it numbers is sent: the
    file may lag the database (a crash between the two), never run ahead of it. A write that
    check_identity deferred is replaced by this one, as its own write used to be overwritten by
    this one in the same round."""
    _DEFERRED.pop(str(paths.config_dir), None)
    _write_ring(paths, state.node, mutation_high)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    target = paths.config_dir / DEVICE_FILE
    tmp = target.with_suffix(".tmp")
    data = {
        "node": state.node,
        "counter": state.identity_counter,
        "mutation_high": mutation_high,
        "home": _home(paths),
    }
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(target)


def write_deferred_device_file(paths: ProfilePaths) -> None:
    """Write the device file check_identity(defer_write=True) left for later, if no push has."""
    deferred = _DEFERRED.pop(str(paths.config_dir), None)
    if deferred is not None:
        write_device_file(paths, *deferred)


def check_identity(engine: Engine, paths: ProfilePaths, *, defer_write: bool = False) -> str | None:
    """Detect a restored or copied database and give it a new identity; returns a message if so.

    `defer_write` (a sync round): the device file is not written here but by the round's first
    push, just before it sends, or by write_deferred_device_file at the round's end; one write
    (an atomic rename) a round instead of two. Until then the file lags the database, which is
    the safe side: only a file ahead of the database means a restore.

    Restored (the device file's counter, or the keyring's highest mutation number, is ahead of
    the database): a new node at once, and a new server device at the next sync (`renew_identity`);
    mutation numbers continue after the highest ever sent. Copied (another profile or machine): a
    new node and no server device, so it signs in as a device of its own. Unsent changes are kept
    in both cases and pushed again.
    """
    with engine.begin() as conn:
        state = load_state(conn)
        info = _read_device_file(paths)
        ring = _read_ring(paths) if state.device_id else None
        ever_synced = state.device_id is not None or state.cursor is not None
        ring_high = int(ring.get("mutation_high", 0)) if ring and ring.get("node") == state.node else 0
        if info is None and not ever_synced:
            message = None
        elif info is None or info.get("node") != state.node or info.get("home") != _home(paths):
            message = _new_identity(conn, state, keep_device=False)
        elif int(info.get("counter", 0)) > state.identity_counter or ring_high > state.next_mutation - 1:
            high = max(int(info.get("mutation_high", 0)), ring_high) + 1
            message = _new_identity(
                conn, state, keep_device=True, next_mutation=max(high, state.next_mutation)
            )
        else:
            message = None
        counter = max(state.identity_counter, int((info or {}).get("counter", 0))) + 1
        update_state(conn, identity_counter=counter)
        state = load_state(conn)
        mutation_high = state.next_mutation - 1
    high = max(mutation_high, int((info or {}).get("mutation_high", 0)), ring_high)
    if defer_write:
        _DEFERRED[str(paths.config_dir)] = (state, high)
    else:
        _DEFERRED.pop(str(paths.config_dir), None)
        write_device_file(paths, state, high)
    return message


def mark_restored(engine: Engine, paths: ProfilePaths) -> str | None:
    """The database was just restored from a backup on purpose (`backup restore`, File → Restore):
    make sure the restore is detected as one. The device file is moved ahead of the database, so
    check_identity takes a new node now and a new server device at the next sync; the edits the
    laptop made after the backup (some sent, some not) are never taken for the old identity's."""
    info = _read_device_file(paths)
    if info is None:
        return None  # never synced here: nothing to tell apart
    with engine.connect() as conn:
        counter = load_state(conn).identity_counter
    info["counter"] = max(int(info.get("counter", 0)), counter) + 1
    target = paths.config_dir / DEVICE_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(info), encoding="utf-8")
    tmp.replace(target)
    return check_identity(engine, paths)


def _new_identity(conn: Connection, state: SyncState, *, keep_device: bool, next_mutation: int = 1) -> str:
    node = str(uuid_utils.uuid7())
    # Numbers given to unacknowledged rows belonged to the old identity; they are numbered again.
    conn.execute(text("UPDATE sync_outbox SET mutation = NULL"))
    if keep_device:
        # A new node at once, so edits made since the restore are never taken for the old
        # identity's (which may have changed the same fields after the backup); the server gives
        # the new device id at the next sync (renew_device) and it replaces this node.
        rename_node(conn, state.node, node, unsent_only=True)
        update_state(conn, next_mutation=next_mutation, renew_identity=1)
        return RESTORED_MESSAGE
    update_state(conn, node=node, device_id=None, next_mutation=1, user_id=None, user_name=None, author=None)
    return (
        "This database was copied from another profile or computer. Sign in again so that it "
        "gets a device identity of its own; its unsent changes are kept."
    )


RESTORED_MESSAGE = (
    "This database was restored from a backup: it now has a new identity, and its unsent "
    "changes will be sent again."
)


def rename_node(conn: Connection, old: str, new: str, *, unsent_only: bool = False) -> None:
    """Changes made as node `old` are now `new`'s (outbox rows, bases that point at them, clocks).

    `unsent_only`: only the outbox's changes and their clocks (the rest of `old`'s may be on the
    server already under `old`)."""
    if unsent_only:
        conn.execute(
            text(
                "UPDATE sync_field_clock AS k SET node = :n WHERE node = :o AND EXISTS (SELECT 1 "
                "FROM sync_outbox x WHERE x.node = :o AND x.tbl = k.tbl AND x.row_id = k.row_id "
                "AND x.hlc = k.hlc AND (x.field = k.field OR k.field = '*'))"
            ),
            {"n": new, "o": old},
        )
        conn.execute(
            text(
                "UPDATE sync_outbox SET base_node = :n WHERE base_node = :o "
                "AND base_hlc IN (SELECT hlc FROM sync_outbox WHERE node = :o)"
            ),
            {"n": new, "o": old},
        )
    else:
        conn.execute(text("UPDATE sync_field_clock SET node = :n WHERE node = :o"), {"n": new, "o": old})
        conn.execute(text("UPDATE sync_outbox SET base_node = :n WHERE base_node = :o"), {"n": new, "o": old})
    conn.execute(text("UPDATE sync_outbox SET node = :n WHERE node = :o"), {"n": new, "o": old})
    update_state(conn, node=new)
