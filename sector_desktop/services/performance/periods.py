"""Program years and their quarters (calendar dates, never instants): PY N runs 1 July N to 30 June N+1.

Quarter 1 of a program year is July to September, quarter 4 is April to June (docs/measures.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from sector_desktop import timefmt


def program_year_of(day: dt.date) -> int:
    """The program year a day falls in: 30 June 2026 is PY 2025, 1 July 2026 is PY 2026."""
    return day.year if day.month >= 7 else day.year - 1


def quarter_of(day: dt.date) -> int:
    """The program-year quarter of a day: July–September is 1, April–June is 4."""
    return (day.month - 7) % 12 // 3 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A program year, or one quarter of it (`quarter` 1–4)."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"a program year has quarters 1 to 4, not {self.quarter}")

    @cached_property
    def start(self) -> dt.date:
        if self.quarter is None:
            return dt.date(self.year, 7, 1)
        month = 7 + 3 * (self.quarter - 1)
        return dt.date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @cached_property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        if self.quarter is None:
            return dt.date(self.year + 1, 6, 30)
        if self.quarter == 4:
            return dt.date(self.year + 1, 6, 30)
        return Period(self.year, self.quarter + 1).start - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def whole_year(self) -> Period:
        return Period(self.year)

    @property
    def label(self) -> str:
        """ "PY 2025" or "PY 2025 Q2"."""
        return f"PY {self.year}" if self.quarter is None else f"PY {self.year} Q{self.quarter}"

    @property
    def span(self) -> str:
        """The months it covers: "Jul 2025 – Jun 2026", "Oct – Dec 2025"."""
        start, end = self.start, self.end
        if start.year == end.year:
            return f"{timefmt.MONTHS[start.month - 1]} – {timefmt.month(end)}"
        return f"{timefmt.month(start)} – {timefmt.month(end)}"

    def quarters(self) -> list[Period]:
        """The quarters of this program year (a quarter is its own only quarter)."""
        return [Period(self.year, q) for q in (1, 2, 3, 4)] if self.quarter is None else [self]

    def previous(self) -> Period:
        """The period before: the year before, or the quarter before (Q1's is Q4 of the year before)."""
        if self.quarter is None:
            return Period(self.year - 1)
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)


def period_of(day: dt.date) -> Period:
    return Period(program_year_of(day), quarter_of(day))


def parse_quarter(text: str) -> int:
    """ "2", "Q2" or "q2" -> 2; anything else raises ValueError naming the allowed forms."""
    match = re.fullmatch(r"\s*[qQ]?([1-4])\s*", text)
    if match is None:
        raise ValueError(f"'{text}' is not a quarter; write 1, 2, 3 or 4 (or Q1 to Q4)")
    return int(match.group(1))
