"""Personal data in the apprenticeship paperwork: the attach reminder, and a refused note shown inline."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from sector_desktop.models import Organization, ProgramDocument
from sector_desktop.personal_data import ATTACH_REMINDER
from sector_desktop.services.apprenticeship.programs import ProgramInput, save_program
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.apprenticeships.page import ApprenticeshipsPage
from sector_desktop.ui.context import AppContext


@pytest.fixture
def page(qtbot: QtBot, db: Database, paths: ProfilePaths) -> ApprenticeshipsPage:
    with db.session() as s:
        org = Organization(name="Harbor Point Hospital", kind="employer", sector="healthcare")
        s.add(org)
        s.flush()
        sponsor = org.id
    program_id, _ = save_program(db, ProgramInput(sponsor, "Pharmacy Technician"), dt.date.today())
    page = ApprenticeshipsPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.open_program(program_id)
    qtbot.waitUntil(lambda: page.detail.paperwork.model.rowCount() >= 1)
    return page


def test_attaching_to_a_document_reminds_not_to_attach_ssns_or_birth_dates(
    qtbot: QtBot, page: ApprenticeshipsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    paperwork = page.detail.paperwork
    paperwork.select_document(paperwork.model.rows()[0].id)
    panel = paperwork.attachments
    qtbot.waitUntil(panel.reminder_label.isVisible)
    assert panel.reminder_label.text() == ATTACH_REMINDER
    assert "Social Security number" in ATTACH_REMINDER and "date of birth" in ATTACH_REMINDER
    captions: list[str] = []

    def fake_dialog(_parent: object, caption: str, *_args: object) -> tuple[list[str], str]:
        captions.append(caption)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake_dialog)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    assert captions == ["Attach files: no pages with SSNs or dates of birth"]


def test_a_document_note_with_an_ssn_is_refused_inline_and_not_saved(
    qtbot: QtBot, page: ApprenticeshipsPage, db: Database
) -> None:
    paperwork = page.detail.paperwork
    paperwork.select_document(paperwork.model.rows()[0].id)
    doc_id = paperwork.current().id
    paperwork.notes.setPlainText("Apprentice SSN 123 45 6789 on page 2")
    qtbot.mouseClick(paperwork.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Document notes: this looks like a Social Security number" in paperwork.message.text()
    )
    assert paperwork.notes.toPlainText() == "Apprentice SSN 123 45 6789 on page 2"  # the typed text stays
    with db.read_session() as s:
        assert s.get(ProgramDocument, doc_id).notes is None


def test_the_visit_editor_refuses_a_date_of_birth_and_keeps_the_typed_draft(
    qtbot: QtBot, db: Database, paths: ProfilePaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visits_data import make_world

    from sector_desktop.services.drafts import load_draft, visit_draft_key
    from sector_desktop.store.visits import VisitFilters, count_visits
    from sector_desktop.ui.visits.editor import VisitEditor
    from sector_desktop.ui.visits.editor_state import load_editor_setup

    monkeypatch.setattr(VisitEditor, "ask_discard", lambda self: "keep")
    world = make_world(db)
    ctx = AppContext(db=db, paths=paths, staff_id=world.ana)
    editor = VisitEditor(ctx, load_editor_setup(db, organization_id=world.clinic))
    qtbot.addWidget(editor)
    editor.show()
    typed = "New apprentice, DOB 03/05/2004, starts Monday"
    qtbot.keyClicks(editor.notes_edit, typed)
    key = visit_draft_key(organization_id=world.clinic)
    qtbot.waitUntil(lambda: (d := load_draft(db, key)) is not None and d.payload.get("notes") == typed)
    editor.save_button.click()
    qtbot.waitUntil(lambda: "Visit notes: this looks like a date of birth" in editor.error_label.text())
    assert editor.notes_edit.toPlainText() == typed
    with db.read_session() as s:
        assert count_visits(s, VisitFilters()) == 0
    assert load_draft(db, key) is not None  # nothing typed is lost: the draft stays until it is fixed
