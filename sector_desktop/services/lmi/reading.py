"""Streaming the rows of a publisher's file (CSV, tab-separated text, XLSX), one at a time.

The national OEWS all-data file has about 400,000 rows: it is never held whole. Row numbers are
the ones a spreadsheet shows (the first line is row 1). Cells come back as trimmed text.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sector_desktop.errors import ImportRefused

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
HEADER_SEARCH_ROWS = 25  # title rows above the header (some BLS workbooks have them)


@dataclass
class Header:
    """The header row found in a file: its row number and cells, upper-cased for matching."""

    row_number: int
    cells: list[str]

    def index(self, *names: str) -> int | None:
        """The column of the first of `names` present (case-insensitive), or None."""
        keys = [c.strip().upper() for c in self.cells]
        for name in names:
            if name.upper() in keys:
                return keys.index(name.upper())
        return None


def check_file(path: Path) -> None:
    if not path.is_file():
        raise ImportRefused(f"Cannot import {path}: there is no such file.")
    if path.suffix.lower() not in SUFFIXES:
        raise ImportRefused(
            f"Cannot import {path.name}: unknown file type {path.suffix or '(none)'!r}; "
            "use the publisher's .xlsx, .csv or tab-separated .txt file."
        )
    if path.stat().st_size == 0:
        raise ImportRefused(f"Cannot import {path.name}: the file is empty.")


@dataclass
class RowFilter:
    """Set once the header is known: rows whose first `peek` cells `keep` refuses come back as None,
    so the big files' unwanted rows are never read whole."""

    keep: Callable[[list[str]], bool] | None = None
    peek: int = 1
    # A cheaper first test on the first cell alone (the area), for the rows most files are made of.
    first: Callable[[str], bool] | None = None


def iter_rows(path: Path, row_filter: RowFilter | None = None) -> Iterator[tuple[int, list[str] | None]]:
    """Every row of the file as (row number, cells); blank rows included (as empty lists)."""
    check_file(path)
    if path.suffix.lower() == ".xlsx":
        yield from _xlsx_rows(path, row_filter)
        return
    for number, cells in _text_rows(path):
        keep = row_filter.keep if row_filter is not None else None
        yield number, (None if keep is not None and cells and not keep(cells[: row_filter.peek]) else cells)  # type: ignore[union-attr]


def find_header(
    rows: Iterator[tuple[int, list[str] | None]], is_header: Callable[[list[str]], bool], what: str, name: str
) -> Header:
    """Skip title rows until the header row (`is_header`), within the first rows of the file."""
    for row_number, cells in rows:
        if cells is not None and is_header([c.strip().upper() for c in cells]):
            return Header(row_number, cells)
        if row_number >= HEADER_SEARCH_ROWS:
            break
    raise ImportRefused(
        f"Cannot import {name}: it does not look like {what} (no header row with the publisher's "
        f"column names in its first {HEADER_SEARCH_ROWS} rows; see docs/lmi-formats.md)."
    )


def _text_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open("rb") as raw:
        first = raw.readline()
    if b"\x00" in first:
        raise ImportRefused(f"Cannot import {path.name}: it is not a text file (it contains NUL bytes).")
    delimiter = "\t" if b"\t" in first or path.suffix.lower() in (".txt", ".tsv") else ","
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, [c.strip() for c in cells]
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                f"Cannot import {path.name}: it is not UTF-8 text (byte 0x{exc.object[exc.start]:02X} "
                f"after line {reader.line_num}). Nothing was imported; save it as UTF-8 or .xlsx."
            ) from None
        except csv.Error as exc:
            raise ImportRefused(
                f"Cannot import {path.name}: line {reader.line_num} is not well-formed ({exc})."
            ) from None


def _xlsx_rows(path: Path, row_filter: RowFilter | None) -> Iterator[tuple[int, list[str] | None]]:
    from xml.etree.ElementTree import ParseError

    from .xlsx import xlsx_rows

    try:
        with zipfile.ZipFile(path) as book:
            yield from xlsx_rows(book, row_filter)
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError) as exc:
        raise ImportRefused(
            f"Cannot import {path.name}: it is not a readable Excel workbook ({type(exc).__name__}: {exc})."
        ) from None


def file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
