"""The search dialog (pytest-qt, offscreen): typing shows hits, Enter opens the right record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication

from sector_desktop.models import Contact, Organization, Visit
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.search.dialog import SearchDialog
from sector_desktop.ui.search.results_model import SNIPPET_HTML_ROLE, snippet_html


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths) -> Iterator[AppContext]:
    with db.session() as s:
        org = Organization(name="Tidewater Freight", kind="employer", sector="logistics")
        other = Organization(name="Beacon Bakery", kind="employer", sector="manufacturing")
        s.add_all([org, other])
        s.flush()
        s.add(Contact(organization_id=other.id, name="Tilda Swanson", title="Owner", is_primary=True))
        s.add(
            Visit(
                organization_id=other.id,
                starts_at=dt.datetime(2026, 2, 3, 14),
                purpose="Hiring check-in",
                notes="They need two <b>tidewater</b> bakers & a driver.",
            )
        )
    yield AppContext(db=db, paths=paths)
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


@pytest.fixture
def open_dialog(ctx: AppContext) -> Iterator[SearchDialog]:
    # The dialog deletes itself on close (as the main window uses it), so qtbot.addWidget would
    # close a deleted object; close it here only if it is still alive.
    dialog = SearchDialog(ctx)
    dialog.show()
    yield dialog
    if shiboken6.isValid(dialog):
        dialog.close()


def _org_id(db: Database, name: str) -> str:
    with db.read_session() as s:
        return next(o.id for o in s.query(Organization).filter_by(name=name))


def test_typing_shows_ranked_hits(qtbot, open_dialog: SearchDialog, ctx: AppContext, qtmodeltester) -> None:
    dialog = open_dialog
    qtbot.keyClicks(dialog.edit, "tidew")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    first = dialog.model.hit(0)
    assert first is not None and first.title == "Tidewater Freight" and first.kind == "organization"
    assert dialog.model.hit(1).kind == "visit"
    # The note's own markup is escaped; only the match is bold.
    html = dialog.model.index(1, 0).data(SNIPPET_HTML_ROLE)
    assert "<b>tidewater</b>" in html.lower() and "&lt;b&gt;" in html and "&amp;" in html
    assert "2 matches" in dialog.status.text()
    qtmodeltester.check(dialog.model)


def test_enter_opens_the_selected_hit(
    qtbot, open_dialog: SearchDialog, ctx: AppContext, db: Database
) -> None:
    dialog = open_dialog
    qtbot.keyClicks(dialog.edit, "tidewater")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    with qtbot.waitSignal(ctx.events.open_record, timeout=2000) as opened:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert opened.args == ["organization", _org_id(db, "Tidewater Freight")]
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_down_then_enter_opens_the_second_hit(qtbot, open_dialog: SearchDialog, ctx: AppContext) -> None:
    dialog = open_dialog
    qtbot.keyClicks(dialog.edit, "tidewater")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    visit_id = dialog.model.hit(1).id
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    with qtbot.waitSignal(ctx.events.open_record, timeout=2000) as opened:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert opened.args == ["visit", visit_id]


def test_enter_before_the_results_arrive_opens_the_best_hit(
    qtbot, open_dialog: SearchDialog, ctx: AppContext
) -> None:
    dialog = open_dialog
    with qtbot.waitSignal(ctx.events.open_record, timeout=5000) as opened:
        qtbot.keyClicks(dialog.edit, "tilda")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert opened.args[0] == "contact"


def test_no_matches_and_hostile_text_say_so(qtbot, open_dialog: SearchDialog, ctx: AppContext) -> None:
    dialog = open_dialog
    qtbot.keyClicks(dialog.edit, 'zzz AND("')
    qtbot.waitUntil(lambda: "No matches" in dialog.status.text(), timeout=5000)
    assert dialog.model.rowCount() == 0


def test_snippet_html_escapes_everything_but_the_marks() -> None:
    assert snippet_html("a <i>\x02x\x03</i>") == "a &lt;i&gt;<b>x</b>&lt;/i&gt;"


def test_ctrl_k_in_the_main_window_opens_the_search(qtbot, ctx: AppContext) -> None:
    from sector_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert "Ctrl+K" in [s.toString() for s in window.menu_actions.search.shortcuts()]
    window.menu_actions.search.trigger()
    dialog = window.findChild(SearchDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.edit, "tidewater")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    with qtbot.waitSignal(ctx.events.open_record, timeout=2000) as opened:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert opened.args[0] == "organization"


def test_a_program_found_by_search_opens_on_the_apprenticeships_page(qtbot, ctx: AppContext) -> None:
    from sector_desktop.models import ApprenticeshipProgram, Organization
    from sector_desktop.ui.main_window import MainWindow

    with ctx.db.session() as s:
        sponsor = Organization(name="Port Authority", kind="employer")
        s.add(sponsor)
        s.flush()
        program = ApprenticeshipProgram(sponsor_id=sponsor.id, occupation_title="Crane Operator")
        s.add(program)
        s.flush()
        program_id = program.id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.menu_actions.search.trigger()
    dialog = window.findChild(SearchDialog)
    qtbot.keyClicks(dialog.edit, "crane")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert (
        dialog.model.index(0, 0)
        .data(Qt.ItemDataRole.AccessibleTextRole)
        .startswith("Apprenticeship program: Crane Operator")
    )
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    page = window.page("apprenticeships")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    qtbot.waitUntil(
        lambda: page.stack.currentWidget() is page.detail and page.detail.program_id() == program_id
    )
