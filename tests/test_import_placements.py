"""Importing placements from CSV or XLSX: a good file writes every placement with its retention checks in
one transaction; a bad file names each bad row and column and writes nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from visits_data import make_world

from sector_desktop.errors import ImportRefused
from sector_desktop.models import ActionItem, Placement, RetentionCheck
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.services.outcomes import CohortInput, PlacementInput, save_cohort, save_placement
from sector_desktop.store import Database, ProfilePaths

HEADER = "Employer,Start date,SOC,Occupation,Starting wage,Full or part time,Cohort,Case number,Staff\n"


def _write(tmp_path: Path, text: str, name: str = "placements.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read_session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Placement, RetentionCheck, ActionItem)
        )  # type: ignore[return-value]


def test_a_good_file_imports_placements_with_their_checks(db: Database, tmp_path: Path) -> None:
    world = make_world(db)
    save_cohort(db, CohortInput("CNA, spring 2025", sector="healthcare", ends_on=dt.date(2025, 6, 1)))
    path = _write(
        tmp_path,
        HEADER
        + 'Riverside Clinic,2025-08-15,29-1141.00,RN,$38.50,full,"CNA, spring 2025",MD-17,ben\n'
        + "Delta Metal Works,09/02/2025,514121,Welders,21,PT,,,\n",
    )
    preview = preview_import(db, "placements", path)
    assert preview.ok, preview.errors
    result = apply_import(db, preview, owner_id=world.ana)
    assert (result.created, result.skipped) == (2, 0)
    assert "retention checks planned" in str(result)
    with db.read_session() as s:
        rows = {p.organization_id: p for p in s.scalars(select(Placement))}
        nurse, welder = rows[world.clinic], rows[world.plant]
        assert (nurse.start_date, nurse.occupation_soc, nurse.hourly_wage) == (
            dt.date(2025, 8, 15),
            "29-1141",
            38.5,
        )
        assert (nurse.full_time, nurse.case_number, nurse.staff_id) == (True, "MD-17", world.ben)
        assert nurse.cohort_id is not None
        assert (welder.start_date, welder.occupation_soc, welder.full_time) == (
            dt.date(2025, 9, 2),
            "51-4121",
            False,
        )
        checks = s.scalars(select(RetentionCheck).where(RetentionCheck.placement_id == welder.id)).all()
        assert sorted((c.quarter, c.due_on) for c in checks) == [
            (2, dt.date(2026, 3, 31)),
            (4, dt.date(2026, 9, 30)),
        ]
        # The welder's checks go to who imported (no staff column value); the nurse's to Ben.
        owners = {s.get(ActionItem, c.action_item_id).owner_staff_id for c in checks}
        assert owners == {world.ana}


def test_a_bad_file_names_every_bad_row_and_column_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    make_world(db)
    before = _counts(db)
    path = _write(
        tmp_path,
        HEADER
        + "Riverside Clinic,2025-08-15,29-1141,Registered Nurses,38.50,full,,,\n"  # good
        + "Nobody Inc,2025-08-15,,,,,,,\n"  # row 3: unknown employer
        + "Riverside Clinic,someday,,,,,,,\n"  # row 4: not a date
        + "Riverside Clinic,2025-08-15,nurse,,,,,,\n"  # row 5: not a SOC code
        + "Riverside Clinic,2025-08-15,,,38500,,,,\n"  # row 6: an annual salary as the hourly wage
        + "Riverside Clinic,2025-08-15,,,,sometimes,,,\n"  # row 7
        + "Riverside Clinic,2025-08-15,,,,,Welding 9,,\n"  # row 8: no such cohort
        + "Riverside Clinic,2025-08-15,,,,,,123-45-6789,\n"  # row 9: an SSN as the case number
        + "Riverside Clinic,2025-08-15,,,,,,,Zed\n",  # row 10: no such staff member
    )
    preview = preview_import(db, "placements", path)
    by_row = {e.row_number: e for e in preview.errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert by_row[3].column == "Employer" and "no organization has this name" in by_row[3].reason
    assert by_row[4].column == "Start date" and "not a date" in by_row[4].reason
    assert by_row[5].column == "SOC" and "29-2052" in by_row[5].reason
    assert by_row[6].column == "Starting wage" and "at most $500" in by_row[6].reason
    assert by_row[7].column == "Full or part time"
    assert by_row[8].column == "Cohort" and "no training cohort" in by_row[8].reason
    assert by_row[9].column == "Case number" and "6789" not in str(by_row[9])
    assert by_row[10].column == "Staff" and "no staff member" in by_row[10].reason
    with pytest.raises(ImportRefused) as info:
        apply_import(db, preview)
    assert "nothing was written" in str(info.value)
    assert _counts(db) == before


def test_a_file_without_an_employer_column_is_refused_at_the_header(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "Start date,Wage\n2025-08-15,20\n")
    preview = preview_import(db, "placements", path)
    assert [e.row_number for e in preview.errors] == [1]
    assert "organization_id, organization_fein or organization_name" in preview.errors[0].reason


def test_likely_duplicates_are_found_in_the_profile_and_in_the_file(db: Database, tmp_path: Path) -> None:
    world = make_world(db)
    save_placement(
        db,
        PlacementInput(world.clinic, dt.date(2025, 8, 15), "29-1141", hourly_wage=38.5, case_number="MD-1"),
    )
    path = _write(
        tmp_path,
        HEADER
        + "Riverside Clinic,2025-09-01,,,,,,MD-1,\n"  # same employer and case number as the saved one
        + "Delta Metal Works,2025-09-01,51-4121,,21,,,,\n"
        + "Delta Metal Works,2025-09-01,51-4121,,21,,,,\n",  # same as the row before
    )
    preview = preview_import(db, "placements", path)
    assert preview.ok
    found = {r.row_number: [str(d) for d in r.duplicates] for r in preview.duplicate_rows}
    assert list(found) == [2, 4]
    assert "same employer and case number" in found[2][0]
    assert found[4] == ["row 3 of this file (same employer, start date, occupation and wage)"]
    with pytest.raises(ImportRefused):
        apply_import(db, preview)  # duplicates are never written without a choice
    result = apply_import(db, preview, "skip")
    assert (result.created, result.skipped) == (1, 2)


def test_an_xlsx_with_date_and_number_cells_imports(db: Database, tmp_path: Path) -> None:
    world = make_world(db)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["organization_name", "start_date", "occupation_soc", "hourly_wage", "full_time"])
    sheet.append(["Delta Metal Works", dt.datetime(2025, 10, 6), "51-4121", 22.75, "yes"])
    book.save(tmp_path / "placements.xlsx")
    preview = preview_import(db, "placements", tmp_path / "placements.xlsx")
    assert preview.ok, preview.errors
    apply_import(db, preview)
    with db.read_session() as s:
        placed = s.scalars(select(Placement)).one()
        assert (placed.organization_id, placed.start_date, placed.hourly_wage) == (
            world.plant,
            dt.date(2025, 10, 6),
            22.75,
        )


def test_the_command_line_imports_and_refuses(paths: ProfilePaths, db: Database, tmp_path: Path) -> None:
    make_world(db)
    good = _write(tmp_path, HEADER + "Riverside Clinic,2025-08-15,29-1141,,30,,,,\n")
    bad = _write(tmp_path, HEADER + "Riverside Clinic,2025-13-45,,,,,,,\n", "bad.csv")
    command = [
        sys.executable,
        "-m",
        "sector_desktop",
        "--profile",
        str(paths.data_dir.parent),
        "import",
        "placements",
    ]
    refused = subprocess.run([*command, str(bad)], capture_output=True, text=True, check=False)
    assert refused.returncode != 0
    assert "row 2, column Start date" in refused.stderr + refused.stdout
    done = subprocess.run([*command, str(good)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Imported placements: 1 created" in done.stdout
    assert _counts(db)[0] == 1


def test_every_placement_column_and_alias_is_documented() -> None:
    from sector_desktop.services.importing.placements import PLACEMENT_COLUMNS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "import-format.md").read_text(encoding="utf-8")
    section = doc.split("## Placements", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            table[cells[0].strip("`")] = (cells[1], "**required**" in cells[2])
    assert table == {c.field: (", ".join(c.aliases), c.required) for c in PLACEMENT_COLUMNS}
