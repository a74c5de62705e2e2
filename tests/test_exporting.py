"""Exporting every field to CSV, XLSX and JSON, and the organizations XLSX round trip through an import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sector_desktop.errors import SectorError
from sector_desktop.models import (
    ActionItem,
    Contact,
    HiringNeed,
    Organization,
    SkillGap,
    StaffUser,
    Visit,
    VisitAttendee,
)
from sector_desktop.services.exporting import FIELDS, export_records
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.store import Database, ProfilePaths, open_database


def _fill(db: Database) -> dict[str, str]:
    with db.session() as s:
        staff = StaffUser(name="Dana Ruiz", username="druiz")
        acme = Organization(
            name="Acme Tool & Die",
            dba="Acme",
            kind="employer",
            status="active",
            sector="manufacturing",
            fein="12-3456789",
            state_ui_number="UI-99",
            naics="332710",
            address_line1="1 Main St",
            address_line2="Unit 4",
            city="Springfield",
            state="MA",
            zip="01103",
            phone="413-555-0100",
            website="https://acme.test",
            size_band="50-249",
            sites_count=2,
            assigned_staff=staff,
            tags=["cnc", "apprenticeship"],
            notes="=SUM(A1) is text, and Ünïcode survives",
            created_at=dt.datetime(2024, 1, 2, 3, 4, 5),
        )
        gone = Organization(name="Closed Co", deleted_at=dt.datetime(2024, 1, 1))
        ann = Contact(organization=acme, name="Ann Lee", title="HR", email="ann@acme.test", is_primary=True)
        visit = Visit(
            organization=acme,
            starts_at=dt.datetime(2024, 5, 6, 10, 0),
            duration_minutes=45,
            staff=staff,
            purpose="Hiring plans",
            notes="Needs machinists",
            services=["recruitment", "training"],
        )
        s.add_all([acme, gone, ann, visit])
        s.flush()
        s.add_all(
            [
                VisitAttendee(visit_id=visit.id, contact_id=ann.id),
                HiringNeed(
                    visit_id=visit.id,
                    organization_id=acme.id,
                    occupation="Machinist",
                    openings=3,
                    wage_min=22,
                ),
                SkillGap(visit_id=visit.id, organization_id=acme.id, skill="Blueprint reading"),
                ActionItem(text="Send CNC course list", visit_id=visit.id, due_date=dt.date(2024, 5, 10)),
            ]
        )
        return {"acme": acme.id, "ann": ann.id, "visit": visit.id}


def test_organizations_csv_has_every_field(db: Database, tmp_path: Path) -> None:
    ids = _fill(db)
    result = export_records(db, "organizations", tmp_path / "orgs.csv")
    assert (result.count, result.format) == (1, "csv")  # the tombstoned one is left out
    with (tmp_path / "orgs.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == FIELDS["organizations"]
    row = rows[0]
    assert row["id"] == ids["acme"] and row["assigned_staff"] == "druiz"
    assert row["tags"] == "cnc; apprenticeship" and row["size_band"] == "50-249" and row["sites_count"] == "2"
    # Times are the profile's (New York's) with their offset: 03:04:05 UTC is 22:04:05 the day before.
    assert row["created_at"] == "2024-01-01T22:04:05-05:00" and row["notes"].startswith("'=SUM(A1)")


def test_contacts_and_visits_json_carry_their_organization_and_children(db: Database, tmp_path: Path) -> None:
    ids = _fill(db)
    export_records(db, "contacts", tmp_path / "contacts.json")
    [contact] = json.loads((tmp_path / "contacts.json").read_text(encoding="utf-8"))
    assert contact["organization_id"] == ids["acme"] and contact["organization_name"] == "Acme Tool & Die"
    assert contact["is_primary"] is True and contact["id"] == ids["ann"]
    export_records(db, "visits", tmp_path / "visits.out", "json")
    [visit] = json.loads((tmp_path / "visits.out").read_text(encoding="utf-8"))
    assert tuple(visit) == FIELDS["visits"]
    assert visit["services"] == ["recruitment", "training"] and visit["staff"] == "druiz"
    assert visit["attendees"] == ["Ann Lee"] and visit["skill_gaps"] == ["Blueprint reading"]
    assert visit["hiring_needs"] == ["Machinist (openings: 3, wage: 22.00–?)"]
    assert visit["follow_ups"] == ["Send CNC course list (due 2024-05-10) [open]"]
    assert visit["starts_at"] == "2024-05-06T06:00:00-04:00"  # stored 10:00 UTC


def test_the_format_comes_from_the_suffix_unless_given(db: Database, tmp_path: Path) -> None:
    _fill(db)
    with pytest.raises(SectorError, match="Cannot tell the export format"):
        export_records(db, "visits", tmp_path / "visits.txt")
    with pytest.raises(SectorError, match="does not exist"):
        export_records(db, "visits", tmp_path / "no" / "visits.csv")
    assert export_records(db, "visits", tmp_path / "v.txt", "xlsx").format == "xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "v.txt").read_bytes())).active
    assert sheet["K2"].value == "recruitment; training"
    assert list(tmp_path.glob(".export-*")) == []  # no half-written temporary files are left


def _xlsx_rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_organizations_xlsx_round_trip_through_an_empty_profile(
    db: Database, tmp_path: Path, migrated_template: Path
) -> None:
    _fill(db)
    with db.session() as s:
        for i in range(3):
            s.add(Organization(name=f"Partner {i}", kind="community_organization", zip=f"0210{i}", tags=[]))
    first = tmp_path / "first.xlsx"
    export_records(db, "organizations", first)
    assert _xlsx_rows(first)[1][20] == "=SUM(A1) is text, and Ünïcode survives"  # text, not a formula
    shutil.copy(migrated_template, tmp_path / "empty.db")
    empty = open_database(tmp_path / "empty.db")
    try:
        preview = preview_import(empty, "organizations", first)
        assert preview.ok, preview.errors
        assert preview.new_staff == ["druiz"]
        assert apply_import(empty, preview).created == 4
        second = tmp_path / "second.xlsx"
        export_records(empty, "organizations", second)
        # Contacts follow their organizations by id, so they round-trip too (as CSV here).
        export_records(db, "contacts", tmp_path / "c1.csv")
        apply_import(empty, preview_import(empty, "contacts", tmp_path / "c1.csv"))
        export_records(empty, "contacts", tmp_path / "c2.csv")
        assert (tmp_path / "c2.csv").read_bytes() == (tmp_path / "c1.csv").read_bytes()
    finally:
        empty.close()
    assert _xlsx_rows(second) == _xlsx_rows(first)
    assert len(_xlsx_rows(first)) == 5


def test_cli_export_writes_the_file_and_names_it(paths: ProfilePaths, tmp_path: Path) -> None:
    db = open_database(paths.database)
    _fill(db)
    db.close()
    out = tmp_path / "contacts.xlsx"
    cmd = [
        sys.executable,
        "-m",
        "sector_desktop",
        "--profile",
        str(paths.data_dir.parent),
        "export",
        "contacts",
    ]
    run = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Exported 1 contacts" in run.stdout and "(XLSX)" in run.stdout
    assert _xlsx_rows(out)[1][4] == "Ann Lee"
    run = subprocess.run(
        [*cmd, "--out", str(tmp_path / "c.doc")], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1 and "Cannot tell the export format" in run.stderr
