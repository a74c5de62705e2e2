"""File → Restore from backup…: the profile's backups, newest first; restoring one asks first, runs
in a worker, and then the window opens the profile again on the restored data (every page held the
database that was replaced: MainWindow.reopen_profile builds them anew).

The restored profile takes a new device identity before it syncs (sync/client/restored.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import timefmt
from sector_desktop.store import backups
from sector_desktop.sync.client.restored import restore_from_backup

from .context import AppContext
from .notice import Notice
from .tasks import run_task

KIND_NAMES = {
    "daily": "Daily",
    "manual": "Made by hand",
    "migration": "Before an upgrade",
    "before-restore": "Before a restore",
}


class RestoreBackupDialog(QDialog):
    restored = Signal(str)  # what to tell the user; the window then reopens the profile

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore from backup")
        intro = QLabel(
            "Restoring puts a backup in place of this profile's database. The database it replaces "
            "is kept as a backup too. Changes already synced come back at the next sync."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupsList")
        self.list.setAccessibleName("Backups")
        self.message = Notice()
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.confirm_restore)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        self.resize(560, 380)
        self.reload()

    def reload(self) -> None:
        paths = self.ctx.paths
        run_task(lambda: backups.list_backups(paths.database, paths.backups_dir), self._listed)

    def _listed(self, found: list[backups.Backup]) -> None:
        self.list.clear()
        for b in found:
            when = timefmt.when(b.taken_at)
            kind = KIND_NAMES.get(b.kind, b.kind)
            item = QListWidgetItem(f"{when}  ·  {kind}  ·  {b.size_bytes / 1e6:,.1f} MB")
            item.setData(Qt.ItemDataRole.UserRole, b.name)
            item.setToolTip(b.name)
            self.list.addItem(item)
        if not found:
            self.message.say("There are no backups yet: one is made each day when the app starts.")

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def confirm_restore(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore this backup?",
            f"Replace this profile's database with the backup {self.list.currentItem().text()}?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmRestore")
        box.setInformativeText(
            "What you changed since the backup is put aside (a backup of it is made first); "
            "the window then shows the restored data."
        )
        go = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            if box.clickedButton() is go:
                self.restore(name)

        box.finished.connect(answered)
        box.open()

    def restore(self, name: str) -> None:
        self.restore_button.setEnabled(False)
        self.message.say(f"Restoring {name}…")
        ctx = self.ctx

        def work() -> str:
            ctx.db.close()  # no connection may write to the file being replaced
            return restore_from_backup(ctx.paths, name)

        def failed(exc: Exception) -> None:
            self.message.say(f"Nothing was restored: {exc}", problem=True)
            self.restore_button.setEnabled(True)

        run_task(work, self._done, on_error=failed)

    def _done(self, said: str) -> None:
        self.message.say(said)
        self.restored.emit(said)
        self.accept()  # this dialog's context held the database that was replaced
