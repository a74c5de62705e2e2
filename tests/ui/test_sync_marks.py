"""Per-record sync state where people look: a mark in lists, the Sync page's waiting list, the status bar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from visits_data import World, full_input, make_world

from sector_desktop.services.organizations import OrganizationInput, create_organization
from sector_desktop.services.visits import log_visit
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.sync.client.records import WAITING
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.operations import Changes, announce, run_op
from sector_desktop.ui.organizations.page import OrganizationsPage
from sector_desktop.ui.sync.marks import SyncStateDelegate
from sector_desktop.ui.sync.page import SyncPage


@pytest.fixture
def world(db: Database) -> World:
    w = make_world(db)
    with db.engine.begin() as conn:  # as if all of it had been synced already
        conn.execute(text("DELETE FROM sync_outbox"))
    return w


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths, world: World, qtbot: QtBot) -> Iterator[AppContext]:
    yield AppContext(db=db, paths=paths, staff_id=world.ana)
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


def test_a_record_changed_here_is_marked_in_the_list_until_the_server_has_it(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    page = OrganizationsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    delegate = page.table.itemDelegateForColumn(0)
    assert isinstance(delegate, SyncStateDelegate)

    def state(org_id: str) -> str | None:
        row = page.model.row_of(org_id)
        return None if row is None else delegate.state(page.model.index(row, 0))

    def add() -> str:
        with ctx.db.session() as s:
            return create_organization(s, OrganizationInput(name="Harbor Welding", kind="employer"))

    with qtbot.waitSignal(ctx.events.applied):
        run_op(ctx, add)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    new_id = next(r.id for r in page.model._rows if r.name == "Harbor Welding")
    qtbot.waitUntil(lambda: state(new_id) == WAITING)
    assert state(world.clinic) is None
    assert delegate.tooltip(page.model.index(page.model.row_of(new_id), 0)).startswith("Waiting to sync")
    with ctx.db.engine.begin() as conn:  # the server acknowledged it
        conn.execute(text("DELETE FROM sync_outbox"))
    announce(ctx, Changes(everything=True, local=False))
    qtbot.waitUntil(lambda: state(new_id) is None)


def test_the_sync_page_lists_the_waiting_records_and_counts_records(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    log_visit(ctx.db, full_input(world))
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.waiting.rowCount() == 6)
    assert page.pending.text().startswith("<b>6 records</b> waiting to be sent: 1 visit, 1 action item, ")
    assert page.tabs.tabText(2) == "Waiting to be sent (6)"
    kinds = [page.waiting.index(r, 1).data() for r in range(6)]
    assert kinds.count("Visit attendee") == 2 and "Visit" in kinds


def test_the_status_bar_says_which_records_wait(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    from sector_desktop.ui.main_window import MainWindow

    log_visit(ctx.db, full_input(world))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pending_label.text() != "")
    assert (
        window.pending_label.text()
        == "Waiting to sync: 1 visit, 1 action item, 1 hiring need and 3 more records"
    )
    assert "2 visit attendees" in window.pending_label.toolTip()
