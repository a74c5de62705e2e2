"""The inventory and initiative documents, and goals with progress in the outcomes template: made by
the command line from a small profile, then read back (PDF text with pypdf, workbooks with openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from test_initiatives_service import _initiative
from visits_data import make_world

from sector_desktop.cli import main
from sector_desktop.models import HiringNeed, Organization
from sector_desktop.services.initiatives import (
    ExpenditureInput,
    GoalInput,
    MilestoneInput,
    add_expenditure,
    add_progress,
    save_goal,
    save_milestone,
    set_expenditure_cancelled,
)
from sector_desktop.services.programs import ProgramInput, save_program
from sector_desktop.store import Database


def _pdf_text(path: Path) -> str:
    """The PDF's words with every run of white space (a wrapped cell's line break) as one space."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return " ".join(text.split())


def _profile(db: Database) -> str:
    return str(db.path.parent.parent)


def _inventory(db: Database) -> None:
    world = make_world(db)
    with db.session() as s:
        college = Organization(
            name="Harbor City Community College", kind="community_college", sector="healthcare"
        )
        s.add(college)
        s.add(HiringNeed(organization_id=world.clinic, occupation="CNA", openings=6))
        s.add(HiringNeed(organization_id=world.clinic, occupation="Registered nurse", openings=2))
        s.flush()
        college_id = college.id
    save_program(
        db,
        ProgramInput(
            name="CNA course",
            sector="healthcare",
            provider_id=college_id,
            soc_codes=("31-1131",),
            hours=120,
            duration_weeks=8,
            cost_cents=145_050,
            modality="hybrid",
            next_start=dt.date(2027, 1, 11),
            etpl_status="eligible",
            capacity=16,
            contact_name="Dana Ruiz",
        ),
    )
    save_program(
        db,
        ProgramInput(
            name="Phlebotomy course",
            sector="healthcare",
            provider_id=college_id,
            soc_codes=("31-9097",),
            cost_cents=0,
        ),
    )
    save_program(db, ProgramInput(name="Welding basics", sector="manufacturing", soc_codes=("51-4121",)))


def test_the_inventory_pdf_and_workbook_of_a_sector(db: Database, tmp_path: Path) -> None:
    _inventory(db)
    pdf, xlsx = tmp_path / "inventory.pdf", tmp_path / "inventory.xlsx"
    for out in (pdf, xlsx):
        args = ["--profile", _profile(db), "report", "inventory", "--sector", "healthcare", "--out"]
        assert main([*args, str(out)]) == 0
    text = _pdf_text(pdf)
    assert "Healthcare: training programs" in text and "CNA course" in text and "Welding" not in text
    assert "2 programs from 1 provider;" in text
    assert "★ 31-1131" in text and "$1,450.50" in text and "Jan 11, 2027" in text and "Free" in text
    assert "(29-1141)" in text and "None in the inventory" in text
    book = openpyxl.load_workbook(xlsx)
    sheet = book["Programs"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Provider"))
    by_name = {r[1]: r for r in rows[header + 1 :] if r and r[1]}
    cna = by_name["CNA course"]
    assert cna[7] == Decimal("1450.5") or cna[7] == 1450.5
    assert cna[4] == "Yes" and cna[10] == dt.datetime(2027, 1, 11)
    assert by_name["Phlebotomy course"][4] is None
    named = {r[1]: r for r in book["Named occupations"].iter_rows(min_row=2, values_only=True)}
    assert named["29-1141"][5] == "None in the inventory" and named["31-1131"][3] == 6


def test_the_initiative_pdf_and_workbook(db: Database, tmp_path: Path) -> None:
    _pid, iid, lines, world = _initiative(db)
    add_expenditure(
        db, ExpenditureInput(lines["Tuition"], dt.date(2026, 3, 2), 18_400_10, "Cohort 1 tuition")
    )
    wrong = add_expenditure(
        db, ExpenditureInput(lines["Tuition"], dt.date(2026, 3, 9), 17_100_00, "Billed twice")
    )
    set_expenditure_cancelled(db, wrong)
    save_milestone(
        db,
        iid,
        MilestoneInput("Standards filed", dt.date(2026, 2, 24), "deliverable", owner_staff_id=world.ana),
    )
    save_milestone(db, iid, MilestoneInput("Cohort 1 graduates", dt.date(2026, 4, 1), status="done"))
    pdf, xlsx = tmp_path / "initiative.pdf", tmp_path / "initiative.xlsx"
    for out in (pdf, xlsx):
        args = [
            "--profile",
            _profile(db),
            "report",
            "initiative",
            "--initiative",
            "CNA pipeline 2026",
            "--out",
        ]
        assert main([*args, str(out)]) == 0
    text = _pdf_text(pdf)
    assert "CNA pipeline 2026" in text and "Healthcare Careers Alliance" in text
    assert "$190,000.10" in text and "$18,400.10" in text  # the budget; spent (the cancelled one left out)
    assert "Evaluation $10,000.00 $0.00 $10,000.00 0.0% 0" in text  # a line with no expenditure
    assert "Overdue" in text and "Standards filed (Feb 24, 2026)" in text and "Today" in text
    assert "cancelled; not counted" in text
    book = openpyxl.load_workbook(xlsx)
    budget = {r[0]: r for r in book["Budget"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert budget["Tuition"][2] == Decimal("18400.1") or budget["Tuition"][2] == 18400.1
    assert budget["Evaluation"][2] == 0 and budget["Total"][1] == 190000.1
    spent = list(book["Expenditures"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in spent if r[0]] == [
        (dt.datetime(2026, 3, 2), None),
        (dt.datetime(2026, 3, 9), "Yes"),
    ]
    due = {r[1]: r for r in book["Milestones"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert due["Standards filed"][0] == dt.datetime(2026, 2, 24) and due["Standards filed"][4] == "Overdue"
    assert due["Cohort 1 graduates"][4] is None


def test_the_outcomes_template_shows_goal_progress_against_target(db: Database, tmp_path: Path) -> None:
    pid, _iid, _lines, _world = _initiative(db)
    goal = save_goal(db, GoalInput(pid, "Fill CNA jobs", "CNAs hired by members", 60, dt.date(2027, 6, 30)))
    add_progress(db, goal, 12, dt.date(2026, 3, 1), "First cohort")
    add_progress(db, goal, 27, dt.date(2026, 6, 1), "Second cohort")
    out = tmp_path / "outcomes.pdf"
    args = [
        "--profile",
        _profile(db),
        "report",
        "outcomes-template",
        "--partnership",
        "Healthcare Careers Alliance",
    ]
    assert main([*args, "--out", str(out)]) == 0
    text = _pdf_text(out)
    assert "Goals and progress against target" in text
    assert "CNAs hired by members 60 27 45.0%" in text
    assert "Jun 1, 2026 27 Second cohort" in text
    xlsx = tmp_path / "outcomes.xlsx"
    assert main([*args, "--out", str(xlsx)]) == 0
    goals = list(openpyxl.load_workbook(xlsx)["Goals"].iter_rows(values_only=True))
    assert goals[1][:6] == ("Fill CNA jobs", "Partnership", "CNAs hired by members", 60, 27, 0.45)
