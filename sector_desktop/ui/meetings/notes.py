"""The agenda of live minutes with a notes editor under each item. It decides *when* notes are due to
be saved (about a second after the first unsaved keystroke, or when focus leaves); the view saves.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.store.meetings import AgendaItemRow

SAVE_DELAY_MS = 1000  # notes reach the database this long after the first unsaved keystroke


class NotesEditor(QPlainTextEdit):
    """The notes under one agenda item; tells the panel when it gains or loses focus."""

    focused = Signal(str)
    left = Signal(str)

    def __init__(self, item_id: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.setObjectName(f"minutes_{item_id}")
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)  # notes continue where they stopped
        self.setPlaceholderText("Type the minutes of this item…")
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        """Grow with the notes (up to a limit), so the agenda reads like a document."""
        lines = max(3, min(14, int(self.document().documentLayout().documentSize().height()) + 1))
        height = lines * self.fontMetrics().lineSpacing() + 2 * int(self.document().documentMargin()) + 6
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.item_id)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit(self.item_id)


class AgendaNotesPanel(QGroupBox):
    notes_due = Signal(str, str)  # agenda item id, the notes to save now
    dirty = Signal()  # typing started that is not saved yet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Agenda and minutes", parent)
        self.editors: dict[str, NotesEditor] = {}
        self._timers: dict[str, QTimer] = {}
        self.current_item: str | None = None  # the item being minuted; decisions attach to it
        self.items = QVBoxLayout()
        inner = QWidget()
        inner.setObjectName("agendaMinutes")
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(self.items)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    @property
    def pending(self) -> bool:
        """Whether some notes are typed but not yet handed over for saving."""
        return any(t.isActive() for t in self._timers.values())

    def fill(self, agenda: list[AgendaItemRow]) -> None:
        for t in self._timers.values():
            t.stop()
        while (taken := self.items.takeAt(0)) is not None:
            w = taken.widget()
            if w is not None:
                w.deleteLater()
        self.editors.clear()
        self._timers.clear()
        if not agenda:
            empty = QLabel(
                "This meeting has no agenda yet. Go back (◀ Meetings) and add items, "
                "or start from a standard agenda."
            )
            empty.setProperty("role", "hint")
            empty.setWordWrap(True)
            self.items.addWidget(empty)
        for item in agenda:
            self._add(item)
        self.current_item = agenda[0].id if agenda else None

    def _add(self, item: AgendaItemRow) -> None:
        extra = [
            x for x in (item.presenter, f"{item.minutes_allotted} min" if item.minutes_allotted else "") if x
        ]
        suffix = f"  <span style='color:#5b6570'>— {escape(' · '.join(extra))}</span>" if extra else ""
        heading = QLabel(f"<b>{item.position + 1}. {escape(item.title)}</b>{suffix}")
        heading.setWordWrap(True)
        editor = NotesEditor(item.id, item.minutes or "")
        editor.setAccessibleName(f"Minutes of item {item.position + 1}, {item.title}")
        editor.textChanged.connect(lambda item_id=item.id: self._typed(item_id))
        editor.focused.connect(self._focused)
        editor.left.connect(self.save_if_pending)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(SAVE_DELAY_MS)
        timer.timeout.connect(lambda item_id=item.id: self._due(item_id))
        self._timers[item.id] = timer
        self.editors[item.id] = editor
        self.items.addWidget(heading)
        self.items.addWidget(editor)

    def _typed(self, item_id: str) -> None:
        # Not restarted by later keystrokes: someone typing non-stop still saves every second.
        timer = self._timers[item_id]
        if not timer.isActive():
            timer.start()
            self.dirty.emit()

    def _due(self, item_id: str) -> None:
        editor = self.editors.get(item_id)
        if editor is not None:
            self.notes_due.emit(item_id, editor.toPlainText())

    def save_if_pending(self, item_id: str) -> None:
        timer = self._timers.get(item_id)
        if timer is not None and timer.isActive():
            timer.stop()
            self._due(item_id)

    def flush(self) -> None:
        """Hand over every pending note now (leaving the view, loading another meeting)."""
        for item_id in list(self._timers):
            self.save_if_pending(item_id)

    def _focused(self, item_id: str) -> None:
        self.current_item = item_id

    def focus_current(self) -> None:
        editor = self.editors.get(self.current_item or "")
        if editor is not None:
            editor.setFocus()
