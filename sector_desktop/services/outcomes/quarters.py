"""The calendar quarters after a placement, when its retention is asked about (docs/measures.md)."""

from __future__ import annotations

import datetime as dt


def quarter_end_after(start: dt.date, quarters: int) -> dt.date:
    """The last day of the `quarters`-th calendar quarter after the quarter `start` falls in.

    A placement starting 15 August 2025 (Jul–Sep) has its 2nd quarter after placement in Jan–Mar
    2026, ending 31 March 2026, and its 4th in Jul–Sep 2026, ending 30 September 2026.
    """
    index = start.year * 4 + (start.month - 1) // 3 + quarters + 1  # the quarter after that one
    first_of_next = dt.date(index // 4, index % 4 * 3 + 1, 1)
    return first_of_next - dt.timedelta(days=1)
