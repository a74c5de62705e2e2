"""Pieces the organization and contact editors share: inline problems, combos and the draft lane."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from sector_desktop.errors import ValidationError
from sector_desktop.services.organizations import InvalidFields
from sector_desktop.store import Database

from ..tasks import run_task

_INVALID_STYLE = "border: 1px solid #b00020; background: #fff5f5;"


class DraftLane:
    """Runs draft writes one at a time, in order, so a late save can never undo a discard.

    A plain object (not a widget), so its callbacks stay safe after the dialog is gone.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._busy = False
        self._next: Callable[[Database], object] | None = None

    def submit(self, op: Callable[[Database], object]) -> None:
        if self._busy:
            self._next = op  # only the newest pending write matters
            return
        self._busy = True
        db = self._db
        run_task(lambda: op(db), self._finished, self._finished)

    def _finished(self, _result: object) -> None:
        self._busy = False
        op, self._next = self._next, None
        if op is not None:
            self.submit(op)


def combo(name: str, choices: tuple[tuple[str, str], ...], blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    if blank is not None:
        combo.addItem(blank, None)
    for code, text in choices:
        combo.addItem(text, code)
    return combo


def set_combo(combo: QComboBox, code: str | None) -> None:
    i = combo.findData(code)
    combo.setCurrentIndex(i if i >= 0 else 0)


class ProblemsMixin:
    """Show InvalidFields beside the fields (red border, tooltip) and in a line above the form."""

    fields: dict[str, QWidget]
    error_label: QLabel

    def show_problems(self, exc: Exception) -> None:
        self.clear_problems()
        bad = exc.fields if isinstance(exc, InvalidFields) else {}
        for name, why in bad.items():
            widget = self.fields.get(name)
            if widget is not None:
                widget.setStyleSheet(_INVALID_STYLE)
                widget.setToolTip(why)
        problems = exc.problems if isinstance(exc, ValidationError) and exc.problems else [str(exc)]
        self.error_label.setText("\n".join(problems))
        self.error_label.show()
        first = next((self.fields[n] for n in bad if n in self.fields), None)
        if first is not None:
            first.setFocus()

    def clear_problems(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
            widget.setToolTip("")
        self.error_label.hide()


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("editorErrors")
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label
