"""A form dialog with OK/Cancel whose save runs in a write session off the UI thread; refusals show inline."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from sector_desktop.errors import ValidationError

from .context import AppContext
from .crash import show_exception
from .operations import run_op


class FormDialog(QDialog):
    """A form with OK/Cancel whose save runs in a write session off the UI thread."""

    saved = Signal(object)  # whatever the service returned (usually the id)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.error = QLabel("")
        self.error.setObjectName("formError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def write(self) -> Callable[[Any], Any]:
        """The write to run with a session; built on the UI thread from the widgets' values."""
        raise NotImplementedError

    def submit(self) -> None:
        work = self.write()
        db = self.ctx.db

        def run() -> Any:
            with db.session() as s:
                return work(s)

        self.buttons.setEnabled(False)
        # The window title says what the form does ("Edit partnership"): it is the undo step's name.
        run_op(self.ctx, run, done=self._done, failed=self._refused, undo=self.windowTitle(), owner=self)

    def _done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        self.error.setText("\n".join(exc.problems) or str(exc))
        self.error.show()


class ServiceDialog(FormDialog):
    """A FormDialog whose save is one service call that opens its own transaction (`call()` builds it on
    the UI thread from the widgets' values); refusals show inline the same way."""

    def call(self) -> Callable[[], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            work = self.call()
        except ValidationError as exc:  # what was typed cannot be read (an amount, say): nothing runs
            self._refused(exc)
            return
        self.buttons.setEnabled(False)
        run_op(self.ctx, work, done=self._done, failed=self._refused, undo=self.windowTitle(), owner=self)
