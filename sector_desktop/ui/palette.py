"""The command palette (Ctrl+Shift+P): find any command by typing a few letters of it, run it with Enter.

It lists the QActions the user could trigger now: every menu's, and those of the page on
show (its own commands, the menus of its buttons). Disabled ones are left out. Typing filters
fuzzily (rapidfuzz), so "lg vist" still finds "Log visit…"; each row shows its shortcut.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from rapidfuzz import fuzz, process, utils

from .accessibility import clean
from .screen_fit import open_size

MIN_SCORE = 70  # rapidfuzz WRatio, 0-100: below this a command does not look like what was typed


@dataclass(frozen=True)
class Command:
    label: str  # "Go: Organizations", "Action items: Mark done"
    shortcut: str  # "Ctrl+2", or ""
    action: QAction


def _usable(action: QAction) -> bool:
    return (
        action.isEnabled()
        and action.isVisible()
        and not action.isSeparator()
        and action.menu() is None
        and bool(clean(action.text()))
        and not action.objectName().startswith(("qt_", "_q_"))
    )


def _command(action: QAction, where: str) -> Command:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return Command(f"{where}: {clean(action.text())}" if where else clean(action.text()), keys, action)


def _menu_commands(menu: QMenu, where: str, seen: set[int]) -> list[Command]:
    found = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += _menu_commands(sub, clean(sub.title()) or where, seen)
        elif _usable(action) and id(action) not in seen:
            seen.add(id(action))
            found.append(_command(action, where))
    return found


def collect_commands(window: QMainWindow, page: QWidget | None, page_title: str = "") -> list[Command]:
    """Every command the user could run now: the menu bar's, then the shown page's own."""
    seen: set[int] = set()
    found: list[Command] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found += _menu_commands(menu, clean(top.text()), seen)
    if page is None:
        return found
    for widget in [page, *page.findChildren(QWidget)]:
        if not widget.isVisibleTo(window):
            continue
        for action in widget.actions():
            if _usable(action) and id(action) not in seen:
                seen.add(id(action))
                found.append(_command(action, page_title))
        menu_of = getattr(widget, "menu", None) if isinstance(widget, QAbstractButton) else None
        button_menu = menu_of() if callable(menu_of) else None
        if isinstance(button_menu, QMenu) and widget.isEnabled():
            found += _menu_commands(button_menu, page_title, seen)
    return found


def rank(query: str, labels: list[str]) -> list[int]:
    """Indexes of the labels that match `query`, best first; all of them, in order, for no query.

    Labels that contain the words typed come first (in list order), then fuzzy matches by score.
    """
    words = utils.default_process(query).split()
    if not words:
        return list(range(len(labels)))
    plain = [utils.default_process(label) for label in labels]
    exact = [i for i, text in enumerate(plain) if all(w in text for w in words)]
    matches = process.extract(
        " ".join(words), plain, scorer=fuzz.WRatio, processor=None, score_cutoff=MIN_SCORE, limit=None
    )
    taken = set(exact)
    # extract() gives the best score first, and keeps list order among equal scores.
    return exact + [i for _text, _score, i in matches if i not in taken]


class CommandsTableModel(QAbstractTableModel):
    COMMAND, SHORTCUT = range(2)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Command] = []

    def set_rows(self, rows: list[Command]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.SHORTCUT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self.rows[index.row()]
        return row.label if index.column() == self.COMMAND else row.shortcut


class CommandPalette(QDialog):
    """Type to filter, Up and Down to choose, Enter to run, Escape to close."""

    def __init__(self, commands: list[Command], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Command palette")
        self.commands = commands
        self.ran: QAction | None = None
        self.query = QLineEdit()
        self.query.setObjectName("paletteQuery")
        self.query.setPlaceholderText("Type a command…")
        self.query.setAccessibleName("Find a command")
        self.model = CommandsTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("paletteCommands")
        self.view.setAccessibleName("Commands")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the query box
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(lambda _i: self.run_current())
        self.view.clicked.connect(lambda _i: self.run_current())
        self.empty = QLabel("No command matches that.")
        self.empty.setProperty("role", "hint")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        open_size(self, 560, 420)
        self.query.textChanged.connect(self.filter)
        self.query.returnPressed.connect(self.run_current)
        self.query.installEventFilter(self)
        self.filter("")

    def filter(self, text: str) -> None:
        order = rank(text, [c.label for c in self.commands])
        self.model.set_rows([self.commands[i] for i in order])
        self.empty.setVisible(not order)
        if order:
            self.view.selectRow(0)

    def current(self) -> Command | None:
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def run_current(self) -> None:
        command = self.current()
        if command is None:
            return
        self.ran = command.action
        self.accept()
        # After the palette has closed, so a dialog the command opens is not stacked on it.
        QTimer.singleShot(0, command.action.trigger)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            step = steps.get(event.key())  # type: ignore[attr-defined]
            if step is not None and self.model.rows:
                row = max(0, min(len(self.model.rows) - 1, self.view.currentIndex().row() + step))
                self.view.selectRow(row)
                return True
        return super().eventFilter(watched, event)
