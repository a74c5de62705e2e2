"""A panel listing a record's attachments, with Attach…, drag-and-drop, Preview and Remove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services.attachments import (
    AttachmentInfo,
    add_attachment,
    list_attachments,
    remove_attachment,
)

from ..context import AppContext
from ..notice import Notice
from ..operations import Changes, run_op
from ..tasks import run_task
from .preview import AttachmentPreview

FILE_FILTER = "Documents and photos (*.pdf *.jpg *.jpeg *.png *.heic *.PDF *.JPG *.JPEG *.PNG *.HEIC)"
Index = QModelIndex | QPersistentModelIndex


class AttachmentsListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[AttachmentInfo] = []

    def set_items(self, items: list[AttachmentInfo]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.filename}  ·  {item.size_bytes / 1024:,.0f} KB"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.mime_type}, SHA-256 {item.sha256[:12]}…"
        return None


class AttachmentsPanel(QWidget):
    """Attachments of one record. Files dropped on the panel are attached. A `reminder` (what not to
    attach) is shown above the buttons and in the title of the file dialog."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, reminder: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reminder = reminder
        self.owner: tuple[str, str] | None = None
        self.setObjectName("attachmentsPanel")
        self.setAcceptDrops(True)
        self.model = AttachmentsListModel()
        self.view = QListView()
        self.view.setObjectName("attachmentsList")
        self.view.setAccessibleName("Attached files")
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _i: self.preview_selected())
        self.message = Notice()
        self.message.setObjectName("attachmentsMessage")
        self.attach_button = QPushButton("Attach…")
        self.attach_button.setObjectName("attachButton")
        self.attach_button.clicked.connect(self.choose_files)
        preview = QPushButton("Preview")
        preview.clicked.connect(self.preview_selected)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove attached file")
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (self.attach_button, preview, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel("Drop PDFs or photos here to attach them.")
        hint.setProperty("role", "hint")
        self.reminder_label = QLabel(reminder)
        self.reminder_label.setObjectName("attachReminder")
        self.reminder_label.setProperty("role", "warning")
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setVisible(bool(reminder))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(self.reminder_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._set_enabled(False)
        ctx.events.applied.connect(self._data_changed)

    def _data_changed(self, changes: Changes) -> None:
        if self.owner is not None and changes.touches("attachment"):
            self.reload()

    def _set_enabled(self, on: bool) -> None:
        for w in (self.view, self.attach_button):
            w.setEnabled(on)

    def show_owner(self, owner_type: str | None, owner_id: str | None) -> None:
        owner = (owner_type, owner_id) if owner_type and owner_id else None
        if owner != self.owner:  # a reload of the same record keeps what the last attach said
            self.message.dismiss()
        self.owner = owner
        self._set_enabled(self.owner is not None)
        if self.owner is None:
            self.model.set_items([])
            return
        self.reload()

    def reload(self) -> None:
        if self.owner is None:
            return
        owner_type, owner_id = self.owner
        ctx = self.ctx
        run_task(lambda: list_attachments(ctx.db, ctx.paths, owner_type, owner_id), self.model.set_items)

    def choose_files(self) -> None:
        caption = "Attach files: no pages with SSNs or dates of birth" if self.reminder else "Attach files"
        files, _ = QFileDialog.getOpenFileNames(self, caption, str(Path.home()), FILE_FILTER)
        self.attach_files([Path(f) for f in files])

    def attach_files(self, files: list[Path]) -> None:
        """Attach each file in a worker; problems are listed under the panel, one line per file."""
        if self.owner is None or not files:
            return

        def done(problems: list[str]) -> None:
            attached = len(files) - len(problems)
            self.message.say("\n".join([f"Attached {attached} file(s).", *problems]), problem=bool(problems))

        attach_files(self.ctx, self.owner, files, done, owner=self)

    def selected(self) -> AttachmentInfo | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.items[rows[0].row()] if rows else None

    def preview_selected(self) -> None:
        item = self.selected()
        if item is not None:
            AttachmentPreview(self.ctx, item, self).open()

    def remove_selected(self) -> None:
        item = self.selected()
        if item is not None:
            db = self.ctx.db
            run_op(
                self.ctx, lambda: remove_attachment(db, item.id), undo=f"Remove {item.filename}", owner=self
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.owner is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.attach_files(files)


def attach_files(
    ctx: AppContext,
    record: tuple[str, str],
    files: list[Path],
    done: Callable[[list[str]], None],
    *,
    owner: QObject | None = None,
) -> None:
    """Attach `files` to `record` (its type and id) in one undoable operation; `done` gets one
    problem line per file that could not be attached (the others are attached all the same)."""
    owner_type, owner_id = record

    def work() -> list[str]:
        problems = []
        for f in files:
            try:
                add_attachment(ctx.db, ctx.paths, owner_type, owner_id, f)
            except Exception as exc:  # each file's failure is reported, the rest still attach
                problems.append(str(exc))
        return problems

    label = files[0].name if len(files) == 1 else f"{len(files)} files"
    run_op(ctx, work, done=done, undo=f"Attach {label}", owner=owner)
