"""The per-field merge rule of a push, without a database: what a change does to the fields a push
transaction has read (last writer wins by (HLC, node); concurrent edits and delete-vs-edit kept as
conflicts; clocks from the future restamped). sync/server/push.py reads and writes around it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sector_desktop.models import new_id, utcnow
from sector_desktop.store.hlc import Hlc, hlc_physical_ms

from ..protocol import FUTURE_TOLERANCE_MS, MAX_VALUE_CHARS, TOMBSTONE_FIELD, FieldChange
from ..values import check_row_id, check_value
from .team import ignored_relay, push_refusal

Key = tuple[str, str, str]


@dataclass
class FieldValue:
    value: str  # JSON text
    hlc: str
    node: str
    author: str
    device_id: str
    dirty: bool = False


@dataclass
class PushState:
    """What one push transaction has seen and decided, flushed at the end."""

    device_id: str
    user_id: str = ""
    role: str = "staff"  # the account's role, from the token's user: who may change staff records
    staff_id: str | None = None  # the account's own staff record (its contact fields are its own)
    # Nodes this device may write as: itself and the devices it was restored from.
    lineage: frozenset[str] = frozenset()
    fields: dict[Key, FieldValue] = field(default_factory=dict)
    stored: set[Key] = field(default_factory=set)  # keys that already have a field_state row
    row_fields: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    new_conflicts: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    applied: int = 0
    had_changes: bool = False
    clamped: bool = False
    clock: Hlc = field(default_factory=lambda: Hlc(max_forward_ms=FUTURE_TOLERANCE_MS))
    max_skew_ms: int = 0
    # Sent clock -> stored clock, for this device's lineage: a restored device's unsent changes
    # move to its new node, and a re-delivery must still be recognised.
    known_restamps: dict[str, str] = field(default_factory=dict)
    new_restamps: dict[tuple[str, str], str] = field(default_factory=dict)
    restamped: dict[str, str] = field(default_factory=dict)  # sent hlc -> stored hlc, for the answer

    def writes_as(self, node: str) -> str:
        """The node a change is stored under: the sent one if it is this device's own lineage."""
        return node if node in self.lineage or not self.device_id else self.device_id


def reject(state: PushState, mutation: int, change: FieldChange, reason: str) -> None:
    state.rejected.append(
        {
            "mutation": mutation,
            "table": change.table,
            "row_id": change.row_id,
            "field": change.field,
            "reason": reason,
        }
    )


def _validate(state: PushState, change: FieldChange) -> str | None:
    """Why the change cannot be stored (the model's rules, sync/values.py; who may change staff
    records, sync/server/team.py), or None."""
    return (
        check_row_id(change.row_id)
        or check_value(change.table, change.field, change.value)
        or push_refusal(
            state.role,
            change.table,
            change.field,
            change.value,
            (change.table, change.row_id, change.field) not in state.fields,
            own_record=change.row_id == state.staff_id,
        )
    )


def _stamp(state: PushState, node: str, sent: str, now_ms: int) -> tuple[str, bool]:
    """(the clock a change is stored with, whether it is a re-delivery of a restamped change)."""
    earlier = state.known_restamps.get(sent)
    if earlier is not None:
        state.restamped[sent] = earlier
        return earlier, True
    if hlc_physical_ms(sent) <= now_ms + FUTURE_TOLERANCE_MS:
        state.clock.receive(sent)  # so a later restamp sorts after every clock seen so far
        return sent, False
    # A clock from the future would win every later edit. Restamp it with the server's clock:
    # unique and increasing, so one device's clamped edits keep their order; one restamp per sent
    # clock, so the fields of a record created together keep one clock.
    hlc = state.new_restamps.get((node, sent)) or state.clock.now()
    state.new_restamps[(node, sent)] = state.restamped[sent] = hlc
    state.clamped = True
    state.max_skew_ms = max(state.max_skew_ms, hlc_physical_ms(sent) - now_ms)
    return hlc, False


