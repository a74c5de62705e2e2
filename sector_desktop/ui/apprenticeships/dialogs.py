"""Small dialogs of the apprenticeship screens: moving a program's stage, adding an apprentice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.models.choices import PROGRAM_STAGES
from sector_desktop.services.apprenticeship.pipeline import blockers_for, move_stage
from sector_desktop.services.apprenticeship.programs import PRIVACY_NOTE, add_apprentice

from ..context import AppContext
from ..datetimes import make_date_edit, py_date
from ..operations import run_op
from ..tasks import Latest


def _error(label: QLabel, exc: Exception) -> None:
    problems = getattr(exc, "problems", [])
    items = "".join(f"<li>{p}</li>" for p in problems)
    label.setText(f"<span style='color:#b00020'>{exc}</span>" + (f"<ul>{items}</ul>" if items else ""))


class MoveStageDialog(QDialog):
    """Choose the next stage; shows what blocks it and asks for a reason to override."""

    def __init__(self, ctx: AppContext, program_id: str, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.program_id = ctx, program_id
        self.setObjectName("moveStageDialog")
        self.setWindowTitle("Move to stage")
        self.resize(560, 380)
        self.stage = QComboBox()
        self.stage.setObjectName("stageCombo")
        codes = [c for c, _ in PROGRAM_STAGES]
        for code, text in PROGRAM_STAGES:
            if code != stage:
                self.stage.addItem(text, code)
        following = codes.index(stage) + 1 if stage in codes else 0
        if following < len(codes):
            self.stage.setCurrentIndex(max(0, self.stage.findData(codes[following])))
        self.blockers = QLabel("")
        self.blockers.setObjectName("stageBlockers")
        self.blockers.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setAccessibleName("Reason to move despite the open items")
        self.reason.setPlaceholderText(
            "Only needed to move despite the items above; it is kept with the move."
        )
        self.reason.setMaximumHeight(80)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.move_stage)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("New stage", self.stage)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.blockers, 1)
        layout.addWidget(QLabel("Reason to override"))
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._checks = Latest(self)  # only the latest blockers check answers
        self.stage.currentIndexChanged.connect(lambda _i: self.check())
        self.check()

    def check(self) -> None:
        to_stage = self.stage.currentData()
        # Each stage chosen starts a check; only the latest may answer (an older one can finish last).

        def show(blockers: list[str]) -> None:
            if not blockers:
                self.blockers.setText("Nothing blocks this move.")
                return
            items = "".join(f"<li>{b}</li>" for b in blockers)
            self.blockers.setText(f"<b>Not ready for this stage:</b><ul>{items}</ul>")

        db, program_id = self.ctx.db, self.program_id
        self._checks.run(lambda: blockers_for(db, program_id, to_stage), show)

    def move_stage(self) -> None:
        to_stage, reason = self.stage.currentData(), self.reason.toPlainText()

        db, program_id = self.ctx.db, self.program_id
        run_op(
            self.ctx,
            lambda: move_stage(db, program_id, to_stage, clock.today(), reason),
            done=lambda _r: self.accept(),
            failed=lambda exc: _error(self.message, exc),
            undo=f"Move the program to {self.stage.currentText()}",
            owner=self,
        )


class AddApprenticeDialog(QDialog):
    def __init__(self, ctx: AppContext, program_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.program_id = ctx, program_id
        self.setObjectName("addApprenticeDialog")
        self.setWindowTitle("Add apprentice")
        self.name = QLineEdit()
        self.name.setObjectName("apprenticeName")
        self.start = make_date_edit()
        note = QLabel(PRIVACY_NOTE)
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Start date", self.start)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        name, start = self.name.text(), py_date(self.start.date())

        db, program_id = self.ctx.db, self.program_id
        run_op(
            self.ctx,
            lambda: add_apprentice(db, program_id, name, start, clock.today()),
            done=lambda _r: self.accept(),
            failed=lambda exc: _error(self.message, exc),
            undo="Add apprentice",
            owner=self,
        )
