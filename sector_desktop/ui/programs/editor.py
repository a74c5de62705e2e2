"""The training program editor: every field of one line of the inventory, saved through the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import ETPL_STATUSES, PROGRAM_MODALITIES, SECTORS
from sector_desktop.services.programs import ProgramInput, save_program, soc_codes_from
from sector_desktop.store.programs import ProgramRow, provider_options

from ..context import AppContext
from ..form_dialog import ServiceDialog
from ..widgets import cents_of, count_edit, count_of, date_edit, date_of, money_edit


def provider_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """(id, name) of the organizations that can offer training, by name."""
    with ctx.db.read_session() as s:
        return provider_options(s)


def _combo(choices: tuple[tuple[str, str], ...], current: str | None, blank: str) -> QComboBox:
    box = QComboBox()
    box.addItem(blank, None)
    for code, text in choices:
        box.addItem(text, code)
    box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
    return box


class ProgramDialog(ServiceDialog):
    def __init__(
        self,
        ctx: AppContext,
        current: ProgramRow | None = None,
        providers: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit training program" if current else "New training program", parent)
        c = current
        self.current = c
        self.name = QLineEdit(c.name if c else "")
        self.provider = QComboBox()
        self.provider.addItem("(no provider)", None)
        for pid, name in providers if providers is not None else provider_choices(ctx):
            self.provider.addItem(name, pid)
        if c and c.provider_id:
            self.provider.setCurrentIndex(max(0, self.provider.findData(c.provider_id)))
        self.sector = _combo(SECTORS, c.sector if c else None, "(choose a sector)")
        self.credential = QLineEdit(c.credential or "" if c else "")
        self.socs = QLineEdit("; ".join(c.soc_codes) if c else "")
        self.socs.setPlaceholderText("31-1131; 31-9097")
        self.hours = count_edit(c.hours if c else None, 20_000)
        self.weeks = count_edit(c.duration_weeks if c else None, 520)
        self.cost = money_edit(c.cost_cents if c else None)
        self.schedule = QLineEdit(c.schedule or "" if c else "")
        self.schedule.setPlaceholderText("Mon–Thu 6–9 PM")
        self.modality = _combo(PROGRAM_MODALITIES, c.modality if c else None, "(not set)")
        self.next_start = date_edit(c.next_start if c else None)
        self.etpl = _combo(ETPL_STATUSES, c.etpl_status if c else None, "(not known)")
        self.capacity = count_edit(c.capacity if c else None, 10_000)
        self.contact_name = QLineEdit(c.contact_name or "" if c else "")
        self.contact_email = QLineEdit(c.contact_email or "" if c else "")
        self.contact_phone = QLineEdit(c.contact_phone or "" if c else "")
        self.notes = QPlainTextEdit(c.notes or "" if c else "")
        self.notes.setFixedHeight(54)
        for text, widget in (
            ("Program", self.name),
            ("Provider", self.provider),
            ("Sector", self.sector),
            ("Credential", self.credential),
            ("Occupations (SOC)", self.socs),
            ("Hours", self.hours),
            ("Length (weeks)", self.weeks),
            ("Cost", self.cost),
            ("Schedule", self.schedule),
            ("Modality", self.modality),
            ("Next start", self.next_start),
            ("ETPL status", self.etpl),
            ("Seats per cohort", self.capacity),
            ("Contact", self.contact_name),
            ("Contact email", self.contact_email),
            ("Contact phone", self.contact_phone),
            ("Notes", self.notes),
        ):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        try:
            socs = soc_codes_from(self.socs.text())
        except ValueError as exc:
            raise ValidationError(f"occupations: {exc}", [f"occupations: {exc}"]) from None
        data = ProgramInput(
            name=self.name.text(),
            sector=self.sector.currentData() or "",
            provider_id=self.provider.currentData(),
            credential=self.credential.text(),
            soc_codes=socs,
            hours=count_of(self.hours),
            duration_weeks=count_of(self.weeks),
            cost_cents=cents_of(self.cost, "cost"),
            schedule=self.schedule.text(),
            modality=self.modality.currentData(),
            next_start=date_of(self.next_start),
            etpl_status=self.etpl.currentData(),
            capacity=count_of(self.capacity),
            contact_name=self.contact_name.text(),
            contact_email=self.contact_email.text(),
            contact_phone=self.contact_phone.text(),
            notes=self.notes.toPlainText(),
        )
        db, program_id = self.ctx.db, self.current.id if self.current else None
        return lambda: save_program(db, data, program_id)
