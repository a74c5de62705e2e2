"""Sync → Connect to server: address, user name, password and the explicit 'insecure' option."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services.staff import SignInLink, link_after_sign_in, merge_staff
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import me_setting
from sector_desktop.sync.client import connect

from ..context import AppContext
from ..operations import run_op
from ..team.me import choose_me


def sign_in(
    db: Database, paths: ProfilePaths, address: str, user: str, password: str, *, insecure: bool
) -> SignInLink:
    """Sign in (the account's staff record becomes "me"), then link the person this laptop worked
    as before to it: the same person is merged at once; another name is the user's question."""
    before = me_setting(paths)
    connect(db, paths, address, user, password, insecure=insecure)
    return link_after_sign_in(db, before, me_setting(paths))


class ConnectDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, address: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to server")
        self.address = QLineEdit(address)
        self.address.setObjectName("serverAddress")
        self.address.setPlaceholderText("https://sync.example.org")
        self.user = QLineEdit()
        self.user.setObjectName("serverUser")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.insecure = QCheckBox("Insecure, for testing: allow a plain http:// address on the network")
        self.insecure.setObjectName("insecureCheck")
        self.message = QLabel("")
        self.message.setObjectName("connectMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        note = QLabel("Your password is sent once to get a device token and is never stored.")
        note.setProperty("role", "hint")
        form = QFormLayout()
        form.addRow("Server address", self.address)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        form.addRow("", self.insecure)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("connectButton")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def start(self) -> None:
        address, user, password = self.address.text().strip(), self.user.text().strip(), self.password.text()
        if not address or not user or not password:
            self.message.setText("Fill in the server address, your user name and your password.")
            return
        insecure = self.insecure.isChecked()
        db, paths = self.ctx.db, self.ctx.paths
        self.connect_button.setEnabled(False)
        self.message.setText("Connecting…")
        run_op(
            self.ctx,
            lambda: sign_in(db, paths, address, user, password, insecure=insecure),
            done=self._connected,
            failed=self._refused,
            owner=self,
        )

    def _connected(self, link: SignInLink) -> None:
        self.password.clear()
        # The account's staff record is "me" from now on (connect saved it in the settings).
        choose_me(self.ctx, me_setting(self.ctx.paths))
        if link.action == "ask" and link.previous and link.account:
            self._ask_same_person(link.previous.id, link.previous.name, link.account.id, link.account.name)
            return
        self.accept()

    def _ask_same_person(self, previous_id: str, previous: str, account_id: str, account: str) -> None:
        """The laptop worked as someone added on it under another name than the account's: one
        person or two is for the user to say (merging moves that person's visits and action items)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Are you the same person?",
            f"This laptop worked as {previous}, added on this laptop. You signed in as {account}.",
            parent=self,
        )
        box.setObjectName("samePerson")
        box.setInformativeText(
            f"If {previous} is you, merge the two: {previous}'s visits and action items become "
            f"{account}'s. If {previous} is someone else, both stay on the team."
        )
        merge = box.addButton(f"Merge: I am {account}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep both", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(merge)
        db = self.ctx.db

        def answered(_result: int) -> None:
            if box.clickedButton() is merge:
                run_op(
                    self.ctx,
                    lambda: merge_staff(db, previous_id, account_id),
                    done=lambda _merged: self.accept(),
                    failed=self._refused,
                    owner=self,
                )
            else:
                self.accept()

        box.finished.connect(answered)
        box.open()

    def _refused(self, exc: Exception) -> None:
        self.connect_button.setEnabled(True)
        self.password.clear()
        self.message.setText(str(exc))
