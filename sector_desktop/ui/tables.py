"""Table views as every screen sets them up: whole-row single selection, no editing, fitted columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def make_table(model: QAbstractItemModel, name: str, stretch: int) -> QTableView:
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
    return table


def fit_columns(table: QTableView, stretch: int, cap: int = 250) -> None:
    """Size columns to their contents, but never so wide that the stretching column is squeezed."""
    for col in range(table.model().columnCount()):
        if col != stretch and not table.isColumnHidden(col):
            table.resizeColumnToContents(col)
            table.setColumnWidth(col, min(table.columnWidth(col), cap))
