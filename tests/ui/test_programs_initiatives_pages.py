"""The inventory page (list, ★ for programs serving an occupation employers named, edit, import), the
partnership's Goals tab (progress against target, a progress update), the Initiatives page (budget
against actual, cancelling an expenditure, the milestone timeline) and overdue milestones on Today.
Every write goes through run_op; each test waits on what the user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from test_initiatives_service import _initiative
from visits_data import make_world

from sector_desktop import clock
from sector_desktop.models import HiringNeed, Organization
from sector_desktop.services.initiatives import (
    ExpenditureInput,
    GoalInput,
    MilestoneInput,
    add_expenditure,
    add_progress,
    save_goal,
    save_milestone,
)
from sector_desktop.services.programs import ProgramInput, save_program
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.initiatives.page import InitiativesPage
from sector_desktop.ui.partnerships.goals import GoalsPanel, ProgressDialog
from sector_desktop.ui.partnerships.page import PartnershipsPage
from sector_desktop.ui.programs.editor import ProgramDialog
from sector_desktop.ui.programs.import_dialog import ProgramsImportDialog
from sector_desktop.ui.programs.page import ProgramsTableModel, TrainingProgramsPage
from sector_desktop.ui.today.page import TodayPage


def _texts(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(r, column).data() for r in range(model.rowCount())]


@pytest.fixture
def inventory(qtbot, db: Database, paths: ProfilePaths) -> TrainingProgramsPage:  # type: ignore[no-untyped-def]
    world = make_world(db)
    with db.session() as s:
        s.add(HiringNeed(organization_id=world.clinic, occupation="CNA", openings=4))
        college = Organization(
            name="Harbor City Community College", kind="community_college", sector="healthcare"
        )
        s.add(college)
        s.flush()
        college_id = college.id
    save_program(
        db,
        ProgramInput(
            name="CNA course",
            sector="healthcare",
            provider_id=college_id,
            soc_codes=("31-1131",),
            cost_cents=145_000,
        ),
    )
    save_program(
        db,
        ProgramInput(
            name="Dental assistant", sector="healthcare", provider_id=college_id, soc_codes=("31-9091",)
        ),
    )
    page = TrainingProgramsPage(AppContext(db=db, paths=paths, staff_id=world.ana))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    return page


def test_the_inventory_marks_programs_serving_a_named_occupation(
    qtbot, inventory: TrainingProgramsPage
) -> None:  # type: ignore[no-untyped-def]
    model = inventory.model
    marks = dict(
        zip(_texts(model, ProgramsTableModel.PROGRAM), _texts(model, ProgramsTableModel.NAMED), strict=True)
    )
    assert marks == {"CNA course": "★", "Dental assistant": ""}
    assert "★ 1 serve an occupation" in inventory.counts.text()
    inventory.only_named.setChecked(True)
    qtbot.waitUntil(lambda: _texts(model, ProgramsTableModel.PROGRAM) == ["CNA course"])
    inventory.table.selectRow(0)
    qtbot.waitUntil(lambda: "named by 1 employers, 4 openings" in inventory.detail.text())


def test_a_new_program_is_saved_and_a_bad_cost_is_refused_inline(
    qtbot, inventory: TrainingProgramsPage
) -> None:  # type: ignore[no-untyped-def]
    dialog = ProgramDialog(inventory.ctx, None, parent=inventory)
    dialog.name.setText("Phlebotomy course")
    dialog.sector.setCurrentIndex(dialog.sector.findData("healthcare"))
    dialog.socs.setText("31-9097")
    dialog.cost.setText("12.345")
    dialog.submit()
    assert not dialog.error.isHidden() and "cost:" in dialog.error.text()
    dialog.cost.setText("$1,200")
    dialog.submit()
    qtbot.waitUntil(lambda: "Phlebotomy course" in _texts(inventory.model, ProgramsTableModel.PROGRAM))
    costs = dict(
        zip(
            _texts(inventory.model, ProgramsTableModel.PROGRAM),
            _texts(inventory.model, ProgramsTableModel.COST),
            strict=True,
        )
    )
    assert costs["Phlebotomy course"] == "$1,200.00"


def test_import_previews_then_imports_and_a_bad_file_imports_nothing(
    qtbot,
    inventory: TrainingProgramsPage,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Provider,Program,Sector,Cost\nHarbor City Community College,Welding,manufacturing,abc\n")
    dialog = ProgramsImportDialog(inventory.ctx, inventory)
    dialog.set_file(bad)
    qtbot.waitUntil(lambda: dialog.problems.count() == 1)
    assert "row 2, column Cost" in dialog.problems.item(0).text() and not dialog.import_button.isEnabled()
    good = tmp_path / "good.csv"
    good.write_text(
        "Provider,Program,Sector,SOC codes\nEastside Skills Academy,Forklift course,logistics,53-7051\n"
    )
    dialog.set_file(good)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    assert "New providers" in dialog.summary.text() and "Eastside Skills Academy" in dialog.summary.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Forklift course" in _texts(inventory.model, ProgramsTableModel.PROGRAM))


def test_the_goals_tab_shows_progress_against_target_and_takes_an_update(
    qtbot,
    db: Database,
    paths: ProfilePaths,  # type: ignore[no-untyped-def]
) -> None:
    pid, _iid, _lines, world = _initiative(db)
    goal = save_goal(db, GoalInput(pid, "Fill CNA jobs", "CNAs hired", 60, dt.date(2027, 6, 30)))
    add_progress(db, goal, 27, dt.date(2026, 6, 1))
    page = PartnershipsPage(AppContext(db=db, paths=paths, staff_id=world.ana))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.prepare_view("goals")
    panel: GoalsPanel = page.goals
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0, 3).data() == "27 of 60 (45%)"
    tabs = page.detail.roster_tabs
    assert tabs.currentWidget() is panel and "Goals (1)" in tabs.tabText(tabs.indexOf(panel))
    dialog = ProgressDialog(page.ctx, panel.model.row_at(0), panel)
    dialog.value.setValue(33)
    dialog.note.setText("Third cohort")
    dialog.submit()
    qtbot.waitUntil(lambda: panel.model.index(0, 3).data() == "33 of 60 (55%)")


@pytest.fixture
def initiatives(qtbot, db: Database, paths: ProfilePaths):  # type: ignore[no-untyped-def]
    _pid, iid, lines, world = _initiative(db)
    add_expenditure(db, ExpenditureInput(lines["Tuition"], dt.date(2026, 3, 2), 18_400_10, "Cohort 1"))
    add_expenditure(db, ExpenditureInput(lines["Tuition"], dt.date(2026, 3, 9), 17_100_00, "Billed twice"))
    late = clock.today() - dt.timedelta(days=3)
    save_milestone(db, iid, MilestoneInput("Standards filed", late, "deliverable", owner_staff_id=world.ana))
    page = InitiativesPage(AppContext(db=db, paths=paths, staff_id=world.ana))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded is not None)
    return page, world


def test_the_initiative_page_shows_budget_against_actual_and_cancelling_leaves_an_expenditure_out(
    qtbot,
    initiatives,  # type: ignore[no-untyped-def]
) -> None:
    page, _world = initiatives
    assert _texts(page.budget, 0) == ["Tuition", "Supportive services", "Evaluation", "Total"]
    assert _texts(page.budget, 2) == ["$35,500.10", "$0.00", "$0.00", "$35,500.10"]
    assert "Spent 18.7% of the budget" in page.burn.text()
    page.expendituresTable.selectRow(1)  # type: ignore[attr-defined]
    page.findChild(QPushButton, "cancelExpenditureButton").click()
    qtbot.waitUntil(lambda: _texts(page.budget, 2)[-1] == "$18,400.10")
    assert page.spending.index(1, 4).data() == "Cancelled (not counted)"
    assert "overdue: Standards filed" in page.timeline.accessibleDescription()
    assert page.milestones.index(0, 3).data() == "Overdue (planned)"


def test_today_shows_my_overdue_milestones(qtbot, initiatives) -> None:  # type: ignore[no-untyped-def]
    page, world = initiatives
    today = TodayPage(AppContext(db=page.ctx.db, paths=page.ctx.paths, staff_id=world.ana))
    qtbot.addWidget(today)
    today.show()
    qtbot.waitUntil(lambda: today.data is not None)
    lines = today.findChildren(QLabel, "todayMilestone")
    assert len(lines) == 1 and "Standards filed" in lines[0].text() and "3d late" in lines[0].text()
    assert "CNA pipeline 2026" in lines[0].text()
    other = TodayPage(AppContext(db=page.ctx.db, paths=page.ctx.paths, staff_id=world.ben))
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.data is not None)
    assert other.findChildren(QLabel, "todayMilestone") == []


def test_removing_a_program_takes_it_off_the_list(qtbot, inventory: TrainingProgramsPage) -> None:  # type: ignore[no-untyped-def]
    inventory.table.selectRow(_texts(inventory.model, ProgramsTableModel.PROGRAM).index("Dental assistant"))
    inventory.findChild(QPushButton, "removeProgramButton").click()
    qtbot.waitUntil(lambda: _texts(inventory.model, ProgramsTableModel.PROGRAM) == ["CNA course"])
