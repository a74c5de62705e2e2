"""Accounts as staff members: each server account links to a synced staff_user record, and its role
(staff, manager, admin) is the server's to give.

The server writes the staff record itself (created from the display name at the first sign-in,
or found by user name when a manager already added that person on the Team page), and writes a
new role into it when an administrator changes one: ordinary field changes in the feed, stamped
after everything the server has seen, so every laptop takes them. A pushed change to a staff
record is refused from a staff-role account, and a role change from anyone but an administrator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, select, update

from sector_desktop.models import new_id, utcnow
from sector_desktop.store.hlc import Hlc

from ..protocol import FUTURE_TOLERANCE_MS, ROLES
from .db import devices, feed_counter, field_state, immediate, users, write_transaction
from .feed import allocate_positions

STAFF_TABLE = "staff_user"
SERVER_NODE = "sector-server"  # node and device of the server's own writes (as in check_values)


# What a staff-role account may change on its own staff record: how to reach them (the laptop it
# first ran on may have known them before the account's record existed). Name, role, whether
# active and the account link stay a manager's or the server's.
OWN_CONTACT_FIELDS = frozenset({"title", "email", "phone", "updated_at"})


def push_refusal(
    role: str, table: str, field: str, value: Any, new_field: bool, *, own_record: bool = False
) -> str | None:
    """Why an account of `role` may not push this change to a staff record, or None.

    `new_field`: the server holds no value for the field yet (a record a manager just added, whose
    role may only be the default, staff). `own_record`: the record is the pushing account's own."""
    if table != STAFF_TABLE:
        return None
    if field == "account_id" and value is not None:
        return "the server links accounts to staff members; a laptop cannot"
    if role == "staff" and own_record and field in OWN_CONTACT_FIELDS:
        return None
    if role == "staff":
        return "a staff account cannot change staff records; ask a manager"
    if field == "role" and role != "admin" and not (new_field and value == "staff"):
        return "roles come from the server account; an administrator sets them (sector-server admin set-role)"
    return None


def ignored_relay(role: str, table: str, field: str, own_change: bool) -> bool:
    """A staff record's change this account may not make, sent on behalf of another device (a laptop
    re-sends what a restored server lost): skipped without a word. Its author, a manager's laptop or
    the server itself, has the right to send it; a hostile client's claim to relay changes nothing."""
    if table != STAFF_TABLE or own_change:
        return False
    return role == "staff" or (field in ("role", "account_id") and role != "admin")


def write_fields(conn: Connection, table: str, row_id: str, values: dict[str, Any], author: str) -> None:
    """Write `values` into the feed as the server's own change (inside write_transaction)."""
    current = {
        r.field: r.hlc
        for r in conn.execute(
            select(field_state.c.field, field_state.c.hlc).where(
                field_state.c.table_name == table, field_state.c.row_id == row_id
            )
        )
    }
    clock = Hlc(conn.execute(select(feed_counter.c.clock)).scalar(), max_forward_ms=FUTURE_TOLERANCE_MS)
    for hlc in current.values():
        clock.receive(hlc)  # after every clock of the record: the server's write wins
    hlc = clock.now()
    position = allocate_positions(conn, len(values))
    for name, value in values.items():
        cols = {
            "value": json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            "hlc": hlc,
            "node": SERVER_NODE,
            "author": author,
            "position": position,
            "device_id": SERVER_NODE,
        }
        position += 1
        if name in current:
            where = and_(
                field_state.c.table_name == table, field_state.c.row_id == row_id, field_state.c.field == name
            )
            conn.execute(update(field_state).where(where).values(**cols))
        else:
            conn.execute(field_state.insert().values(table_name=table, row_id=row_id, field=name, **cols))
    conn.execute(update(feed_counter).where(feed_counter.c.id == 1).values(clock=clock.last))


def _staff_by_username(conn: Connection, username: str) -> str | None:
    """A live staff record with this user name (a manager added the person before their first sign-in)."""
    fs = field_state.c
    rows = conn.execute(
        select(fs.row_id).where(
            fs.table_name == STAFF_TABLE,
            fs.field == "username",
            fs.value == json.dumps(username, ensure_ascii=False),
        )
    ).scalars()
    for row_id in rows:
        tomb = conn.execute(
            select(fs.value).where(
                fs.table_name == STAFF_TABLE, fs.row_id == row_id, fs.field == "deleted_at"
            )
        ).scalar()
        if tomb in (None, "null"):
            return str(row_id)
    return None