def _base(state: PushState, change: FieldChange) -> tuple[str | None, str | None]:
    """The clock of the value the change replaced, as stored (a restamped base is translated)."""
    key = (change.base_node or "", change.base_hlc or "")
    found = state.known_restamps.get(key[1]) or state.new_restamps.get(key)
    return (found, change.base_node) if found else (change.base_hlc, change.base_node)


def apply_change(state: PushState, mutation: int, change: FieldChange, now_ms: int) -> None:
    own = change.node in state.lineage or not state.device_id
    if ignored_relay(state.role, change.table, change.field, own):
        return
    reason = _validate(state, change)
    try:
        value = json.dumps(
            change.value, separators=(",", ":"), ensure_ascii=False, sort_keys=True, allow_nan=False
        )
    except ValueError:
        value, reason = "null", reason or "value is not valid JSON (NaN or Infinity)"
    if reason is None and len(value) > MAX_VALUE_CHARS:
        reason = f"value longer than {MAX_VALUE_CHARS} characters"
    if reason is not None:
        reject(state, mutation, change, reason)
        return
    node = state.writes_as(change.node)
    hlc, redelivered = _stamp(state, node, change.hlc, now_ms)
    if redelivered:
        return  # applied before, when it was restamped: the same change, not a new write
    author = state.user_id or change.author
    incoming = FieldValue(value, hlc, node, author, state.device_id, dirty=True)
    key = (change.table, change.row_id, change.field)
    cur = state.fields.get(key)
    if cur is not None:
        if (hlc, node) == (cur.hlc, cur.node):
            return  # the same change delivered again
        if cur.value == value:  # nothing at stake: keep the larger clock
            if (hlc, node) > (cur.hlc, cur.node):
                _set(state, key, incoming)
            return
    _check_tombstone(state, key, change, incoming)
    if cur is None:
        _set(state, key, incoming)
        return
    incoming_wins = (hlc, node) > (cur.hlc, cur.node)
    seen = _base(state, change) == (cur.hlc, cur.node) or cur.node == node
    if incoming_wins:
        _set(state, key, incoming)
        if not seen:
            _conflict(state, "field", key, winner=incoming, loser=cur)
    else:
        _conflict(state, "field", key, winner=cur, loser=incoming)


def _set(state: PushState, key: Key, value: FieldValue) -> None:
    state.fields[key] = value
    state.row_fields.setdefault(key[:2], set()).add(key[2])
    state.applied += 1


def _check_tombstone(state: PushState, key: Key, change: FieldChange, incoming: FieldValue) -> None:
    """Report delete-vs-edit: an edit of another node's deleted row, or a delete that had not seen an
    edit. The data is kept either way; the row stays deleted until someone restores it."""
    table, row_id, name = key
    if name != TOMBSTONE_FIELD:
        tomb = state.fields.get((table, row_id, TOMBSTONE_FIELD))
        if tomb and tomb.value != "null" and tomb.node != incoming.node:
            _conflict(state, "delete_edit", key, winner=tomb, loser=incoming)
        return
    if change.value is None or change.row_hlc is None:
        return
    seen = (change.row_hlc, change.row_node or "")
    for name in sorted(state.row_fields.get((table, row_id), ())):
        other = state.fields[(table, row_id, name)]
        if name != TOMBSTONE_FIELD and other.node != incoming.node and (other.hlc, other.node) > seen:
            _conflict(state, "delete_edit", (table, row_id, name), winner=incoming, loser=other)


def _conflict(state: PushState, kind: str, key: Key, *, winner: FieldValue, loser: FieldValue) -> None:
    state.new_conflicts.append(
        {
            "id": new_id(),
            "kind": kind,
            "table_name": key[0],
            "row_id": key[1],
            "field": key[2],
            "winner_value": winner.value,
            "winner_hlc": winner.hlc,
            "winner_node": winner.node,
            "winner_author": winner.author,
            "loser_value": loser.value,
            "loser_hlc": loser.hlc,
            "loser_node": loser.node,
            "loser_author": loser.author,
            "detected_at": utcnow(),
        }
    )
