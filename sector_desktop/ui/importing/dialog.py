"""File → Import…: choose a file, see its rows, problems and likely duplicates, then import it whole.

Nothing is written until Import is pressed, and Import stays disabled while the file has problems.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import ImportRefused, SectorError
from sector_desktop.services.importing import ImportPreview, ImportResult, apply_import, preview_import

from ..context import AppContext
from ..operations import run_op
from ..tables import sort_by_headers
from ..tasks import Progress, run_task
from .models import CHOICE_LABELS, ImportDuplicatesTableModel, ImportErrorsTableModel, ImportRowsTableModel

_Index = QModelIndex | QPersistentModelIndex
KINDS = (("organizations", "Organizations"), ("contacts", "Contacts"), ("placements", "Placements"))
POLICIES: tuple[tuple[str, str], ...] = (
    ("", "Choose per row"),
    ("skip", "Skip them all"),
    ("create", "Create them all anyway"),
    ("merge", "Merge them all into their match"),
)


class _ChoiceDelegate(QStyledItemDelegate):
    """A drop-down for the per-row duplicate choice."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("duplicateChoiceEditor")
        for code, text in CHOICE_LABELS.items():
            combo.addItem(text, code)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _table(name: str, model: QAbstractItemModel, widths: tuple[int, ...] = (60,)) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    sort_by_headers(view)
    return view


