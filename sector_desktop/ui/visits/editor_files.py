"""The visit editor's files: the names of what is attached and Attach files….

A new visit has no record to hang a file on yet, so attaching first saves what is typed (the
editor stays open on the saved visit), then attaches.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from sector_desktop.services.attachments import AttachmentInfo, list_attachments

from ..attachments.panel import FILE_FILTER, attach_files
from ..context import AppContext
from ..notice import Notice
from ..tasks import guarded, run_task

EnsureSaved = Callable[[Callable[[str], None]], None]  # calls back with the visit's id once saved


class VisitFiles(QWidget):
    def __init__(self, ctx: AppContext, ensure_saved: EnsureSaved, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._ensure_saved = ctx, ensure_saved
        self.visit_id: str | None = None
        self.names = QLabel("No files attached.")
        self.names.setObjectName("visitFiles")
        self.names.setProperty("role", "hint")
        self.message = Notice()
        self.message.setObjectName("visitFilesMessage")
        self.attach_button = QPushButton("Attach files…")
        self.attach_button.setObjectName("attachVisitFilesButton")
        self.attach_button.setToolTip("Attach photos or signed PDFs (a new visit is saved first)")
        self.attach_button.clicked.connect(lambda: self.attach())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Files</b>"))
        layout.addWidget(self.names, 1)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.attach_button)

    def show_visit(self, visit_id: str | None) -> None:
        self.visit_id = visit_id
        if visit_id is None:
            self.names.setText("No files attached.")
            return
        ctx = self.ctx
        run_task(lambda: list_attachments(ctx.db, ctx.paths, "visit", visit_id), guarded(self, self._listed))

    def _listed(self, items: list[AttachmentInfo]) -> None:
        self.names.setText(", ".join(i.filename for i in items) if items else "No files attached.")
        self.names.setToolTip(self.names.text())

    def attach(self, files: list[Path] | None = None) -> None:
        if files is None:
            chosen, _ = QFileDialog.getOpenFileNames(self, "Attach files", str(Path.home()), FILE_FILTER)
            files = [Path(f) for f in chosen]
        if files:
            self._ensure_saved(lambda visit_id: self._attach(visit_id, files))

    def _attach(self, visit_id: str, files: list[Path]) -> None:
        self.visit_id = visit_id

        def done(problems: list[str]) -> None:
            attached = len(files) - len(problems)
            self.message.say("\n".join([f"Attached {attached} file(s).", *problems]), problem=bool(problems))
            self.show_visit(visit_id)

        attach_files(self.ctx, ("visit", visit_id), files, done, owner=self)
