"""Recording outcomes without personal data: a training cohort, a placement, a retention check.

Each dialog saves through ui/operations.run_op (the one write path) with the outcomes services; a
refusal (the personal-data guard, a wage that is an annual salary...) shows inline and saves nothing.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.errors import SectorError, ValidationError
from sector_desktop.models.choices import RETENTION_RESULTS, SECTORS
from sector_desktop.services.outcomes import (
    CohortInput,
    PlacementInput,
    record_check,
    save_cohort,
    save_placement,
)
from sector_desktop.store.outcomes import CohortLine, PlacementLine

from ..context import AppContext
from ..crash import show_exception
from ..datetimes import py_date, qdate
from ..operations import run_op

NO_PERSONAL_DATA = "Counts and jobs only: no names, Social Security numbers or dates of birth."


@dataclass
class Choices:
    """What the outcome dialogs offer: (id, name) pairs, loaded off the UI thread by the panel."""

    employers: list[tuple[str, str]] = field(default_factory=list)
    providers: list[tuple[str, str]] = field(default_factory=list)
    partnerships: list[tuple[str, str]] = field(default_factory=list)
    staff: list[tuple[str, str]] = field(default_factory=list)
    cohorts: list[tuple[str, str]] = field(default_factory=list)


def _combo(name: str, none: str | None, items: list[tuple[str, str]], current: str | None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    if none is not None:
        combo.addItem(none, None)
    for item_id, text in items:
        combo.addItem(text, item_id)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _date(name: str, day: dt.date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(qdate(day or clock.today()))
    return edit


def _count(name: str, value: int | None) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(-1, 100_000)
    box.setSpecialValueText("not yet")  # -1: not recorded
    box.setValue(-1 if value is None else value)
    return box


def _int(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


class _OutcomeDialog(QDialog):
    saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        note = QLabel(NO_PERSONAL_DATA)
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        self.error = QLabel("")
        self.error.setObjectName("formError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            work = self.work()
        except ValueError as exc:
            self._refused(ValidationError(str(exc)))
            return
        self.buttons.setEnabled(False)
        run_op(self.ctx, work, done=self._done, failed=self._refused, undo=self.windowTitle(), owner=self)

    def _done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, SectorError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        problems = getattr(exc, "problems", None)
        self.error.setText("\n".join(problems) if problems else str(exc))
        self.error.show()


class CohortDialog(_OutcomeDialog):
    """Add or edit a training cohort: the program's run with its counts and credential."""

    def __init__(self, ctx: AppContext, choices: Choices, line: CohortLine | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, "Edit training cohort" if line else "New training cohort", parent)
        self.setObjectName("cohortDialog")
        self.line = line
        self.name = QLineEdit(line.name if line else "")
        self.name.setObjectName("cohortName")
        self.name.setPlaceholderText("e.g. CNA, spring 2026")
        self.sector = _combo("cohortSector", "Not given", list(SECTORS), line.sector if line else None)
        self.provider = _combo(
            "cohortProvider", "Not given", choices.providers, line.provider_id if line else None
        )
        self.partnership = _combo(
            "cohortPartnership", "None", choices.partnerships, line.partnership_id if line else None
        )
        self.staff = _combo("cohortStaff", "Nobody", choices.staff, line.staff_id if line else ctx.staff_id)
        self.starts = _date("cohortStarts", line.starts_on if line else None)
        self.ends = _date("cohortEnds", line.ends_on if line else None)
        self.enrolled = _count("cohortEnrolled", line.enrolled if line else None)
        self.completed = _count("cohortCompleted", line.completed if line else None)
        self.credentials = _count("cohortCredentials", line.credentials_earned if line else None)
        self.credential = QLineEdit(line.credential_name or "" if line else "")
        self.credential.setObjectName("cohortCredential")
        self.notes = QPlainTextEdit(line.notes or "" if line else "")
        self.notes.setObjectName("cohortNotes")
        self.notes.setMaximumHeight(70)
        for text, widget in (
            ("&Name", self.name), ("S&ector", self.sector), ("&Provider", self.provider),
            ("Pa&rtnership", self.partnership), ("S&taff member", self.staff), ("&Starts", self.starts),
            ("En&ds", self.ends), ("Enro&lled", self.enrolled), ("&Completed", self.completed),
            ("Credentials e&arned", self.credentials), ("Credential na&me", self.credential),
            ("N&otes", self.notes),
        ):  # fmt: skip
            self.form.addRow(text, widget)

    def data(self) -> CohortInput:
        return CohortInput(
            name=self.name.text(),
            sector=self.sector.currentData(),
            provider_id=self.provider.currentData(),
            partnership_id=self.partnership.currentData(),
            staff_id=self.staff.currentData(),
            starts_on=py_date(self.starts.date()),
            ends_on=py_date(self.ends.date()),
            enrolled=_int(self.enrolled),
            completed=_int(self.completed),
            credentials_earned=_int(self.credentials),
            credential_name=self.credential.text().strip() or None,
            notes=self.notes.toPlainText().strip() or None,
        )

    def work(self) -> Callable[[], Any]:
        db, data, cohort_id = self.ctx.db, self.data(), self.line.id if self.line else None
        return lambda: save_cohort(db, data, cohort_id)


