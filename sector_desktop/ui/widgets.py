"""Small input widgets the editors share: an optional date, money typed as text, an optional count."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLineEdit, QSpinBox

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.money import dollars, parse_cents

from .datetimes import date_edit_format, qdate


def date_edit(day: dt.date | None, optional: bool = True) -> QDateEdit:
    """A calendar-date field; an optional one starts at 'not set'."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    if optional:
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText("not set")
    edit.setDate(qdate(day) if day else (edit.minimumDate() if optional else qdate(clock.today())))
    return edit


def date_of(edit: QDateEdit) -> dt.date | None:
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    day: dt.date = edit.date().toPython()  # type: ignore[assignment]  # PySide6 stubs say object
    return day


def day_of(edit: QDateEdit) -> dt.date:
    """The date of a field that is never 'not set'."""
    day: dt.date = edit.date().toPython()  # type: ignore[assignment]  # PySide6 stubs say object
    return day


def money_edit(cents: int | None, placeholder: str = "$0.00") -> QLineEdit:
    edit = QLineEdit(dollars(cents) if cents is not None else "")
    edit.setPlaceholderText(placeholder)
    return edit


def cents_of(edit: QLineEdit, what: str, required: bool = False) -> int | None:
    """The cents typed; a ValidationError naming `what` when the text is not an amount."""
    text = edit.text().strip()
    problem = f"{what}: type an amount such as 1,250.00"
    if not text:
        if required:
            raise ValidationError(problem, [problem])
        return None
    try:
        return parse_cents(text)
    except ValueError as exc:
        raise ValidationError(f"{what}: {exc}", [f"{what}: {exc}"]) from None


def count_edit(value: int | None, top: int) -> QSpinBox:
    """A whole number from 0 to `top`; 0 shows as 'not set' and reads as None."""
    box = QSpinBox()
    box.setRange(0, top)
    box.setSpecialValueText("not set")
    box.setValue(value or 0)
    return box


def count_of(box: QSpinBox) -> int | None:
    return box.value() or None
