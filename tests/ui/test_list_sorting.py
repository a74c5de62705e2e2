"""Every big list sorts by a click on a column header, and its windows (keyset paging) follow the
chosen column and direction across window boundaries; a reload after a write keeps the sort; the
short lists sort in memory; the main window remembers each list's sort."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from screens import settle

from sector_desktop.services.organizations import OrganizationInput, create_organization
from sector_desktop.store.action_items import ActionItemFilter, count_action_items
from sector_desktop.store.meetings import MeetingFilter, count_meetings
from sector_desktop.store.organizations import count_organizations
from sector_desktop.store.visits import VisitFilters, count_visits
from sector_desktop.ui.action_items import table_model as items_cols
from sector_desktop.ui.action_items.page import ActionItemsPage
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.meetings import table_model as meeting_cols
from sector_desktop.ui.meetings.page import MeetingsPage
from sector_desktop.ui.operations import run_op
from sector_desktop.ui.organizations import table_model as org_cols
from sector_desktop.ui.organizations.page import OrganizationsPage
from sector_desktop.ui.visits.page import VisitsPage
from sector_desktop.ui.visits.table_model import VisitsTableModel
from sector_desktop.ui.window_memory import WindowMemory
from sector_desktop.ui.windowed_model import WindowedTableModel

WINDOW = 3  # rows per window: every demo list spans several


def click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    table.setColumnHidden(column, False)  # as the header's column menu does
    if table.model().rowCount():
        table.scrollTo(table.model().index(0, column))  # bring the column into view
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    assert 0 <= x < header.viewport().width(), "the column's header is on screen"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def fetch_all(qtbot: QtBot, model: WindowedTableModel) -> list[Any]:
    """Every row, fetched window after window as a scrolling view would."""
    def done() -> bool:
        if model.canFetchMore():
            model.fetchMore()
        return not model.canFetchMore() and not model.is_fetching and not model.is_loading

    qtbot.waitUntil(done, timeout=10000)
    return model.rows()


def sorted_by_click(qtbot: QtBot, table: QTableView, model: WindowedTableModel, column: int) -> None:
    with qtbot.waitSignal(model.loaded, timeout=10000):
        click_header(qtbot, table, column)


def assert_in_order(rows: list[Any], key: Callable[[Any], Any], descending: bool) -> None:
    """Monotonic by `key` with blanks (None) last, and no row twice."""
    assert len({r.id for r in rows}) == len(rows)
    values = [key(r) for r in rows]
    filled = [v for v in values if v is not None]
    assert values == filled + [None] * (len(values) - len(filled)), "blanks come last"
    assert filled == sorted(filled, reverse=descending)


def page_with_small_windows(qtbot: QtBot, page: Any) -> Any:
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.model.window = WINDOW
    wait_loaded(qtbot, page.model)
    return page


def wait_loaded(qtbot: QtBot, model: WindowedTableModel) -> None:
    def ready() -> bool:
        return model.rowCount() > 0 and not (model.is_loading or model.is_counting)

    qtbot.waitUntil(ready, timeout=10000)


CASES = [
    # (page, column, the row's value the column sorts by, how many rows the store has)
    pytest.param(
        OrganizationsPage,
        org_cols.CITY,
        lambda r: r.city,
        lambda s: count_organizations(s),
        id="organizations-city",
    ),
    pytest.param(
        VisitsPage,
        VisitsTableModel.ORGANIZATION,
        lambda r: r.organization_name,
        lambda s: count_visits(s, VisitFilters()),
        id="visits-organization",
    ),
    pytest.param(
        MeetingsPage,
        meeting_cols.TITLE,
        lambda r: r.title,
        lambda s: count_meetings(s, MeetingFilter("past")),
        id="meetings-title",
    ),
    pytest.param(
        ActionItemsPage,
        items_cols.OWNER,
        lambda r: r.owner_name,
        None,
        id="action-items-owner",
    ),
]


@pytest.mark.parametrize(("page_class", "column", "key", "count"), CASES)
def test_a_header_click_sorts_the_whole_list_across_windows(
    qtbot: QtBot, demo_ctx: AppContext, page_class: Any, column: int, key: Callable, count: Any
) -> None:
    page = page_with_small_windows(qtbot, page_class(demo_ctx))
    model: WindowedTableModel = page.model
    if isinstance(page, ActionItemsPage):
        page.set_view("open")  # everyone's, so that owners differ
        wait_loaded(qtbot, model)
    if isinstance(page, MeetingsPage):
        # The demo has seven upcoming meetings, one of them today at 15:00: after 18:00 it is past
        # and only six are left, not more than two windows. The past ones are many at any hour.
        with qtbot.waitSignal(model.loaded, timeout=10000):
            page.when.setCurrentIndex(page.when.findData("past"))
        wait_loaded(qtbot, model)
    if count is None:  # the action items of the page's view
        with demo_ctx.db.read_session() as s:
            expected = count_action_items(s, model.filter)
    else:
        with demo_ctx.db.read_session() as s:
            expected = count(s)
    assert expected > 2 * WINDOW
    sorted_by_click(qtbot, page.table, model, column)
    assert model.sort_order == Qt.SortOrder.AscendingOrder
    ascending = fetch_all(qtbot, model)
    assert len(ascending) == expected == model.total
    assert_in_order(ascending, key, descending=False)
    sorted_by_click(qtbot, page.table, model, column)  # a second click reverses it
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    descending = fetch_all(qtbot, model)
    assert_in_order(descending, key, descending=True)
    assert {r.id for r in descending} == {r.id for r in ascending}


def test_a_reload_after_a_write_keeps_the_sort(qtbot: QtBot, demo_ctx: AppContext) -> None:
    page = page_with_small_windows(qtbot, OrganizationsPage(demo_ctx))
    model = page.model
    sorted_by_click(qtbot, page.table, model, org_cols.CITY)
    sorted_by_click(qtbot, page.table, model, org_cols.CITY)  # descending
    db = demo_ctx.db

    def add() -> str:
        with db.session() as s:
            welding = OrganizationInput(name="Zeta Welding", kind="employer", city="Zzyzx")
            return create_organization(s, welding)

    with qtbot.waitSignal(model.loaded, timeout=10000):  # the write is announced and the list reloads
        run_op(demo_ctx, add)
    assert model.sort_key == "city" and model.descending
    assert model.row_at(0).city == "Zzyzx"  # the new one sorts first, by the chosen column
    assert page.table.horizontalHeader().sortIndicatorSection() == org_cols.CITY
    assert_in_order(fetch_all(qtbot, model), lambda r: r.city, descending=True)


def test_action_items_keep_their_views_order_until_a_header_is_clicked(
    qtbot: QtBot, demo_ctx: AppContext
) -> None:
    page = page_with_small_windows(qtbot, ActionItemsPage(demo_ctx))
    page.set_view("open")
    wait_loaded(qtbot, page.model)
    assert page.table.horizontalHeader().sortIndicatorSection() == -1  # the view's own order: by due date
    with demo_ctx.db.read_session() as s:
        assert count_action_items(s, ActionItemFilter(view="open", today=page.model.filter.today)) > WINDOW
    by_due = fetch_all(qtbot, page.model)
    assert_in_order(by_due, lambda r: r.due_date, descending=False)


def test_short_lists_sort_in_memory_with_blanks_last(
    qtbot: QtBot, demo_ctx: AppContext, qtmodeltester: Any
) -> None:
    page = OrganizationsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.detail.visits_model.rowCount() > 1, timeout=10000)
    history = page.detail.visits_model
    view = page.detail.visits_view
    click_header(qtbot, view, history.DATE)
    dates = [r.starts_at for r in history.rows()]
    assert dates == sorted(dates)
    click_header(qtbot, view, history.DATE)
    assert [r.starts_at for r in history.rows()] == sorted(dates, reverse=True)
    click_header(qtbot, view, history.STAFF)
    staff = [history.index(i, history.STAFF).data() for i in range(history.rowCount())]
    filled = [s for s in staff if s]
    assert staff == sorted(filled, key=str.casefold) + [""] * (len(staff) - len(filled))
    qtmodeltester.check(history)


def test_the_window_remembers_each_lists_sort(qtbot: QtBot, demo_ctx: AppContext) -> None:
    def open_window() -> MainWindow:
        window = MainWindow(demo_ctx)
        qtbot.addWidget(window)
        WindowMemory(window, window.stack, demo_ctx.paths.config_dir).restore_window()
        window.show()
        settle()
        return window

    first = open_window()
    page = first.go_to("organizations")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.is_loading)
    sorted_by_click(qtbot, page.table, page.model, org_cols.LAST_VISIT)
    sorted_by_click(qtbot, page.table, page.model, org_cols.LAST_VISIT)
    first.close()
    again = open_window().go_to("organizations")
    qtbot.waitUntil(lambda: again.model.sort_key == "last_visit" and not again.model.is_loading)
    assert again.model.descending
    header = again.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        org_cols.LAST_VISIT,
        Qt.SortOrder.DescendingOrder,
    )


def test_a_sorted_short_list_keeps_the_chosen_row_on_reload(qtbot: QtBot, demo_ctx: AppContext) -> None:
    from sector_desktop.ui.operations import Changes, announce
    from sector_desktop.ui.partnerships.page import PartnershipsPage
    from sector_desktop.ui.partnerships.table_models import PartnershipsTableModel

    page = PartnershipsPage(demo_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 2, timeout=10000)
    click_header(qtbot, page.table, PartnershipsTableModel.NAME)
    click_header(qtbot, page.table, PartnershipsTableModel.NAME)  # Z to A
    names = [r.name for r in model.rows()]
    assert names == sorted(names, reverse=True)
    page.table.selectRow(0)
    chosen = model.row_at(0).id
    qtbot.waitUntil(lambda: page._selected_id == chosen)
    with qtbot.waitSignal(model.modelReset, timeout=10000):  # a write anywhere reloads the list
        announce(demo_ctx, Changes(everything=True))
    assert [r.name for r in model.rows()] == names  # still Z to A
    assert page.table.currentIndex().row() == 0 and model.row_at(0).id == chosen
