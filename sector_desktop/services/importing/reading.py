"""Reading an import file (CSV or XLSX, through pandas) into a header and text cells, with clear refusals.

Row numbers are the ones a user sees when the file is opened in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sector_desktop.errors import ImportRefused

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class RawTable:
    """The file's header cells and its non-blank data rows as (row number, cells)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    header_row: int = 1


def read_table(path: Path) -> RawTable:
    """Read a .csv (UTF-8) or .xlsx file; anything unreadable is refused with the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            f"Cannot import {path.name}: unknown file type {path.suffix or '(none)'!r}; use .csv or .xlsx."
        )
    if not path.is_file():
        raise ImportRefused(f"Cannot import {path}: there is no such file.")
    frame, skipped = _read_csv(path) if suffix == ".csv" else (_read_xlsx(path), 0)
    cells: list[list[str]] = [[] for _ in range(skipped)]
    cells += [[_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    # Leading blank rows are skipped; the header is the first row with something in it.
    first = next((i for i, row in enumerate(cells) if any(row)), None)
    if first is None:
        raise ImportRefused(f"Cannot import {path.name}: the file is empty.")
    headers = cells[first]
    rows = [(i + 1, row) for i, row in enumerate(cells) if i > first and any(row)]
    if not rows:
        raise ImportRefused(f"Cannot import {path.name}: it has a header row but no data rows.")
    return RawTable(headers=headers, rows=rows, header_row=first + 1)


def _read_csv(path: Path) -> tuple[pd.DataFrame, int]:
    """The CSV's cells, and how many blank lines came before its header (the parser needs them gone)."""
    data = path.read_bytes()
    if not data.strip():
        raise ImportRefused(f"Cannot import {path.name}: the file is empty.")
    if b"\x00" in data:
        raise ImportRefused(f"Cannot import {path.name}: it is not a text CSV file (it contains NUL bytes).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Guessing another encoding (cp1252, latin-1, Mac Roman) could silently turn letters into
        # other letters, so the file is refused with where the first bad byte is.
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            f"Cannot import {path.name}: it is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line} "
            "is not valid UTF-8). Nothing was guessed or imported. Save the file as 'CSV UTF-8' "
            "(in Excel: Save As → CSV UTF-8) or as .xlsx, and import it again."
        ) from None
    lines = text.splitlines(keepends=True)
    skipped = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    text = "".join(lines[skipped:])
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            sep=_delimiter(text),
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise ImportRefused(f"Cannot import {path.name}: the file is empty.") from None
    except (pd.errors.ParserError, csv.Error) as exc:
        reason = str(exc).strip()
        raise ImportRefused(
            f"Cannot import {path.name}: it is not a well-formed CSV file ({reason})."
        ) from None
    return frame, skipped


def _delimiter(text: str) -> str:
    """Comma, unless the header line has none and uses semicolons or tabs (European Excel exports)."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    return max(";\t", key=header.count) if (";" in header or "\t" in header) else ","


def _read_xlsx(path: Path) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportRefused(
            f"Cannot import {path.name}: it is not a readable Excel workbook (.xlsx); "
            f"it may be damaged or of another type ({type(exc).__name__}: {exc})."
        ) from None


def _cell_text(value: Any) -> str:
    """A cell as trimmed text, whatever type the reader gave it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
