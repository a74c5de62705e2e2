"""The Organizations page: the lazy table model, filters, the editors, duplicates and drafts (pytest-qt)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from sector_desktop.models import Organization, StaffUser
from sector_desktop.services.drafts import load_draft
from sector_desktop.services.organizations import ContactInput, add_contact
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.organizations import (
    OrganizationFilter,
    count_organizations,
    get_organization_detail,
)
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.operations import Changes, announce
from sector_desktop.ui.organizations import editor as editor_module
from sector_desktop.ui.organizations import table_model as cols
from sector_desktop.ui.organizations.page import OrganizationsPage
from sector_desktop.ui.organizations.table_model import OrganizationsTableModel

SECTORS = ("healthcare", "manufacturing", "it", "construction", "hospitality", "logistics")


@pytest.fixture(autouse=True)
def _settle() -> Iterator[None]:
    yield
    # Let background loads finish before the database closes.
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


def _fill(db: Database, n: int) -> list[str]:
    """n organizations named Org 000.. with sectors in turn; returns their ids in name order."""
    with db.session() as s:
        staff = StaffUser(name="Dana Reyes", username="dana")
        s.add(staff)
        s.flush()
        orgs = [
            Organization(
                name=f"Org {i:03d}",
                sector=SECTORS[i % len(SECTORS)],
                status="active" if i % 2 else "prospect",
                zip=f"{21000 + i}",
                fein=f"00-{i:07d}" if i else None,
                assigned_staff_id=staff.id if i % 3 == 0 else None,
                tags=[],
            )
            for i in range(n)
        ]
        s.add_all(orgs)
        s.flush()
        return [o.id for o in orgs]


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths, qtbot) -> AppContext:
    return AppContext(db=db, paths=paths)


@pytest.fixture
def page(ctx: AppContext, qtbot) -> OrganizationsPage:
    _fill(ctx.db, 30)
    page = OrganizationsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    qtbot.waitUntil(lambda: page.detail.detail is not None)  # the first row is selected and shown
    return page


def test_table_model_passes_qtmodeltester(ctx: AppContext, qtbot, qtmodeltester) -> None:
    _fill(ctx.db, 300)
    model = OrganizationsTableModel(ctx.db, window=120)
    with qtbot.waitSignal(model.loaded):
        model.reload()
    qtmodeltester.check(model)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 240)
    assert model.index(0, cols.NAME).data() == "Org 000"
    assert model.index(2, cols.SECTOR).data() == "IT"  # short label in the cell...
    assert model.index(2, cols.SECTOR).data(Qt.ItemDataRole.ToolTipRole) == "Information technology"


def test_rows_are_fetched_in_windows(ctx: AppContext, qtbot) -> None:
    ids = _fill(ctx.db, 250)
    model = OrganizationsTableModel(ctx.db, window=100)
    with qtbot.waitSignal(model.loaded) as loaded:
        model.reload()
    assert loaded.args == [250]  # the count is known before the rows are
    assert model.total == 250 and model.rowCount() == 100
    model.fetchMore()
    assert not model.canFetchMore()  # one window in flight at a time
    qtbot.waitUntil(lambda: model.rowCount() == 200)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 250)
    assert not model.canFetchMore()
    assert [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(250)] == ids  # no row twice


def test_sorting_runs_the_query_again(ctx: AppContext, qtbot) -> None:
    _fill(ctx.db, 40)
    model = OrganizationsTableModel(ctx.db, window=10)
    with qtbot.waitSignal(model.loaded):
        model.sort(cols.NAME, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 10
    assert model.index(0, cols.NAME).data() == "Org 039"  # the last of all 40, not of the first window


def test_filtering_by_sector_narrows_the_rows(page: OrganizationsPage, qtbot) -> None:
    combo = page.filters.sector
    with qtbot.waitSignal(page.model.loaded):
        combo.setCurrentIndex(combo.findData("healthcare"))
    assert page.model.rowCount() == 5
    assert {page.model.row_at(r).sector for r in range(5)} == {"healthcare"}
    assert page.count_label.text() == "5 organizations match"
    with qtbot.waitSignal(page.model.loaded):
        page.filters.clear()
    assert page.model.rowCount() == 30


def test_search_box_filters_and_empty_state_is_honest(page: OrganizationsPage, qtbot) -> None:
    with qtbot.waitSignal(page.model.loaded):
        qtbot.keyClicks(page.filters.search, "Org 01")
    assert page.model.total == 10
    with qtbot.waitSignal(page.model.loaded):
        page.filters.search.setText("no such name")
    assert page.model.rowCount() == 0
    assert page.list_stack.currentIndex() == 1
    assert page.empty_label.text() == "No organizations match these filters."
    assert page.empty_clear.isVisible()


def _select(page: OrganizationsPage, qtbot, name: str) -> None:
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).name == name)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.name == name)


def _field(editor, name: str) -> QLineEdit:
    widget = editor.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def test_editing_in_the_dialog_saves_to_the_database(page: OrganizationsPage, qtbot) -> None:
    _select(page, qtbot, "Org 004")
    org_id = page.detail.detail.id
    events = []
    page.ctx.events.applied.connect(events.append)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on the list opens the editor
    editor = page.editing.editor
    assert editor is not None and editor.isVisible()
    assert _field(editor, "name").text() == "Org 004"
    _field(editor, "name").setText("Harbor Health")
    _field(editor, "city").setText("Baltimore")
    sector = editor.fields["sector"]
    sector.setCurrentIndex(sector.findData("logistics"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    with page.ctx.db.read_session() as s:
        saved = get_organization_detail(s, org_id)
    assert (saved.name, saved.city, saved.sector) == ("Harbor Health", "Baltimore", "logistics")
    assert [c.ids("organization") for c in events] == [{org_id}]  # announced once, with what changed
    qtbot.waitUntil(lambda: page.detail.name_label.text() == "Harbor Health")
    qtbot.waitUntil(lambda: page.model.row_at(0).name == "Harbor Health")  # re-sorted after the reload
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 0)  # and still the selected record


def test_bad_input_is_shown_in_the_dialog_and_nothing_is_saved(page: OrganizationsPage, qtbot) -> None:
    editor = page.editing.edit_organization(page.detail.detail)
    _field(editor, "fein").setText("12-34")
    _field(editor, "zip").setText("abc")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.error_label.isVisible()
    assert "FEIN: must be 9 digits" in editor.error_label.text()
    assert "ZIP" in editor.error_label.text()
    assert _field(editor, "fein").toolTip() == "must be 9 digits, like 12-3456789"
    with page.ctx.db.read_session() as s:
        assert get_organization_detail(s, page.detail.detail.id).zip != "abc"
    editor.reject()


def _new_org_with_fein(page: OrganizationsPage, qtbot, name: str, fein: str):
    page.new_organization()
    editor = page.editing.editor
    assert editor.windowTitle() == "New organization"
    _field(editor, "name").setText(name)
    _field(editor, "fein").setText(fein)
    _field(editor, "website").setText("example.org")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editing.prompt is not None and page.editing.prompt.isVisible())
    return editor, page.editing.prompt


def test_same_fein_asks_before_creating_and_can_create_anyway(page: OrganizationsPage, qtbot) -> None:
    editor, prompt = _new_org_with_fein(page, qtbot, "Completely Different LLC", "000000007")
    assert prompt.matches.count() == 1
    assert "Org 007" in prompt.matches.item(0).text() and "same FEIN" in prompt.matches.item(0).text()
    with page.ctx.db.read_session() as s:
        assert count_organizations(s) == 30  # nothing written while the question is open
    qtbot.mouseClick(prompt.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    with page.ctx.db.read_session() as s:
        assert count_organizations(s) == 31
    qtbot.waitUntil(lambda: page.model.total == 31)


def test_merging_into_the_existing_record_creates_nothing(page: OrganizationsPage, qtbot) -> None:
    editor, prompt = _new_org_with_fein(page, qtbot, "Org 7 Inc", "00-0000007")
    qtbot.mouseClick(prompt.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    with page.ctx.db.read_session() as s:
        assert count_organizations(s) == 30
        existing = count_organizations(s, OrganizationFilter(text="Org 007"))
        assert existing == 1
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.name == "Org 007")
    assert page.detail.detail.website == "example.org"  # the blank field was filled from what was typed


def test_contact_editor_adds_a_primary_contact(page: OrganizationsPage, qtbot) -> None:
    org_id = page.detail.detail.id
    with page.ctx.db.session() as s:
        add_contact(s, org_id, ContactInput(name="Ann Old", is_primary=True))
    announce(page.ctx, Changes.of("contact"))
    qtbot.waitUntil(lambda: page.detail.contacts_model.rowCount() == 1)
    qtbot.mouseClick(page.detail.add_contact_button, Qt.MouseButton.LeftButton)
    editor = page.editing.contact_editor
    editor.fields["name"].setText("Ben New")
    editor.fields["email"].setText("not an email")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "Email" in editor.error_label.text()
    editor.fields["email"].setText("ben@example.org")
    editor.primary_check.setChecked(True)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.contacts_model.rowCount() == 2)
    contacts = page.detail.detail.contacts
    assert [(c.name, c.is_primary) for c in contacts] == [("Ben New", True), ("Ann Old", False)]


def test_open_record_shows_a_contact_in_its_organization(page: OrganizationsPage, qtbot) -> None:
    target = page.model.row_at(25).id  # Org 025, a manufacturer
    with page.ctx.db.session() as s:
        contact_id = add_contact(s, target, ContactInput(name="Zed Contact"))
    with qtbot.waitSignal(page.model.loaded):
        page.filters.sector.setCurrentIndex(page.filters.sector.findData("healthcare"))
    assert page.model.row_of(target) is None  # filtered out of the list
    page.open_record("contact", contact_id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == target)
    qtbot.waitUntil(lambda: page.detail.selected_contact_id() == contact_id)
    qtbot.waitUntil(lambda: page.model.row_of(target) is not None)  # the filters now show it
    assert page.filters.search.text() == "Org 025" and page.filters.sector.currentData() is None
    qtbot.waitUntil(lambda: page.model.row_at(page.table.currentIndex().row()).id == target)


def test_editor_keeps_a_draft_while_typing(page: OrganizationsPage, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(editor_module, "DRAFT_DELAY_MS", 10)
    editor = page.editing.new_organization()
    qtbot.keyClicks(_field(editor, "name"), "Half-typed Org")
    qtbot.waitUntil(lambda: load_draft(page.ctx.db, "organization:new") is not None)
    assert load_draft(page.ctx.db, "organization:new").payload["name"] == "Half-typed Org"
    editor.hide()  # as if the app died: the draft stays
    again = page.editing.new_organization()
    qtbot.waitUntil(lambda: _field(again, "name").text() == "Half-typed Org")
    assert again.draft_banner.isVisible()
    again.reject()  # Cancel asks first, because there is typed text
    box = again.findChild(QMessageBox, "discardChangesBox")
    assert box is not None and again.isVisible()
    next(b for b in box.buttons() if b.text() == "Discard").click()
    assert not again.isVisible()
    qtbot.waitUntil(lambda: load_draft(page.ctx.db, "organization:new") is None)


def test_delete_asks_first_then_tombstones(page: OrganizationsPage, qtbot) -> None:
    _select(page, qtbot, "Org 003")
    org_id = page.detail.detail.id
    page.detail.delete_action.trigger()  # More → Delete…
    box = page.findChild(QMessageBox, "confirmBox")
    assert box is not None and "Org 003" in box.text()
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    with qtbot.waitSignal(page.model.loaded):
        delete.click()
    assert page.model.total == 29 and page.model.row_of(org_id) is None
    with page.ctx.db.read_session() as s:
        assert s.get(Organization, org_id).deleted_at is not None
    qtbot.waitUntil(lambda: page.detail.placeholder.text() == "This organization has been deleted.")


def test_an_empty_profile_says_how_to_add_organizations(ctx: AppContext, qtbot) -> None:
    page = OrganizationsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.model.loaded):
        page.show()
    assert page.list_stack.currentIndex() == 1
    assert page.empty_label.text().startswith("No organizations yet.")
    assert not page.empty_clear.isVisible()
    assert page.count_label.text() == "0 organizations"


def test_merge_dialog_folds_a_duplicate_into_the_chosen_organization(page: OrganizationsPage, qtbot) -> None:
    _select(page, qtbot, "Org 012")
    dup = page.detail.detail.id
    with page.ctx.db.session() as s:
        add_contact(s, dup, ContactInput(name="Moved Person"))
    page.detail.merge_action.trigger()  # More → Merge into another organization…
    dialog = page.editing.merge_dialog
    qtbot.waitUntil(lambda: dialog.list.count() > 0)
    assert not dialog.merge_button.isEnabled()  # nothing chosen yet
    qtbot.keyClicks(dialog.search, "Org 020")
    qtbot.waitUntil(lambda: dialog.list.count() == 1 and dialog.list.item(0).text().startswith("Org 020"))
    dialog.list.setCurrentRow(0)
    keep = dialog.list.item(0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(page.model.loaded):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert page.model.total == 29 and page.model.row_of(dup) is None
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == keep)
    assert [c.name for c in page.detail.detail.contacts] == ["Moved Person"]


def test_file_new_organization_opens_the_editor_from_the_main_window(ctx: AppContext, qtbot) -> None:
    from sector_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.menu_actions.new_organization.trigger()  # File → New organization (Ctrl+Shift+O)
    page = window.page("organizations")
    assert isinstance(page, OrganizationsPage) and window.stack.currentWidget() is page
    assert page.editing.editor is not None and page.editing.editor.isVisible()
    assert page.editing.editor.windowTitle() == "New organization"
    page.editing.editor.reject()
