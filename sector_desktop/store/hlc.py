"""Hybrid logical clock (HLC): fixed-width sortable strings and a clock that never goes backwards.

Encoding: "<physical ms, 13 digits>-<counter, 5 digits>", so plain string comparison is clock
order. The device (node) id is carried beside it and breaks ties: the total order is (hlc, node).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

HLC_PATTERN = r"^\d{13}-\d{5}$"
_HLC_RE = re.compile(HLC_PATTERN)
MAX_COUNTER = 99_999
MAX_PHYSICAL_MS = 9_999_999_999_999
# A remote clock further ahead of our wall clock than this is not adopted in full (see Hlc.receive).
DEFAULT_MAX_FORWARD_MS = 5 * 60 * 1000
# Clocks further ahead of the server than this are restamped there; a laptop caps its own clock
# at its wall time plus this (sync/protocol.py has the same figure for the wire).
FUTURE_TOLERANCE_MS = DEFAULT_MAX_FORWARD_MS


class HlcValue(NamedTuple):
    physical_ms: int
    counter: int


def encode_hlc(physical_ms: int, counter: int = 0) -> str:
    """Encode a clock reading; raises ValueError when a part does not fit its fixed width."""
    if not 0 <= physical_ms <= MAX_PHYSICAL_MS:
        raise ValueError(f"HLC physical time out of range: {physical_ms}")
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"HLC counter out of range: {counter}")
    return f"{physical_ms:013d}-{counter:05d}"


def decode_hlc(text: str) -> HlcValue:
    """Parse an encoded clock; raises ValueError with a reason when it is malformed."""
    if not isinstance(text, str) or not _HLC_RE.match(text):
        raise ValueError(f"malformed HLC {text!r}: expected 13 digits, '-', 5 digits")
    return HlcValue(int(text[:13]), int(text[14:]))


def is_valid_hlc(text: object) -> bool:
    return isinstance(text, str) and bool(_HLC_RE.match(text))


def compare_stamps(a_hlc: str, a_node: str, b_hlc: str, b_node: str) -> int:
    """-1, 0 or 1 comparing (hlc, node) pairs: the last-writer-wins order."""
    a, b = (a_hlc, a_node), (b_hlc, b_node)
    return (a > b) - (a < b)


def hlc_physical_ms(text: str) -> int:
    return decode_hlc(text).physical_ms


def clamp_hlc(text: str, max_physical_ms: int) -> tuple[str, bool]:
    """Clamp a clock from the future down to max_physical_ms; returns (hlc, was_clamped)."""
    value = decode_hlc(text)
    if value.physical_ms <= max_physical_ms:
        return text, False
    return encode_hlc(max_physical_ms, value.counter), True


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class Hlc:
    """A thread-safe hybrid logical clock for one node.

    `now()` stamps a local event; `receive()` merges a clock seen from elsewhere. Readings are
    strictly increasing even if the wall clock jumps back (we keep counting from the last reading),
    and a remote clock from far in the future is adopted only up to wall + max_forward_ms, so one
    laptop with a wrong clock cannot drag everybody's clocks a year ahead.
    """

    def __init__(
        self,
        last: str | None = None,
        *,
        wall: Callable[[], int] = wall_clock_ms,
        max_forward_ms: int = DEFAULT_MAX_FORWARD_MS,
    ) -> None:
        self._wall = wall
        self._max_forward_ms = max_forward_ms
        self._last = decode_hlc(last) if last else HlcValue(0, 0)
        self._lock = threading.Lock()

    @property
    def last(self) -> str:
        """The latest reading (persist it to resume the clock after a restart)."""
        return encode_hlc(*self._last)

    def now(self) -> str:
        with self._lock:
            self._last = self._advance(self._last, self._wall())
            return encode_hlc(*self._last)

    def cap(self, limit_ms: int) -> bool:
        """Bring a clock that ran ahead back to `limit_ms` (e.g. wall + tolerance, once the wall
        clock was set right); returns whether it moved. Later readings order by real time again."""
        with self._lock:
            if self._last.physical_ms <= limit_ms:
                return False
            self._last = HlcValue(max(0, limit_ms), 0)
            return True

    def receive(self, remote: str) -> str:
        """Merge a remote reading; the result is greater than both the previous and the remote one
        (unless the remote is clamped as too far in the future)."""
        value = decode_hlc(remote)
        with self._lock:
            wall = self._wall()
            limit = wall + self._max_forward_ms
            if value.physical_ms > limit:
                value = HlcValue(limit, MAX_COUNTER)
            base = max(self._last, value)
            self._last = self._advance(base, wall)
            return encode_hlc(*self._last)

    @staticmethod
    def _advance(last: HlcValue, wall: int) -> HlcValue:
        if wall > last.physical_ms:
            return HlcValue(min(wall, MAX_PHYSICAL_MS), 0)
        if last.counter < MAX_COUNTER:
            return HlcValue(last.physical_ms, last.counter + 1)
        # Counter exhausted within one millisecond: borrow the next millisecond.
        return HlcValue(last.physical_ms + 1, 0)
