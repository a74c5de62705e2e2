"""The headless LMI commands: `lmi areas`, `import lmi oews|qcew|onet FILE`, and mapped imports."""

from __future__ import annotations

from pathlib import Path

import lmi_files as files
import pytest
from sqlalchemy import select

from sector_desktop.cli import main
from sector_desktop.models import LmiFigure, OewsEstimate, QcewFigure
from sector_desktop.store import ProfilePaths, open_profile


def _run(paths: ProfilePaths, *argv: str) -> int:
    return main(["--profile", str(paths.data_dir.parent), *argv])


def test_areas_then_imports_keep_only_the_office_areas(paths: ProfilePaths, tmp_path: Path, capsys) -> None:
    assert _run(paths, "lmi", "areas", "msa:12580", "24", "county:24510") == 0
    assert "msa:12580, state:24, county:24510" in capsys.readouterr().out
    assert _run(paths, "lmi", "areas", "24510") == 1
    assert "county:24510 or msa:24510" in capsys.readouterr().err
    oews = files.write_oews_xlsx(tmp_path / "all_data_M_2024.xlsx")
    assert _run(paths, "import", "lmi", "oews", str(oews)) == 0
    out = capsys.readouterr().out
    assert "May 2024" in out and "Imported 9 OEWS figures" in out
    quarter = files.qcew_quarter("24510", "5", "62", "74", 2025, 1, 1240, 71800, 1402)
    other = files.qcew_quarter("24005", "5", "62", "74", 2025, 1, 2100, 60000, 1200)
    qcew = files.write_qcew_quarterly(tmp_path / "2025.q1 area.csv", [quarter, other])
    assert _run(paths, "import", "lmi", "qcew", str(qcew), "--released", "2025-09-03") == 0
    assert "Imported 1 QCEW figures for 2025 Q1" in capsys.readouterr().out
    db = open_profile(paths)
    with db.read_session() as s:
        assert {e.area_code for e in s.scalars(select(OewsEstimate))} == {"12580", "24", "US"}
        assert [f.area_fips for f in s.scalars(select(QcewFigure))] == ["24510"]
    db.close()


def test_a_bad_file_exits_1_naming_row_and_column(paths: ProfilePaths, tmp_path: Path, capsys) -> None:
    rows = files.oews_rows()
    rows[1][files.OEWS_HEADER.index("A_MEAN")] = "n/a"
    bad = files.write_oews_csv(tmp_path / "MSA_M2024_dl.csv", rows)
    assert _run(paths, "import", "lmi", "oews", str(bad)) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err and "row 3, column A_MEAN" in err


def test_onet_import_from_the_command_line(paths: ProfilePaths, tmp_path: Path, capsys) -> None:
    onet = files.write_onet(tmp_path / "db_29_1_text")
    assert _run(paths, "import", "lmi", "onet", str(onet["occupations"])) == 0
    assert _run(paths, "import", "lmi", "onet", str(onet["skills"])) == 0
    assert "O*NET 29.1" in capsys.readouterr().out


def test_mapped_import_through_a_saved_mapping(paths: ProfilePaths, tmp_path: Path, capsys) -> None:
    table = tmp_path / "lightcast.csv"
    table.write_text(
        "Region,Region code,SOC,Occupation,Annual Openings,Median Hourly Earnings\n"
        'Baltimore City,county:24510,29-1141,Registered Nurses,"1,240",$44.10\n'
        "Baltimore City,county:24510,31-1131,Nursing Assistants,610,**\n"
        "Howard County,county:24027,29-1141,Registered Nurses,300,$46.00\n",
        encoding="utf-8",
    )
    assert _run(paths, "import", "lmi", "mapped", str(table), "--mapping", "lightcast") == 1
    assert "no saved column mapping named 'lightcast'" in capsys.readouterr().err
    assert _run(paths, "lmi", "areas", "county:24510") == 0
    assert (
        _run(
            paths,
            "lmi",
            "mapping",
            "lightcast",
            "--source",
            "Lightcast 2025.3",
            "--column",
            "area=Region",
            "--column",
            "area_code=Region code",
            "--column",
            "occupation_code=SOC",
            "--column",
            "occupation=Occupation",
            "--measure",
            "Annual openings=Annual Openings:openings",
            "--measure",
            "Median hourly wage=Median Hourly Earnings:USD/hour",
        )
        == 0
    )
    assert _run(paths, "import", "lmi", "mapped", str(table), "--mapping", "lightcast") == 0
    assert "Imported 3 figures from Lightcast 2025.3" in capsys.readouterr().out
    db = open_profile(paths)
    with db.read_session() as s:
        figures = {(f.occ_code, f.measure): f for f in s.scalars(select(LmiFigure))}
    db.close()
    assert set(figures) == {
        ("29-1141", "Annual openings"),
        ("29-1141", "Median hourly wage"),
        ("31-1131", "Annual openings"),
    }
    nurse = figures[("29-1141", "Median hourly wage")]
    assert (nurse.value, nurse.unit, nurse.area, nurse.area_code) == (
        44.10,
        "USD/hour",
        "Baltimore City",
        "county:24510",
    )
    assert nurse.source == "Lightcast 2025.3" and nurse.release_id and nurse.released_on is not None
    assert figures[("29-1141", "Annual openings")].value == 1240


@pytest.mark.parametrize("kind", ["organizations", "contacts"])
def test_record_imports_keep_their_command(paths: ProfilePaths, tmp_path: Path, kind: str, capsys) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name\nHarbor Welding\n" if kind == "organizations" else "name,organization_name\nA,B\n")
    code = _run(paths, "import", kind, str(path), "--duplicates", "skip")
    assert code == (0 if kind == "organizations" else 1)
