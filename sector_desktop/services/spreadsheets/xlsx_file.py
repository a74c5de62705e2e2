"""Reading an XLSX workbook as rows of text, streamed by openpyxl's sheet parser, one row at a time.

Before anything is unpacked, the ZIP's own directory must show the workbook unpacks within the caps:
a "zip bomb" is refused without reading it. A formula cell reads as the result Excel saved with it;
a formula with no saved result, or a cell showing an error (#DIV/0!), is a problem of that cell.
"""

from __future__ import annotations

import datetime as dt
import struct
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from sector_desktop.errors import ImportRefused

from .formula_guard import imported_text
from .table import EXCEL_LAST_ROW, MB, CellProblem, Limits, Row

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other old Office files
MAX_PARTS = 10_000  # a workbook has a few dozen parts
SHARED_STRINGS_BYTES = 64 * MB  # read whole by openpyxl, so capped on its own
OTHER_PART_BYTES = 8 * MB  # styles, the workbook part, relationships: small in any real file
MAX_COLUMN = 18_278  # ZZZ, the last column a cell reference can name
_CONTENT_TYPES = "[Content_Types].xml"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def check_package(path: Path, limits: Limits) -> None:
    """Refuse an .xlsx that is not a workbook, or whose ZIP directory says it unpacks past the caps."""
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(OLE2_MAGIC):
        raise ImportRefused(
            f"Cannot import {path.name}: it is an old-style Excel 97–2003 workbook (.xls), or another old "
            "Office file, named .xlsx. Open it in Excel and use Save As → Excel Workbook (.xlsx)."
        )
    if not magic.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            f"Cannot import {path.name}: it is not a readable Excel workbook (.xlsx): an .xlsx file is a "
            "ZIP package, and this one is not. It may be damaged or another kind of file renamed."
        )
    _check_directory_record(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(path.name, archive, infos, limits)
    except zipfile.BadZipFile as exc:
        raise ImportRefused(_unreadable(path.name, exc)) from None


def _check_directory_record(path: Path) -> None:
    """The ZIP's last record says how many parts it has: refuse thousands before Python lists them."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 65_557))  # the record (22 bytes) and a comment of up to 64 KB
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise ImportRefused(_unreadable(path.name, "its ZIP directory is missing; the file may be cut short"))
    entries, directory_bytes = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF or entries > MAX_PARTS:
        raise ImportRefused(
            f"Cannot import {path.name}: it holds more parts than any workbook does "
            f"(its ZIP directory lists {entries:,}); it is not an ordinary spreadsheet."
        )


def _check_sizes(name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = sum(i.file_size for i in infos)
    if total > limits.unpacked_bytes:
        raise ImportRefused(
            f"Cannot import {name}: it would unpack to {total / MB:,.0f} MB, more than the "
            f"{limits.unpacked_bytes / MB:,.0f} MB an import reads (a workbook of 100,000 rows of "
            "organizations unpacks to about 125 MB). Nothing was read. It is not an ordinary spreadsheet; "
            "if it is, split it into smaller files."
        )
    streamed, shared = _sheet_and_string_parts(name, archive, infos)
    for info in infos:
        if info.filename in streamed or not info.filename.lower().endswith((".xml", ".rels")):
            continue
        cap = SHARED_STRINGS_BYTES if info.filename in shared else OTHER_PART_BYTES
        if info.file_size > cap:
            raise ImportRefused(
                f"Cannot import {name}: its part {info.filename} would unpack to "
                f"{info.file_size / MB:,.0f} MB, more than the {cap / MB:,.0f} MB such a part may have. "
                "Nothing was read; it is not an ordinary spreadsheet."
            )


def _sheet_and_string_parts(
    name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> tuple[set[str], set[str]]:
    """The worksheet parts (streamed) and the shared-strings part, as [Content_Types].xml declares them."""
    types = next((i for i in infos if i.filename == _CONTENT_TYPES), None)
    if types is None:
        raise ImportRefused(_unreadable(name, "it has no [Content_Types].xml part"))
    if types.file_size > OTHER_PART_BYTES:
        raise ImportRefused(_unreadable(name, "its [Content_Types].xml part is far too large"))
    try:
        root = ET.fromstring(archive.read(types))
    except ET.ParseError as exc:
        raise ImportRefused(_unreadable(name, exc)) from None
    streamed: set[str] = set()
    shared: set[str] = set()
    for override in root.iter(f"{_TYPES_NS}Override"):
        part = (override.get("PartName") or "").lstrip("/")
        kind = override.get("ContentType") or ""
        if kind.endswith(".worksheet+xml"):
            streamed.add(part)
        elif kind.endswith(".sharedStrings+xml"):
            shared.add(part)
    return streamed, shared


def _unreadable(name: str, reason: object) -> str:
    kind = type(reason).__name__ + ": " if isinstance(reason, BaseException) else ""
    return (
        f"Cannot import {name}: it is not a readable Excel workbook (.xlsx); it may be damaged or of "
        f"another type ({kind}{reason})."
    )


class Workbook:
    """An .xlsx whose package passed `check_package`: its worksheet names, and a row source for each."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        try:
            with warnings.catch_warnings():  # openpyxl warns of styles and features an import never reads
                warnings.simplefilter("ignore")
                self._reader = ExcelReader(str(path), read_only=True, data_only=True, keep_links=False)
                self._reader.read_manifest()
                self._reader.read_strings()
                self._reader.read_workbook()
                apply_stylesheet(self._reader.archive, self._reader.wb)
                found = self._reader.parser.find_sheets()
                self.parts = {
                    sheet.name: rel.target
                    for sheet, rel in found
                    if "chartsheet" not in rel.Type and rel.target in self._reader.valid_files
                }
        except ImportRefused:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged package
            raise ImportRefused(_unreadable(path.name, exc)) from None

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(self.parts)

    def sheet(self, name: str) -> SheetSource:
        return SheetSource(self, name)

    def open_part(self, name: str) -> Any:
        return self._reader.archive.open(self.parts[name])

    def parser(self, source: Any) -> _CellParser:
        wb = self._reader.wb
        return _CellParser(
            source,
            self._reader.shared_strings,
            data_only=True,
            epoch=wb.epoch,
            # openpyxl's own reader passes these private sets too; the stubs do not know them
            date_formats=wb._date_formats,  # type: ignore[attr-defined]
            timedelta_formats=wb._timedelta_formats,  # type: ignore[attr-defined]
        )

    def close(self) -> None:
        self._reader.archive.close()


class SheetSource:
    """The rows of one worksheet, streamed; closing it closes the workbook."""

    def __init__(self, book: Workbook, sheet: str) -> None:
        self.book, self.sheet = book, sheet

    def rows(self, width: int | None) -> Iterator[Row]:
        try:
            with self.book.open_part(self.sheet) as part:
                for number, cells in self.book.parser(part).parse():
                    if number > EXCEL_LAST_ROW:
                        raise ImportRefused(
                            f"Cannot import {self.book.name}: the sheet {self.sheet!r} claims a row "
                            f"{number:,}, past the last row a spreadsheet has ({EXCEL_LAST_ROW:,})."
                        )
                    yield _row(number, cells, width)
        except ImportRefused:
            raise
        except Exception as exc:  # bad XML, a shared string that is not there, a cell reference past ZZZ
            raise ImportRefused(_unreadable(self.book.name, exc)) from None

    def close(self) -> None:
        self.book.close()


class _CellParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, reading saved formula results, that also notes formulas
    without one and keeps no per-row state (so memory stays flat)."""

    def parse_cell(self, element: ET.Element) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        if formula is not None and element.find(VALUE_TAG) is None:
            cell["problem"] = (
                "=" + (formula.text or "…"),
                "a formula with no saved result (the file was not saved by a spreadsheet program "
                "that calculates, or calculation was off); open it in Excel or LibreOffice, save it, "
                "and import it again, or type the value instead",
            )
        elif cell["data_type"] == "e":
            cell["problem"] = (str(cell["value"]), f"the cell shows the error {cell['value']}, not a value")
        return cell

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:  # an ElementTree element
        parsed: tuple[int, list[dict[str, Any]]] = super().parse_row(row)
        self.row_dimensions.clear()  # row heights are not needed, and would grow with the file
        return parsed

    def parse_extensions(self, element: Any) -> None:
        """Sheet extensions (data validation lists and the like) are not read by an import."""

    def parse_formatting(self, element: Any) -> None:
        """Conditional formatting is not read by an import."""


def _row(number: int, cells: list[dict[str, Any]], width: int | None) -> Row:
    size = max((c["column"] for c in cells), default=0) if width is None else width
    texts = [""] * min(size, MAX_COLUMN)
    problems: list[CellProblem] = []
    for cell in cells:
        index = cell["column"] - 1
        if index >= len(texts):
            continue  # past the header's last column: no field to read it into
        problem = cell.get("problem")
        if problem is not None:
            problems.append(CellProblem(index, *problem))
        else:
            texts[index] = cell_text(cell["value"])
    return Row(number, texts, tuple(problems))


def cell_text(value: Any) -> str:
    """A cell's value as the text an import checks: numbers without a stray '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return imported_text(value)
    return str(value).strip()
