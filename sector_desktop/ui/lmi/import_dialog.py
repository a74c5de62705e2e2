"""Importing a labour-market file from the app: choose the kind and the file, preview (in a worker,
with progress), then import in one transaction. Bad rows are listed by row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.errors import SectorError
from sector_desktop.services.lmi import LmiPreview, apply_lmi, office_areas, preview_lmi
from sector_desktop.services.lmi.mapped import FIELDS, apply_mapped, preview_mapped, save_mapping

from ..context import AppContext
from ..datetimes import py_date, qdate
from ..operations import run_op
from ..tasks import guarded, run_task

KINDS = (
    ("oews", "BLS OEWS (occupation employment and wages), .xlsx or .csv"),
    ("qcew", "BLS QCEW (establishments, employment, wages), .csv slice"),
    ("onet", "O*NET database file (Occupation Data, Tasks, Skills, Technology Skills)"),
    ("mapped", "Another table, through a column mapping"),
)


class LmiImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lmiImportDialog")
        self.setWindowTitle("Import labour-market figures")
        self.setMinimumWidth(620)
        self.preview: LmiPreview | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("lmiKindCombo")
        for code, text in KINDS:
            self.kind.addItem(text, code)
        self.file = QLineEdit()
        self.file.setObjectName("lmiFileInput")
        self.file.setAccessibleName("File to import")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.period = QLineEdit()
        self.period.setObjectName("lmiPeriodInput")
        self.period.setPlaceholderText("only if the file's name does not say it, e.g. May 2024 or 29.1")
        self.released_known = QCheckBox("I know the release date:")
        self.released = QDateEdit(qdate(clock.today()))
        self.released.setCalendarPopup(True)
        self.released.setAccessibleName("Release date")
        self.released_known.setAccessibleName("I know the release date")
        self.period.setAccessibleName("Reference period")
        self.kind.setAccessibleName("Kind of file")
        self.released.setEnabled(False)
        self.released_known.toggled.connect(self.released.setEnabled)
        released = QHBoxLayout()
        released.addWidget(self.released_known)
        released.addWidget(self.released, 1)
        self.mapping = MappingEditor(ctx)
        self.mapping.hide()
        self.areas = QLabel("")
        self.areas.setWordWrap(True)
        self.areas.setProperty("role", "hint")
        self.summary = QLabel("Choose a file, then Preview.")
        self.summary.setObjectName("lmiPreviewSummary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.errors = QListWidget()
        self.errors.setObjectName("lmiPreviewErrors")
        self.errors.setAccessibleName("Problems found in the file")
        self.errors.setMaximumHeight(140)
        self.buttons = QDialogButtonBox()
        self.preview_button = self.buttons.addButton("Preview", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("lmiImportButton")
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button.clicked.connect(self.run_import)
        form = QFormLayout()
        form.addRow("Kind", self.kind)
        form.addRow("File", row)
        form.addRow("Reference period", self.period)
        form.addRow("Release date", released)
        layout = QVBoxLayout(self)
        for part in (form, self.mapping, self.areas, self.summary, self.progress, self.errors, self.buttons):
            layout.addLayout(part) if isinstance(part, QFormLayout) else layout.addWidget(part)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.file.textChanged.connect(lambda _t: self._kind_changed())
        shown = ", ".join(map(str, office_areas(ctx.paths))) or "none set: every area in the file is kept"
        self.areas.setText(f"The office's areas (only their rows are imported): {shown}.")

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a file", "", "Tables (*.xlsx *.csv *.txt *.tsv)")
        if name:
            self.file.setText(name)

    def _kind_changed(self) -> None:
        self.preview = None
        self.import_button.setEnabled(False)
        mapped = self.kind.currentData() == "mapped"
        self.mapping.setVisible(mapped)
        if mapped and self.file.text().strip():
            self.mapping.read_headers(Path(self.file.text().strip()))

    def _released(self) -> dt.date | None:
        return py_date(self.released.date()) if self.released_known.isChecked() else None

    def run_preview(self) -> None:
        path = Path(self.file.text().strip())
        kind, db, areas = self.kind.currentData(), self.ctx.db, office_areas(self.ctx.paths)
        period, released = self.period.text().strip() or None, self._released()
        self.errors.clear()
        if kind == "mapped":  # saving the mapping is a write: through the one write path
            name, source, columns = self.mapping.chosen()

            def save_then_preview() -> LmiPreview:
                save_mapping(db, name, source, columns)
                return preview_mapped(db, path, name, areas=areas, released=released)

            self.summary.setText("Saving the mapping and reading the file…")
            run_op(self.ctx, save_then_preview, done=self._previewed, failed=self._failed, owner=self)
            return

        def work(progress: Any) -> LmiPreview:
            return preview_lmi(
                db, kind, path, areas=areas, period=period, released=released, progress=progress.report
            )

        self.errors.clear()
        self.progress.show()
        self.summary.setText("Reading the file…")
        run_task(
            work,
            guarded(self, self._previewed),
            guarded(self, self._failed),
            guarded(self, lambda done, _t, text: self.summary.setText(text)),
            with_progress=True,
        )

    def _previewed(self, preview: LmiPreview) -> None:
        self.progress.hide()
        self.preview = preview
        text = preview.summary()
        if preview.already_imported:
            text += f"\n{preview.already_imported}"
        if not preview.ok:
            count = preview.error_count
            text += f"\nNot importable: {count:,} problem(s), listed below. Nothing will be written."
        self.summary.setText(text)
        for error in preview.errors:
            self.errors.addItem(str(error))
        self.import_button.setEnabled(preview.ok and not preview.already_imported)

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        if not isinstance(exc, SectorError):
            raise exc
        self.summary.setText(str(exc))
        for error in getattr(exc, "errors", []):
            self.errors.addItem(str(error))

    def run_import(self) -> None:
        preview, db = self.preview, self.ctx.db
        if preview is None:
            return
        self.import_button.setEnabled(False)
        self.progress.show()

        def work() -> str:
            if preview.dataset == "mapped":
                return apply_mapped(db, preview)
            return str(apply_lmi(db, preview))

        def done(message: str) -> None:
            self.progress.hide()
            self.summary.setText(message)

        run_op(self.ctx, work, done=done, failed=self._failed, owner=self)


class MappingEditor(QWidget):
    """Which column of the file holds each field, and which columns are figures; saved by name."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.name = QLineEdit()
        self.name.setAccessibleName("Mapping name")
        self.name.setPlaceholderText("e.g. lightcast-occupations")
        self.source = QLineEdit()
        self.source.setAccessibleName("Source of the figures")
        self.source.setPlaceholderText("the publisher and product, e.g. Lightcast 2025.3")
        self.fields = {field: QComboBox() for field in FIELDS}
        self.measures = QListWidget()
        self.measures.setAccessibleName("Columns that hold figures")
        self.measures.setMaximumHeight(90)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Mapping name", self.name)
        form.addRow("Source", self.source)
        for field, combo in self.fields.items():
            combo.setAccessibleName(f"Column for {field.replace('_', ' ')}")
            form.addRow(field.replace("_", " ").capitalize(), combo)
        form.addRow("Figures (tick)", self.measures)

    def read_headers(self, path: Path) -> None:
        from sector_desktop.services.lmi.reading import iter_rows

        headers: list[str] = []
        try:
            headers = next((cells for _n, cells in iter_rows(path) if cells and any(cells)), [])
        except (SectorError, OSError):
            headers = []
        for combo in self.fields.values():
            combo.clear()
            combo.addItem("(none)", None)
            for h in headers:
                combo.addItem(h, h)
        self.measures.clear()
        for h in headers:
            self.measures.addItem(h)
            item = self.measures.item(self.measures.count() - 1)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[str, str, dict[str, Any]]:
        """The mapping as set: its name, source and columns (saved, and synced, by the preview)."""
        columns: dict[str, Any] = {f: c.currentData() for f, c in self.fields.items() if c.currentData()}
        items = [self.measures.item(i) for i in range(self.measures.count())]
        ticked = [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]
        columns["measures"] = {h: {"column": h, "unit": None} for h in ticked}
        return self.name.text().strip(), self.source.text().strip(), columns
