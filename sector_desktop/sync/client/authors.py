"""The names of the people whose changes a round brought or held back, for the Sync page and the
round's messages (sync_user; the server's device list, which only admins may read)."""

from __future__ import annotations

from sqlalchemy import text

from sector_desktop.store import Database

from .transport import ServerClient, SyncError

_NAMES_REFUSED: set[str] = set()  # sign-ins that may not list devices (not an admin)


def learn_user_names(db: Database, client: ServerClient, authors: set[str]) -> None:
    """Names for the authors shown on the Sync page (the device list is open to admins only).

    Only the authors of what this round brought are checked, so the cost does not grow with the
    history kept on the laptop.
    """
    with db.engine.connect() as conn:
        known = {r[0] for r in conn.execute(text("SELECT user_id FROM sync_user"))}
    if not authors - known:
        return
    if client.who in _NAMES_REFUSED:
        return
    try:
        devices = client.call("GET", "/devices").json().get("devices", [])
    except SyncError:
        _NAMES_REFUSED.add(client.who)
        return  # not an admin: authors without a known name are shown as "a colleague"
    names = {d["user_id"]: d["user_name"] for d in devices}
    with db.engine.begin() as conn:
        for user_id, name in names.items():
            conn.execute(
                text("INSERT OR REPLACE INTO sync_user (user_id, name) VALUES (:u, :n)"),
                {"u": user_id, "n": name},
            )


def held_back_message(db: Database, held_back: int, held_authors: set[str]) -> str:
    """What the round says of changes held back for the other users who made them, by name."""
    with db.engine.connect() as conn:
        known: dict[str, str] = dict(conn.execute(text("SELECT user_id, name FROM sync_user")).all())
    names = ", ".join(sorted(known.get(a, a) for a in held_authors))
    return (
        f"{held_back} changes made while another user ({names}) was signed in are held "
        "back until that user signs in on this device again."
    )
