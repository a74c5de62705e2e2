"""The sector brief (data, PDF, XLSX) and the briefing packet's sector lines, from imported files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import lmi_files as files
import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from sector_desktop.cli import main
from sector_desktop.models import OewsEstimate
from sector_desktop.services.lmi import parse_area
from sector_desktop.services.report_data.briefing import briefing_packet
from sector_desktop.services.report_data.sector import occupation_line, sector_brief
from sector_desktop.store import Database, ProfilePaths

MSA, COUNTY = parse_area("msa:12580"), parse_area("county:24510")


@pytest.fixture
def imported(db: Database, paths: ProfilePaths, tmp_path: Path) -> Database:
    files.import_sample(db, paths, tmp_path)
    return db


def test_sector_brief_has_the_imported_numbers_and_the_team_demand(imported: Database) -> None:
    with imported.read_session() as s:
        b = sector_brief(s, "62", COUNTY, [MSA])
    assert [q.label for q in b.quarters] == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]
    assert (b.quarters[-1].establishments, b.quarters[-1].employment, b.quarters[-1].avg_wkly_wage) == (
        1205,
        70500,
        1405,
    )
    assert dict(b.headline)["Employment over the year"] == f"{(70500 - 70100) / 70100 * 100:+.1f}%"
    assert "QCEW" in b.quarters_source and "Sep 3, 2025" in b.quarters_source
    # The county has no OEWS estimates: the occupations come from the MSA, ranked nationally.
    assert [o.code for o in b.occupations] == ["29-1141", "31-1131"]
    rn = b.occupations[0]
    assert (rn.employment, rn.median, rn.pct10, rn.pct90, rn.annual_median, rn.loc_quotient) == (
        "38,720",
        "$45.10",
        "$33.71",
        "$61.04",
        "$93,800",
        "1.10",
    )
    assert "largest occupations nationally" in b.occupations_basis
    assert "May 2024, released Apr 2, 2025" in b.occupations_source
    nurses = b.demand[0]
    assert (nurses.occupation, nurses.soc_code, nurses.openings) == ("Registered Nurses", "29-1141", 7)
    assert [name for _, name in nurses.employers] == ["Bay Home Health", "Harbor Clinic"]
    assert (nurses.wage_offered, nurses.area_median) == ("$42.00", "$45.10")
    assert nurses.versus_median == f"{(42 - 45.10) / 45.10 * 100:+.0f}%"
    other = b.demand[1]
    assert (other.occupation, other.soc_code, other.area_median) == ("Home care scheduler", "", "—")
    assert [(g.skill, len(g.employers)) for g in b.skill_gaps] == [("Epic charting", 2)]


def test_suppressed_quarters_and_marks_print_as_what_they_mean(imported: Database) -> None:
    with imported.read_session() as s:
        made = sector_brief(s, "31-33", COUNTY, [MSA])
        surgeon = s.scalars(select(OewsEstimate).where(OewsEstimate.occ_code == "29-1248")).one()
    assert made.quarters[-1].suppressed and made.quarters[-1].employment is None
    assert "suppressed" in dict(made.headline)["Latest quarter"]
    line = occupation_line(surgeon)
    assert (line.employment, line.median, line.pct10, line.annual_median, line.loc_quotient) == (
        "not available",
        "≥ $115.00",
        "$55.10",
        "≥ $239,200",
        "not available",
    )


def test_report_sector_writes_a_pdf_and_an_xlsx(
    imported: Database, paths: ProfilePaths, tmp_path: Path
) -> None:
    profile = str(paths.data_dir.parent)
    assert (
        main(
            [
                "--profile",
                profile,
                "report",
                "sector",
                "--sector",
                "healthcare",
                "--out",
                str(tmp_path / "b.pdf"),
            ]
        )
        == 0
    )
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages)
    for expected in (
        "SECTOR BRIEF",
        "Health care and social assistance",
        "Registered Nurses",
        "$45.10",
        "1,205",
        "Harbor Clinic",
        "Epic charting",
        "Apr 2, 2025",
        "QCEW",
    ):
        assert expected in text, expected
    assert (
        main(
            [
                "--profile",
                profile,
                "report",
                "sector",
                "--sector",
                "62",
                "--area",
                "msa:12580",
                "--out",
                str(tmp_path / "b.xlsx"),
            ]
        )
        == 0
    )
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "b.xlsx").read_bytes()))
    assert book.sheetnames == ["Snapshot", "Quarters", "Occupations", "Team demand", "Skill gaps", "Sources"]
    occupations = list(book["Occupations"].iter_rows(values_only=True))
    assert occupations[1][:4] == ("29-1141", "Registered Nurses", "38,720", "$45.10")
    demand = list(book["Team demand"].iter_rows(values_only=True))
    assert demand[1][:4] == ("Registered Nurses", "29-1141", 7, 2)
    assert main(["--profile", profile, "report", "sector", "--sector", "bakeries", "--out", "x.pdf"]) == 1


def test_briefing_packet_prints_the_imported_sector_figures_and_wage_lines(imported: Database) -> None:
    with imported.read_session() as s:
        packet = briefing_packet(s, "Harbor Clinic", dt.date(2026, 11, 24))
    lines = {(m.measure, m.occupation): m for m in packet.lmi}
    estabs = lines[("Establishments (2025 Q1)", "")]
    assert estabs.value == "1,205" and "QCEW" in estabs.source and estabs.released_on == "Sep 3, 2025"
    wage = lines[
        ("Hourly wage: median (10th–90th percentile)", "Registered Nurse → Registered Nurses (29-1141)")
    ]
    assert wage.value == "$45.10 ($33.71–$61.04)"
    assert "OEWS May 2024" in wage.source and wage.released_on == "Apr 2, 2025"
