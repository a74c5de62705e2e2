"""The program editor: occupation, terms, ratio, wages, the wage schedule and the work processes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.models.choices import PROGRAM_TYPES
from sector_desktop.services.apprenticeship.programs import ProgramInput, WageStepInput, save_program
from sector_desktop.store.apprenticeship import ProgramDetail, sponsor_choices

from ..context import AppContext
from ..operations import run_op
from ..tasks import run_task


def _number(text: str) -> float | None:
    text = text.strip().replace(",", "").replace("$", "").replace("%", "")
    return float(text) if text else None


def _spin(maximum: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setSpecialValueText("—")  # zero shows as "not stated"
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    return box


class GridEditor(QWidget):
    """A small editable grid (wage steps, work processes) over a QStandardItemModel."""

    def __init__(self, headers: list[str], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, len(headers))
        self.model.setHorizontalHeaderLabels(headers)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setAccessibleName(name)
        add, remove = QPushButton("Add row"), QPushButton("Remove row")
        add.setAccessibleName(f"Add a row to {name}")
        remove.setAccessibleName(f"Remove the row from {name}")
        add.clicked.connect(lambda: self.add_row([""] * len(headers)))
        remove.clicked.connect(lambda: self.model.removeRow(self.view.currentIndex().row()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def add_row(self, values: list[object]) -> None:
        self.model.appendRow([QStandardItem("" if v is None else str(v)) for v in values])

    def rows(self) -> list[list[str]]:
        out = []
        for r in range(self.model.rowCount()):
            cells = [
                (self.model.item(r, c).text() if self.model.item(r, c) else "").strip()
                for c in range(self.model.columnCount())
            ]
            if any(cells):
                out.append(cells)
        return out


class ProgramEditor(QDialog):
    saved = Signal(str, list)  # program id, findings

    def __init__(
        self, ctx: AppContext, detail: ProgramDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.detail = ctx, detail
        self.setObjectName("programEditor")
        self.setWindowTitle("Edit program" if detail else "New apprenticeship program")
        self.resize(900, 680)
        self._build()
        run_task(self._load_sponsors, self._fill_sponsors)
        if detail:
            self._fill(detail)

    def _build(self) -> None:
        self.sponsor = QComboBox()
        self.sponsor.setObjectName("sponsorCombo")
        self.sponsor.setEditable(True)
        self.sponsor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        typed = self.sponsor.lineEdit()  # editable: it has one
        if typed is not None:
            typed.setPlaceholderText("Choose the sponsoring employer…")
        self.title = QLineEdit()
        self.title.setObjectName("occupationTitle")
        self.onet, self.rapids, self.rti_provider = QLineEdit(), QLineEdit(), QLineEdit()
        self.onet.setPlaceholderText("51-4041.00")
        self.program_type = QComboBox()
        for code, text in PROGRAM_TYPES:
            self.program_type.addItem(text, code)
        self.term, self.rti_hours = _spin(20000, " h"), _spin(2000, " h/yr")
        self.probation = _spin(5000, " h")
        self.ratio_a, self.ratio_j = _spin(20), _spin(20)
        self.wage = QDoubleSpinBox()
        self.wage.setRange(0, 500)
        self.wage.setPrefix("$")
        self.wage.setSuffix(" /h")
        self.wage.setSpecialValueText("—")
        self.registration, self.comments, self.notes = QLineEdit(), QPlainTextEdit(), QPlainTextEdit()
        for box in (self.comments, self.notes):
            box.setMaximumHeight(60)
        ratio = QHBoxLayout()
        ratio.addWidget(self.ratio_a)
        ratio.addWidget(QLabel("apprentice(s) to"))
        ratio.addWidget(self.ratio_j)
        self.ratio_a.setAccessibleName("Ratio: apprentices")
        self.ratio_j.setAccessibleName("Ratio: journeyworkers")
        ratio.addWidget(QLabel("journeyworker(s)"))
        left, right = QFormLayout(), QFormLayout()
        for text, w in (("Sponsor", self.sponsor), ("Occupation", self.title), ("O*NET-SOC", self.onet),
                        ("RAPIDS code", self.rapids), ("Type", self.program_type), ("Term (OJL)", self.term),
                        ("Probation", self.probation)):  # fmt: skip
            left.addRow(text, w)
        for text, field in (("RTI provider", self.rti_provider), ("RTI hours", self.rti_hours),
                            ("Journeyworker wage", self.wage), ("Registration no.", self.registration),
                            ("Reviewer comments", self.comments), ("Notes", self.notes)):  # fmt: skip
            right.addRow(text, field)
        left.addRow("Ratio", ratio)
        self.steps = GridEditor(
            ["After hours", "After months", "% of journeyworker", "Hourly rate ($)"], "Wage schedule"
        )
        self.processes = GridEditor(["Work process", "Hours"], "Work process schedule")
        self.total = QLabel("")
        self.processes.model.dataChanged.connect(lambda *_: self._update_total())
        self.processes.model.rowsRemoved.connect(lambda *_: self._update_total())
        self.term.valueChanged.connect(lambda _v: self._update_total())
        self.message = QLabel("")
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(QLabel("<b>Wage schedule</b>"), 1, 0)
        grid.addWidget(QLabel("<b>Work process schedule</b>"), 1, 1)
        grid.addWidget(self.steps, 2, 0)
        grid.addWidget(self.processes, 2, 1)
        grid.addWidget(self.total, 3, 1, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _load_sponsors(self) -> list[tuple[str, str]]:
        with self.ctx.db.read_session() as s:
            return sponsor_choices(s)

    def _fill_sponsors(self, choices: list[tuple[str, str]]) -> None:
        for org_id, name in choices:
            self.sponsor.addItem(name, org_id)
        # A new program has no sponsor until the user picks one: never the first name in the list.
        self.sponsor.setCurrentIndex(-1)
        if self.detail:
            index = self.sponsor.findData(self.detail.sponsor_id)
            if index < 0:
                self.sponsor.addItem(self.detail.sponsor_name, self.detail.sponsor_id)
                index = self.sponsor.count() - 1
            self.sponsor.setCurrentIndex(index)

    def _fill(self, d: ProgramDetail) -> None:
        self.title.setText(d.occupation_title)
        self.onet.setText(d.onet_code or "")
        self.rapids.setText(d.rapids_code or "")
        self.program_type.setCurrentIndex(max(0, self.program_type.findData(d.program_type)))
        self.term.setValue(d.term_hours or 0)
        self.rti_provider.setText(d.rti_provider_name or "")
        self.rti_hours.setValue(d.rti_hours_per_year or 0)
        self.probation.setValue(d.probation_hours or 0)
        self.ratio_a.setValue(d.ratio_apprentices or 0)
        self.ratio_j.setValue(d.ratio_journeyworkers or 0)
        self.wage.setValue(d.journeyworker_wage or 0)
        self.registration.setText(d.registration_number or "")
        self.comments.setPlainText(d.reviewer_comments or "")
        self.notes.setPlainText(d.notes or "")
        for step in d.wage_steps:
            self.steps.add_row(list(step))
        for title, hours in d.work_processes:
            self.processes.add_row([title, hours])
        self._update_total()

    def _update_total(self) -> None:
        total = sum(int(_number(r[1]) or 0) for r in self.processes.rows() if len(r) > 1 and r[1])
        term = self.term.value()
        colour = "#1b7f3b" if term and total == term else "#b00020"
        self.total.setText(f"<span style='color:{colour}'>Work processes: {total:,} of {term:,} hours</span>")

    def _sponsor_id(self) -> str:
        """The sponsor chosen: the list entry whose name is in the box (typed or picked), or ''."""
        text, index = self.sponsor.currentText().strip(), self.sponsor.currentIndex()
        if index < 0 or self.sponsor.itemText(index) != text:
            index = self.sponsor.findText(text, Qt.MatchFlag.MatchFixedString)
        return (self.sponsor.itemData(index) or "") if index >= 0 else ""

    def program_input(self) -> ProgramInput:
        def opt(box: QSpinBox) -> int | None:
            return box.value() or None

        steps = []
        for cells in self.steps.rows():
            hours, months, pct, rate = (_number(c) for c in cells)
            steps.append(WageStepInput(int(hours) if hours is not None else None,
                                       int(months) if months is not None else None, pct, rate))  # fmt: skip
        return ProgramInput(
            sponsor_id=self._sponsor_id(),
            occupation_title=self.title.text().strip(),
            program_type=self.program_type.currentData(),
            onet_code=self.onet.text().strip() or None,
            rapids_code=self.rapids.text().strip() or None,
            term_hours=opt(self.term),
            rti_provider_name=self.rti_provider.text().strip() or None,
            rti_hours_per_year=opt(self.rti_hours),
            ratio_apprentices=opt(self.ratio_a),
            ratio_journeyworkers=opt(self.ratio_j),
            journeyworker_wage=self.wage.value() or None,
            probation_hours=opt(self.probation),
            registration_number=self.registration.text().strip() or None,
            reviewer_comments=self.comments.toPlainText().strip() or None,
            notes=self.notes.toPlainText().strip() or None,
            wage_steps=steps,
            work_processes=[(c[0], int(_number(c[1]) or 0)) for c in self.processes.rows()],
        )

    def save(self) -> None:
        try:
            data = self.program_input()
        except ValueError as exc:
            self.message.setText(f"<span style='color:#b00020'>A number could not be read: {exc}</span>")
            return
        if not data.sponsor_id:
            self.message.setText("<span style='color:#b00020'>Choose the sponsor from the list.</span>")
            return
        program_id = self.detail.id if self.detail else None

        def done(result: tuple[str, list]) -> None:
            self.saved.emit(*result)
            self.accept()

        def failed(exc: Exception) -> None:
            items = "".join(f"<li>{p}</li>" for p in getattr(exc, "problems", []))
            self.message.setText(f"<span style='color:#b00020'>{exc}</span><ul>{items}</ul>")

        db = self.ctx.db
        run_op(
            self.ctx,
            lambda: save_program(db, data, clock.today(), program_id),
            done=done,
            failed=failed,
            undo=f"{'Edit' if program_id else 'Add'} program {data.occupation_title}",
            owner=self,
        )
