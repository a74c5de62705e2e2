"""A new device identity for a profile restored from a backup (detected here or by the server).

The server gives a new device id and token for the same user (`POST /devices/renew`); the unsent
changes are numbered again under it. Changes the restored identity made since the backup carry
the new node, so they are never taken for the old identity's earlier ones.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from sector_desktop.store import ProfilePaths

from .state import RESTORED_MESSAGE, load_state, rename_node, save_token, update_state, write_device_file
from .transport import ServerClient


def renew_identity(
    engine: Engine, paths: ProfilePaths, client: ServerClient, *, server_detected: bool
) -> str:
    """Take a new identity from the server; returns the message for the report.

    `server_detected`: the server refused a reused mutation number, so the unsent changes still
    carry the old node though they were made after the restore: they move to the new node.
    """
    with engine.connect() as conn:
        old_node = load_state(conn).node
    answer = client.call("POST", "/devices/renew", body={}).json()
    save_token(paths, answer["token"])
    client.set_token(answer["token"])
    with engine.begin() as conn:
        conn.execute(text("UPDATE sync_outbox SET mutation = NULL"))
        rename_node(conn, old_node, answer["device_id"], unsent_only=server_detected)
        update_state(conn, device_id=answer["device_id"], renew_identity=0)
        state = load_state(conn)
    write_device_file(paths, state, state.next_mutation - 1)
    return RESTORED_MESSAGE
