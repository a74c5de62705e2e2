"""Signing this device in to a server (`connect`): the token goes to the keyring, the device's
identity and the account's staff record to the profile."""

from __future__ import annotations

import socket

import httpx
from sqlalchemy import Connection, text

from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.capture import uncaptured
from sector_desktop.store.settings import set_me

from .apply import apply_changes
from .state import (
    check_identity,
    load_state,
    read_state,
    rename_node,
    save_token,
    update_state,
    write_device_file,
)
from .transport import ServerClient, check_address


def connect(
    db: Database,
    paths: ProfilePaths,
    url: str,
    username: str,
    password: str,
    *,
    insecure: bool = False,
    transport: httpx.BaseTransport | None = None,
    device_name: str | None = None,
) -> str:
    """Sign this device in; the token goes to the keyring. Returns the signed-in user's name."""
    address = check_address(url, insecure)
    check_identity(db.engine, paths)
    state = read_state(db.engine)
    body = {
        "username": username,
        "password": password,
        "device_name": device_name or f"{socket.gethostname()} ({paths.name})",
        "device_id": state.device_id,
    }
    with ServerClient(address, transport=transport, attempts=2) as client:
        answer = client.call("POST", "/login", body=body).json()
    save_token(paths, answer["token"])
    with db.engine.begin() as conn:
        never_synced = state.device_id is None and state.cursor is None
        if never_synced:
            _adopt_node(conn, state.node, answer["device_id"])
        elif state.node != answer["device_id"]:
            # Another device id (another user's sign-in, or a revoked or copied device): its edits
            # carry its own node; earlier ones keep theirs.
            update_state(conn, node=answer["device_id"])
        update_state(
            conn,
            device_id=answer["device_id"],
            server_url=address,
            insecure=int(insecure),
            user_id=answer["user_id"],
            user_name=answer["user_name"],
            author=answer["user_id"],
        )
        conn.execute(
            text("INSERT OR REPLACE INTO sync_user (user_id, name) VALUES (:u, :n)"),
            {"u": answer["user_id"], "n": answer["user_name"]},
        )
        if answer.get("staff_record"):
            # The account's staff record, as a pull would bring it (same clocks: the first pull
            # changes nothing): "me" exists on this laptop now, and the person it worked as before
            # can be linked to it (services/staff.link_after_sign_in).
            with uncaptured(conn, "sign-in"):
                apply_changes(conn, answer["staff_record"], answer["device_id"], note_recent=False)
        new_state = load_state(conn)
    write_device_file(paths, new_state, new_state.next_mutation - 1)
    if answer.get("staff_id"):  # the account's staff record: this laptop now works as them
        set_me(paths, answer["staff_id"])
    return str(answer["user_name"])


def _adopt_node(conn: Connection, old: str, new: str) -> None:
    """Before the first sync the node is local only; it becomes the server's device id."""
    rename_node(conn, old, new)
