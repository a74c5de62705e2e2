"""`sector-desktop report performance` on a demo profile: the JSON's numerators and denominators equal a
count made by hand from `export visits --format json` (and `export organizations` for which records are
live employers) with the definitions of docs/measures.md, written here without the measure code; the
PDF and the workbook read as a report (parsed with pypdf and openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from sector_desktop.models.choices import EMPLOYER_SERVICES
from sector_desktop.store import open_database, profile_paths
from sector_desktop.store.settings import update_settings

CATEGORIES = [code for code, _ in EMPLOYER_SERVICES]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Path]:
    from sector_desktop.services.demo import fill_demo_profile

    root = tmp_path_factory.mktemp("perf") / "profile"
    paths = profile_paths(root).ensure()
    shutil.copy(migrated_template, paths.database)
    db = open_database(paths.database)
    fill_demo_profile(db, paths, scale=0.1)
    db.close()
    yield root


def cli(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "sector_desktop", "--profile", str(profile), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def exported(profile: Path, kind: str, tmp: Path) -> list[dict]:
    out = tmp / f"{kind}.json"
    run = cli(profile, "export", kind, "--format", "json", "--out", str(out))
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def local_day(stamp: str) -> dt.date:
    """The export's naive-UTC start as a date in this process's zone (the suite runs in New York)."""
    return dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC).astimezone().date()


def hand_count(
    visits: list[dict], orgs: list[dict], first: dt.date, last: dt.date, staff: str | None
) -> dict:
    """The definitions, applied by hand to the exported records."""
    employers = {o["id"] for o in orgs if o["kind"] == "employer"}
    live = {o["id"] for o in orgs}
    year_start = dt.date(first.year if first.month >= 7 else first.year - 1, 7, 1)
    history_start = year_start.replace(year=year_start.year - 3)
    served: set[str] = set()
    services = 0
    per_category: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    history: set[str] = set()
    before: set[str] = set()
    completed = 0
    for v in visits:
        if v["status"] != "completed":
            continue
        day = local_day(v["starts_at"])
        mine = staff is None or v["staff"] == staff
        if first <= day <= last and v["organization_id"] in live and mine:
            completed += 1
        if not v["services"] or v["organization_id"] not in employers:
            continue
        if first <= day <= last and mine:
            served.add(v["organization_id"])
            services += 1
            for code in v["services"]:
                per_category[code].add(v["organization_id"])
        if day < first:
            before.add(v["organization_id"])
        if history_start <= day < year_start:
            history.add(v["organization_id"])
    return {
        "establishments_served": (len(served), None),
        "services": (services, None),
        "repeat_business": (len(served & history), len(served)),
        "new_employers": (len(served - before), None),
        "visits": (completed, None),
        "categories": {c: len(orgs_) for c, orgs_ in per_category.items()},
    }


@pytest.mark.parametrize(
    ("args", "first", "last", "staff"),
    [
        (("--year", "2025"), dt.date(2025, 7, 1), dt.date(2026, 6, 30), None),
        (("--year", "2025", "--quarter", "Q3"), dt.date(2026, 1, 1), dt.date(2026, 3, 31), None),
        (
            ("--year", "2025", "--staff", "rwhitfield"),
            dt.date(2025, 7, 1),
            dt.date(2026, 6, 30),
            "rwhitfield",
        ),
    ],
)
def test_the_json_measures_equal_a_hand_count_of_the_visits_export(
    demo: Path, tmp_path: Path, args: tuple[str, ...], first: dt.date, last: dt.date, staff: str | None
) -> None:
    run = cli(demo, "report", "performance", *args, "--format", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    by_key = {m["key"]: m for m in report["measures"]}
    expected = hand_count(exported(demo, "visits", tmp_path), exported(demo, "organizations", tmp_path),
                          first, last, staff)  # fmt: skip
    for key in ("establishments_served", "services", "repeat_business", "new_employers", "visits"):
        assert (by_key[key]["numerator"], by_key[key]["denominator"]) == expected[key], key
    assert expected["establishments_served"][0] > 5, "the demo profile should serve employers in the period"
    assert {c["code"]: c["establishments"] for c in report["eta_9169"]} == expected["categories"]
    penetration = by_key["employer_penetration"]
    if staff is None:  # the demo imported a QCEW annual figure for its office area: the rate names it
        assert penetration["numerator"] == expected["establishments_served"][0]
        assert penetration["denominator"] > 1000 and penetration["absent"] is None
        assert "QCEW 2024 annual average, metropolitan area 12580, released" in penetration["note"]
        assert penetration["value"] == pytest.approx(penetration["numerator"] / penetration["denominator"])
    else:
        assert penetration["value"] is None and penetration["absent"].startswith("not for part of the team")
    for m in report["measures"]:
        assert "numerator" in m and "denominator" in m and (m["value"] is not None or m["absent"])


@pytest.mark.parametrize(
    ("areas", "reason"),
    [
        (["county:24005"], "no denominator: no QCEW figure imported for county 24005"),
        ([], "no denominator: the office's area is not set"),
    ],
)
def test_without_a_qcew_figure_penetration_says_why_it_is_absent(
    demo: Path, tmp_path: Path, areas: list[str], reason: str
) -> None:
    copy = tmp_path / "profile"
    shutil.copytree(demo, copy)
    update_settings(profile_paths(copy), lmi_areas=areas)
    run = cli(copy, "report", "performance", "--year", "2025", "--format", "json")
    assert run.returncode == 0, run.stderr
    penetration = next(m for m in json.loads(run.stdout)["measures"] if m["key"] == "employer_penetration")
    assert (penetration["value"], penetration["denominator"]) == (None, None)
    assert penetration["absent"].startswith(reason)
    out = tmp_path / "report.pdf"
    assert cli(copy, "report", "performance", "--year", "2025", "--out", str(out)).returncode == 0
    assert reason in " ".join(" ".join(_pdf_text(out)).split())


def _pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_the_pdf_reads_as_a_board_report(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "performance.pdf"
    run = cli(demo, "report", "performance", "--year", "2025", "--out", str(out))
    assert run.returncode == 0 and "PDF" in run.stdout, run.stderr
    pages = _pdf_text(out)
    assert len(pages) >= 3
    first = pages[0]
    assert "Performance report, PY 2025" in first and "Whole team" in first
    assert "Jul 2025 – Jun 2026" in first and "Establishments served" in first
    assert "Establishments served and services, by quarter" in first  # the chart's title
    body = " ".join(" ".join(pages).split())  # a phrase may wrap onto the next line
    for _, name in EMPLOYER_SERVICES:
        assert name in body
    # The summary names the denominator: "of the area's 62,480 private establishments, QCEW ..."
    assert "private establishments, QCEW 2024 annual average" in " ".join(body.split())
    assert "By staff member" in body and "By sector" in body and "By partnership" in body
    assert pages[-1].lstrip().startswith("Definitions") or "Definitions" in pages[-1].splitlines()[1]
    assert "Repeat business customers rate" in pages[-1] and "Sources" in pages[-1]


def test_the_workbook_has_a_sheet_per_table_with_formats_panes_and_a_chart(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "performance.xlsx"
    run = cli(demo, "report", "performance", "--year", "2025", "--out", str(out))
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(out)
    tables = ["ETA-9169", "Retention", "Wages", "Cohorts", "By staff", "By sector", "By partnership"]
    assert book.sheetnames == ["Measures", *tables, "Quarters", "Definitions"]
    measures = book["Measures"]
    header = next(r for r in measures.iter_rows() if r[0].value == "Measure")
    assert [c.value for c in header] == ["Measure", "Value", "Numerator", "Denominator", "Notes"]
    assert all(c.font.bold for c in header) and measures.freeze_panes == f"B{header[0].row + 1}"
    repeat = next(r for r in measures.iter_rows() if r[0].value == "Repeat business customers rate")
    assert repeat[1].number_format == "0.0%" and 0 <= repeat[1].value <= 1
    assert isinstance(repeat[2].value, int) and isinstance(repeat[3].value, int)
    eta = book["ETA-9169"]
    assert eta.freeze_panes == "B2" and eta["B2"].number_format == "#,##0"
    assert len(book["Quarters"]._charts) == 1
    assert "Repeat business customers rate" in [c.value for c in book["Definitions"]["A"]]


def test_the_outcomes_template_per_partnership(demo: Path, tmp_path: Path) -> None:
    xlsx, pdf = tmp_path / "outcomes.xlsx", tmp_path / "outcomes.pdf"
    for out in (xlsx, pdf):
        run = cli(
            demo,
            "report",
            "outcomes-template",
            "--partnership",
            "Healthcare Careers Alliance",
            "--out",
            str(out),
        )
        assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(xlsx)
    # The demo's goals have progress, so the template has their table and every update (goals with progress).
    assert book.sheetnames == ["Partnership", "Goals", "Goal progress", "Priorities", "Outcomes", "Members"]
    outcomes = [[c.value for c in r] for r in book["Outcomes"].iter_rows()]
    assert outcomes[0][:3] == ["Outcome for", "Measure", "PY 2025"]
    assert any(r[1] == "Placements" for r in outcomes) and any(r[1] == "Meetings held" for r in outcomes)
    text = "\n".join(_pdf_text(pdf))
    assert (
        "Healthcare Careers Alliance" in text and "Measures and outcomes to date" in text and "Goals" in text
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("performance", "--year", "2025", "--quarter", "7", "--format", "json"), "'7' is not a quarter"),
        (("performance", "--year", "2025", "--out", "x.doc"), "Cannot tell the format"),
        (
            ("performance", "--year", "2025", "--staff", "nobody", "--format", "json"),
            "No staff member called",
        ),
        (("performance", "--year", "2030", "--format", "json"), "PY 2030 has not started yet"),
        (("outcomes-template", "--partnership", "nope", "--out", "x.xlsx"), "No partnership called 'nope'"),
    ],
)
def test_bad_requests_say_what_is_wrong(demo: Path, args: tuple[str, ...], message: str) -> None:
    run = cli(demo, "report", *args)
    assert run.returncode == 1 and message in run.stderr
