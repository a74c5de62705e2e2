"""The Reports section: choose a document and what it is for, then preview, print or save it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.services import documents
from sector_desktop.store.apprenticeship import program_board
from sector_desktop.store.meetings import MeetingFilter, list_meetings, staff_options
from sector_desktop.store.settings import office_name
from sector_desktop.store.visits import Choice, organization_choices

from ..context import AppContext
from ..datetimes import make_date_edit, py_date
from ..tasks import run_task
from .open_document import open_document

DOCUMENTS = (
    ("packet", "Briefing packet for an organization"),
    ("day", "Day packet: route sheet and a packet per stop"),
    ("agenda", "Meeting agenda"),
    ("signin", "Meeting sign-in sheet"),
    ("minutes", "Meeting minutes"),
    ("apprenticeship", "Apprenticeship checklist"),
)
MEETING_DOCS = ("agenda", "signin", "minutes")
MAX_MATCHES = 20


@dataclass
class Choices:
    staff: list[tuple[str, str]]
    meetings: list[tuple[str, str]]
    programs: list[tuple[str, str]]


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPage")
        heading = QLabel("Reports")
        heading.setProperty("role", "heading")
        intro = QLabel("Every document is made from this laptop's data, with no network, in about a second.")
        intro.setProperty("role", "hint")
        self.document = QComboBox()
        self.document.setObjectName("documentCombo")
        for code, text in DOCUMENTS:
            self.document.addItem(text, code)
        self.organization = QLineEdit()
        self.organization.setObjectName("organizationInput")
        self.organization.setPlaceholderText("Name (or part of it) or record id")
        self.organization.textEdited.connect(lambda _t: self._forget_matches())
        # When a name fits several organizations, the user picks one here (hidden otherwise).
        self.which = QComboBox()
        self.which.setObjectName("whichOrganization")
        self.which.setAccessibleName("Which organization")
        self.which.hide()
        self._resolved: Choice | None = None
        self.packet_date, self.day_date = self._date_edit(), self._date_edit()
        self.staff, self.meeting, self.program = QComboBox(), QComboBox(), QComboBox()
        self.meeting.setObjectName("meetingCombo")
        self.program.setObjectName("programCombo")
        self.inputs = QStackedWidget()
        self._forms = {
            "packet": self._form(
                [("Organization", self.organization), ("", self.which), ("Meeting date", self.packet_date)]
            ),
            "day": self._form([("Day", self.day_date), ("Staff member", self.staff)]),
            "meeting": self._form([("Meeting", self.meeting)]),
            "apprenticeship": self._form([("Program", self.program)]),
        }
        for inputs in self._forms.values():
            self.inputs.addWidget(inputs)
        self.preview_button = QPushButton("Preview…")
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.message = QLabel("")
        self.message.setObjectName("reportsMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Document", self.document)
        column = QWidget()
        column.setMaximumWidth(720)  # a form reads best at a comfortable line length
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        for label in (heading, intro):
            inner.addWidget(label)
        inner.addLayout(form)
        inner.addWidget(self.inputs)
        inner.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(column)
        layout.addStretch(1)
        self.document.currentIndexChanged.connect(lambda _i: self._show_inputs())
        self.organization.returnPressed.connect(self.preview)
        self._show_inputs()
        run_task(self._load_choices, self._fill_choices)

    def start_packet(self) -> None:
        """Ready for a briefing packet: the document chosen, the keyboard in the organization box."""
        self.document.setCurrentIndex(self.document.findData("packet"))
        self.organization.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.organization.selectAll()

    @staticmethod
    def _date_edit() -> QDateEdit:
        return make_date_edit()

    def _form(self, rows: list[tuple[str, QWidget]]) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        for text, widget in rows:
            form.addRow(text, widget)
        return box

    def _show_inputs(self) -> None:
        code = self.document.currentData()
        key = "meeting" if code in MEETING_DOCS else code
        self.inputs.setCurrentWidget(self._forms[key])
        self.message.setText("")

    def _load_choices(self) -> Choices:
        with self.ctx.db.read_session() as s:
            staff = [(o.id, o.name) for o in staff_options(s)]
            past = list_meetings(s, MeetingFilter(when="past"), limit=60)
            upcoming = list_meetings(s, MeetingFilter(when="upcoming"), limit=40)
            programs = [
                (c.id, f"{c.occupation_title} — {c.sponsor_name}") for c in program_board(s, clock.today())
            ]
        meetings = [(m.id, f"{timefmt.date(m.starts_at)} · {m.title}") for m in [*upcoming, *past]]
        return Choices(staff, meetings, programs)

    def _fill_choices(self, choices: Choices) -> None:
        for combo, items in (
            (self.staff, choices.staff),
            (self.meeting, choices.meetings),
            (self.program, choices.programs),
        ):
            combo.clear()
            for item_id, text in items:
                combo.addItem(text, item_id)
        index = self.staff.findData(self.ctx.staff_id)
        if index >= 0:
            self.staff.setCurrentIndex(index)

    def request(self) -> tuple[str, Callable[[], bytes]] | None:
        """The chosen document's title and the function that makes it; None with a message if incomplete."""
        code, db, office = self.document.currentData(), self.ctx.db, office_name(self.ctx.paths)
        if code == "packet":
            day = py_date(self.packet_date.date())
            org = self.organization.text().strip()
            if not org:
                self.message.setText("Type the organization's name.")
                return None
            listed = Choice(self.which.currentData(), self.which.currentText())
            picked = self._resolved or (None if self.which.isHidden() else listed)
            if picked is not None and picked.id:
                org_id = picked.id
                return f"Briefing packet {picked.label} {day}", lambda: documents.briefing_pdf(
                    db, org_id, day, office_name=office
                )
            return f"Briefing packet {org} {day}", lambda: documents.briefing_pdf(
                db, org, day, office_name=office
            )
        if code == "day":
            day, staff = py_date(self.day_date.date()), self.staff.currentData()
            return f"Day packet {day} {self.staff.currentText()}", lambda: documents.day_pdf(
                db, day, staff, office_name=office
            )
        if code in MEETING_DOCS:
            meeting = self.meeting.currentData()
            if not meeting:
                self.message.setText("There are no meetings to print yet.")
                return None
            return f"{code.capitalize()} {self.meeting.currentText()}", lambda: documents.meeting_pdf(
                db, code, meeting, office_name=office
            )
        program = self.program.currentData()
        if not program:
            self.message.setText("There are no apprenticeship programs yet.")
            return None
        return f"Checklist {self.program.currentText()}", lambda: documents.checklist_pdf(
            db, program, clock.today(), office_name=office
        )

    def preview(self) -> None:
        if self.document.currentData() == "packet" and self.which.isHidden():
            self._find_organization()  # a name that fits several first asks which one
            return
        self._preview()

    def _find_organization(self) -> None:
        text, db = self.organization.text().strip(), self.ctx.db
        if not text:
            self._preview()  # says what is missing
            return

        def find() -> list[Choice]:
            with db.read_session() as s:
                return organization_choices(s, text, limit=MAX_MATCHES)

        run_task(find, lambda found: self._found(text, found))

    def _found(self, text: str, found: list[Choice]) -> None:
        if text != self.organization.text().strip():
            return  # typed on meanwhile
        exact = [c for c in found if c.label.strip().lower() == text.lower()]
        if len(exact) == 1 or len(found) <= 1:
            self._preview(exact[0] if len(exact) == 1 else found[0] if found else None)
            return
        candidates = exact or found
        self.which.clear()
        for c in candidates:
            self.which.addItem(f"{c.label} — {c.detail}" if c.detail else c.label, c.id)
        self.which.show()
        self.which.setFocus()
        self.message.setText(
            f"“{text}” fits {len(candidates)}{'+' if len(candidates) >= MAX_MATCHES else ''} organizations: "
            "choose one in the list above, then Preview."
        )

    def _forget_matches(self) -> None:
        self._resolved = None
        self.which.hide()
        self.which.clear()

    def _preview(self, organization: Choice | None = None) -> None:
        self._resolved = organization  # the one organization the name fits, if it fits exactly one
        chosen = self.request()
        if chosen is None:
            return
        title, make = chosen
        self.message.setText("")
        open_document(
            self.ctx,
            self,
            title,
            make,
            on_error=lambda exc: self.message.setText(f"<span style='color:#b00020'>{exc}</span>"),
        )
