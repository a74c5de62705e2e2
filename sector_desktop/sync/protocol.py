"""Sync wire protocol v2: every request and response payload as a pydantic model, plus limits.

Shared by the client and the server; imports no Qt and nothing of the server. See docs/sync.md.
Keep changes additive: a field removed or renamed here is a protocol version bump.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from sector_desktop.store.hlc import (
    FUTURE_TOLERANCE_MS as FUTURE_TOLERANCE_MS,  # clocks past it are restamped
)
from sector_desktop.store.hlc import HLC_PATTERN

# 2: visit times are UTC on the wire (design rule 8; client migration 0006 moved them), so a
# laptop that still keeps local times must not read or write them.
PROTOCOL_VERSION = 2
PROTOCOL_HEADER = "X-Sector-Protocol"
API_PREFIX = "/api/v1"
AUTH_SCHEME = "Bearer"

# Limits (the server enforces them; the client should batch below them).
MAX_BODY_BYTES = 20 * 1024 * 1024  # after gzip decompression, per request
MAX_MUTATIONS_PER_PUSH = 5_000
MAX_CHANGES_PER_PUSH = 100_000  # field changes summed over all mutations of one push
MAX_CHANGES_PER_MUTATION = 10_000
MAX_VALUE_CHARS = 1_000_000  # a field value serialised as JSON
DEFAULT_PULL_LIMIT = 2_000  # feed entries (field changes + conflicts) per pull page
MAX_PULL_LIMIT = 20_000
MAX_BLOB_BYTES = 500 * 1024 * 1024
MAX_BLOB_CHUNK_BYTES = MAX_BODY_BYTES

# Blob endpoints: HEAD/PUT answer with these headers (HEAD has no body).
BLOB_SIZE_HEADER = "X-Blob-Size-Present"  # bytes the server holds so far
BLOB_COMPLETE_HEADER = "X-Blob-Complete"  # "1" once the whole verified blob is stored

SHA256_PATTERN = r"^[0-9a-f]{64}$"
NAME_PATTERN = r"^[a-z_][a-z0-9_]{0,62}$"
ID_MAX = 64

# Field names with special meaning.
TOMBSTONE_FIELD = "deleted_at"

Role = Literal["staff", "manager", "admin"]
ROLES: tuple[str, ...] = ("staff", "manager", "admin")


class ErrorCode:
    """Machine-readable `code` values in ErrorBody, so a client can tell failures apart."""

    PROTOCOL_MISMATCH = "protocol_mismatch"  # HTTP 426
    BAD_CREDENTIALS = "bad_credentials"  # HTTP 401 on /login
    UNAUTHORIZED = "unauthorized"  # HTTP 401: missing or unknown token
    DEVICE_REVOKED = "device_revoked"  # HTTP 401: token of a revoked device
    DEVICE_WIPE = "device_wipe"  # HTTP 401: revoked with a wipe: push what you hold, then wipe
    FORBIDDEN = "forbidden"  # HTTP 403: role too low
    INVALID_PAYLOAD = "invalid_payload"  # HTTP 400/422
    PAYLOAD_TOO_LARGE = "payload_too_large"  # HTTP 413
    NOT_FOUND = "not_found"  # HTTP 404
    DEVICE_MISMATCH = "device_mismatch"  # HTTP 403: body device_id is not the token's device
    RANGE_MISMATCH = "range_mismatch"  # HTTP 409: blob chunk does not start where the server is
    HASH_MISMATCH = "hash_mismatch"  # HTTP 422: completed blob does not hash to its name
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # HTTP 429 on /login: wait Retry-After seconds
    INTERNAL = "internal_error"  # HTTP 500 (a bug; the client retries with backoff)


DISABLED_MESSAGE = (
    "This account was disabled by an administrator. Your unsynced changes are kept on this "
    "computer; export them, or ask an administrator to enable the account."
)
REVOKED_MESSAGE = (
    "This device was signed out by an administrator. Your unsynced changes are kept on this "
    "computer; export them or sign in again."
)

WIPE_MESSAGE = (
    "An administrator revoked this device and asked for its data to be wiped. What it held was "
    "sent to the server first; the key and the local data are now destroyed."
)


# Instants on the wire are naive UTC ISO 8601 (no offset); say so in the OpenAPI document rather
# than claim RFC 3339 `date-time`, which requires an offset.
NAIVE_UTC_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"
NaiveUtc = Annotated[
    dt.datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": NAIVE_UTC_PATTERN,
            "description": "an instant in UTC, ISO 8601, no offset",
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)


class ErrorBody(_Model):
    detail: str
    code: str | None = None


class Health(_Model):
    status: Literal["ok"] = "ok"
    version: str  # server software version
    protocol: int = PROTOCOL_VERSION
    epoch: str  # random id of this server database; changes when the database is replaced


class LoginRequest(_Model):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(min_length=1, max_length=200)
    device_id: str | None = Field(default=None, max_length=ID_MAX)  # reuse an identity, or None for a new one


class LoginResponse(_Model):
    device_id: str
    token: str
    user_id: str
    user_name: str
    role: Role
    epoch: str
    # The synced staff_user record this account works as ("me" on the laptop); made at first sign-in.
    staff_id: str | None = None
    # That record's fields as the feed holds them (the FieldChange shape), applied at sign-in.
    staff_record: list[dict[str, Any]] = Field(default_factory=list)


class FieldChange(_Model):
    """One field of one record set to a value (None = cleared). The unit of sync."""

    table: str = Field(pattern=NAME_PATTERN)
    row_id: str = Field(min_length=1, max_length=ID_MAX)
    field: str = Field(pattern=NAME_PATTERN)
    value: Any = None  # JSON; datetimes as ISO-8601 text, naive UTC
    hlc: str = Field(pattern=HLC_PATTERN)
    node: str = Field(min_length=1, max_length=ID_MAX)  # device id that made the change
    base_hlc: str | None = Field(default=None, pattern=HLC_PATTERN)  # clock of the value it replaced
    base_node: str | None = Field(default=None, max_length=ID_MAX)
    author: str = Field(min_length=1, max_length=ID_MAX)  # user id signed in when the edit was made
    # Only for a tombstone (field deleted_at set): the highest (hlc, node) among the row's fields
    # that the deleting device had seen. Later edits by others are reported as delete/edit conflicts.
    row_hlc: str | None = Field(default=None, pattern=HLC_PATTERN)
    row_node: str | None = Field(default=None, max_length=ID_MAX)


class ConflictResolution(_Model):
    """Closes a conflict on every device. Send the chosen value as an ordinary FieldChange too."""

    conflict_id: str = Field(min_length=1, max_length=ID_MAX)
    resolution: Literal["mine", "theirs", "edit", "both"]
    author: str = Field(min_length=1, max_length=ID_MAX)
    hlc: str = Field(pattern=HLC_PATTERN)


class Mutation(_Model):
    mutation: int = Field(ge=1)  # increasing per device
    changes: list[FieldChange] = Field(default_factory=list, max_length=MAX_CHANGES_PER_MUTATION)
    resolutions: list[ConflictResolution] = Field(default_factory=list, max_length=1_000)


class PushRequest(_Model):
    device_id: str = Field(min_length=1, max_length=ID_MAX)
    batch_id: str = Field(min_length=1, max_length=ID_MAX)
    mutations: list[Mutation] = Field(max_length=MAX_MUTATIONS_PER_PUSH)


class RejectedChange(_Model):
    mutation: int
    table: str
    row_id: str
    field: str
    reason: str


class ConflictSide(_Model):
    value: Any = None
    hlc: str
    node: str
    author: str


class Conflict(_Model):
    """Two concurrent edits of one field: the winner was applied, the loser is kept here."""

    id: str
    position: int = 0  # feed position (0 in a push response before it is pulled)
    kind: Literal["field", "delete_edit"] = "field"  # delete_edit: winner is the tombstone
    table: str
    row_id: str
    field: str
    winner: ConflictSide
    loser: ConflictSide
    detected_at: NaiveUtc
    resolved_at: NaiveUtc | None = None
    resolution: str | None = None
    resolved_by: str | None = None


class PushResponse(_Model):
    acked_through: int  # every mutation number <= this is durably applied (or was before)
    applied: int  # field changes applied by this request (0 for a replay)
    conflicts: list[Conflict] = Field(default_factory=list)
    rejected: list[RejectedChange] = Field(default_factory=list)
    server_time: NaiveUtc
    clock_clamped: bool = False  # some of this device's clocks were in the future and were clamped
    replay: bool = False  # the batch (or all its mutations) had been applied before
    # A mutation number this device used before came again with other content: the device was
    # restored from a backup. Nothing after acked_through was applied; take a new identity
    # (POST /devices/renew) and send the rest again under it.
    device_restored: bool = False
    # Sent clock -> the clock the server stored instead (a clock from the future was restamped).
    restamped: dict[str, str] = Field(default_factory=dict)


class FeedEntry(FieldChange):
    position: int


class FeedRow(_Model):
    """Compact pull format (`GET /pull?format=rows`): a record's fields within one page folded
    together. Every field in `values` has the clock (hlc, node, author) unless `clocks` names another
    one for it as [hlc, node, author]. `position` is the highest position folded in."""

    table: str
    row_id: str
    position: int
    hlc: str
    node: str
    author: str
    values: dict[str, Any]
    clocks: dict[str, tuple[str, str, str]] = Field(default_factory=dict)

    def entries(self) -> list[FeedEntry]:
        """Unfold into per-field FeedEntry objects (all get the row's `position`)."""
        out = []
        for name, value in self.values.items():
            hlc, node, author = self.clocks.get(name, (self.hlc, self.node, self.author))
            out.append(
                FeedEntry(
                    table=self.table,
                    row_id=self.row_id,
                    field=name,
                    value=value,
                    hlc=hlc,
                    node=node,
                    author=author,
                    position=self.position,
                )
            )
        return out


class PullResponse(_Model):
    epoch: str
    changes: list[FeedEntry] = Field(default_factory=list)
    rows: list[FeedRow] = Field(default_factory=list)  # instead of `changes` when format=rows
    conflicts: list[Conflict] = Field(default_factory=list)
    next_cursor: str
    more: bool
    reset: bool = False  # the cursor belonged to another epoch: this page starts from position 0


class DeviceInfo(_Model):
    id: str
    name: str
    user_id: str
    user_name: str
    created_at: NaiveUtc
    last_seen_at: NaiveUtc | None = None
    revoked_at: NaiveUtc | None = None
    last_mutation: int = 0
    clock_skew: bool = False
    wipe_requested_at: NaiveUtc | None = None  # revoked with --wipe


class RenewRequest(_Model):
    device_name: str | None = Field(default=None, min_length=1, max_length=200)


class DeviceList(_Model):
    devices: list[DeviceInfo]


class BlobStatus(_Model):
    sha256: str
    size_present: int
    complete: bool


def make_cursor(epoch: str, position: int) -> str:
    return f"{epoch}:{position}"


def parse_cursor(cursor: str) -> tuple[str, int]:
    """Split "<epoch>:<position>"; raises ValueError with a reason when malformed."""
    epoch, sep, pos = cursor.rpartition(":")
    if not sep or not epoch or not pos.isdigit():
        raise ValueError(f"malformed cursor {cursor!r}: expected '<epoch>:<position>'")
    return epoch, int(pos)


def protocol_headers() -> dict[str, str]:
    return {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
