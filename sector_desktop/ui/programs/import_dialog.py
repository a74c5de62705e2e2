"""Import training programs: choose a CSV or XLSX file, see the preview (how many programs, which are
already in the inventory, which providers are new, every bad row), then import all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import SectorError
from sector_desktop.services.programs import ProgramsPreview, apply_programs, preview_programs

from ..context import AppContext
from ..operations import run_op
from ..tasks import run_task


class ProgramsImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: ProgramsPreview | None = None
        self.setWindowTitle("Import training programs")
        self.setMinimumWidth(560)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName("File to import")
        self.file.setPlaceholderText("A .csv or .xlsx file with provider, program and sector columns")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        self.summary = QLabel("The columns are in docs/import-format.md (Training programs).")
        self.summary.setObjectName("programsImportSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("programsImportProblems")
        self.problems.setAccessibleName("Problems found in the file")
        self.problems.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import training programs", "", "Spreadsheets (*.csv *.xlsx)"
        )
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        """Preview `path` in the thread pool; nothing is written."""
        self.file.setText(str(path))
        self.summary.setText(f"Reading {path.name}…")
        self.import_button.setEnabled(False)
        db = self.ctx.db
        run_task(lambda: preview_programs(db, path), self._previewed, self._unreadable)

    def _unreadable(self, exc: Exception) -> None:
        if not isinstance(exc, SectorError):
            raise exc
        self.summary.setText(str(exc))
        self.problems.hide()

    def _previewed(self, preview: ProgramsPreview) -> None:
        self.preview = preview
        lines = [f"{preview.file_name}: {preview.summary()}."]
        if preview.new_providers:
            lines.append(f"New providers, added as training providers: {', '.join(preview.new_providers)}.")
        if preview.ignored_columns:
            lines.append(f"Ignored columns: {', '.join(preview.ignored_columns)}.")
        lines.append(
            "Nothing is imported while any row has a problem." if preview.errors else "Ready to import."
        )
        self.summary.setText("\n".join(lines))
        self.problems.clear()
        self.problems.addItems([str(e) for e in preview.errors])
        self.problems.setVisible(bool(preview.errors))
        self.import_button.setEnabled(preview.ok and bool(preview.rows))

    def apply(self) -> None:
        preview = self.preview
        if preview is None:
            return
        db = self.ctx.db
        self.import_button.setEnabled(False)
        run_op(
            self.ctx,
            lambda: apply_programs(db, preview),
            done=self._done,
            failed=self._failed,
            undo="Import training programs",
            owner=self,
        )

    def _done(self, result: object) -> None:
        self.summary.setText(str(result))
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(str(exc))
        self.problems.clear()
        self.problems.addItems([str(e) for e in getattr(exc, "errors", [])])
        self.problems.setVisible(self.problems.count() > 0)
