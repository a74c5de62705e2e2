"""Sync → Connect to server: address, user name, password and the explicit 'insecure' option."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.store.settings import me_setting
from sector_desktop.sync.client import connect

from ..context import AppContext
from ..operations import run_op
from ..team.me import choose_me


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
            lambda: connect(db, paths, address, user, password, insecure=insecure),
            done=self._connected,
            failed=self._refused,
            owner=self,
        )

    def _connected(self, _user_name: str) -> None:
        self.password.clear()
        # The account's staff record is "me" from now on (connect saved it in the settings).
        choose_me(self.ctx, me_setting(self.ctx.paths))
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.connect_button.setEnabled(True)
        self.password.clear()
        self.message.setText(str(exc))
