"""Importing BLS OEWS and QCEW files and O*NET files as their publishers ship them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lmi_files as files
import pytest
from sqlalchemy import func, select

from sector_desktop.errors import ImportRefused
from sector_desktop.models import LmiRelease, OewsEstimate, OnetOccupation, QcewFigure
from sector_desktop.services.lmi import apply_lmi, parse_area, preview_lmi
from sector_desktop.store import Database

AREAS = [parse_area("msa:12580"), parse_area("state:24"), parse_area("county:24510")]


def _import(db: Database, dataset: str, path: Path, **kw: object):
    preview = preview_lmi(db, dataset, path, areas=kw.pop("areas", AREAS), **kw)  # type: ignore[arg-type]
    assert preview.ok, preview.errors
    return preview, apply_lmi(db, preview, imported_by="Ana")


def _estimates(db: Database) -> dict[tuple[str, str, str], OewsEstimate]:
    with db.read_session() as s:
        return {(e.area_code, e.naics, e.occ_code): e for e in s.scalars(select(OewsEstimate))}


@pytest.mark.parametrize("writer", [files.write_oews_xlsx, files.write_oews_csv])
def test_oews_file_lands_with_every_value_and_the_marks_as_what_they_mean(
    db: Database, tmp_path: Path, writer
) -> None:
    suffix = ".xlsx" if writer is files.write_oews_xlsx else ".csv"
    path = writer(tmp_path / f"all_data_M_2024{suffix}")
    preview, result = _import(db, "oews", path)
    assert preview.period == "May 2024"
    assert preview.released_on == dt.date(2025, 4, 2) and "news release" in preview.released_basis
    # The other MSA is left out; the minor group and the 3-digit national industry row too.
    assert preview.rows_other_areas == 1 and preview.rows_left_out == 2
    rows = _estimates(db)
    assert set(rows) == {
        ("12580", "000000", "00-0000"),
        ("12580", "000000", "29-1141"),
        ("12580", "000000", "31-1131"),
        ("12580", "000000", "29-1248"),
        ("12580", "000000", "25-2021"),
        ("24", "000000", "29-1141"),
        ("US", "000000", "29-1141"),
        ("US", "620000", "29-1141"),
        ("US", "620000", "31-1131"),
    }
    rn = rows[("12580", "000000", "29-1141")]
    assert (rn.area_kind, rn.area_title, rn.occ_title, rn.o_group) == (
        "msa",
        "Baltimore-Columbia-Towson, MD",
        "Registered Nurses",
        "detailed",
    )
    assert (rn.tot_emp, rn.emp_prse, rn.jobs_1000, rn.loc_quotient) == (38720, 1.2, 12.5, 1.10)
    assert (rn.h_mean, rn.a_mean, rn.mean_prse) == (45.98, 95640, 0.8)
    assert [rn.h_pct10, rn.h_pct25, rn.h_median, rn.h_pct75, rn.h_pct90] == [
        33.71,
        38.55,
        45.10,
        52.90,
        61.04,
    ]
    assert [rn.a_pct10, rn.a_pct25, rn.a_median, rn.a_pct75, rn.a_pct90] == [
        70110,
        80180,
        93800,
        110030,
        126960,
    ]
    assert rn.markers == {} and rn.annual_only is False
    surgeon = rows[("12580", "000000", "29-1248")]
    assert surgeon.tot_emp is None and surgeon.loc_quotient is None and surgeon.h_mean is None
    assert surgeon.markers == {
        "tot_emp": "not_available",
        "loc_quotient": "not_available",
        "h_mean": "top_coded",
        "a_mean": "top_coded",
        "h_median": "top_coded",
        "h_pct75": "top_coded",
        "h_pct90": "top_coded",
        "a_median": "top_coded",
        "a_pct75": "top_coded",
        "a_pct90": "top_coded",
    }
    assert (surgeon.h_pct10, surgeon.a_pct25) == (55.10, 187200)
    teacher = rows[("12580", "000000", "25-2021")]
    assert teacher.annual_only and teacher.h_mean is None and teacher.markers["h_median"] == "not_available"
    assert teacher.a_median == 69900
    staffing = rows[("US", "620000", "29-1141")]
    assert staffing.pct_total == 13.81 and staffing.pct_rpt is None
    assert staffing.markers == {"pct_rpt": "under_half_percent"} and staffing.jobs_1000 is None
    with db.read_session() as s:
        release = s.get(LmiRelease, result.release_id)
        assert (release.dataset, release.period, release.file_name) == ("oews", "May 2024", path.name)
        assert release.row_count == 9 and release.imported_by == "Ana"
        assert release.areas == ["msa:12580", "state:24", "county:24510"]
        if suffix == ".xlsx":
            assert "Footnotes:" in (release.notes or "")


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(db: Database, tmp_path: Path) -> None:
    rows = files.oews_rows()
    rows[2][files.OEWS_HEADER.index("H_MEDIAN")] = "18,65x"
    rows[3][files.OEWS_HEADER.index("OCC_CODE")] = "291248"
    path = files.write_oews_csv(tmp_path / "MSA_M2024_dl.csv", rows)
    preview = preview_lmi(db, "oews", path, areas=AREAS)
    assert not preview.ok
    assert [(e.row_number, e.column) for e in preview.errors] == [(4, "H_MEDIAN"), (5, "OCC_CODE")]
    with pytest.raises(ImportRefused) as refused:
        apply_lmi(db, preview)
    assert "nothing was written" in str(refused.value) and len(refused.value.errors) == 2
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(OewsEstimate)) == 0
        assert s.scalar(select(func.count()).select_from(LmiRelease)) == 0


def test_a_file_that_is_not_oews_is_refused_plainly(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "all_data_M_2024.csv"
    path.write_text("name,fein\nHarbor,11-1111111\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="does not look like a BLS OEWS file"):
        preview_lmi(db, "oews", path, areas=AREAS)
    unnamed = files.write_oews_csv(tmp_path / "wages.csv")
    with pytest.raises(ImportRefused, match="--period 'May 2024'"):
        preview_lmi(db, "oews", unnamed, areas=AREAS)


def test_the_same_file_twice_is_refused_and_a_newer_release_supersedes(db: Database, tmp_path: Path) -> None:
    path = files.write_oews_csv(tmp_path / "MSA_M2024_dl.csv")
    _import(db, "oews", path)
    again = preview_lmi(db, "oews", path, areas=AREAS)
    assert "already imported" in again.already_imported
    with pytest.raises(ImportRefused, match="already imported"):
        apply_lmi(db, again)
    rows = files.oews_rows()
    rows[1][files.OEWS_HEADER.index("TOT_EMP")] = "39010"
    revised = files.write_oews_csv(tmp_path / "MSA_M2024_dl_revised.csv", rows)
    _, result = _import(db, "oews", revised, released=dt.date(2025, 6, 1))
    assert result.superseded == ["May 2024 released Apr 2, 2025"]
    with db.read_session() as s:
        counts = s.execute(
            select(OewsEstimate.tot_emp).where(
                OewsEstimate.occ_code == "29-1141", OewsEstimate.area_code == "12580"
            )
        ).scalars()
        assert sorted(counts) == [38720, 39010]  # the old figure is kept for trends


def test_qcew_quarterly_slice_keeps_suppressed_cells_suppressed(db: Database, tmp_path: Path) -> None:
    rows = [
        files.qcew_quarter("24510", "0", "10", "70", 2025, 1, 14210, 331000, 1580),
        files.qcew_quarter("24510", "5", "62", "74", 2025, 1, 1240, 71800, 1402),
        files.qcew_quarter("24510", "5", "6216", "76", 2025, 1, 120, 5000, 900),  # 4-digit: left out
        files.qcew_quarter("24510", "1", "10", "71", 2025, 1, 90, 8000, 1900),  # federal: left out
        files.qcew_quarter("24510", "5", "31-33", "74", 2025, 1, 410, 0, 0, disclosure="N"),
        files.qcew_quarter("24005", "5", "62", "74", 2025, 1, 2100, 60000, 1200),  # another county
    ]
    path = files.write_qcew_quarterly(tmp_path / "24510.csv", rows)
    preview, _ = _import(db, "qcew", path, released=dt.date(2025, 9, 3))
    assert preview.period == "2025 Q1" and preview.rows_other_areas == 1 and preview.rows_left_out == 2
    with db.read_session() as s:
        figures = {(f.own_code, f.industry_code): f for f in s.scalars(select(QcewFigure))}
    health = figures[("5", "62")]
    assert (health.area_kind, health.area_code, health.year, health.qtr) == ("county", "24510", 2025, "1")
    assert (health.establishments, health.month1_emplvl, health.month2_emplvl, health.month3_emplvl) == (
        1240,
        71760,
        71780,
        71800,
    )
    assert (health.avg_wkly_wage, health.total_wages, health.lq_employment) == (1402, 71800 * 1402 * 13, 1.21)
    assert (health.oty_estabs_chg, health.oty_emplvl_chg, health.oty_emplvl_pct_chg) == (12, 370, 1.2)
    assert (health.oty_avg_wkly_wage_chg, health.suppressed) == (21, False)
    made = figures[("5", "31-33")]
    assert made.suppressed and made.disclosure_code == "N" and made.oty_suppressed
    assert made.month3_emplvl is None and made.avg_wkly_wage is None and made.total_wages is None
    assert made.establishments is None  # a suppressed cell is unknown, whatever the file prints


def test_qcew_annual_slice_and_private_establishments(db: Database, tmp_path: Path) -> None:
    from sector_desktop.store.lmi import private_establishments

    rows = [
        files.qcew_annual("24510", "5", "10", 2023, 12800, 250000, 1450),
        files.qcew_annual("24510", "5", "10", 2024, 12950, 252000, 1490),
        files.qcew_annual("24510", "0", "10", 2024, 13900, 330000, 1560),
    ]
    path = files.write_qcew_annual(tmp_path / "2024.annual 24510.csv", rows)
    preview, _ = _import(db, "qcew", path, released=dt.date(2025, 9, 3))
    assert preview.period == "2023 annual average – 2024 annual average"
    with db.read_session() as s:
        annual = s.scalars(
            select(QcewFigure).where(QcewFigure.year == 2024, QcewFigure.own_code == "5")
        ).one()
        assert (annual.qtr, annual.establishments, annual.annual_avg_emplvl) == ("A", 12950, 252000)
        assert (annual.avg_wkly_wage, annual.avg_annual_pay, annual.oty_avg_wkly_wage_pct_chg) == (
            1490,
            77480,
            2.3,
        )
        found = private_establishments(s, "24510")
        assert found is not None and (found.count, found.year) == (12950, 2024)
        assert found.released_on == dt.date(2025, 9, 3) and "QCEW" in found.source
        assert private_establishments(s, "county:24510") == found
        assert private_establishments(s, "24005") is None


def test_onet_files_join_to_oews_by_soc(db: Database, tmp_path: Path) -> None:
    onet = files.write_onet(tmp_path / "db_29_1_text")
    with pytest.raises(ImportRefused, match="Occupation Data file first"):
        _import(db, "onet", onet["tasks"])
    preview, _ = _import(db, "onet", onet["occupations"], released=dt.date(2024, 11, 19))
    assert preview.period == "O*NET 29.1"
    for kind in ("tasks", "skills", "technology"):
        _import(db, "onet", onet[kind], released=dt.date(2024, 11, 19))
    with db.read_session() as s:
        rn = s.scalars(select(OnetOccupation).where(OnetOccupation.onet_code == "29-1141.00")).one()
        assert (rn.soc_code, rn.title) == ("29-1141", "Registered Nurses")
        assert next(t["task"] for t in rn.tasks).startswith("Monitor, record")
        assert rn.tasks[0]["type"] == "Core"
        assert rn.skills[0] == {
            "id": "2.B.1.e",
            "name": "Service Orientation",
            "importance": 4.25,
            "level": 4.5,
            "not_relevant": False,
            "suppressed": ["LV"],
        }
        assert [t["example"] for t in rn.technology] == [
            "Epic Systems",
            "Microsoft Excel",
            "MEDITECH software",
        ]
        assert rn.technology[0]["hot"] and rn.technology[0]["in_demand"]
        na = s.scalars(select(OnetOccupation).where(OnetOccupation.onet_code == "31-1131.00")).one()
        assert na.tasks == [
            {"id": "3331", "task": "Turn or reposition bedridden patients.", "type": "Supplemental"}
        ]
        assert s.scalar(select(func.count()).select_from(LmiRelease)) == 4


def test_without_office_areas_a_small_file_keeps_every_area(db: Database, tmp_path: Path) -> None:
    path = files.write_oews_csv(tmp_path / "MSA_M2024_dl.csv")
    preview = preview_lmi(db, "oews", path, areas=[])
    assert preview.ok and preview.rows_other_areas == 0
    assert {r["area_code"] for r in preview.rows} == {"12580", "24", "47900", "US"}


def test_a_damaged_workbook_is_refused_plainly(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "all_data_M_2024.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportRefused, match="not a readable Excel workbook"):
        preview_lmi(db, "oews", path, areas=AREAS)
