"""An opened CSV or XLSX file: its header row, then its data rows streamed under the caps of `Limits`.

The CSV and XLSX readers only turn bytes into numbered rows of text; finding the header, skipping
blank rows and counting rows against the cap happen here, the same for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

from sector_desktop.errors import ImportRefused

MB = 1_000_000
EXCEL_LAST_ROW = 1_048_576  # no spreadsheet has a row after this; a file that claims one is refused


@dataclass(frozen=True)
class Limits:
    """How much one import reads. Each cap is named in the refusal and in docs/import-format.md."""

    file_bytes: int = 50 * MB  # the file on disk, CSV or XLSX
    unpacked_bytes: int = 200 * MB  # an XLSX's parts unpacked, as its ZIP directory states them
    data_rows: int = 100_000  # non-blank rows after the header


LIMITS = Limits()


@dataclass(frozen=True)
class CellProblem:
    """A cell whose text cannot be trusted (a formula with no saved result, an error value, a stray cell)."""

    column: int  # 0-based position in the row
    value: str
    reason: str


@dataclass(frozen=True)
class Row:
    """One row as a spreadsheet numbers it (the first row is 1), its cells as trimmed text."""

    number: int
    cells: list[str]
    problems: tuple[CellProblem, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.problems and not any(self.cells)


class RowSource(Protocol):
    """What a reader of one format provides: every row from the top, as many passes as asked."""

    def rows(self, width: int | None) -> Iterator[Row]:
        """Rows from the first; cells after `width` are left out (None: all of them)."""
        ...

    def close(self) -> None: ...


def column_letter(index: int) -> str:
    """The spreadsheet's name of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Table:
    """An opened file (see the package docstring). Use it as a context manager, or call close()."""

    def __init__(
        self,
        name: str,
        source: RowSource,
        limits: Limits,
        *,
        is_header: Callable[[list[str]], bool] | None = None,
        sheet: str | None = None,
        sheets: tuple[str, ...] = (),
        encoding: str | None = None,
        header: Row | None = None,
    ) -> None:
        self.name = name
        self.sheet = sheet
        self.sheets = sheets
        self.encoding = encoding
        self.limits = limits
        self._source = source
        found, saw_data = (header, True) if header is not None else find_header(source, limits, is_header)
        if found is None:
            source.close()
            if saw_data:
                what = "no row in it is the header row this import expects"
            else:
                what = f"the sheet {sheet!r} is empty" if sheet is not None else "the file is empty"
            raise ImportRefused(f"Cannot import {name}: {what}.")
        self.header: Row = found

    def rows(self) -> Iterator[Row]:
        """The non-blank data rows after the header, streamed; refused past `limits.data_rows`."""
        count = 0
        for row in self._source.rows(len(self.header.cells)):
            if row.number <= self.header.number or row.blank:
                continue
            count += 1
            if count > self.limits.data_rows:
                raise ImportRefused(
                    f"Cannot import {self.name}: it has more than {self.limits.data_rows:,} data rows, "
                    f"the most one import reads (row {row.number:,} is past that). Nothing was imported. "
                    "Split the file into smaller files and import each."
                )
            yield row
        if count == 0:
            raise ImportRefused(f"Cannot import {self.name}: it has a header row but no data rows.")

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def find_header(
    source: RowSource, limits: Limits, is_header: Callable[[list[str]], bool] | None = None
) -> tuple[Row | None, bool]:
    """The first non-blank row (that `is_header` accepts), and whether any non-blank row was seen."""
    rows = source.rows(None)
    try:
        seen = 0
        for row in rows:
            if row.blank:
                continue
            if is_header is None or is_header(row.cells):
                return row, True
            seen += 1
            if seen > limits.data_rows:
                break
        return None, seen > 0
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
