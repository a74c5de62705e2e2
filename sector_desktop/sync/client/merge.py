"""The merge rule, pure: per field, the change with the larger (hlc, node) wins (last writer wins).

Kept free of the database so property tests can check it is order-independent and repeatable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Clock = tuple[str, str]  # (hlc, node)
FieldKey = tuple[str, str, str]  # (table, row_id, field)


def incoming_wins(local: Clock | None, incoming: Clock) -> bool:
    """True when a pulled change replaces the value held locally."""
    return local is None or incoming > local


def merge(state: dict[FieldKey, tuple[Any, Clock]], changes: Iterable[dict[str, Any]]) -> None:
    """Fold field changes into `state` (key -> (value, clock)) by the LWW rule, in place."""
    for ch in changes:
        key = (ch["table"], ch["row_id"], ch["field"])
        clock = (ch["hlc"], ch["node"])
        have = state.get(key)
        if incoming_wins(have[1] if have else None, clock):
            state[key] = (ch["value"], clock)
