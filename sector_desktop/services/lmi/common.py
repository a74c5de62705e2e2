"""What every LMI import shares: the publishers' markers, number cells, and the preview it makes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sector_desktop import timefmt
from sector_desktop.services.importing import RowError

# BLS's marks for a value it does not publish as a number, and what each means.
MARKS = {
    "*": "not_available",  # a wage estimate is not available
    "**": "not_available",  # an employment estimate is not available
    "#": "top_coded",  # a wage at or above the top code ($115.00 an hour, $239,200 a year since 2022)
    "~": "under_half_percent",  # fewer than 0.5% of establishments reported the occupation
}
MARK_WORDS = {
    "not_available": "not available",
    "top_coded": "at or above the top code",
    "under_half_percent": "under 0.5%",
}
MAX_ERRORS = 200  # a file with more bad rows than this is named by its first 200 and a count
MAX_ROWS_WITHOUT_AREAS = 50_000  # without the office's areas set, a bigger file is refused


class CellError(ValueError):
    """A cell that is not what its column holds; the message says why."""


def number(text: str, field_name: str, markers: dict[str, str]) -> float | None:
    """A number cell: blank is None; a BLS mark is None with its meaning in `markers`."""
    value = text.strip()
    if not value:
        return None
    mark = MARKS.get(value)
    if mark is not None:
        markers[field_name] = mark
        return None
    try:
        return float(value.replace(",", "").replace("$", ""))
    except ValueError:
        raise CellError(f"'{value}' is not a number nor one of the marks * ** # ~") from None


def whole(text: str, field_name: str, markers: dict[str, str]) -> int | None:
    value = number(text, field_name, markers)
    return None if value is None else round(value)


@dataclass
class LmiPreview:
    """A checked file, not yet written: the rows to keep, what was left out, and every problem."""

    dataset: str  # oews, qcew, onet, mapped
    path: Path
    file_name: str
    sha256: str
    source: str
    period: str
    released_on: dt.date | None
    released_basis: str  # where the release date came from, said to the user
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows_read: int = 0
    rows_other_areas: int = 0
    rows_left_out: int = 0  # rows of the office's areas that are not kept (finer industries, ...)
    footnotes: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    already_imported: str = ""  # set when the same file was imported before
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row_number: int, column: str, value: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row_number, column, value, reason))

    def summary(self) -> str:
        parts = [
            f"{self.file_name}: {self.source}, {self.period}",
            f"released {timefmt.date(self.released_on)} ({self.released_basis})"
            if self.released_on
            else "release date unknown",
            f"{self.rows_read:,} rows read, {len(self.rows):,} to import",
        ]
        if self.rows_other_areas:
            parts.append(f"{self.rows_other_areas:,} rows of other areas left out")
        if self.rows_left_out:
            parts.append(f"{self.rows_left_out:,} finer rows left out")
        if self.error_count:
            parts.append(f"{self.error_count:,} problems")
        return "; ".join(parts) + "."
