"""The Apprenticeships section: the board of programs by stage, and a program's detail."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from sector_desktop import clock
from sector_desktop.store.apprenticeship import ProgramCard, program_board, program_with_most_documents

from ..context import AppContext
from ..operations import Changes
from ..tasks import run_task
from .board import BoardView
from .detail import ProgramDetailView
from .editor import ProgramEditor


class ApprenticeshipsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("apprenticeshipsPage")
        heading = QLabel("Apprenticeships")
        heading.setProperty("role", "heading")
        self.summary = QLabel("")
        self.summary.setProperty("role", "hint")
        new = QPushButton("New program…")
        new.setObjectName("newProgramButton")
        new.clicked.connect(self.new_program)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(new)
        self.board = BoardView()
        self.board.program_chosen.connect(self.open_program)
        self.empty = QLabel("No apprenticeship programs yet. Start one with “New program…”.")
        self.empty.setProperty("role", "hint")
        self.detail = ProgramDetailView(ctx)
        self.detail.back.connect(self.show_board)
        board_page = QWidget()
        board_layout = QVBoxLayout(board_page)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.addLayout(top)
        board_layout.addWidget(self.empty)
        board_layout.addWidget(self.board, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(board_page)
        self.stack.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        ctx.events.applied.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        db, today = self.ctx.db, clock.today()

        def load() -> list[ProgramCard]:
            with db.read_session() as s:
                return program_board(s, today)

        run_task(load, self._show_cards)

    def _show_cards(self, cards: list[ProgramCard]) -> None:
        self.board.set_cards(cards)
        self.empty.setVisible(not cards)
        overdue = sum(c.overdue_documents for c in cards)
        self.summary.setText(f"{len(cards)} programs · {overdue} overdue documents")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(
            "apprenticeship_program", "program_document", "apprentice", "attachment", "organization"
        ):
            self.reload()
            if self.stack.currentWidget() is self.detail:
                self.detail.reload()

    def show_board(self) -> None:
        self.stack.setCurrentIndex(0)

    def open_record(self, kind: str, record_id: str) -> None:
        """Show a program (e.g. from search)."""
        if kind == "program":
            self.open_program(record_id)

    def open_program(self, program_id: str) -> None:
        self.detail.show_program(program_id)
        self.stack.setCurrentWidget(self.detail)

    def new_program(self) -> None:
        editor = ProgramEditor(self.ctx, None, self)
        editor.saved.connect(lambda pid, _findings: self.open_program(pid))
        editor.open()

    def prepare_view(self, view: str) -> None:
        """For --screenshot: `apprenticeships` is the board, `program` the program with the most documents."""
        if view != "program":
            self.show_board()
            return
        with self.ctx.db.read_session() as s:  # a one-row query, fine on the UI thread for a screenshot
            program_id = program_with_most_documents(s)
        if program_id:
            self.open_program(program_id)
