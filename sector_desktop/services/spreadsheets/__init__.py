"""Reading spreadsheet files (CSV, XLSX) for an import: bounded, streamed, and honest about what they hold.

    from sector_desktop.services.spreadsheets import LIMITS, Limits, open_table

    with open_table(path, sheet=None, limits=LIMITS) as table:
        table.sheet, table.sheets     # the sheet read and all of the workbook's sheets (None, () for CSV)
        table.encoding                # CSV: e.g. "UTF-8 (with a byte-order mark)", "UTF-16"; XLSX: None
        table.header                  # Row: the header row
        for row in table.rows():      # the non-blank data rows after it, one at a time
            row.number                # as the spreadsheet numbers it: blank rows count, the first row is 1
            row.cells                 # trimmed text per header column (ISO dates, yes/no, 2134 not 2134.0)
            row.problems              # CellProblem(column index, value, reason): cells that cannot be trusted

Every refusal raises `ImportRefused` naming the file and why, before or while rows are read:
- the file is over `limits.file_bytes`; an XLSX would unpack past `limits.unpacked_bytes` (checked in
  the ZIP's directory before anything is unpacked); a CSV is not UTF-8 or UTF-16 (the encoding, line and
  byte are named; nothing is guessed); a binary or renamed file; a damaged workbook;
- the file (or the sheet asked for) is empty, or has a header but no data rows;
- more than `limits.data_rows` data rows (raised when `rows()` reaches the first one over).
Memory does not grow with the file: rows are parsed as they are asked for (openpyxl's streaming sheet
parser for XLSX, the csv module for CSV). A formula cell reads as its saved result; a formula without
one, or a cell showing an error, is a CellProblem. The apostrophe our CSV export puts before text a
spreadsheet would run (`'=1+1`) is taken off again (`formula_guard`).

The header is the first non-blank row, or the first that `is_header(cells)` accepts. With no `sheet`,
an XLSX is read from its first sheet that has any cells in it. Other readers (labour-market files) pass
their own `Limits`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sector_desktop.errors import ImportRefused

from .csv_file import ENCODING_NAMES, CsvSource
from .table import LIMITS, MB, CellProblem, Limits, Row, Table, column_letter, find_header
from .xlsx_file import Workbook, check_package

SUFFIXES = (".csv", ".xlsx")

__all__ = ["LIMITS", "SUFFIXES", "CellProblem", "Limits", "Row", "Table", "column_letter", "open_table"]


def open_table(
    path: Path | str,
    *,
    sheet: str | None = None,
    limits: Limits = LIMITS,
    is_header: Callable[[list[str]], bool] | None = None,
) -> Table:
    """Open a .csv or .xlsx file and find its header row; see the module docstring."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = " (an Excel 97–2003 workbook: save it as .xlsx in Excel)" if suffix == ".xls" else ""
        raise ImportRefused(
            f"Cannot import {path.name}: unknown file type {path.suffix or '(none)'!r}{hint}; "
            "use .csv or .xlsx."
        )
    if not path.is_file():
        raise ImportRefused(f"Cannot import {path}: there is no such file.")
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise ImportRefused(
            f"Cannot import {path.name}: it is {size / MB:,.1f} MB, more than the "
            f"{limits.file_bytes / MB:,.0f} MB an import reads. Nothing was read. "
            "Split it into smaller files and import each."
        )
    if suffix == ".csv":
        if sheet is not None:
            raise ImportRefused(f"Cannot import {path.name}: a CSV file has no sheets; leave out the sheet.")
        source = CsvSource(path)
        encoding = ENCODING_NAMES.get(source.encoding, source.encoding)
        return Table(path.name, source, limits, is_header=is_header, encoding=encoding)
    return _open_workbook(path, sheet, limits, is_header)


def _open_workbook(
    path: Path, sheet: str | None, limits: Limits, is_header: Callable[[list[str]], bool] | None
) -> Table:
    check_package(path, limits)
    book = Workbook(path)
    names = book.sheet_names
    try:
        if sheet is not None:
            chosen = _sheet_named(path.name, names, sheet)
            source = book.sheet(chosen)
            return Table(path.name, source, limits, is_header=is_header, sheet=chosen, sheets=names)
        seen_any = False
        for name in names:
            source = book.sheet(name)
            header, seen = find_header(source, limits, is_header)
            seen_any = seen_any or seen
            if header is not None:
                return Table(
                    path.name, source, limits, is_header=is_header, sheet=name, sheets=names, header=header
                )
    except BaseException:
        book.close()
        raise
    book.close()
    listed = ", ".join(repr(n) for n in names)
    if seen_any:
        why = f"no sheet has the header row this import expects (its sheets: {listed})"
    else:
        why = f"the file is empty (none of its sheets has any cells: {listed})"
    raise ImportRefused(f"Cannot import {path.name}: {why}.")


def _sheet_named(file_name: str, names: tuple[str, ...], wanted: str) -> str:
    if wanted in names:
        return wanted
    folded = [n for n in names if n.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = ", ".join(repr(n) for n in names)
    raise ImportRefused(
        f"Cannot import {file_name}: it has no sheet named {wanted!r}; its sheets are {listed}."
    )
