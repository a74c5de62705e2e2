"""The Performance page (pytest-qt, offscreen): it shows the numbers the services compute for a small
built world, a filter changes them, and opening a number lists exactly the records it counted. The
outcomes tab records a placement and a retention check through the one write path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from visits_data import make_world

from sector_desktop import clock
from sector_desktop.models import Organization, Placement, RetentionCheck, Visit
from sector_desktop.services.outcomes import PlacementInput, save_placement
from sector_desktop.services.performance.periods import Period, program_year_of
from sector_desktop.services.performance.rows import Scope
from sector_desktop.services.report_data.performance import performance_data
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import set_office_name
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.performance.models import MeasuresTableModel
from sector_desktop.ui.performance.page import PerformancePage
from sector_desktop.ui.performance.records_dialog import RecordsBehindDialog


@dataclass
class Built:
    year: int
    ana: str
    ben: str
    clinic: str
    plant: str
    bakery: str
    served_by_ana: set[str]


def _visit(s, org: str, day: dt.date, staff: str, services: list[str], status: str = "completed") -> None:  # type: ignore[no-untyped-def]
    s.add(Visit(organization_id=org, starts_at=clock.to_utc(dt.datetime.combine(day, dt.time(15))),
                status=status, staff_id=staff, services=services))  # fmt: skip


def build(db: Database) -> Built:
    """Last program year: Ana serves the clinic twice and the plant once, Ben the bakery; a planned
    visit and a visit without a category are not services; the clinic was also served the year before."""
    world = make_world(db)
    year = program_year_of(clock.today()) - 1
    start = Period(year).start
    with db.session() as s:
        bakery = Organization(name="Harbor Bakery", kind="employer", sector="hospitality")
        s.add(bakery)
        s.flush()
        _visit(s, world.clinic, start + dt.timedelta(days=20), world.ana, ["training"])
        _visit(s, world.clinic, start + dt.timedelta(days=120), world.ana, ["recruitment", "training"])
        _visit(s, world.plant, start + dt.timedelta(days=200), world.ana, ["strategic_planning"])
        _visit(s, bakery.id, start + dt.timedelta(days=40), world.ben, ["recruitment"])
        _visit(s, bakery.id, start + dt.timedelta(days=50), world.ben, [])  # no category: not a service
        _visit(s, world.plant, start + dt.timedelta(days=60), world.ben, ["training"], status="planned")
        _visit(s, world.clinic, start - dt.timedelta(days=100), world.ana, ["training"])  # the PY before
        bakery_id = bakery.id
    nurse = PlacementInput(world.clinic, start + dt.timedelta(days=30), "31-1131", "Nursing Assistants", 19.5)
    save_placement(db, nurse, owner_id=world.ana)
    return Built(
        year, world.ana, world.ben, world.clinic, world.plant, bakery_id, {world.clinic, world.plant}
    )


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths) -> Iterator[AppContext]:
    yield AppContext(db=db, paths=paths)
    QThreadPool.globalInstance().waitForDone(10000)
    QApplication.processEvents()


def _page(qtbot, ctx: AppContext, year: int) -> PerformancePage:  # type: ignore[no-untyped-def]
    page = PerformancePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: not page.loading, timeout=20000)
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.year.setCurrentIndex(page.year.findData(year))
    return page


def _shown(page: PerformancePage) -> dict[str, tuple[str, str, str]]:
    m = page.measures
    return {
        m.row_at(r).key: tuple(m.index(r, c).data() for c in (m.VALUE, m.NUMERATOR, m.DENOMINATOR))  # type: ignore[misc]
        for r in range(m.rowCount())
    }


def _row(page: PerformancePage, key: str) -> int:
    return next(r for r in range(page.measures.rowCount()) if page.measures.row_at(r).key == key)


def test_the_page_shows_what_the_services_compute_and_a_filter_changes_it(qtbot, ctx: AppContext) -> None:
    built = build(ctx.db)
    page = _page(qtbot, ctx, built.year)
    _records, expected = performance_data(ctx.db, Period(built.year), Scope())
    shown = _shown(page)
    for m in expected.measures:
        numerator = "" if m.kind == "median" or m.numerator is None else f"{m.numerator:,.0f}"
        assert shown[m.key][1] == numerator, m.key
    assert shown["establishments_served"] == ("3", "3", "")
    assert shown["services"] == ("4", "4", "")
    assert shown["repeat_business"] == ("33.3%", "1", "3")  # the clinic, served the year before
    assert shown["placements"][0] == "1"
    # Without a QCEW figure, penetration is absent and the page says why.
    assert shown["employer_penetration"][0] == "—"
    assert "no denominator" in page.notes.text()
    eta = {page.categories.row_at(r).code: page.categories.index(r, 1).data() for r in range(8)}
    assert (eta["training"], eta["recruitment"], eta["strategic_planning"]) == ("1", "2", "1")
    # Ana's work only.
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.staff.setCurrentIndex(page.staff.findData(built.ana))
    shown = _shown(page)
    assert shown["establishments_served"] == ("2", "2", "")
    assert shown["services"] == ("3", "3", "")
    assert "Ana Ortiz" in page.summary.text()


def test_opening_a_number_lists_exactly_the_records_it_counted(qtbot, ctx: AppContext) -> None:
    built = build(ctx.db)
    page = _page(qtbot, ctx, built.year)
    view = page.measures_view
    view.setFocus()
    view.setCurrentIndex(page.measures.index(_row(page, "establishments_served"), MeasuresTableModel.VALUE))
    qtbot.keyClick(view, "\r")  # Enter opens the records behind the number
    dialog = page.findChild(RecordsBehindDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.lines), timeout=10000)
    assert {line.id for line in dialog.lines} == {built.clinic, built.plant, built.bakery}
    assert [line.title for line in dialog.lines] == ["Delta Metal Works", "Harbor Bakery", "Riverside Clinic"]
    with qtbot.waitSignal(ctx.events.open_record, timeout=5000) as opened:
        dialog.list.itemActivated.emit(dialog.list.item(0))
    assert opened.args == ["organization", built.plant]
    dialog.close()
    # The services behind the ETA-9169 "Workforce Recruitment" line: the clinic's and the bakery's visits.
    row = next(r for r in range(8) if page.categories.row_at(r).code == "recruitment")
    services = page.open_number(page.categories, page.categories.index(row, 2))
    assert services is not None
    qtbot.waitUntil(lambda: bool(services.lines), timeout=10000)
    with ctx.db.read_session() as s:
        expected = {i for i, codes in s.execute(select(Visit.id, Visit.services)) if "recruitment" in codes}
    assert {line.id for line in services.lines} == expected and len(expected) == 2
    services.close()
    # The repeat-business denominator is the establishments served; its numerator is the clinic alone.
    numerator = page.open_number(page.measures, page.measures.index(_row(page, "repeat_business"), 2))
    assert numerator is not None
    qtbot.waitUntil(lambda: bool(numerator.lines), timeout=10000)
    assert [line.id for line in numerator.lines] == [built.clinic]


def test_a_quarter_of_the_chart_opens_its_establishments(qtbot, ctx: AppContext) -> None:
    built = build(ctx.db)
    page = _page(qtbot, ctx, built.year)
    points = page.chart.points
    first = next(i for i, p in enumerate(points) if p.period == Period(built.year, 1))
    assert points[first].establishments == 2  # the clinic (day 20) and the bakery (day 40)
    dialog = page.open_quarter(first)
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.lines), timeout=10000)
    assert {line.id for line in dialog.lines} == {built.clinic, built.bakery}


def test_the_report_buttons_write_the_pdf_of_what_is_on_screen(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    built = build(ctx.db)
    set_office_name(ctx.paths, "Harbor City Workforce Office")
    page = _page(qtbot, ctx, built.year)
    with qtbot.waitSignal(page.exported, timeout=60000) as written:
        page.export("pdf", tmp_path / "board.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(str(written.args[0])).pages)
    assert f"Performance report, PY {built.year}" in text
    assert "Harbor City Workforce Office" in text  # the office's name heads the pages
    assert "Establishments served" in text


def test_recording_a_placement_and_its_retention_check(qtbot, ctx: AppContext) -> None:
    built = build(ctx.db)
    page = _page(qtbot, ctx, built.year)
    panel = page.outcomes
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.placements.rowCount() == 1, timeout=10000)
    dialog = panel.open_placement(None)
    dialog.employer.setCurrentIndex(dialog.employer.findData(built.bakery))
    dialog.start.setDate(Period(built.year).start + dt.timedelta(days=10))
    dialog.soc.setText("35-2014")
    dialog.wage.setValue(16.25)
    dialog.case.setText("123-45-6789")  # an SSN: refused inline, nothing saved
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "Social Security" in dialog.error.text()
    dialog.case.setText("MD-88")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        dialog.submit()
    assert panel.placements.rowCount() == 2
    with ctx.db.read_session() as s:
        placed = s.scalars(select(Placement).where(Placement.organization_id == built.bakery)).one()
        assert (placed.occupation_soc, placed.hourly_wage, placed.case_number) == ("35-2014", 16.25, "MD-88")
    row = next(r for r in range(2) if panel.placements.row_at(r).id == placed.id)
    panel.placements_view.setCurrentIndex(panel.placements.index(row, 0))
    check = panel.open_check()
    assert check is not None
    check.check.setCurrentIndex(0)  # the 2nd quarter
    check.still_employed.setCurrentIndex(check.still_employed.findData("no"))
    check.checked_on.setDate(Period(built.year).start + dt.timedelta(days=250))
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        check.submit()
    with ctx.db.read_session() as s:
        found = s.scalars(select(RetentionCheck).where(RetentionCheck.placement_id == placed.id)).all()
        assert {c.quarter: c.result for c in found} == {2: "no", 4: None}
    row = next(r for r in range(2) if panel.placements.row_at(r).id == placed.id)
    assert panel.placements.index(row, 5).data() == "No"
