"""File → Export…: choose what to export (organizations, contacts, visits), the format and the file."""

from __future__ import annotations

import traceback
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import SectorError
from sector_desktop.services.exporting import ExportResult, export_records

from ..context import AppContext
from ..tasks import run_task

KINDS = (("organizations", "Organizations"), ("contacts", "Contacts"), ("visits", "Visits"))
FORMATS = (("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV, UTF-8 (.csv)"), ("json", "JSON (.json)"))


class ExportDialog(QDialog):
    """Every field of every live record of one kind, to one file."""

    exported = Signal(object)  # the ExportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.export_result: ExportResult | None = None
        self.setObjectName("exportDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Export")
        self.resize(560, 200)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("exportKind")
        self.kind_combo.setAccessibleName("What to export")
        for code, text in KINDS:
            self.kind_combo.addItem(text, code)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for code, text in FORMATS:
            self.format_combo.addItem(text, code)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setAccessibleName("Export to file")
        browse = QPushButton("Choose…")
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Export", self.kind_combo)
        form.addRow("As", self.format_combo)
        form.addRow("To file", file_row)
        self.status = QLabel("Every field is written; deleted records are left out.")
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.start_export)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status, 1)
        layout.addLayout(buttons)
        self.kind_combo.currentIndexChanged.connect(self._suggest_path)
        self.format_combo.currentIndexChanged.connect(self._suggest_path)
        self.path_edit.editingFinished.connect(self._format_from_suffix)
        self._suggest_path()

    def _format_from_suffix(self) -> None:
        """A typed name ending in .csv, .xlsx or .json picks that format, so the two never disagree."""
        found = self.format_combo.findData(Path(self.path_edit.text()).suffix.lstrip(".").lower())
        if found >= 0 and found != self.format_combo.currentIndex():
            self.format_combo.blockSignals(True)
            self.format_combo.setCurrentIndex(found)
            self.format_combo.blockSignals(False)

    def _suggest_path(self) -> None:
        current = Path(self.path_edit.text()) if self.path_edit.text() else Path.home() / "export"
        kind, fmt = self.kind_combo.currentData(), self.format_combo.currentData()
        self.path_edit.setText(str(current.with_name(f"{kind}.{fmt}")))

    def _browse(self) -> None:
        fmt = self.format_combo.currentData()
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(), f"*.{fmt}")
        if path:
            self.path_edit.setText(path)

    def start_export(self) -> None:
        db, kind, fmt = self.ctx.db, str(self.kind_combo.currentData()), str(self.format_combo.currentData())
        path = Path(self.path_edit.text().strip())
        self.export_button.setEnabled(False)
        self.status.setText(f"Exporting {kind}…")
        run_task(lambda: export_records(db, kind, path, fmt), self._done, self._failed)

    def _done(self, result: ExportResult) -> None:
        if not shiboken6.isValid(self):  # closed while the file was being written
            return
        self.export_result = result
        self.export_button.setEnabled(True)
        self.status.setText(str(result))
        self.exported.emit(result)

    def _failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.export_button.setEnabled(True)
        self.status.setText(str(exc) if isinstance(exc, SectorError) else f"Unexpected problem: {exc}")
        if not isinstance(exc, SectorError):
            from ..crash import show_exception

            show_exception(exc, "".join(traceback.format_exception(exc)))


def export_with_dialog(ctx: AppContext, parent: QWidget | None = None) -> ExportDialog:
    """Open the export dialog (File → Export…) and return it."""
    dialog = ExportDialog(ctx, parent)
    dialog.open()
    return dialog
