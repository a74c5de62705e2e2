"""Test-only: a wrong wall clock for a `sector-desktop` subprocess (tests/sync is on its PYTHONPATH).

SECTOR_TEST_CLOCK_OFFSET_MS=86400000 makes time.time()/time.time_ns() a day fast in that process,
as on a laptop whose clock is wrong; nothing else is changed.
"""

from __future__ import annotations

import os
import time

_OFFSET_MS = int(os.environ.get("SECTOR_TEST_CLOCK_OFFSET_MS", "0") or 0)

if _OFFSET_MS:
    _real_time, _real_time_ns = time.time, time.time_ns
    time.time = lambda: _real_time() + _OFFSET_MS / 1000  # type: ignore[assignment]
    time.time_ns = lambda: _real_time_ns() + _OFFSET_MS * 1_000_000  # type: ignore[assignment]
