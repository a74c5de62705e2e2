"""Builders of the malformed-file corpus: each writes one file an import must refuse or read as documented.

XLSX files are put together from their XML parts here, so a test controls exactly what is inside
(a formula with or without its saved result, a cell longer than Excel allows, a second sheet).
bench/bad_files.py loads this module too, to time and measure the same files.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

Cell = str | int | float | tuple[str, str | None]  # text, a number, or (formula, saved result or None)


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(ref: str, value: Cell) -> str:
    if isinstance(value, tuple):
        formula, saved = value
        f = f"<f>{escape(formula.lstrip('='))}</f>"
        if saved is None:
            return f'<c r="{ref}">{f}</c>'
        return f'<c r="{ref}" t="str">{f}<v>{escape(saved)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list[Cell]]) -> str:
    body = []
    for r, cells in enumerate(rows, start=1):
        inner = "".join(cell_xml(f"{_letters(c)}{r}", v) for c, v in enumerate(cells) if v != "")
        body.append(f'<row r="{r}">{inner}</row>')
    return f'<worksheet xmlns="{MAIN_NS}"><sheetData>{"".join(body)}</sheetData></worksheet>'


def _package(archive: zipfile.ZipFile, names: list[str]) -> None:
    """Every part of a workbook but its sheets' XML."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(1, len(names) + 1)
    )
    archive.writestr(
        "[Content_Types].xml",
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>{overrides}</Types>',
    )
    archive.writestr(
        "_rels/.rels",
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{REL_NS}/officeDocument"/></Relationships>',
    )
    sheets = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1)
    )
    archive.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>',
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{REL_NS}/worksheet"/>'
        for i in range(1, len(names) + 1)
    )
    rels = f'<Relationships xmlns="{PKG_REL_NS}">{rels}</Relationships>'
    archive.writestr("xl/_rels/workbook.xml.rels", rels)


def xlsx(path: Path, sheets: dict[str, list[list[Cell]]]) -> Path:
    """A workbook with these sheets (name -> rows of cells), written part by part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _package(archive, list(sheets))
        for i, rows in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(rows))
    return path


def zip_bomb(path: Path, unpacked_mb: int = 330) -> Path:
    """A ~1 MB .xlsx whose one sheet unpacks to `unpacked_mb` MB of identical rows (no 'name' header)."""
    row = b'<row><c t="inlineStr"><is><t>junk</t></is></c><c t="inlineStr"><is><t>more</t></is></c></row>'
    chunk = row * 20_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _package(archive, ["Sheet1"])
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
            written = 0
            while written < unpacked_mb * 1_000_000:
                part.write(chunk)
                written += len(chunk)
            part.write(b"</sheetData></worksheet>")
    return path


def rows_csv(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("name,city\n")
        for i in range(count):
            fh.write(f"Employer {i},Baltimore\n")
    return path


def garbage(path: Path, size: int = 200_000, seed: int = 17) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def renamed_xls(path: Path) -> Path:
    """The start of an OLE2 compound file, as Excel 97-2003 writes, under an .xlsx name."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xff" * 4096)
    return path


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what an organizations import must do with it."""

    name: str
    make: Callable[[Path], Path]  # writes the file into a folder
    refused: bool
    says: tuple[str, ...] = ()  # each is in what the user is told when the file is refused
    rows: int = 0  # rows imported when it is not refused
    sheet: str | None = None  # --sheet NAME to pass


def _text(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(text.encode(encoding))
        return path

    return make


def _book(name: str, sheets: dict[str, list[list[Cell]]]) -> Callable[[Path], Path]:
    return lambda folder: xlsx(folder / name, sheets)


_CAFE = "name\tcity\nCafé Olé\tMontréal\nÆbleskiver Ltd\tØrsted\n"
_HUGE = "N" * 1_000_000
_TOO_LONG = "row 2, column notes: too long: 1,000,000 characters"

CORPUS: tuple[Case, ...] = (
    Case("empty", _text("empty.csv", ""), True, ("the file is empty",)),
    Case("header only", _text("header_only.csv", "name,city\n"), True, ("no data rows",)),
    Case("UTF-16 with BOM", _text("utf16.csv", _CAFE, "utf-16"), False, rows=2),
    Case("UTF-16 without BOM", _text("utf16_no_bom.csv", _CAFE, "utf-16-le"), False, rows=2),
    Case(
        "cp1252",
        _text("cp1252.csv", "name,city\nCafé Olé,Montréal\n", "cp1252"),
        True,
        ("not UTF-8 or UTF-16 text", "line 2", "Windows-1252", "CSV UTF-8"),
    ),
    Case("UTF-8 with BOM", _text("bom.csv", "name,city\nCafé,Montréal\n", "utf-8-sig"), False, rows=1),
    Case(
        "mixed line endings",
        _text("mixed_endings.csv", "name,city\r\nAcme,Boston\nBeta,Salem\rGamma,Lowell\r\n"),
        False,
        rows=3,
    ),
    Case("huge cell (CSV)", _text("huge_cell.csv", f"name,notes\nAcme,{_HUGE}\n"), True, (_TOO_LONG,)),
    Case(
        "huge cell (XLSX)",
        _book("huge_cell.xlsx", {"S": [["name", "notes"], ["Acme", _HUGE]]}),
        True,
        (_TOO_LONG,),
    ),
    Case(
        "200,000 rows",
        lambda folder: rows_csv(folder / "rows_200k.csv", 200_000),
        True,
        ("more than 100,000 data rows",),
    ),
    Case("binary garbage named .csv", lambda f: garbage(f / "garbage.csv"), True, ("not a text CSV file",)),
    Case(
        "XLSX zip bomb",
        lambda f: zip_bomb(f / "zip_bomb.xlsx"),
        True,
        ("would unpack to 33", "MB, more than the 200 MB an import reads"),
    ),
    Case("renamed .xls", lambda f: renamed_xls(f / "renamed.xlsx"), True, ("Excel 97–2003 workbook",)),
    Case(
        "formulas with saved results",
        _book(
            "formulas_saved.xlsx",
            {"S": [["name", "sites"], [('=CONCAT("Acme"," Co")', "Acme Co"), ("=1+2", "3")]]},
        ),
        False,
        rows=1,
    ),
    Case(
        "formula, no saved result",
        _book("formulas_bare.xlsx", {"S": [["name", "notes"], [("=1+1", None), "fine"]]}),
        True,
        ("row 2, column name: a formula with no saved result",),
    ),
    Case(
        "duplicate headers",
        _text("duplicate_headers.csv", "name,Organization Name\nAcme,Acme Inc\n"),
        True,
        ("both 'name' and 'Organization Name' mean name",),
    ),
    Case(
        "missing required column",
        _text("missing_required.csv", "city,zip\nBoston,02134\n"),
        True,
        ("required column 'name' is missing",),
    ),
    Case(
        "data on sheet 2",
        _book("sheet2.xlsx", {"Notes": [], "Employers": [["name", "city"], ["Acme", "Boston"]]}),
        False,
        rows=1,
    ),
    Case(
        "data on sheet 2, the empty sheet chosen",
        _book("sheet2_chosen.xlsx", {"Notes": [], "Employers": [["name"], ["Acme"]]}),
        True,
        ("the sheet 'Notes' is empty",),
        sheet="Notes",
    ),
)


def build_corpus(folder: Path) -> dict[str, Path]:
    """Write every file of the corpus into `folder`; returns each file by its case's name."""
    return {case.name: case.make(folder) for case in CORPUS}
