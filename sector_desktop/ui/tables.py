"""Table views as every screen sets them up: whole-row single selection, no editing, fitted columns,
and sorting by a click on any column header."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

# The header section of "no column": the list's own order (a view's, a filter's).
NATURAL = -1


def make_table(model: QAbstractItemModel, name: str, stretch: int, *, sortable: bool = True) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    model.modelReset.connect(lambda: fit_columns(table, stretch))
    if sortable:
        sort_by_headers(table)
    return table


def sort_by_headers(
    table: QTableView, column: int = NATURAL, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
) -> None:
    """Let a click on a column header sort `table` (a second click reverses it); start sorted by
    `column` (NATURAL: the model's own order). The model's `sort` does the work: the shared rows
    model in memory, the windowed model in the store, so paging follows the sort."""
    header = table.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSortIndicator(column, order)
    table.setSortingEnabled(True)


def fit_columns(table: QTableView, stretch: int, cap: int = 250) -> None:
    """Size columns to their contents, but never so wide that the stretching column is squeezed."""
    for col in range(table.model().columnCount()):
        if col != stretch and not table.isColumnHidden(col):
            table.resizeColumnToContents(col)
            table.setColumnWidth(col, min(table.columnWidth(col), cap))
