"""Opening the profile again in the main window when its database was replaced (File → Restore
from backup…) or removed (the server asked for a wipe), and saying what happened over it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from .tasks import guarded

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget

    from sector_desktop.store import ProfilePaths

    from .context import AppContext

    _Window = QMainWindow
else:
    _Window = object


class ProfileReopen(_Window):
    """Mixed into MainWindow, whose `attach` and `_detach` put the open profile in and take it out."""

    ctx: AppContext
    paths: ProfilePaths
    attached: bool
    _first_section: str

    if TYPE_CHECKING:  # the window's, from MainWindow, WindowSections and WindowMenus

        def attach(self, ctx: AppContext) -> None: ...
        def _detach(self) -> None: ...
        def shown_section(self) -> str | None: ...
        def open_settings(self, *, first_run: bool = False) -> QWidget: ...

    def open_restore_backup(self) -> None:
        from .backups_dialog import RestoreBackupDialog

        dialog = RestoreBackupDialog(self.ctx, self)
        dialog.restored.connect(self._restored)
        dialog.open()

    def _restored(self, said: str) -> None:
        """The database was replaced under every page: open it again and say so."""
        self.reopen_profile(QMessageBox.Icon.Information, "Backup restored", said, "backupRestored")

    def _wiped(self, said: str) -> None:
        """The server asked for a wipe and the data is gone: the profile opens again, empty (a new
        key; the welcome asks who you are), and the window says what happened."""
        self.reopen_profile(QMessageBox.Icon.Warning, "This laptop was wiped", said, "laptopWiped")

    def reopen_profile(self, icon: QMessageBox.Icon, title: str, said: str, name: str) -> None:
        """The database under every page was replaced (a restore) or removed (a wipe): drop the
        pages and this profile's syncing, open the profile again in a worker (asking for the
        passphrase if its key went with a wipe), show the section that was showing on the data as
        it is now, then say what happened over it. Cancel at the passphrase closes the window."""
        from sector_desktop.errors import ProfileError

        from .context import OpenedProfile, context_for, open_profile_data
        from .passphrase import ask_in_dialog, unlock_in_background
        from .sync.controller import forget_controller

        if self.attached:
            self._first_section = self.shown_section() or "today"
            forget_controller(self.ctx)
            self.ctx.db.close()  # no page reads the old file any more
            self._detach()
        paths = self.paths

        def opened(profile: OpenedProfile) -> None:
            self.attach(context_for(profile))
            box = QMessageBox(icon, title, said, parent=self)
            box.setObjectName(name)
            box.open()
            from sector_desktop.services.profile_settings import has_settings

            if not has_settings(paths):  # an empty profile again: who you are, which server
                QTimer.singleShot(0, lambda: self.open_settings(first_run=True))

        def cannot_open(exc: ProfileError) -> None:
            box = QMessageBox(
                QMessageBox.Icon.Critical, "Sector Desktop cannot open this profile", str(exc), parent=self
            )
            box.setObjectName("cannotOpenProfile")
            box.finished.connect(lambda _r: self.close())
            box.open()

        def closed() -> None:  # the passphrase was not given: nothing to show
            self.close()

        unlock_in_background(
            lambda: open_profile_data(paths),
            guarded(self, opened),
            cancelled=closed,
            failed=guarded(self, cannot_open),
            ask=lambda message, new: ask_in_dialog(message, new, self),
        )
