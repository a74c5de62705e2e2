"""The Apprenticeships screens: the board, a document gaining an attachment, and a stage move."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from sector_desktop.models import ApprenticeshipProgram, Attachment, Organization, StageChange
from sector_desktop.services.apprenticeship.programs import ProgramInput, WageStepInput, save_program
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.apprenticeships.dialogs import MoveStageDialog
from sector_desktop.ui.apprenticeships.page import ApprenticeshipsPage
from sector_desktop.ui.context import AppContext

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths) -> AppContext:
    return AppContext(db=db, paths=paths)


@pytest.fixture
def program_id(db: Database) -> str:
    with db.session() as s:
        org = Organization(name="Harbor Point Hospital", kind="employer", sector="healthcare")
        s.add(org)
        s.flush()
        sponsor = org.id
    data = ProgramInput(
        sponsor_id=sponsor,
        occupation_title="Pharmacy Technician",
        term_hours=2000,
        rti_provider_name="BCCC",
        rti_hours_per_year=150,
        ratio_apprentices=1,
        ratio_journeyworkers=1,
        journeyworker_wage=22.0,
        wage_steps=[WageStepInput(0, None, 60, None), WageStepInput(1000, None, 80, None)],
        work_processes=[("Dispensing", 2000)],
    )
    pid, _ = save_program(db, data, dt.date.today())
    return pid


def test_board_and_card_models(qtbot: QtBot, qtmodeltester, ctx: AppContext, program_id: str) -> None:
    page = ApprenticeshipsPage(ctx)
    qtbot.addWidget(page)
    model = page.board.models["interest"]
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    qtmodeltester.check(model)
    assert "1 programs" in page.summary.text()
    assert page.board.headers["interest"].text() == "Interest  (1)"


def test_dropping_a_file_on_a_document_attaches_it(
    qtbot: QtBot,
    qtmodeltester,
    ctx: AppContext,
    program_id: str,
    tmp_path: Path,
    db: Database,
) -> None:
    page = ApprenticeshipsPage(ctx)
    qtbot.addWidget(page)
    page.open_program(program_id)
    paperwork = page.detail.paperwork
    qtbot.waitUntil(lambda: paperwork.model.rowCount() >= 6)
    qtmodeltester.check(paperwork.model)
    standards = next(r for r in paperwork.model.rows() if r.doc_type == "standards")
    paperwork.select_document(standards.id)
    assert paperwork.doc_title.text() == "Standards of apprenticeship"
    panel = paperwork.attachments
    scan = tmp_path / "signed-standards.pdf"
    scan.write_bytes(PDF)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    panel.dropEvent(drop)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert panel.model.items[0].filename == "signed-standards.pdf"
    with db.read_session() as s:
        row = s.query(Attachment).one()
        assert (row.owner_type, row.owner_id) == ("program_document", standards.id)
    qtbot.waitUntil(lambda: next(r for r in paperwork.model.rows() if r.id == standards.id).attachments == 1)


def test_an_unreadable_file_is_refused_inline(
    qtbot: QtBot, ctx: AppContext, program_id: str, tmp_path: Path, db: Database
) -> None:
    page = ApprenticeshipsPage(ctx)
    qtbot.addWidget(page)
    page.open_program(program_id)
    paperwork = page.detail.paperwork
    qtbot.waitUntil(lambda: paperwork.model.rowCount() >= 6)
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 cut off")
    paperwork.attachments.attach_files([bad])
    qtbot.waitUntil(lambda: "cut off" in paperwork.attachments.message.text())
    with db.read_session() as s:
        assert s.query(Attachment).count() == 0


def test_setting_a_document_status_saves_it(
    qtbot: QtBot, ctx: AppContext, program_id: str, db: Database
) -> None:
    page = ApprenticeshipsPage(ctx)
    qtbot.addWidget(page)
    page.open_program(program_id)
    paperwork = page.detail.paperwork
    qtbot.waitUntil(lambda: paperwork.model.rowCount() >= 6)
    paperwork.status.setCurrentIndex(paperwork.status.findData("received"))
    paperwork.notes.setPlainText("Signed by the HR director")
    doc_id = paperwork.current().id
    qtbot.mouseClick(paperwork.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: paperwork.message.text() == "Saved.")
    with db.read_session() as s:
        from sector_desktop.models import ProgramDocument

        doc = s.get(ProgramDocument, doc_id)
        assert (doc.status, doc.notes) == ("received", "Signed by the HR director")


def test_moving_stage_shows_blockers_and_records_an_override(
    qtbot: QtBot, ctx: AppContext, program_id: str, db: Database
) -> None:
    dialog = MoveStageDialog(ctx, program_id, "interest")
    qtbot.addWidget(dialog)
    dialog.stage.setCurrentIndex(dialog.stage.findData("submitted"))
    qtbot.waitUntil(lambda: "Not ready for this stage" in dialog.blockers.text())
    assert "Sponsor application is missing" in dialog.blockers.text()
    dialog.move_stage()  # no reason: refused, shown inline
    qtbot.waitUntil(lambda: "cannot move" in dialog.message.text())
    dialog.reason.setPlainText("Agency agreed to review a partial packet")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.move_stage()
    with db.read_session() as s:
        assert s.get(ApprenticeshipProgram, program_id).stage == "submitted"
        assert s.query(StageChange).one().override_reason == "Agency agreed to review a partial packet"


def test_print_checklist_opens_a_preview_of_the_program(
    qtbot: QtBot, ctx: AppContext, program_id: str
) -> None:
    page = ApprenticeshipsPage(ctx)
    qtbot.addWidget(page)
    page.open_program(program_id)
    qtbot.waitUntil(lambda: page.detail.loaded is not None)
    page.detail.print_checklist()
    qtbot.waitUntil(lambda: getattr(page.detail, "_last_preview", None) is not None, timeout=20000)
    preview = page.detail._last_preview  # a child of the page: closed with it
    assert preview.document.pageCount() == 1
    assert "Pharmacy Technician" in preview.windowTitle()


def test_the_apprentice_roster_model(qtbot: QtBot, qtmodeltester, ctx: AppContext, program_id: str) -> None:
    from sector_desktop.services.apprenticeship.programs import add_apprentice

    add_apprentice(ctx.db, program_id, "Jordan Brooks", dt.date(2026, 9, 1), dt.date.today())
    page = ApprenticeshipsPage(ctx)
    qtbot.addWidget(page)
    page.open_program(program_id)
    roster = page.detail.roster
    qtbot.waitUntil(lambda: roster.rowCount() == 1)
    qtmodeltester.check(roster)
    assert roster.headerData(0, Qt.Orientation.Horizontal) == "Apprentice"
    assert roster.data(roster.index(0, roster.NAME)) == "Jordan Brooks"
    assert roster.data(roster.index(0, roster.START)) == "Sep 1, 2026"


def test_a_new_program_waits_for_its_sponsor_to_be_chosen(
    qtbot: QtBot, ctx: AppContext, program_id: str, db: Database
) -> None:
    from sector_desktop.ui.apprenticeships.editor import ProgramEditor

    with db.session() as s:
        s.add(Organization(name="Acme Anchors", kind="employer"))  # first in the alphabet
    editor = ProgramEditor(ctx)
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.sponsor.count() == 2)
    assert editor.sponsor.currentIndex() == -1 and editor.sponsor.currentText() == ""
    editor.title.setText("Welder")
    editor.save()
    assert "Choose the sponsor" in editor.message.text()
    with db.read_session() as s:
        assert s.query(ApprenticeshipProgram).count() == 1  # only the fixture's
    editor.sponsor.setCurrentIndex(editor.sponsor.findText("Harbor Point Hospital"))
    assert editor.program_input().sponsor_id == db_org(db, "Harbor Point Hospital")


def db_org(db: Database, name: str) -> str:
    with db.read_session() as s:
        return s.query(Organization).filter_by(name=name).one().id
