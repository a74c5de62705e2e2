"""A line edit that finds an organization by name as the user types, looking it up off the UI thread."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QStringListModel, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from sector_desktop.store import Database
from sector_desktop.store.visits import Choice, organization_choices

from ..tasks import run_task


def org_label(c: Choice) -> str:
    return f"{c.label} — {c.detail}" if c.detail else c.label


class OrganizationPicker(QLineEdit):
    """Shows matching organizations in a popup; `chosen` carries the Choice, or None once edited away."""

    chosen = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organizationEdit")
        self.setPlaceholderText("Type to find the organization…")
        self._db = db
        self.choice: Choice | None = None
        self._matches: dict[str, Choice] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        # The database already filtered the names; the completer must not filter them again.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._activated)
        self.setCompleter(completer)
        self._lookup = QTimer(self)
        self._lookup.setSingleShot(True)
        self._lookup.setInterval(250)
        self._lookup.timeout.connect(self._look_up)
        self.textEdited.connect(self._text_edited)

    def set_choice(self, choice: Choice | None, text: str | None = None) -> None:
        """Show `choice` (or clear) without emitting `chosen`."""
        self.choice = choice
        self.setText(text if text is not None else org_label(choice) if choice else "")

    def choose(self, choice: Choice) -> None:
        self.set_choice(choice)
        self.chosen.emit(choice)

    def _text_edited(self, text: str) -> None:
        if self.choice is not None and text != org_label(self.choice) and text != self.choice.label:
            self.choice = None
            self.chosen.emit(None)
        self._lookup.start()

    def _look_up(self) -> None:
        db, text = self._db, self.text()

        def find() -> list[Choice]:
            with db.read_session() as s:
                return organization_choices(s, text)

        def show(found: list[Choice]) -> None:
            if not shiboken6.isValid(self) or self.text() != text:
                return  # the user typed on; a newer lookup is coming
            self._matches = {org_label(c): c for c in found}
            self._model.setStringList(list(self._matches))
            if found and self.hasFocus():
                self.completer().complete()

        run_task(find, show)

    def _activated(self, text: str) -> None:
        choice = self._matches.get(text)
        if choice is not None:
            self.choose(choice)
