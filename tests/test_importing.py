"""Importing organizations and contacts: a refusal writes nothing; duplicates are never made silently."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from sector_desktop.errors import ImportRefused
from sector_desktop.models import Contact, Organization, StaffUser
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.store import Database, ProfilePaths

HEADER = "Name,Kind,Sector,Status,FEIN,ZIP,Size band,Tags,Assigned to,Sites,Created\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(db: Database) -> tuple[int, int, int, list[tuple]]:
    with db.read_session() as s:
        orgs = s.execute(select(Organization.id, Organization.name, Organization.notes).order_by("id")).all()
        return (
            s.scalar(select(func.count()).select_from(Organization)),
            s.scalar(select(func.count()).select_from(Contact)),
            s.scalar(select(func.count()).select_from(StaffUser)),
            [tuple(r) for r in orgs],
        )


def _refused(db: Database, path: Path, kind: str = "organizations") -> str:
    """Import `path`, expect a refusal, check nothing changed, and return all the text the user sees."""
    before = _snapshot(db)
    with pytest.raises(ImportRefused) as info:
        preview = preview_import(db, kind, path)
        apply_import(db, preview)
    assert _snapshot(db) == before
    return "\n".join([str(info.value), *map(str, info.value.errors)])


def _add_org(db: Database, **fields: object) -> str:
    with db.session() as s:
        org = Organization(**fields)
        s.add(org)
        s.flush()
        return org.id


def test_a_good_file_imports_with_codes_labels_and_new_staff(db: Database, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "orgs.csv",
        HEADER + 'Acme Tool & Die,Employer,Manufacturing,active,123456789,2134,50-249,"cnc; welding",jdoe,3,'
        '03/05/2024\nCity College,community college,healthcare,,,02139,"1,000+ employees",,,\n',
    )
    preview = preview_import(db, "organizations", path)
    assert preview.ok, preview.errors
    assert preview.new_staff == ["jdoe"]
    result = apply_import(db, preview)
    assert (result.created, result.skipped, result.merged, result.staff_added) == (2, 0, 0, 1)
    with db.read_session() as s:
        acme = s.scalars(select(Organization).where(Organization.name == "Acme Tool & Die")).one()
        college = s.scalars(select(Organization).where(Organization.name == "City College")).one()
        staff = s.get(StaffUser, acme.assigned_staff_id)
    assert (acme.kind, acme.sector, acme.status, acme.fein) == (
        "employer",
        "manufacturing",
        "active",
        "12-3456789",
    )
    assert (acme.zip, acme.size_band, acme.sites_count, acme.tags) == (
        "02134",
        "50-249",
        3,
        ["cnc", "welding"],
    )
    assert acme.created_at.date().isoformat() == "2024-03-05"
    assert staff is not None and staff.username == "jdoe"
    assert (college.kind, college.size_band, college.status) == ("community_college", "1000+", "prospect")


@pytest.mark.parametrize(
    ("body", "row", "column", "reason"),
    [
        ("X,employer,healthcare,,,,,,,,2024-02-30\n", 2, "Created", "not a date"),
        ("X,employer,farming,,,,,,,,\n", 2, "Sector", "unknown sector"),
        ("X,bakery,healthcare,,,,,,,,\n", 2, "Kind", "unknown kind"),
        ("X,employer,it,,12-34,,,,,,\n", 2, "FEIN", "9 digits"),
        ("X,employer,it,,,ABCDE,,,,,\n", 2, "ZIP", "ZIP code"),
        ("X,employer,it,,,,,,,many,\n", 2, "Sites", "whole number"),
        ("Fine,employer,it,,,,,,,,\n,employer,it,,,,,,,,\n", 3, "Name", "required"),
    ],
)
def test_a_bad_cell_refuses_the_whole_file_naming_row_and_column(
    db: Database, tmp_path: Path, body: str, row: int, column: str, reason: str
) -> None:
    _add_org(db, name="Already There", zip="02134")
    text = _refused(db, _write(tmp_path, "bad.csv", HEADER + "Good Co,employer,it,,,,,,,,\n" + body))
    assert f"row {row + 1}, column {column}: " in text and reason in text


def test_a_missing_required_column_is_reported_on_the_header_row(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "nocol.csv", "Company name,Sector\nAcme,it\n")
    preview = preview_import(db, "organizations", path)
    assert [(e.row_number, e.column) for e in preview.errors] == [(1, "name")]
    assert "required column 'name' is missing" in _refused(db, path)


def test_an_empty_file_and_a_header_only_file_are_refused(db: Database, tmp_path: Path) -> None:
    assert "the file is empty" in _refused(db, _write(tmp_path, "empty.csv", ""))
    assert "the file is empty" in _refused(db, _write(tmp_path, "blank.csv", "\n\n"))
    assert "no data rows" in _refused(db, _write(tmp_path, "header.csv", "name,sector\n"))


def test_a_non_utf8_csv_is_refused_with_where_and_what_to_do(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name,city\nCafé Olé,Montréal\n".encode("cp1252"))
    text = _refused(db, path)
    assert "not UTF-8" in text and "line 2" in text and "CSV UTF-8" in text


def test_a_utf8_csv_with_bom_and_semicolons_is_read(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("Name;City\nCafé Olé;Montréal\n".encode("utf-8-sig"))
    preview = preview_import(db, "organizations", path)
    assert preview.ok and preview.rows[0].values == {"name": "Café Olé", "city": "Montréal"}


def test_a_huge_cell_is_refused_with_its_row_and_column(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "huge.csv", "name,notes\nOK Co,fine\n" + "N" * 10_001 + ",x\n")
    text = _refused(db, path)
    assert "row 3, column name: too long: 10,001 characters" in text


def test_corrupt_xlsx_and_unknown_extensions_are_refused(db: Database, tmp_path: Path) -> None:
    corrupt = tmp_path / "broken.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a workbook")
    assert "not a readable Excel workbook" in _refused(db, corrupt)
    assert "unknown file type '.txt'" in _refused(db, _write(tmp_path, "orgs.txt", "name\nAcme\n"))
    assert "no such file" in _refused(db, tmp_path / "missing.csv")


def test_an_xlsx_with_typed_cells_is_read(db: Database, tmp_path: Path) -> None:
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organization Name", "ZIP code", "Sites", "created_at", "Primary"])
    sheet.append(["Numbers Inc", 2134, 4, dt.datetime(2023, 7, 1, 9, 30), True])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    preview = preview_import(db, "organizations", path)
    assert preview.ignored_columns == ["Primary"]
    assert preview.rows[0].values == {
        "name": "Numbers Inc",
        "zip": "02134",
        "sites_count": 4,
        # A spreadsheet time has no zone: it is the profile's local time (New York: UTC-4 in July).
        "created_at": dt.datetime(2023, 7, 1, 13, 30),
    }


def test_same_fein_is_a_duplicate_refused_unless_a_choice_is_made(db: Database, tmp_path: Path) -> None:
    existing = _add_org(db, name="Acme Corporation", fein="12-3456789", city=None, tags=["old"])
    path = _write(tmp_path, "dup.csv", "name,fein,city,tags\nACME Holdings,123456789,Boston,new\n")
    preview = preview_import(db, "organizations", path)
    assert [(d.record_id, d.reason) for d in preview.rows[0].duplicates] == [(existing, "same FEIN")]
    assert "look like records that already exist" in _refused(db, path)
    assert apply_import(db, preview, duplicates="skip").skipped == 1
    assert _snapshot(db)[0] == 1
    merged = apply_import(db, preview, duplicates="merge")
    assert merged.merged == 1
    with db.read_session() as s:
        org = s.get(Organization, existing)
        assert (org.name, org.city, org.tags) == ("Acme Corporation", "Boston", ["old", "new"])
    assert apply_import(db, preview, choices={2: "create"}).created == 1
    assert _snapshot(db)[0] == 2


def test_a_close_name_at_the_same_zip_is_a_duplicate(db: Database, tmp_path: Path) -> None:
    _add_org(db, name="Riverside Hospital Inc", zip="02134")
    path = _write(tmp_path, "fuzzy.csv", "name,zip\nRiverside Hospital LLC,02134\nRiverside Hospital,99999\n")
    preview = preview_import(db, "organizations", path)
    assert "similar name" in preview.rows[0].duplicates[0].reason
    assert preview.rows[1].duplicates == []  # another ZIP is another place


def test_duplicates_within_the_file_are_found(db: Database, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "twice.csv",
        "name,fein,zip\nAlpha Labs,11-1111111,02134\nAlpha Laboratories,111111111,\nAlpha Labs Inc,,02134\n",
    )
    preview = preview_import(db, "organizations", path)
    assert [[(d.row_number, d.reason) for d in r.duplicates] for r in preview.rows] == [
        [],
        [(2, "same FEIN")],
        [(2, "similar name (100%) and same ZIP")],
    ]
    result = apply_import(db, preview, duplicates="merge")
    assert (result.created, result.merged) == (1, 2)
    with db.read_session() as s:
        assert s.scalars(select(Organization.name)).all() == ["Alpha Labs"]


def test_ids_in_the_file_are_kept_when_unused_and_repeats_are_errors(db: Database, tmp_path: Path) -> None:
    record_id = "01a20000-0000-7000-8000-000000000001"
    path = _write(tmp_path, "ids.csv", f"id,name\n{record_id},Kept Id Co\n")
    apply_import(db, preview_import(db, "organizations", path))
    with db.read_session() as s:
        assert s.get(Organization, record_id).name == "Kept Id Co"
    again = preview_import(db, "organizations", path)
    assert again.rows[0].duplicates[0].reason == "same id"
    assert apply_import(db, again, duplicates="create").created == 1
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 2
    repeated = _write(tmp_path, "rep.csv", f"id,name\n{record_id},A\n{record_id},B\nnot-an-id,C\n")
    text = _refused(db, repeated)
    assert "row 3, column id: the same id is on row 2" in text and "row 4, column id: not a record id" in text


def test_contacts_find_their_organization_by_id_fein_or_name(db: Database, tmp_path: Path) -> None:
    acme = _add_org(db, name="Acme", fein="12-3456789")
    beta = _add_org(db, name="Beta Care")
    path = _write(
        tmp_path,
        "contacts.csv",
        "Organization ID,Organization FEIN,Organization,Name,Email,Primary\n"
        f"{acme},,,Ann Lee,ann@acme.test,yes\n,123456789,,Bo Park,,no\n,,beta care,Cy Diaz,cy@beta.test,\n",
    )
    preview = preview_import(db, "contacts", path)
    assert preview.ok, preview.errors
    assert apply_import(db, preview).created == 3
    with db.read_session() as s:
        rows = s.execute(
            select(Contact.name, Contact.organization_id, Contact.is_primary).order_by(Contact.name)
        )
        assert [tuple(r) for r in rows] == [
            ("Ann Lee", acme, True),
            ("Bo Park", acme, False),
            ("Cy Diaz", beta, False),
        ]
    again = preview_import(db, "contacts", path)
    assert all(r.duplicates for r in again.rows)
    assert apply_import(db, again, duplicates="skip").skipped == 3


def test_contacts_with_an_unknown_or_ambiguous_organization_are_refused(db: Database, tmp_path: Path) -> None:
    _add_org(db, name="Twin Co")
    _add_org(db, name="Twin Co")
    path = _write(
        tmp_path, "c.csv", "organization,name,email\nNobody Inc,A,\nTwin Co,B,\nTwin Co,C,bad-email\n"
    )
    text = _refused(db, path, "contacts")
    assert "row 2, column organization: no organization has this name" in text
    assert "row 3, column organization: 2 organizations have this name" in text
    assert "row 4, column email: not an email address" in text
    no_ref = _write(tmp_path, "noref.csv", "name,email\nA,a@b.test\n")
    assert "needs an organization_id, organization_fein or organization_name column" in _refused(
        db, no_ref, "contacts"
    )


def test_cli_import_refuses_a_bad_file_with_rows_on_stderr(paths: ProfilePaths, tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.csv", "name,sector\nGood,it\nBad,farming\n")
    cmd = [
        sys.executable,
        "-m",
        "sector_desktop",
        "--profile",
        str(paths.data_dir.parent),
        "import",
        "organizations",
    ]
    run = subprocess.run([*cmd, str(bad)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "row 3, column sector: unknown sector" in run.stderr
    good = _write(tmp_path, "good.csv", "name,sector\nGood,it\nAlso Good,Healthcare\n")
    run = subprocess.run([*cmd, str(good)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "2 created" in run.stdout
    run = subprocess.run([*cmd, str(good)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "row 2: looks like existing 'Good'" in run.stderr
    run = subprocess.run(
        [*cmd, str(good), "--duplicates", "skip"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0 and "2 skipped" in run.stdout


def test_row_numbers_count_blank_lines_and_ragged_rows_are_refused(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "gaps.csv", '\n\nname,sector\nAcme,it\n\n"Multi\nLine Co",farming\n')
    preview = preview_import(db, "organizations", path)
    assert [r.row_number for r in preview.rows] == [4, 6]
    assert [(e.row_number, e.column) for e in preview.errors] == [(6, "sector")]
    text = _refused(db, _write(tmp_path, "ragged.csv", "name,city\nAcme,Boston,extra\n"))
    assert "row 2, column C (no header): this row has a cell in column C" in text
    text = _refused(db, _write(tmp_path, "open_quote.csv", 'name,city\n"Acme,Boston\nBeta,Salem\n'))
    assert "not a well-formed CSV file: row 2" in text


def test_every_column_and_alias_is_documented() -> None:
    from sector_desktop.services.importing.columns import COLUMNS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "import-format.md").read_text(encoding="utf-8")
    for kind, columns in COLUMNS.items():
        section = doc.split(f"## {kind.capitalize()}", 1)[1].split("\n## ", 1)[0]
        table = {}
        for line in section.splitlines():
            if line.startswith("| `"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                table[cells[0].strip("`")] = (cells[1], cells[2] == "yes")
        assert table == {c.field: (", ".join(c.aliases), c.required) for c in columns}


def test_the_import_index_agrees_with_find_duplicates(db: Database) -> None:
    from sector_desktop.services.duplicates import find_duplicates
    from sector_desktop.services.importing.matching import OrganizationIndex

    with db.session() as s:
        s.add_all(
            [
                Organization(name="Harbor Freight & Logistics LLC", zip="02134", fein="11-2223333"),
                Organization(name="Harbor Freight and Logistics", zip="02134-0001"),
                Organization(name="Harbour Freight Logistics Inc", zip="02134"),
                Organization(name="Harbor Freight Logistics", zip="02135", fein="112223333"),
                Organization(name="Gone Harbor Freight", zip="02134", deleted_at=dt.datetime(2024, 1, 1)),
            ]
        )
    probes = [
        {"name": "Harbor Freight Logistics Co", "zip": "02134", "fein": None},
        {"name": "Some Other Name", "zip": "02134", "fein": "11-222-3333"},
        {"name": "Harbor Freight Logistics", "zip": None, "fein": None},
    ]
    found = []
    with db.read_session() as s:
        index = OrganizationIndex(s)
        for probe in probes:
            expected = [(m.organization_id, m.reason) for m in find_duplicates(s, **_args(probe))]
            got = [(d.record_id, d.reason) for d in index.matches(probe)]
            assert got == expected, probe
            found.append([reason for _, reason in got])
        # Without a ZIP or FEIN only the very same name is asked about.
        assert [d.reason for d in index.matches(probes[2])] == ["same name"]
    assert [len(reasons) for reasons in found] == [3, 2, 1]
    assert found[1] == ["same FEIN", "same FEIN"]


def _args(probe: dict) -> dict:
    return {"name": probe["name"], "zip_code": probe["zip"], "fein": probe["fein"]}


def test_contacts_sharing_an_inbox_are_not_duplicates_but_one_person_twice_is(
    db: Database, tmp_path: Path
) -> None:
    org = _add_org(db, name="Inbox Co")
    path = _write(
        tmp_path,
        "people.csv",
        "organization_id,name,email\n"
        f"{org},Ann Lee,info@inbox.test\n{org},Raj Patel,info@inbox.test\n{org},Ann M. Lee,INFO@inbox.test\n",
    )
    preview = preview_import(db, "contacts", path)
    assert [[(d.row_number, d.reason) for d in r.duplicates] for r in preview.rows] == [
        [],
        [],
        [(2, "same email and a similar name")],
    ]


def test_merging_into_a_record_deleted_after_the_preview_creates_the_row(
    db: Database, tmp_path: Path
) -> None:
    existing = _add_org(db, name="Fleeting Co", fein="98-7654321")
    preview = preview_import(
        db, "organizations", _write(tmp_path, "f.csv", "name,fein\nFleeting Co,987654321\n")
    )
    with db.session() as s:
        s.get(Organization, existing).deleted_at = dt.datetime(2026, 1, 1)
    result = apply_import(db, preview, duplicates="merge")
    assert (result.created, result.merged) == (1, 0)
