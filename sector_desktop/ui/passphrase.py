"""The passphrase dialog: where the computer has no usable keyring, the profile's database key comes
from a passphrase the user types (store/keys.py). A new profile asks for it twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import ProfileError
from sector_desktop.store import keys

from .tasks import run_task

T = TypeVar("T")
MIN_LENGTH = 8


class PassphraseDialog(QDialog):
    def __init__(self, message: str, *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle("Choose a passphrase" if new else "Unlock the profile")
        self.new = new
        intro = QLabel(message)
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("Passphrase")
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.problem = QLabel()
        self.problem.setObjectName("passphraseProblem")
        self.problem.setProperty("role", "warning")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.first)
        if new:
            form.addRow("&Again:", self.again)
        else:
            self.again.hide()
        choice = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choice.Ok | choice.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        text = self.first.text()
        if not text:
            self.problem.setText("Type the passphrase.")
        elif self.new and len(text) < MIN_LENGTH:
            self.problem.setText(f"Use at least {MIN_LENGTH} characters.")
        elif self.new and self.again.text() != text:
            self.problem.setText("The two passphrases differ.")
        else:
            super().accept()


def ask_in_dialog(message: str, new: bool, parent: QWidget | None = None) -> str | None:
    dialog = PassphraseDialog(message, new=new, parent=parent)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


def unlock(open_it: Callable[[], T], ask: Callable[[str, bool], str | None] = ask_in_dialog) -> T | None:
    """Open the profile with `open_it`, asking for the passphrase while its key is missing or wrong.

    Returns None when the user cancels (the app then closes: there is no plaintext fallback)."""
    while True:
        try:
            return open_it()
        except (keys.KeyUnavailable, keys.WrongKey) as exc:
            new = isinstance(exc, keys.KeyUnavailable) and exc.new
            typed = ask(str(exc), new)
            if typed is None:
                return None
            keys.use_passphrase(typed)


def unlock_in_background(
    open_it: Callable[[], T],
    opened: Callable[[T], None],
    *,
    cancelled: Callable[[], None],
    failed: Callable[[ProfileError], None],
    ask: Callable[[str, bool], str | None] = ask_in_dialog,
) -> None:
    """`unlock` with `open_it` in a worker (the key derivation and the migrations keep the window
    painting): `opened(result)`, or `cancelled()` when the user cancels the passphrase, or
    `failed(exc)` for a profile that cannot be opened. Other errors are the crash dialog's."""

    def attempt() -> None:
        run_task(open_it, opened, problem)

    def problem(exc: Exception) -> None:
        if isinstance(exc, keys.KeyUnavailable | keys.WrongKey):
            typed = ask(str(exc), isinstance(exc, keys.KeyUnavailable) and exc.new)
            if typed is None:
                cancelled()
                return
            keys.use_passphrase(typed)
            attempt()
        elif isinstance(exc, ProfileError):
            failed(exc)
        else:
            raise exc

    attempt()
