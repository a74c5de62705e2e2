"""Streaming the first sheet of an .xlsx workbook fast, row by row, with an optional early filter.

openpyxl's read-only mode builds an object per cell, which for the 400,000-row OEWS all-data
workbook (13 million cells) takes minutes. Here the sheet's XML is decompressed in blocks and cut
into rows; a row the caller does not want (told by its first cell: the area) is skipped without
reading its other cells. The sheet XML is written by spreadsheet programs in one regular form
(<row><c r=.. t=..><v>..</v></c>...), which is what the patterns below read; anything else in a
cell (formulas, rich text) still yields its value or its text.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from itertools import islice
from typing import Any
from xml.etree.ElementTree import iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BLOCK = 1 << 22  # 4 MiB of XML at a time
ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
ATTR = re.compile(rb'\b(r|t)="([^"]*)"')
VALUE = re.compile(rb"<v>([^<]*)</v>")
TEXT = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# The usual cell in one pattern: reference letters, other attributes, then a <v> value or an
# inline string; anything else in `other`.
CELLS = re.compile(
    rb'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)</c>|>(.*?)</c>)', re.S
)
COLUMNS: dict[bytes, int] = {}
KIND = re.compile(rb'\bt="([^"]*)"')


def _column(ref: bytes) -> int:
    index = 0
    for ch in ref:
        if ch > 64:  # letters, not the row digits
            index = index * 26 + ch - 64
    return index - 1


def _first_sheet(book: zipfile.ZipFile) -> str:
    with book.open("xl/workbook.xml") as f:
        sheet = next((el for _e, el in iterparse(f) if el.tag == f"{MAIN}sheet"), None)
    if sheet is None:
        raise KeyError("the workbook has no sheet")
    rel_id = sheet.get(f"{REL}id")
    with book.open("xl/_rels/workbook.xml.rels") as f:
        target = next((el.get("Target") for _e, el in iterparse(f) if el.get("Id") == rel_id), None)
    target = target or "worksheets/sheet1.xml"
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    strings: list[str] = []
    with book.open("xl/sharedStrings.xml") as f:
        for _event, el in iterparse(f):
            if el.tag == f"{MAIN}si":
                strings.append("".join(t.text or "" for t in el.iter(f"{MAIN}t")))
                el.clear()
    return strings


def _number(text: str) -> str:
    """A numeric cell as a person would type it: 38720, 45.98 (not 45.979999999999997)."""
    if "." not in text and "E" not in text and "e" not in text:
        return text
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def _cell(attrs: bytes, body: bytes | None, strings: list[str]) -> tuple[int | None, str]:
    found = dict(ATTR.findall(attrs))
    ref, kind = found.get(b"r"), found.get(b"t", b"n")
    index = _column(ref) if ref else None
    if not body:
        return index, ""
    if kind == b"inlineStr":
        raw = b"".join(TEXT.findall(body))
    else:
        v = VALUE.search(body)
        raw = v.group(1) if v else b""
    text = raw.decode("utf-8")
    if "&" in text:
        text = html.unescape(text)
    if kind == b"s":
        return index, strings[int(text)] if text else ""
    if kind == b"b":
        return index, "TRUE" if text == "1" else "FALSE"
    if kind in (b"inlineStr", b"str", b"e"):
        return index, text
    return index, _number(text) if text else ""


def _cells(body: bytes, strings: list[str], limit: int | None = None) -> list[str]:
    found = (
        CELLS.findall(body) if limit is None else [m.groups() for m in islice(CELLS.finditer(body), limit)]
    )
    if len(found) != (body.count(b"<c ") if limit is None else min(limit, body.count(b"<c "))):
        return _cells_slowly(body, strings, limit)  # a cell without a reference, or written otherwise
    cells: list[str] = []
    for ref, attrs, value, inline, other in found:
        index = COLUMNS.get(ref)
        if index is None:
            index = COLUMNS[ref] = _column(ref)
        kind = KIND.search(attrs).group(1) if b't="' in attrs else b"n"  # type: ignore[union-attr]
        if other:
            text = _cell(b'r="' + ref + b'1"' + attrs, other, strings)[1]
        elif kind == b"s":
            text = strings[int(value)] if value else ""
        elif kind == b"n":
            text = _number(value.decode()) if value else ""
        elif kind == b"b":
            text = "TRUE" if value == b"1" else "FALSE"
        else:  # inlineStr, str, e
            text = (inline or value).decode("utf-8")
            text = html.unescape(text) if "&" in text else text
        if index >= len(cells):
            cells.extend([""] * (index - len(cells) + 1))
        cells[index] = text.strip()
    return cells


def _cells_slowly(body: bytes, strings: list[str], limit: int | None) -> list[str]:
    cells: list[str] = []
    for position, match in enumerate(CELL.finditer(body)):
        if limit is not None and position >= limit:
            break
        index, text = _cell(match.group(1), match.group(2), strings)
        index = position if index is None else index
        if index >= len(cells):
            cells.extend([""] * (index - len(cells) + 1))
        cells[index] = text.strip()
    return cells


def _row_chunks(stream: object) -> Iterator[tuple[bytes, bytes | None]]:
    """(row attributes, row body) of every <row> in the sheet XML, read in blocks."""
    buffer = b""
    while True:
        block = stream.read(BLOCK)  # type: ignore[attr-defined]
        buffer += block
        end = 0
        for match in ROW.finditer(buffer):
            yield match.group(1), match.group(2)
            end = match.end()
        buffer = buffer[end:]
        if not block:
            return


def xlsx_rows(book: zipfile.ZipFile, row_filter: Any = None) -> Iterator[tuple[int, list[str] | None]]:
    """(row number, cells as trimmed text) of the first sheet. A row whose first cells the filter's
    `keep` refuses (once it is set: see reading.RowFilter) comes back as (row number, None)."""
    strings = _shared_strings(book)
    number = 0
    with book.open(_first_sheet(book)) as f:
        for attrs, body in _row_chunks(f):
            found = ROW_NUMBER.search(attrs)
            number = int(found.group(1)) if found else number + 1
            if not body:
                yield number, []
                continue
            keep = row_filter.keep if row_filter is not None else None
            first = row_filter.first if row_filter is not None else None
            if first is not None and not first(next(iter(_cells(body, strings, 1)), "")):
                yield number, None
                continue
            if keep is not None and not keep(_cells(body, strings, row_filter.peek)):
                yield number, None
                continue
            yield number, _cells(body, strings)
