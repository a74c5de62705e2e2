"""One program: its stage and the move to the next, the paperwork, the rules, the roster and history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import PROGRAM_STAGES, PROGRAM_TYPES, label
from sector_desktop.services.apprenticeship.pipeline import blockers_for, program_findings
from sector_desktop.services.apprenticeship.programs import PRIVACY_NOTE
from sector_desktop.services.apprenticeship.rules import Finding
from sector_desktop.store.apprenticeship import ProgramDetail, program_detail
from sector_desktop.store.settings import office_name

from ..context import AppContext
from ..reports.open_document import open_document
from ..tables import sort_by_headers
from ..tasks import run_task
from .dialogs import AddApprenticeDialog, MoveStageDialog
from .editor import ProgramEditor
from .paperwork import PaperworkTab
from .table_models import ApprenticesTableModel

NEXT = {code: PROGRAM_STAGES[i + 1][0] for i, (code, _) in enumerate(PROGRAM_STAGES[:5])}


@dataclass
class Loaded:
    detail: ProgramDetail
    findings: list[Finding]
    blockers: list[str]


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _date(d: dt.date | None) -> str:
    return timefmt.date(d) if d else "—"


class ProgramDetailView(QWidget):
    back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("programDetail")
        self.loaded: Loaded | None = None
        back = QPushButton("← Board")
        back.setObjectName("backToBoard")
        back.clicked.connect(self.back.emit)
        self.heading = QLabel("")
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)  # a long program and sponsor name wraps instead of widening the window
        self.stage_label = QLabel("")
        self.stage_label.setObjectName("stageLabel")
        edit = QPushButton("Edit program…")
        edit.clicked.connect(self.edit)
        self.move_button = QPushButton("Move to stage…")
        self.move_button.setObjectName("moveStageButton")
        self.move_button.clicked.connect(self.move_stage)
        print_button = QPushButton("Print checklist…")
        print_button.setObjectName("printChecklistButton")
        print_button.clicked.connect(self.print_checklist)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.heading, 1)
        for w in (self.stage_label, print_button, edit, self.move_button):
            top.addWidget(w)
        self.paperwork = PaperworkTab(ctx)
        self.summary = QTextBrowser()
        self.summary.setObjectName("programSummary")
        self.summary.setAccessibleName("Program and rules")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.paperwork, "Paperwork")
        self.tabs.addTab(self.summary, "Program and rules")
        self.tabs.addTab(self._roster(), "Apprentices")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    def _roster(self) -> QWidget:
        box = QWidget()
        self.roster = ApprenticesTableModel()
        view = QTableView()
        view.setObjectName("apprenticesTable")
        view.setAccessibleName("Apprentices")
        view.setModel(self.roster)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        sort_by_headers(view)
        add = QPushButton("Add apprentice…")
        add.clicked.connect(lambda: self._dialog(AddApprenticeDialog(self.ctx, self.program_id(), self)))
        note = QLabel(PRIVACY_NOTE + " Keep them out of notes, too.")
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        layout = QVBoxLayout(box)
        layout.addWidget(view, 1)
        layout.addWidget(note)
        layout.addWidget(add)
        return box

    def program_id(self) -> str:
        return self.loaded.detail.id if self.loaded else ""

    def show_program(self, program_id: str) -> None:
        db, today = self.ctx.db, clock.today()

        def load() -> Loaded | None:
            with db.read_session() as s:
                detail = program_detail(s, program_id, today)
            if detail is None:
                return None
            nxt = NEXT.get(detail.stage)
            return Loaded(
                detail, program_findings(db, program_id), blockers_for(db, program_id, nxt) if nxt else []
            )

        run_task(load, self._show)

    def reload(self) -> None:
        if self.loaded:
            self.show_program(self.loaded.detail.id)

    def _show(self, loaded: Loaded | None) -> None:
        if loaded is None:
            self.heading.setText("This program no longer exists.")
            return
        self.loaded = loaded
        d = loaded.detail
        self.heading.setText(f"{d.occupation_title} — {d.sponsor_name}")
        self.stage_label.setText(f"Stage: <b>{label(PROGRAM_STAGES, d.stage)}</b>")
        self.paperwork.set_documents(d.documents, loaded.blockers)
        self.roster.set_rows(d.apprentices)
        self.summary.setHtml(self._summary_html(loaded))

    def _summary_html(self, loaded: Loaded) -> str:
        d = loaded.detail
        ratio = f"{d.ratio_apprentices or '?'} : {d.ratio_journeyworkers or '?'}"
        wage = f"${d.journeyworker_wage:,.2f}/h" if d.journeyworker_wage else "—"
        facts = [
            (
                "Occupation",
                f"{d.occupation_title} (O*NET {d.onet_code or '—'}, RAPIDS {d.rapids_code or '—'})",
            ),
            ("Type", label(PROGRAM_TYPES, d.program_type)),
            ("Term", f"{d.term_hours:,} hours" if d.term_hours else "—"),
            ("Related instruction", f"{d.rti_provider_name or '—'}, {d.rti_hours_per_year or '—'} h/year"),
            ("Ratio (apprentices : journeyworkers)", ratio),
            ("Journeyworker wage", wage),
            ("Probation", f"{d.probation_hours:,} hours" if d.probation_hours else "—"),
            ("Registration", f"{d.registration_number or '—'} (registered {_date(d.registered_on)})"),
            ("Submitted", _date(d.submitted_on)),
            ("Reviewer comments", d.reviewer_comments or "—"),
        ]
        rows = "".join(f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in facts)
        steps = "".join(
            f"<li>after {h or 0:,} h{f' / {m} months' if m else ''}: "
            f"{f'{p:g}%' if p is not None else f'${r:,.2f}/h'}</li>"
            for h, m, p, r in d.wage_steps
        )
        findings = "".join(
            f"<li style='color:{'#b00020' if f.severity == 'error' else '#8a5a00'}'>{_esc(f.message)} "
            f"<i>({_esc(f.citation)})</i></li>"
            for f in loaded.findings
        )
        rules = f"<ul>{findings}</ul>" if findings else "<p>Meets every rule on file for its state.</p>"
        history = "".join(
            f"<li>{_date(day)}: {label(PROGRAM_STAGES, a) if a else '—'} → {label(PROGRAM_STAGES, b)}"
            f"{f' — override: {_esc(reason)}' if reason else ''}</li>"
            for day, a, b, reason in d.history
        )
        return (
            f"<h3>Rules ({d.state})</h3>{rules}<h3>Program</h3><table cellpadding='3'>{rows}</table>"
            f"<h3>Wage schedule</h3><ul>{steps or '<li>none yet</li>'}</ul>"
            f"<h3>Stage history</h3><ul>{history or '<li>none yet</li>'}</ul>"
        )

    def _dialog(self, dialog: QWidget) -> None:
        dialog.accepted.connect(self.reload)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def edit(self) -> None:
        if self.loaded:
            self._dialog(ProgramEditor(self.ctx, self.loaded.detail, self))

    def print_checklist(self) -> None:
        if not self.loaded:
            return
        from sector_desktop.services.documents import checklist_pdf

        db, program_id, office = self.ctx.db, self.loaded.detail.id, office_name(self.ctx.paths)
        title = f"Checklist {self.loaded.detail.occupation_title} {self.loaded.detail.sponsor_name}"
        open_document(
            self.ctx, self, title, lambda: checklist_pdf(db, program_id, clock.today(), office_name=office)
        )

    def move_stage(self) -> None:
        if self.loaded:
            self._dialog(MoveStageDialog(self.ctx, self.loaded.detail.id, self.loaded.detail.stage, self))
