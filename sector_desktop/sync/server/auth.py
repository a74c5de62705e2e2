"""Accounts and device tokens: argon2 password hashes, hashed bearer tokens, login and revocation."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Row, select, update

from sector_desktop.models import new_id, utcnow

from ..protocol import (
    DISABLED_MESSAGE,
    REVOKED_MESSAGE,
    ROLES,
    WIPE_MESSAGE,
    DeviceInfo,
    ErrorCode,
    LoginRequest,
    LoginResponse,
)
from .db import devices, immediate, read_epoch, users
from .team import ensure_staff, staff_record

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so both failures cost the same time."""
    return _hasher.hash("not a password")


LAST_SEEN_RESOLUTION = dt.timedelta(minutes=1)


class AuthError(Exception):
    """A failed check with a user-facing message and a protocol ErrorCode."""

    def __init__(self, message: str, code: str, status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class DeviceIdentity:
    """Who is calling: the device of a valid token, and its current user."""

    device_id: str
    device_name: str
    user_id: str
    user_name: str
    role: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    engine: Engine, username: str, password: str, role: str, display_name: str | None = None
) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not username.strip() or not password:
        raise ValueError("user name and password must not be empty")
    with immediate(engine) as conn:
        if conn.execute(select(users.c.id).where(users.c.username == username)).first():
            raise ValueError(f"a user named {username!r} already exists")
        user_id = new_id()
        conn.execute(
            users.insert().values(
                id=user_id,
                username=username,
                display_name=display_name or username,
                password_hash=hash_password(password),
                role=role,
                created_at=utcnow(),
            )
        )
    return user_id


def reset_password(engine: Engine, username: str, password: str) -> None:
    if not password:
        raise ValueError("the password must not be empty")
    with immediate(engine) as conn:
        result = conn.execute(
            update(users).where(users.c.username == username).values(password_hash=hash_password(password))
        )
        if result.rowcount == 0:
            raise ValueError(f"no user named {username!r}")


def login(engine: Engine, request: LoginRequest) -> LoginResponse:
    """Check the password and give the device a fresh token (only its hash is stored)."""
    with immediate(engine) as conn:
        user = conn.execute(select(users).where(users.c.username == request.username)).first()
        ok = verify_password(user.password_hash if user else _dummy_hash(), request.password)
        if user is None or not ok or user.disabled_at is not None:
            raise AuthError("Wrong user name or password.", ErrorCode.BAD_CREDENTIALS)
        token = secrets.token_urlsafe(32)
        device_id = _claim_device(conn, request, user.id, hash_token(token))
        answer = LoginResponse(
            device_id=device_id,
            token=token,
            user_id=user.id,
            user_name=user.display_name,
            role=user.role,
            epoch=read_epoch(conn),
        )
    answer.staff_id = ensure_staff(engine, user.id)  # the account's staff record, made at first sign-in
    answer.staff_record = staff_record(engine, answer.staff_id)
    return answer


def _claim_device(conn: Connection, request: LoginRequest, user_id: str, token_hash: str) -> str:
    now = utcnow()
    existing = None
    if request.device_id:
        existing = conn.execute(select(devices).where(devices.c.id == request.device_id)).first()
    if existing is not None and existing.revoked_at is None and existing.user_id == user_id:
        # Same identity (keeps its last mutation number) and a fresh token.
        conn.execute(
            update(devices)
            .where(devices.c.id == existing.id)
            .values(token_hash=token_hash, user_id=user_id, name=request.device_name, last_seen_at=now)
        )
        return str(existing.id)
    # Unknown id (e.g. a restored server) keeps the client's id. A revoked one, or one that belongs
    # to another user, gets a new identity: a device id is its first user's.
    device_id = request.device_id if request.device_id and existing is None else new_id()
    conn.execute(
        devices.insert().values(
            id=device_id,
            user_id=user_id,
            name=request.device_name,
            token_hash=token_hash,
            created_at=now,
            last_seen_at=now,
            last_mutation=0,
            clock_skew=False,
            max_skew_ms=0,
        )
    )
    return device_id