class ImportDialog(QDialog):
    """Preview a CSV or XLSX file of organizations, contacts or placements; import it in one transaction."""

    previewed = Signal()  # a preview (or a refusal of the file) is shown
    imported = Signal(object)  # the ImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self._busy = False
        self.setObjectName("importDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Import organizations, contacts or placements")
        self.resize(980, 600)
        self._build()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("importKind")
        self.kind_combo.setAccessibleName("What the file holds")
        for code, text in KINDS:
            self.kind_combo.addItem(text, code)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.setPlaceholderText("A .csv (UTF-8) or .xlsx file; see docs/import-format.md")
        browse = QPushButton("Choose file…")
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self._browse)
        self.preview_button = QPushButton("Preview")
        self.preview_button.setObjectName("importPreviewButton")
        self.preview_button.clicked.connect(self.start_preview)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        # A workbook with several sheets: choose which one is read (filled by the first preview).
        self.sheet_label = QLabel("sheet")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.sheet_combo.setAccessibleName("Sheet to import")
        self.sheet_combo.currentIndexChanged.connect(lambda _i: self.start_preview())
        self._sheets_of = ""  # the file whose sheets the combo lists
        self._show_sheets([], None)
        top = QHBoxLayout()
        top.addWidget(QLabel("Import"))
        top.addWidget(self.kind_combo)
        top.addWidget(QLabel("from"))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        top.addWidget(browse)
        top.addWidget(self.preview_button)

        self.status = QLabel("Choose a file to see its rows before anything is imported.")
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setVisible(False)

        self.rows_model = ImportRowsTableModel(self)
        self.errors_model = ImportErrorsTableModel(self)
        self.duplicates_model = ImportDuplicatesTableModel(self)
        self.duplicates_model.choice_changed.connect(self._update_buttons)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("importTabs")
        self.rows_view = _table("importRowsView", self.rows_model)
        self.rows_view.setAccessibleName("Rows of the file")
        self.tabs.addTab(self.rows_view, "Rows")
        errors_view = _table("importErrorsView", self.errors_model, (60, 150, 180))
        errors_view.setAccessibleName("Problems in the file")
        self.tabs.addTab(errors_view, "Problems")
        self.tabs.addTab(self._duplicates_page(), "Likely duplicates")

        self.result_label = QLabel("")
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        close = QPushButton("Close")
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def _duplicates_page(self) -> QWidget:
        page = QWidget()
        self.policy_combo = QComboBox()
        self.policy_combo.setObjectName("duplicatesPolicy")
        self.policy_combo.setAccessibleName("What to do with possible duplicates")
        for code, text in POLICIES:
            self.policy_combo.addItem(text, code)
        self.policy_combo.currentIndexChanged.connect(self._apply_policy)
        row = QHBoxLayout()
        row.addWidget(QLabel("For every likely duplicate:"))
        row.addWidget(self.policy_combo)
        row.addWidget(QLabel("or double-click a row's “What to do” to choose for that row."))
        row.addStretch(1)
        view = _table("importDuplicatesView", self.duplicates_model, (60, 260, 440))
        view.setAccessibleName("Likely duplicates")
        view.setItemDelegateForColumn(ImportDuplicatesTableModel.CHOICE, _ChoiceDelegate(view))
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(view, 1)
        return page

    # -- preview ------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_file(self, path: Path | str, kind: str | None = None) -> None:
        """Choose the file (and kind) and preview it."""
        if kind is not None:
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
            self.kind_combo.blockSignals(False)
        self.path_edit.setText(str(path))
        self.start_preview()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a file to import",
            self.path_edit.text(),
            "Spreadsheets (*.csv *.xlsx);;All files (*)",
        )
        if path:
            self.set_file(path)

    def _kind_changed(self, _index: int) -> None:
        if self.path_edit.text():
            self.start_preview()

    def start_preview(self) -> None:
        text = self.path_edit.text().strip()
        if not text or self._busy:
            return
        if text != self._sheets_of:  # another file: its sheets are not known yet
            self._show_sheets([], None)
        sheet = self.sheet_combo.currentData() if self.sheet_combo.count() else None
        self._show_preview(None)
        self.import_result = None
        self.result_label.setText("")
        self._set_busy(True, "Reading and checking the file…")
        db, kind, path = self.ctx.db, self.kind, Path(text)

        def work(progress: Progress) -> ImportPreview:
            return preview_import(db, kind, path, progress.report, sheet=sheet)

        run_task(work, self._previewed, self._preview_failed, self._on_progress, with_progress=True)

    def _previewed(self, preview: ImportPreview) -> None:
        if not shiboken6.isValid(self):  # closed while the worker ran
            return
        self._set_busy(False)
        if len(preview.sheets) > 1:
            self._sheets_of = self.path_edit.text().strip()
        self._show_sheets(preview.sheets if len(preview.sheets) > 1 else [], preview.sheet)
        self._show_preview(preview)
        self.previewed.emit()

    def _show_sheets(self, sheets: list[str], current: str | None) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for name in sheets:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(current)))
        self.sheet_combo.blockSignals(False)
        self.sheet_label.setVisible(bool(sheets))
        self.sheet_combo.setVisible(bool(sheets))
        if not sheets:
            self._sheets_of = ""

    def _preview_failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):  # closed while the worker ran
            return
        self._set_busy(False)
        self._show_preview(None)
        self._show_problem(exc)
        self.previewed.emit()

    def _show_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.rows_model.set_preview(preview)
        self.errors_model.set_rows(preview.errors if preview else [])
        self.duplicates_model.set_rows(preview.duplicate_rows if preview else [])
        self.policy_combo.blockSignals(True)
        self.policy_combo.setCurrentIndex(0)
        self.policy_combo.blockSignals(False)
        errors = len(preview.errors) if preview else 0
        duplicates = len(preview.duplicate_rows) if preview else 0
        self.tabs.setTabText(1, f"Problems ({errors})")
        self.tabs.setTabText(2, f"Likely duplicates ({duplicates})")
        if preview is not None:
            self._fit_row_columns()
            self.status.setProperty("problem", bool(errors))
            self.status.setText(self._describe(preview))
            self.tabs.setCurrentIndex(1 if errors else 2 if duplicates else 0)
        self._update_buttons()

    def _fit_row_columns(self) -> None:
        self.rows_view.resizeColumnsToContents()  # only the first page is loaded, so this is cheap
        for column in range(self.rows_model.columnCount()):
            self.rows_view.setColumnWidth(column, min(self.rows_view.columnWidth(column), 280))

    def _describe(self, preview: ImportPreview) -> str:
        read_as = f"sheet {preview.sheet!r}" if preview.sheet else preview.encoding
        named = f"{preview.file_name} ({read_as})" if read_as else preview.file_name
        text = f"{named}: {preview.summary()}."
        if preview.errors:
            text += " Fix the problems listed (row numbers as in the spreadsheet) and preview again."
        elif preview.duplicate_rows:
            text += " Likely duplicates are skipped unless you choose otherwise."
        if preview.ignored_columns:
            text += f" Ignored columns: {', '.join(preview.ignored_columns)}."
        if preview.new_staff:
            text += f" New staff users will be added: {', '.join(preview.new_staff)}."
        if padded := preview.padded_zips:
            shown = ", ".join(f"row {n}: {typed} → {zip_code}" for n, typed, zip_code in padded[:5])
            more = f" and {len(padded) - 5:,} more" if len(padded) > 5 else ""
            text += (
                f" {len(padded):,} ZIP code{'s' if len(padded) != 1 else ''} had fewer than 5 digits "
                "(a spreadsheet drops leading zeros) and will be imported with zeros in front: "
                f"{shown}{more}."
            )
        return text

    # -- import -------------------------------------------------------------------------
    def _apply_policy(self) -> None:
        code = self.policy_combo.currentData()
        if code:
            self.duplicates_model.set_all(code)

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok or self._busy:
            return
        choices = dict(self.duplicates_model.choices)
        db, me = self.ctx.db, self.ctx.staff_id
        self._set_busy(True, f"Importing {len(preview.rows):,} rows…")
        run_op(
            self.ctx,
            lambda: apply_import(db, preview, "refuse", choices, owner_id=me),
            done=self._imported,
            failed=self._import_failed,
            owner=self,
        )

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.import_result = result
        self.result_label.setText(str(result))
        self._update_buttons()
        self.imported.emit(result)

    def _import_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_problem(exc)

    # -- state --------------------------------------------------------------------------
    def _show_problem(self, exc: Exception) -> None:
        self.status.setProperty("problem", True)
        if isinstance(exc, SectorError):
            lines = [str(exc)]
            if isinstance(exc, ImportRefused):
                lines += [str(e) for e in exc.errors[:10]]
            self.status.setText("\n".join(lines))
            return
        from ..crash import show_exception

        self.status.setText(f"Unexpected problem: {exc}")
        show_exception(exc, "".join(traceback.format_exception(exc)))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        if message:
            self.status.setProperty("problem", False)
            self.status.setText(message)
        self.preview_button.setEnabled(not busy)
        self._update_buttons()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if not shiboken6.isValid(self):  # closed while the worker ran
            return
        if total <= 0:  # rows are read as they stream in: how many there are is not known yet
            self.progress.setRange(0, 0)
            self.status.setText(f"Reading and checking the file… {message}")
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _update_buttons(self) -> None:
        ready = self.preview is not None and self.preview.ok and bool(self.preview.rows)
        self.import_button.setEnabled(ready and not self._busy and self.import_result is None)
