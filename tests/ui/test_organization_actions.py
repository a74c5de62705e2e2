"""From an organization's detail: Log visit (completing today's planned one), Prepare packet, Files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from visits_data import World, full_input, make_world

from sector_desktop import clock, timefmt
from sector_desktop.models import Visit
from sector_desktop.services.visits import log_visit
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.organizations.page import OrganizationsPage
from sector_desktop.ui.visits.editor import VisitEditor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths, world: World, qtbot: QtBot) -> Iterator[AppContext]:
    yield AppContext(db=db, paths=paths, staff_id=world.ana)
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


def _shown(qtbot: QtBot, page: OrganizationsPage, org_id: str) -> None:
    page.open_record("organization", org_id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == org_id)


def test_log_visit_offers_to_complete_the_visit_planned_for_today(
    qtbot: QtBot, ctx: AppContext, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(VisitEditor, "ask_discard", lambda self: "keep")
    today_10 = clock.at(clock.today(), 10)
    planned_id = log_visit(
        ctx.db,
        full_input(world, starts_at=today_10, status="planned", notes="", action_items=[], services=[]),
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    orgs = window.show_section("organizations")
    _shown(qtbot, orgs, world.clinic)
    qtbot.mouseClick(orgs.detail.log_visit_button, Qt.MouseButton.LeftButton)
    visits = window.page("visits")
    qtbot.waitUntil(
        lambda: getattr(visits, "planned_prompt", None) is not None and visits.planned_prompt.isVisible()
    )
    box: QMessageBox = visits.planned_prompt
    assert f"planned today at {timefmt.time(today_10)} with Ana Ortiz" in box.text()
    complete = next(b for b in box.buttons() if b.text() == "Complete the planned visit")
    qtbot.mouseClick(complete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visits.editor is not None and visits.editor.isVisible())
    editor = visits.editor
    assert editor.visit_id == planned_id and editor.status_combo.currentData() == "completed"
    editor.notes_edit.setPlainText("Met the nurse manager; twelve CNAs by June.")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    with ctx.db.read_session() as s:
        visits_there = s.scalars(select(Visit).where(Visit.organization_id == world.clinic)).all()
    assert [(v.id, v.status) for v in visits_there] == [(planned_id, "completed")]  # no second visit


def test_log_visit_without_a_planned_visit_opens_the_editor_for_that_organization(
    qtbot: QtBot, ctx: AppContext, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(VisitEditor, "ask_discard", lambda self: "keep")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    orgs = window.show_section("organizations")
    _shown(qtbot, orgs, world.plant)
    qtbot.mouseClick(orgs.detail.log_visit_button, Qt.MouseButton.LeftButton)
    visits = window.page("visits")
    qtbot.waitUntil(lambda: visits.editor is not None and visits.editor.isVisible())
    assert visits.editor.org_edit.choice.id == world.plant and visits.editor.visit_id is None
    visits.editor.reject()


def test_prepare_packet_previews_the_organizations_briefing(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    page = OrganizationsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    _shown(qtbot, page, world.clinic)
    qtbot.mouseClick(page.detail.packet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "_last_preview", None) is not None, timeout=30_000)
    preview = page._last_preview
    qtbot.addWidget(preview)
    assert preview.document.pageCount() >= 1 and "Riverside Clinic" in preview.windowTitle()


def test_files_can_be_attached_to_an_organization(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    page = OrganizationsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    _shown(qtbot, page, world.clinic)
    assert page.attachments.owner == ("organization", world.clinic)
    letter = tmp_path / "signed-mou.pdf"
    letter.write_bytes(PDF)
    page.attachments.attach_files([letter])
    qtbot.waitUntil(lambda: page.attachments.model.rowCount() == 1, timeout=5000)
    assert page.detail.tabs.tabText(1) == "Files (1)"
    _shown(qtbot, page, world.plant)
    qtbot.waitUntil(lambda: page.attachments.model.rowCount() == 0)
