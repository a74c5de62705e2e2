"""Reading a CSV file as rows of text, streamed: UTF-8 (with or without BOM) or UTF-16, never a guess.

Any other encoding is refused and named, with where its first unreadable byte is. Cells are trimmed,
and the apostrophe our CSV export puts before a formula character is taken off again.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from sector_desktop.errors import ImportRefused

from .formula_guard import imported_text
from .table import EXCEL_LAST_ROW, CellProblem, Row, column_letter

_SNIFF_BYTES = 64 * 1024
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with a byte-order mark)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian, no byte-order mark)",
    "utf-32": "UTF-32",
}
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class CsvSource:
    """One CSV file: its encoding and separator are found on opening; every pass re-reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
        self.encoding = sniff_encoding(path.name, head)
        self.delimiter = self._find_delimiter()
        # The csv module refuses cells over 131,072 characters by default; an over-long cell must reach
        # the column's own check instead, which names its row and column. The file size cap bounds it.
        csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size + 1))

    def rows(self, width: int | None) -> Iterator[Row]:
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            reader = csv.reader(_checked_lines(self.path.name, fh), delimiter=self.delimiter, strict=True)
            number = 0
            try:
                for number, record in enumerate(reader, start=1):
                    if number > EXCEL_LAST_ROW:
                        raise ImportRefused(
                            f"Cannot import {self.path.name}: it has more than {EXCEL_LAST_ROW:,} lines, "
                            "more than any spreadsheet holds."
                        )
                    yield _row(number, record, width, self.delimiter)
            except UnicodeDecodeError:
                raise ImportRefused(encoding_problem(self.path, self.encoding)) from None
            except csv.Error as exc:
                raise ImportRefused(
                    f"Cannot import {self.path.name}: it is not a well-formed CSV file: row {number + 1}: "
                    f"{exc} (a cell that starts with a double quote must end with one, and a double quote "
                    "inside a quoted cell is written twice)."
                ) from None

    def close(self) -> None:
        """Nothing stays open between passes."""

    def _find_delimiter(self) -> str:
        """Comma, unless the first non-blank line has none and uses semicolons or tabs (European Excel)."""
        try:
            with self.path.open("r", encoding=self.encoding, newline="") as fh:
                header = next((line for line in fh if line.strip()), "")
        except UnicodeDecodeError:
            raise ImportRefused(encoding_problem(self.path, self.encoding)) from None
        if "," in header:
            return ","
        return max(";\t", key=header.count) if (";" in header or "\t" in header) else ","


def _row(number: int, record: list[str], width: int | None, delimiter: str) -> Row:
    cells = [imported_text(c) for c in record]
    if width is None or len(cells) <= width:
        return Row(number, cells)
    stray = next((i for i in range(width, len(cells)) if cells[i]), None)
    if stray is None:
        return Row(number, cells[:width])
    reason = (
        f"this row has a cell in column {column_letter(stray)}, after the header's last column "
        f"({column_letter(width - 1)}); a cell with a {_SEPARATOR_NAMES[delimiter]} in it must be in "
        "double quotes"
    )
    return Row(number, cells[:width], (CellProblem(stray, cells[stray], reason),))


def _checked_lines(name: str, lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise ImportRefused(
                f"Cannot import {name}: line {number:,} holds a NUL character, which text never does; "
                "it is not a text CSV file (it may be a binary file renamed .csv)."
            )
        yield line


def sniff_encoding(name: str, head: bytes) -> str:
    """The Python codec for a file starting with `head`: a byte-order mark decides, else UTF-8."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if b"\x00" not in sample:
        return "utf-8"
    # UTF-16 without a byte-order mark: plain letters have a NUL in every other byte, always the same side.
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > half // 3 and even == 0:
        return "utf-16-le"
    if even > half // 3 and odd == 0:
        return "utf-16-be"
    raise ImportRefused(
        f"Cannot import {name}: it is not a text CSV file (it holds binary data, such as NUL bytes, "
        "which text never does). It may be a workbook or another file renamed .csv."
    )


def encoding_problem(path: Path, encoding: str) -> str:
    """Where the first byte that `encoding` cannot read is, and what to do about it."""
    data = path.read_bytes()  # only on a refusal, and the file is within the size cap
    try:
        data.decode(encoding)
        start = len(data)
    except UnicodeDecodeError as exc:
        start = exc.start
    before = data[:start].decode(encoding, errors="replace")
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    shown = ENCODING_NAMES.get(encoding, encoding)
    byte = f"byte 0x{data[start]:02X}" if start < len(data) else "the end of the file"
    text = (
        f"Cannot import {path.name}: it is not readable text: {byte} on line {line:,} is not valid "
        f"{shown}. Sector Desktop reads CSV files in UTF-8 or UTF-16 only"
    )
    if encoding.startswith("utf-8"):
        text = text.replace("it is not readable text", "it is not UTF-8 or UTF-16 text")
        if _decodes(data, "cp1252"):
            text += "; this one looks like Windows-1252 ('ANSI', what Excel's plain 'CSV' format writes)"
    return (
        text + ". Nothing was guessed or imported: a wrong guess turns letters into other letters. "
        "Save the file as 'CSV UTF-8' (in Excel: Save As → CSV UTF-8) or as .xlsx, and import it again."
    )


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
