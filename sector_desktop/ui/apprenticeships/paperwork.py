"""The paperwork tab: the checklist, the selected document's status, due date, notes and files."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.models.choices import DOCUMENT_STATUSES
from sector_desktop.personal_data import ATTACH_REMINDER
from sector_desktop.services.apprenticeship.programs import update_document
from sector_desktop.store.apprenticeship import DocumentRow

from ..attachments.panel import AttachmentsPanel
from ..context import AppContext
from ..datetimes import date_edit_format, py_date
from ..notice import Notice
from ..operations import run_op
from ..tables import sort_by_headers
from .table_models import DocumentsTableModel


class PaperworkTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._shown_id: str | None = None  # the document in the form; a reload of it keeps the message
        self.model = DocumentsTableModel()
        self.table = QTableView()
        self.table.setObjectName("documentsTable")
        self.table.setAccessibleName("Paperwork documents")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DocumentsTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (DocumentsTableModel.STATUS, DocumentsTableModel.DUE, DocumentsTableModel.FILES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur.row()))
        sort_by_headers(self.table)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self._document_form())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.blocking = QLabel("")
        self.blocking.setObjectName("blockingLabel")
        self.blocking.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.blocking)
        layout.addWidget(splitter, 1)

    def _document_form(self) -> QWidget:
        box = QWidget()
        self.doc_title = QLabel("Choose a document")
        self.doc_title.setProperty("role", "heading")
        self.doc_title.setWordWrap(True)
        self.status = QComboBox()
        self.status.setObjectName("documentStatus")
        for code, text in DOCUMENT_STATUSES:
            self.status.addItem(text, code)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(date_edit_format())
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("documentNotes")
        self.notes.setPlaceholderText("Notes (who has it, what the reviewer asked for…)")
        self.notes.setMaximumHeight(90)
        self.save_button = QPushButton("Save document")
        self.save_button.setObjectName("saveDocumentButton")
        self.save_button.clicked.connect(self.save)
        self.message = Notice()
        self.message.setObjectName("documentMessage")
        self.attachments = AttachmentsPanel(self.ctx, reminder=ATTACH_REMINDER)
        form = QFormLayout()
        form.addRow("Status", self.status)
        form.addRow("Due", self.due)
        form.addRow("Notes", self.notes)
        layout = QVBoxLayout(box)
        layout.addWidget(self.doc_title)
        layout.addLayout(form)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("<b>Files</b>"))
        layout.addWidget(self.attachments, 1)
        self._set_form_enabled(False)
        return box

    def _set_form_enabled(self, on: bool) -> None:
        for w in (self.status, self.due, self.notes, self.save_button):
            w.setEnabled(on)

    def set_documents(self, rows: list[DocumentRow], blockers: list[str]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        if blockers:
            items = "".join(f"<li>{b}</li>" for b in blockers[:6])
            more = f"<li>…and {len(blockers) - 6} more</li>" if len(blockers) > 6 else ""
            self.blocking.setText(f"<b>Blocking the next stage:</b><ul>{items}{more}</ul>")
        else:
            self.blocking.setText("Nothing blocks the next stage.")
        shown = self.model.rows()  # in the order the user sorted them
        ids = [r.id for r in shown]
        row = ids.index(current.id) if current and current.id in ids else self._first_worth_showing(shown)
        if row >= 0:
            self.table.selectRow(row)
            self._show(row)
        else:
            self._show(-1)

    @staticmethod
    def _first_worth_showing(rows: list[DocumentRow]) -> int:
        """Open on what needs attention: an overdue document, else one with files, else the first."""
        for test in (lambda r: r.overdue, lambda r: r.attachments > 0, lambda r: True):
            for i, r in enumerate(rows):
                if test(r):
                    return i
        return -1

    def current(self) -> DocumentRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def select_document(self, document_id: str) -> None:
        row = self.model.row_of(document_id)
        if row is not None:
            self.table.selectRow(row)
            self._show(row)

    def _show(self, row: int) -> None:
        doc = self.model.row_at(row)
        self._set_form_enabled(doc is not None)
        shown_id = doc.id if doc else None
        if shown_id != self._shown_id:  # another document: the last one's "Saved." no longer applies
            self.message.dismiss()
        self._shown_id = shown_id
        if doc is None:
            self.doc_title.setText("No document chosen")
            self.attachments.show_owner(None, None)
            return
        self.doc_title.setText(doc.title)
        self.status.setCurrentIndex(self.status.findData(doc.status))
        due = doc.due_date or clock.today()
        self.due.setDate(QDate(due.year, due.month, due.day))
        self.notes.setPlainText(doc.notes or "")
        self.attachments.show_owner("program_document", doc.id)

    def save(self) -> None:
        doc = self.current()
        if doc is None:
            return
        status, notes, due = self.status.currentData(), self.notes.toPlainText(), py_date(self.due.date())

        db = self.ctx.db
        run_op(
            self.ctx,
            lambda: update_document(db, doc.id, status=status, due_date=due, notes=notes),
            done=lambda _r: self.message.say("Saved."),
            failed=lambda exc: self.message.say(str(exc), problem=True),
            undo=f"Edit {doc.title}",
            owner=self,
        )