def renew_device(engine: Engine, who: DeviceIdentity, device_name: str | None) -> LoginResponse:
    """A new identity for a device restored from a backup: same user, new device id and token.

    The new device continues the old one (`restored_from`), so changes it still holds that the
    old identity made keep their node; its mutation numbers start afresh.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    device_id = new_id()
    with immediate(engine) as conn:
        conn.execute(
            devices.insert().values(
                id=device_id,
                user_id=who.user_id,
                name=device_name or who.device_name,
                token_hash=hash_token(token),
                created_at=now,
                last_seen_at=now,
                last_mutation=0,
                clock_skew=False,
                max_skew_ms=0,
                restored_from=who.device_id,
            )
        )
        staff_id = conn.execute(select(users.c.staff_id).where(users.c.id == who.user_id)).scalar()
        return LoginResponse(
            device_id=device_id,
            token=token,
            user_id=who.user_id,
            user_name=who.user_name,
            role=who.role,
            epoch=read_epoch(conn),
            staff_id=staff_id,
        )


def authenticate(engine: Engine, token: str | None, *, sending: bool = False) -> DeviceIdentity:
    """The device of `token`. `sending`: a push or an attachment upload, which a device revoked
    with a wipe may still make (it sends what it holds before it wipes itself)."""
    if not token:
        raise AuthError("Sign in first: this request needs a device token.", ErrorCode.UNAUTHORIZED)
    query = (
        select(devices, users.c.display_name, users.c.role, users.c.disabled_at)
        .join(users, users.c.id == devices.c.user_id)
        .where(devices.c.token_hash == hash_token(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        raise AuthError("This device is not signed in to this server. Sign in again.", ErrorCode.UNAUTHORIZED)
    if row.revoked_at is not None and row.wipe_requested_at is not None:
        if not sending:
            raise AuthError(WIPE_MESSAGE, ErrorCode.DEVICE_WIPE)
    elif row.revoked_at is not None:
        raise AuthError(REVOKED_MESSAGE, ErrorCode.DEVICE_REVOKED)
    if row.disabled_at is not None:
        # A disabled account's devices are refused like revoked ones (the laptop keeps its changes).
        raise AuthError(DISABLED_MESSAGE, ErrorCode.DEVICE_REVOKED)
    now = utcnow()
    if row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        with immediate(engine) as conn:
            conn.execute(update(devices).where(devices.c.id == row.id).values(last_seen_at=now))
    return DeviceIdentity(row.id, row.name, row.user_id, row.display_name, row.role)


def list_devices(engine: Engine) -> list[DeviceInfo]:
    query = (
        select(devices, users.c.display_name.label("user_name"))
        .join(users, users.c.id == devices.c.user_id)
        .order_by(devices.c.created_at)
    )
    with engine.connect() as conn:
        return [_device_info(r) for r in conn.execute(query)]


def revoke_device(engine: Engine, device_id: str, *, wipe: bool = False) -> DeviceInfo:
    """Sign a device out. With `wipe`, at its next contact it sends what it holds, then destroys
    its key and local data (a device already revoked can still be asked to wipe)."""
    now = utcnow()
    with immediate(engine) as conn:
        conn.execute(
            update(devices)
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        if wipe:
            conn.execute(
                update(devices)
                .where(devices.c.id == device_id, devices.c.wipe_requested_at.is_(None))
                .values(wipe_requested_at=now)
            )
    for info in list_devices(engine):
        if info.id == device_id:
            return info
    raise ValueError(f"no device with id {device_id!r}")


def _device_info(r: Row[Any]) -> DeviceInfo:
    return DeviceInfo(
        id=r.id,
        name=r.name,
        user_id=r.user_id,
        user_name=r.user_name,
        created_at=r.created_at,
        last_seen_at=r.last_seen_at,
        revoked_at=r.revoked_at,
        wipe_requested_at=r.wipe_requested_at,
        last_mutation=r.last_mutation,
        clock_skew=bool(r.clock_skew),
    )