def _unlinked_staff_by_name(conn: Connection, name: str) -> str | None:
    """The one live staff record named `name` (ignoring case and spacing) that no account signs in
    as yet: a manager added the person on the Team page under another user name. None when there is
    no such record or several (two people of one name are never guessed between)."""
    fs = field_state.c
    wanted = " ".join(name.split()).casefold()
    found = []
    for row_id, value in conn.execute(
        select(fs.row_id, fs.value).where(fs.table_name == STAFF_TABLE, fs.field == "name")
    ):
        if not isinstance(value, str) or " ".join(str(json.loads(value) or "").split()).casefold() != wanted:
            continue
        other = dict(
            conn.execute(
                select(fs.field, fs.value).where(
                    fs.table_name == STAFF_TABLE,
                    fs.row_id == row_id,
                    fs.field.in_(("deleted_at", "account_id")),
                )
            ).all()
        )
        if other.get("deleted_at") in (None, "null") and other.get("account_id") in (None, "null"):
            found.append(str(row_id))
    return found[0] if len(found) == 1 else None


def staff_username(username: str) -> str:
    """The account's user name as a staff user name (lower case; letters, digits, . _ -)."""
    return (re.sub(r"[^a-z0-9._-]+", ".", username.lower()).strip(".-_") or "staff")[:100]


def ensure_staff(engine: Engine, user_id: str) -> str:
    """The staff record of account `user_id`: linked before, found by user name or (the one unlinked
    record of that name) by display name, or made now."""
    with write_transaction(engine) as conn:
        user = conn.execute(select(users).where(users.c.id == user_id)).one()
        if user.staff_id:
            return str(user.staff_id)
        username = staff_username(user.username)
        staff_id = _staff_by_username(conn, username) or _unlinked_staff_by_name(conn, user.display_name)
        if staff_id is None:
            staff_id = new_id()
            now = utcnow().isoformat()
            record = {
                "name": user.display_name,
                "username": username,
                "email": None,
                "title": None,
                "phone": None,
                "role": user.role,
                "active": True,
                "account_id": user_id,
                "created_at": now,
                "updated_at": now,
                "deleted_at": None,
            }
            write_fields(conn, STAFF_TABLE, staff_id, record, author=user_id)
        else:
            write_fields(
                conn, STAFF_TABLE, staff_id, {"role": user.role, "account_id": user_id}, author=user_id
            )
        conn.execute(update(users).where(users.c.id == user_id).values(staff_id=staff_id))
        return staff_id


def staff_record(engine: Engine, staff_id: str) -> list[dict[str, Any]]:
    """The staff record's fields as the feed gives them (value, clock, node, author): the login
    answer carries them, so the laptop holds "me" from the moment it signs in (and can link the
    person it worked as before to it) without waiting for the first pull."""
    fs = field_state.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(fs.field, fs.value, fs.hlc, fs.node, fs.author).where(
                fs.table_name == STAFF_TABLE, fs.row_id == staff_id
            )
        ).all()
    return [
        {
            "table": STAFF_TABLE,
            "row_id": staff_id,
            "field": r.field,
            "value": None if r.value is None else json.loads(r.value),
            "hlc": r.hlc,
            "node": r.node,
            "author": r.author,
            "base_hlc": None,
            "base_node": None,
        }
        for r in rows
    ]


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    role: str
    staff_id: str | None
    disabled: bool
    devices: int

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)


def list_users(engine: Engine) -> list[UserInfo]:
    with engine.connect() as conn:
        counts: dict[str, int] = {}
        for (uid,) in conn.execute(select(devices.c.user_id).where(devices.c.revoked_at.is_(None))):
            counts[uid] = counts.get(uid, 0) + 1
        rows = conn.execute(select(users).order_by(users.c.username)).all()
    return [
        UserInfo(
            r.username, r.display_name, r.role, r.staff_id, r.disabled_at is not None, counts.get(r.id, 0)
        )
        for r in rows
    ]


def _user(conn: Connection, username: str) -> Any:
    found = conn.execute(select(users).where(users.c.username == username)).first()
    if found is None:
        raise ValueError(f"no user named {username!r} (see `sector-server admin list-users`)")
    return found


def set_role(engine: Engine, username: str, role: str) -> UserInfo:
    """Give an account a role; its staff record (on every laptop, after a sync) says the same."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    with write_transaction(engine) as conn:
        user = _user(conn, username)
        conn.execute(update(users).where(users.c.id == user.id).values(role=role))
        if user.staff_id:
            write_fields(conn, STAFF_TABLE, user.staff_id, {"role": role}, author=SERVER_NODE)
    return next(u for u in list_users(engine) if u.username == username)


def set_disabled(engine: Engine, username: str, disabled: bool) -> UserInfo:
    """Disable an account (its devices are refused like revoked ones) or enable it again."""
    with immediate(engine) as conn:
        user = _user(conn, username)
        conn.execute(
            update(users).where(users.c.id == user.id).values(disabled_at=utcnow() if disabled else None)
        )
    return next(u for u in list_users(engine) if u.username == username)


def role_from_staff_change(conn: Connection, row_id: str, value: str) -> None:
    """An administrator changed a staff record's role from a laptop: the linked account follows."""
    role = json.loads(value)
    if role in ROLES:
        conn.execute(update(users).where(users.c.staff_id == row_id).values(role=role))