class PlacementDialog(_OutcomeDialog):
    """Add or edit a placement: employer, occupation, start date, wage; never the person."""

    def __init__(self, ctx: AppContext, choices: Choices, line: PlacementLine | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, "Edit placement" if line else "New placement", parent)
        self.setObjectName("placementDialog")
        self.line = line
        self.employer = _combo(
            "placementEmployer", None, choices.employers, line.organization_id if line else None
        )
        self.employer.setEditable(True)
        self.employer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.employer.completer()  # editable: it has one
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.start = _date("placementStart", line.start_date if line else None)
        self.soc = QLineEdit(line.occupation_soc or "" if line else "")
        self.soc.setObjectName("placementSoc")
        self.soc.setPlaceholderText("29-2052")
        self.title = QLineEdit(line.occupation_title or "" if line else "")
        self.title.setObjectName("placementTitle")
        self.wage = QDoubleSpinBox()
        self.wage.setObjectName("placementWage")
        self.wage.setRange(0, 500)
        self.wage.setDecimals(2)
        self.wage.setPrefix("$")
        self.wage.setSpecialValueText("not given")
        self.wage.setValue(line.hourly_wage or 0 if line else 0)
        hours = line.full_time if line else None
        self.hours = _combo(
            "placementHours", None, [("", "Not given"), ("full", "Full time"), ("part", "Part time")], ""
        )
        self.hours.setCurrentIndex({None: 0, True: 1, False: 2}[hours])
        self.cohort = _combo("placementCohort", "None", choices.cohorts, line.cohort_id if line else None)
        self.case = QLineEdit(line.case_number or "" if line else "")
        self.case.setObjectName("placementCase")
        self.case.setPlaceholderText("the state system's case number (optional)")
        self.staff = _combo(
            "placementStaff", "Nobody", choices.staff, line.staff_id if line else self.ctx.staff_id
        )
        self.notes = QPlainTextEdit(line.notes or "" if line else "")
        self.notes.setObjectName("placementNotes")
        self.notes.setMaximumHeight(70)
        for text, widget in (
            ("&Employer", self.employer), ("&Start date", self.start), ("Occupation (SO&C)", self.soc),
            ("Occupation &title", self.title), ("Starting hourly &wage", self.wage),
            ("&Full or part time", self.hours), ("Co&hort", self.cohort), ("Case &number", self.case),
            ("St&aff member", self.staff), ("N&otes", self.notes),
        ):  # fmt: skip
            self.form.addRow(text, widget)
        self.form.addRow(
            "", QLabel("Its retention checks (2nd and 4th quarter) are planned as action items.")
        )

    def data(self) -> PlacementInput:
        index = self.employer.findText(self.employer.currentText(), Qt.MatchFlag.MatchFixedString)
        employer = self.employer.itemData(index) if index >= 0 else None
        if employer is None:
            raise ValueError("employer: choose the employer from the list")
        hours = self.hours.currentData()
        return PlacementInput(
            organization_id=employer,
            start_date=py_date(self.start.date()),
            occupation_soc=self.soc.text().strip() or None,
            occupation_title=self.title.text().strip() or None,
            hourly_wage=self.wage.value() or None,
            full_time=None if not hours else hours == "full",
            cohort_id=self.cohort.currentData(),
            case_number=self.case.text().strip() or None,
            staff_id=self.staff.currentData(),
            notes=self.notes.toPlainText().strip() or None,
        )

    def work(self) -> Callable[[], Any]:
        db, data, me = self.ctx.db, self.data(), self.ctx.staff_id
        placement_id = self.line.id if self.line else None
        return lambda: save_placement(db, data, placement_id, owner_id=me)


class RetentionCheckDialog(_OutcomeDialog):
    """Record whether a placement was still with its employer at its 2nd or 4th quarter check."""

    def __init__(self, ctx: AppContext, line: PlacementLine, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Record retention check", parent)
        self.setObjectName("retentionCheckDialog")
        self.line = line
        what = line.occupation_title or line.occupation_soc or "placement"
        self.form.addRow(
            "Placement", QLabel(f"{what} at {line.employer}, started {line.start_date.isoformat()}")
        )
        self.check = QComboBox()
        self.check.setObjectName("retentionQuarter")
        for check in line.checks:
            state = dict(RETENTION_RESULTS).get(check.result or "", "not recorded")
            nth = {2: "2nd", 4: "4th"}.get(check.quarter, str(check.quarter))
            self.check.addItem(
                f"{nth} quarter after placement, due {timefmt.date(check.due_on)} ({state})", check.id
            )
        due = next((i for i, c in enumerate(line.checks) if c.result is None), 0)
        self.check.setCurrentIndex(due)
        self.still_employed = _combo("retentionResult", None, list(RETENTION_RESULTS), None)
        self.checked_on = _date("retentionCheckedOn", None)
        self.form.addRow("&Check", self.check)
        self.form.addRow("Still &employed there?", self.still_employed)
        self.form.addRow("Checked &on", self.checked_on)

    def work(self) -> Callable[[], Any]:
        check_id = self.check.currentData()
        if check_id is None:
            raise ValueError("This placement has no retention check to record.")
        db, result, day = self.ctx.db, self.still_employed.currentData(), py_date(self.checked_on.date())
        return lambda: record_check(db, check_id, result, day)
