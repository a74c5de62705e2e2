"""The Visits page, its lazy table model and the visit editor's drafts (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from visits_data import World, full_input, make_world

from sector_desktop.services.drafts import load_draft, save_draft, visit_draft_key
from sector_desktop.services.visits import log_visit
from sector_desktop.store import Database, ProfilePaths, open_database, open_profile
from sector_desktop.store.visits import VisitFilters, count_visits, get_visit_detail, list_visits
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.visits.editor import VisitEditor
from sector_desktop.ui.visits.editor_state import load_editor_setup
from sector_desktop.ui.visits.page import VisitsPage
from sector_desktop.ui.visits.table_model import VisitsTableModel


@pytest.fixture(autouse=True)
def _quiet_close(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Closing an editor with typed text asks a modal question; tests answer "keep the draft".
    monkeypatch.setattr(VisitEditor, "ask_discard", lambda self: "keep")
    yield
    # Let background loads finish before the database closes.
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths, world: World, qtbot) -> AppContext:
    return AppContext(db=db, paths=paths, staff_id=world.ana)


def _log_five(db: Database, w: World) -> list[str]:
    empty = {"attendee_ids": [], "action_items": [], "hiring_needs": [], "skill_gaps": []}
    types = ["site_visit", "phone", "virtual", "phone", "event"]
    return [
        log_visit(db, full_input(w, starts_at=dt.datetime(2026, 1, 1 + i, 9), visit_type=t, **empty))
        for i, t in enumerate(types)
    ]


def test_table_model_passes_qtmodeltester(ctx: AppContext, world: World, qtbot, qtmodeltester) -> None:
    _log_five(ctx.db, world)
    model = VisitsTableModel(ctx.db, window=2)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    qtmodeltester.check(model)
    assert model.headerData(VisitsTableModel.ORGANIZATION, Qt.Orientation.Horizontal) == "Organization"


def test_fetch_more_loads_one_window_at_a_time(ctx: AppContext, world: World, qtbot) -> None:
    ids = _log_five(ctx.db, world)
    model = VisitsTableModel(ctx.db, window=2)
    with qtbot.waitSignal(model.loaded) as loaded:
        model.reload()
    assert loaded.args == [5] and model.total == 5 and model.rowCount() == 2
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one window in flight at a time
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    assert not model.canFetchMore()
    shown = [model.index(r, 0).data(VisitsTableModel.IdRole) for r in range(5)]
    assert shown == list(reversed(ids))  # newest first, no row twice


def test_filter_by_type_narrows_the_list(ctx: AppContext, world: World, qtbot) -> None:
    _log_five(ctx.db, world)
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.count_label.text() == "5 visits")
    page.type_filter.setCurrentIndex(page.type_filter.findData("phone"))
    qtbot.waitUntil(lambda: page.count_label.text() == "2 visits")
    types = {page.model.index(r, VisitsTableModel.TYPE).data() for r in range(page.model.rowCount())}
    assert types == {"Phone"}
    # The first listed visit is shown beside the list, not one the filter now hides.
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.visit_type == "phone")
    assert page.table.selectionModel().selectedRows()[0].row() == 0


def test_page_opens_the_editor_for_an_organization(ctx: AppContext, world: World, qtbot) -> None:
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    page.new_visit(world.clinic)
    qtbot.waitUntil(lambda: page.editor is not None)
    editor = page.editor
    assert editor.key == f"visit:new:{world.clinic}"
    assert editor.org_edit.text() == "Riverside Clinic — Dayton"
    assert editor.attendees.count() == 2 and editor.staff_combo.currentData() == world.ana
    editor.reject()


def _editor(ctx: AppContext, qtbot, organization_id: str) -> VisitEditor:
    editor = VisitEditor(ctx, load_editor_setup(ctx.db, organization_id=organization_id))
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _draft_notes(db: Database, key: str) -> str | None:
    draft = load_draft(db, key)
    return draft.payload.get("notes") if draft else None


def test_editor_autosaves_a_draft_and_a_new_editor_restores_it(ctx: AppContext, world: World, qtbot) -> None:
    key = visit_draft_key(organization_id=world.clinic)
    editor = _editor(ctx, qtbot, world.clinic)
    qtbot.keyClicks(editor.notes_edit, "Wants 5 welders by May")
    qtbot.waitUntil(lambda: _draft_notes(ctx.db, key) == "Wants 5 welders by May", timeout=5000)
    editor.close()
    again = _editor(ctx, qtbot, world.clinic)
    assert again.notes_edit.toPlainText() == "Wants 5 welders by May"
    assert again.draft_banner.isVisibleTo(again)
    again.discard_restored_draft()
    assert again.notes_edit.toPlainText() == "" and load_draft(ctx.db, key) is None


def test_saving_creates_the_visit_and_removes_the_draft(ctx: AppContext, world: World, qtbot) -> None:
    key = visit_draft_key(organization_id=world.clinic)
    editor = _editor(ctx, qtbot, world.clinic)
    qtbot.keyClicks(editor.notes_edit, "Good visit")
    editor.attendees.set_checked([world.nurse])
    editor.services.boxes["recruitment"].setChecked(True)
    editor.services.boxes["incumbent_worker_training"].setChecked(True)
    editor.needs.add_row({"occupation": "Welder", "openings": "3", "wage_min": "21", "wage_max": "26.50"})
    editor.follow_ups.add_row(
        {"text": "Send the apprenticeship guide", "owner": world.ben, "due": "2026-05-01"}
    )
    qtbot.waitUntil(lambda: _draft_notes(ctx.db, key) == "Good visit", timeout=5000)
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save_button.click()
    with ctx.db.read_session() as s:
        d = get_visit_detail(s, saved.args[0])
    assert d.notes == "Good visit" and d.services == ["recruitment", "incumbent_worker_training"]
    assert [a.name for a in d.attendees] == ["Nia Nurse"]
    assert (d.hiring_needs[0].occupation, d.hiring_needs[0].wage_max) == ("Welder", 26.5)
    [item] = d.action_items
    assert (item.text, item.owner_name, item.due_date) == (
        "Send the apprenticeship guide",
        "Ben Li",
        dt.date(2026, 5, 1),
    )
    assert load_draft(ctx.db, key) is None


def test_ctrl_s_saves(ctx: AppContext, world: World, qtbot) -> None:
    editor = _editor(ctx, qtbot, world.clinic)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClicks(editor.purpose_edit, "Quick call")
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor.purpose_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with ctx.db.read_session() as s:
        assert [r.purpose for r in list_visits(s, VisitFilters())] == ["Quick call"]


def test_bad_wage_text_is_shown_and_nothing_is_saved(ctx: AppContext, world: World, qtbot) -> None:
    editor = _editor(ctx, qtbot, world.clinic)
    editor.needs.add_row({"occupation": "Welder", "wage_min": "lots"})
    editor.save_button.click()
    assert "Hiring needs, row 1, wage from: 'lots' is not a number." in editor.error_label.text()
    with ctx.db.read_session() as s:
        assert count_visits(s, VisitFilters()) == 0


def test_escape_with_typed_text_asks_and_discard_removes_the_draft(
    ctx: AppContext, world: World, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = visit_draft_key(organization_id=world.clinic)
    editor = _editor(ctx, qtbot, world.clinic)
    qtbot.keyClicks(editor.purpose_edit, "Tour")
    editor.save_draft_now()
    assert load_draft(ctx.db, key) is not None
    asked: list[str] = []
    monkeypatch.setattr(VisitEditor, "ask_discard", lambda self: asked.append("?") or "continue")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()  # "continue editing" keeps the dialog open
    monkeypatch.setattr(VisitEditor, "ask_discard", lambda self: "discard")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and load_draft(ctx.db, key) is None


def test_typing_an_organization_name_picks_it_and_loads_its_contacts(
    ctx: AppContext, world: World, qtbot
) -> None:
    editor = VisitEditor(ctx, load_editor_setup(ctx.db))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.key == "visit:new"
    qtbot.keyClicks(editor.org_edit, "river")
    qtbot.waitUntil(lambda: "Riverside Clinic — Dayton" in editor.org_edit._model.stringList())
    editor.org_edit._activated("Riverside Clinic — Dayton")
    qtbot.waitUntil(lambda: editor.attendees.count() == 2)
    assert editor.state()["organization_id"] == world.clinic
    qtbot.keyClicks(editor.org_edit, "x")  # edited away from the name: no organization any more
    assert editor.state()["organization_id"] is None


def test_editing_a_visit_keeps_its_rows_and_open_record_shows_it(
    ctx: AppContext, world: World, qtbot
) -> None:
    visit_id = log_visit(ctx.db, full_input(world))
    editor = VisitEditor(ctx, load_editor_setup(ctx.db, visit_id=visit_id))
    qtbot.addWidget(editor)
    assert editor.key == f"visit:{visit_id}" and editor.notes_edit.toPlainText().startswith("They need")
    assert sorted(editor.attendees.checked_ids()) == sorted([world.nurse, world.manager])
    [need] = editor.needs.rows()
    editor.needs.table.item(0, 1).setText("14")  # openings
    with qtbot.waitSignal(editor.saved):
        editor.save()
    with ctx.db.read_session() as s:
        d = get_visit_detail(s, visit_id)
    assert [(n.id, n.openings) for n in d.hiring_needs] == [(need["id"], 14)]
    assert len(d.action_items) == 1 and len(d.attendees) == 2
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    page.open_record("visit", visit_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == visit_id)
    shown = page.detail_view.toPlainText()
    assert "Riverside Clinic" in shown and "Workforce Recruitment Assistance" in shown
    assert "Send the CNA cohort schedule (Ben Li, due Mar 11, 2026)" in shown
    page.again_button.click()  # a new visit to the same organization
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.key == f"visit:new:{world.clinic}")
    page.editor.reject()


def test_the_page_offers_kept_drafts_and_resuming_restores_one(ctx: AppContext, world: World, qtbot) -> None:
    save_draft(ctx.db, visit_draft_key(organization_id=world.plant), {"organization_id": world.plant,
        "organization_label": "Delta Metal Works", "notes": "half-written on the road"})  # fmt: skip
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.drafts_label.isVisibleTo(page))
    assert "Delta Metal Works" in page.drafts_label.text() and "new visit" in page.drafts_label.text()
    page.resume_draft(page.drafts[0].key)
    qtbot.waitUntil(lambda: page.editor is not None)
    assert page.editor.notes_edit.toPlainText() == "half-written on the road"
    qtbot.waitUntil(lambda: page.editor.attendees.count() == 1)  # the plant's one contact, loaded
    page.editor.discard_restored_draft()
    page.editor.reject()
    qtbot.waitUntil(lambda: not page.drafts_label.isVisibleTo(page))


CHILD = r"""
import sys
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sector_desktop.store import open_profile, profile_paths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.visits.editor import VisitEditor
from sector_desktop.ui.visits.editor_state import load_editor_setup

