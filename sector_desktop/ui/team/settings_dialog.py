"""The first-run welcome and File → Settings… (one dialog): the office's name, its time zone, who you
are (pick a staff member or add yourself), and, on first run, whether to connect to a server now."""

from __future__ import annotations

import traceback
import zoneinfo
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.services import profile_settings
from sector_desktop.services.staff import StaffRow, list_staff
from sector_desktop.store import settings as store

from ..context import AppContext
from ..crash import show_exception
from ..operations import Changes, announce, run_op
from ..tasks import run_task
from .me import choose_me

SOMEONE_NEW = "new"


@dataclass(frozen=True)
class _Loaded:
    staff: list[StaffRow]
    signed_in_as: str | None  # the server account's name, when this laptop is connected


def _load(ctx: AppContext) -> _Loaded:
    from sector_desktop.sync.client.state import read_state

    state = read_state(ctx.db.engine)
    return _Loaded(list_staff(ctx.db, include_inactive=False), state.user_name if state.connected else None)


class SettingsDialog(QDialog):
    """Settings of this profile; `first_run` makes it the welcome (with the Connect question)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.first_run = first_run
        self.setObjectName("firstRunDialog" if first_run else "settingsDialog")
        self.setWindowTitle("Welcome to Sector Desktop" if first_run else "Settings")
        self.setMinimumWidth(520)
        intro = QLabel(
            "A few questions to set up this laptop for your office. You can change every answer "
            "later in File → Settings… (Ctrl+,)."
            if first_run
            else "These settings belong to this profile (this laptop)."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        self.office = QLineEdit(store.office_name(ctx.paths) or "")
        self.office.setObjectName("officeName")
        self.office.setPlaceholderText("e.g. Baltimore County Workforce Development")
        self.office.setToolTip("Printed in the header of every document")
        self.zone = QComboBox()
        self.zone.setObjectName("timeZone")
        self.zone.setEditable(True)
        self.zone.addItems(
            sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc"))
        )
        current = store.profile_timezone(ctx.paths)
        self.zone.setCurrentText(current)
        self.zone.setToolTip(f"This computer's zone is {clock.computer_zone_name()}")
        self.me = QComboBox()
        self.me.setObjectName("whoAreYou")
        self.me.addItem("Loading the team…", None)
        self.me.setEnabled(False)  # until the team is listed (a save meanwhile keeps "me" as it is)
        self.me.currentIndexChanged.connect(self._me_picked)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("yourName")
        self.new_name.setPlaceholderText("Your full name, e.g. María López")
        self.new_name.hide()
        self.me_hint = QLabel("")
        self.me_hint.setProperty("role", "hint")
        self.me_hint.setWordWrap(True)
        self.me_hint.hide()
        self.connect_now = QCheckBox(
            "Connect to the team's server now (you need its address and your sign-in)"
        )
        self.connect_now.setObjectName("connectNow")
        self.connect_now.setVisible(first_run)
        form = QFormLayout()
        form.addRow("&Office name", self.office)
        form.addRow("&Time zone", self.zone)
        form.addRow("&Who are you?", self.me)
        form.addRow("Your &name", self.new_name)
        form.labelForField(self.new_name).hide()
        form.addRow("", self.me_hint)
        self.form = form
        self.error = QLabel("")
        self.error.setObjectName("formError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start" if first_run else "Save")
        if first_run:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Later")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        heading = QLabel(self.windowTitle())
        heading.setProperty("role", "heading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.connect_now)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        ctx_ = ctx
        run_task(lambda: _load(ctx_), self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        self.me.blockSignals(True)
        self.me.clear()
        self.me.addItem("Choose yourself…", None)
        for row in loaded.staff:
            self.me.addItem(f"{row.name} ({row.title})" if row.title else row.name, row.id)
        self.me.addItem("Someone new: add me to the team…", SOMEONE_NEW)
        index = self.me.findData(self.ctx.staff_id) if self.ctx.staff_id else -1
        self.me.setCurrentIndex(index if index >= 0 else (1 if len(loaded.staff) == 1 else 0))
        if not loaded.staff:
            self.me.setCurrentIndex(self.me.count() - 1)
        self.me.blockSignals(False)
        self._me_picked()
        self.me.setEnabled(not loaded.signed_in_as)
        if loaded.signed_in_as:
            self.me_hint.setText(
                f"Signed in to the server as {loaded.signed_in_as}: that account says who you are."
            )
            self.me_hint.show()
            self.connect_now.setChecked(False)
            self.connect_now.hide()

    def _me_picked(self) -> None:
        new = self.me.currentData() == SOMEONE_NEW
        self.new_name.setVisible(new)
        self.form.labelForField(self.new_name).setVisible(new)
        if new:
            self.new_name.setFocus()

    def submit(self) -> None:
        picked = self.me.currentData()
        db, paths = self.ctx.db, self.ctx.paths
        office, zone = self.office.text(), self.zone.currentText()
        me_id = picked if picked not in (None, SOMEONE_NEW) else None
        new_name = self.new_name.text() if picked == SOMEONE_NEW else ""
        keep_me = not self.me.isEnabled()  # signed in: the server account says who you are
        if picked == SOMEONE_NEW and not new_name.strip():
            self._show_problems(["Your name: type your full name, or choose yourself from the list."])
            return
        self.buttons.setEnabled(False)
        run_op(
            self.ctx,
            lambda: profile_settings.save_profile_settings(
                db,
                paths,
                office_name=office,
                timezone=zone,
                me_id=me_id,
                new_me_name=new_name,
                keep_me=keep_me,
            ),
            done=self._saved,
            failed=self._refused,
            owner=self,
        )

    def _saved(self, me_id: str | None) -> None:
        self.buttons.setEnabled(True)
        choose_me(self.ctx, me_id)
        announce(self.ctx, Changes(everything=True, local=False))  # times may show in another zone now
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        self._show_problems(exc.problems or [str(exc)])

    def _show_problems(self, problems: list[str]) -> None:
        self.error.setText("\n".join(problems))
        self.error.show()

    def reject(self) -> None:
        if self.first_run:
            profile_settings.mark_welcomed(self.ctx.paths)  # "Later": not asked again at every start
        super().reject()
