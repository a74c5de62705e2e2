"""The undo history: the steps of the last undoable operations, newest last (Edit → Undo, Ctrl+Z).

A step is kept by the operation helper when an operation is given an undo label and every write it
made can be taken back; undoing it is itself an operation (`operations.undo_last`), so it syncs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from sector_desktop.store.changes import Edit

DEPTH = 20


@dataclass(frozen=True, eq=False)  # two steps are never the same step, even with equal edits
class UndoStep:
    label: str  # what the user did, in the imperative: "Delete visit to Acme Plumbing"
    edits: tuple[Edit, ...]

    @property
    def is_delete(self) -> bool:
        """It removed something (a tombstone set or a row deleted): the Undo bar offers it back."""
        return any(
            e.kind == "deleted" or (e.before.get("deleted_at", "") is None and e.after.get("deleted_at"))
            for e in self.edits
        )

    def done_text(self) -> str:
        """What the Undo bar says: 'Deleted visit to Acme.'"""
        verb, _, rest = self.label.partition(" ")
        past = {"Delete": "Deleted", "Remove": "Removed", "Cancel": "Cancelled"}.get(verb)
        return f"{past} {rest}." if past else f"Done: {self.label}."


class UndoHistory(QObject):
    changed = Signal()  # the next step to undo changed (menu text, enabled)
    pushed = Signal(object)  # UndoStep: just kept, after its operation succeeded

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[UndoStep] = []

    def push(self, step: UndoStep) -> None:
        self._steps = [*self._steps, step][-DEPTH:]
        self.changed.emit()
        self.pushed.emit(step)

    def pop(self, step: UndoStep | None = None) -> UndoStep | None:
        """Take the newest step (or `step`, e.g. the one an Undo bar shows) off the history."""
        if step is None:
            step = self._steps[-1] if self._steps else None
        if step is None or step not in self:
            return None
        self._steps = [s for s in self._steps if s is not step]
        self.changed.emit()
        return step

    def peek(self) -> UndoStep | None:
        return self._steps[-1] if self._steps else None

    def __len__(self) -> int:
        return len(self._steps)

    def __contains__(self, step: object) -> bool:
        return any(s is step for s in self._steps)