app = QApplication([])
paths = profile_paths(sys.argv[1])
db = open_profile(paths)
editor = VisitEditor(AppContext(db=db, paths=paths), load_editor_setup(db, organization_id=sys.argv[2]))
editor.show()
QTest.keyClicks(editor.notes_edit, sys.argv[3])
print("typed", flush=True)
app.exec()
"""


def test_draft_survives_a_killed_process_that_drives_the_same_autosave_path(
    paths: ProfilePaths, world: World, qtbot
) -> None:
    text = "Typed on the road; battery died"
    key = visit_draft_key(organization_id=world.clinic)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.data_dir.parent), world.clinic, text],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout.readline().strip() == "typed"
        watcher = open_database(paths.database, migrate=False)
        deadline = time.monotonic() + 30
        while _draft_notes(watcher, key) != text and time.monotonic() < deadline:
            time.sleep(0.1)
        watcher.close()
    finally:
        child.kill()  # SIGKILL: no clean shutdown, no chance to flush anything more
        child.wait()
    assert child.returncode == -9
    reopened = open_profile(paths)
    try:
        assert _draft_notes(reopened, key) == text
        with reopened.read_session() as s:
            assert list_visits(s, VisitFilters()) == []  # a draft, not a visit
    finally:
        reopened.close()


def test_a_photo_attached_to_the_selected_visit_is_kept_with_it(
    ctx: AppContext, world: World, db: Database, qtbot, tmp_path
) -> None:
    from sector_desktop.services.attachments import list_attachments

    visit_id = log_visit(db, full_input(world))
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    page.open_record("visit", visit_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == visit_id, timeout=5000)
    photo = tmp_path / "business-card.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.attachments.attach_files([photo])
    qtbot.waitUntil(lambda: page.attachments.model.rowCount() == 1, timeout=5000)
    assert [a.filename for a in list_attachments(db, ctx.paths, "visit", visit_id)] == ["business-card.png"]


def test_a_new_follow_up_is_the_visit_staff_members_and_due_a_week_later(
    ctx: AppContext, world: World, qtbot
) -> None:
    from PySide6.QtCore import QDateTime

    editor = _editor(ctx, qtbot, world.clinic)
    editor.staff_combo.setCurrentIndex(editor.staff_combo.findData(world.ben))
    visit_day = dt.date.today() + dt.timedelta(days=2)  # a visit planned for the day after tomorrow
    editor.when_edit.setDateTime(QDateTime(dt.datetime.combine(visit_day, dt.time(10, 0))))
    qtbot.mouseClick(editor.follow_ups.add_button, Qt.MouseButton.LeftButton)
    (row,) = editor.follow_ups.rows()
    assert row["owner"] == world.ben
    assert row["due"] == (visit_day + dt.timedelta(days=7)).isoformat()
    editor.when_edit.setDateTime(QDateTime(dt.datetime(2026, 1, 5, 9, 0)))  # logged long after
    qtbot.mouseClick(editor.follow_ups.add_button, Qt.MouseButton.LeftButton)
    assert editor.follow_ups.rows()[1]["due"] == (dt.date.today() + dt.timedelta(days=7)).isoformat()
    editor.reject()


def test_files_attach_to_a_new_visit_by_saving_it_first(
    ctx: AppContext, world: World, qtbot, tmp_path
) -> None:
    from sector_desktop.models import Attachment, HiringNeed, Visit

    editor = _editor(ctx, qtbot, world.clinic)
    qtbot.keyClicks(editor.purpose_edit, "Tour of the CNA lab")
    qtbot.mouseClick(editor.needs.add_button, Qt.MouseButton.LeftButton)
    editor.needs.table.item(0, 0).setText("Certified nursing assistant")
    photo = tmp_path / "signed-agreement.pdf"
    photo.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.files.attach([photo])
    visit_id = saved.args[0]
    qtbot.waitUntil(lambda: editor.files.names.text() == "signed-agreement.pdf", timeout=5000)
    assert editor.isVisible() and editor.visit_id == visit_id  # still open, now on the saved visit
    qtbot.keyClicks(editor.notes_edit, "They sign in March.")
    editor.save()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    with ctx.db.read_session() as s:
        assert s.query(Visit).count() == 1
        assert s.get(Visit, visit_id).notes == "They sign in March."
        needs = s.query(HiringNeed).filter(HiringNeed.deleted_at.is_(None)).all()
        assert [n.occupation for n in needs] == ["Certified nursing assistant"]  # not added twice
        assert s.query(HiringNeed).count() == 1
        (attached,) = s.query(Attachment).all()
        assert (attached.owner_type, attached.owner_id) == ("visit", visit_id)
    assert load_draft(ctx.db, visit_draft_key(organization_id=world.clinic)) is None
