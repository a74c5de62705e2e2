"""The "Export calendar…" command: ask where (and what range), write the .ics off the UI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from sector_desktop.services.calendar_export import CalendarExport, default_timezone, export_calendar
from sector_desktop.store.settings import load_settings

from ..context import AppContext
from ..tasks import guarded, run_task


class CalendarExportDialog(QDialog):
    """From/to dates and "only mine"; the file is chosen after OK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarExportDialog")
        self.setWindowTitle("Export calendar")
        today = dt.date.today()
        form = QFormLayout(self)
        form.addRow(QLabel("Planned visits and meetings, as an .ics file for Outlook or Google Calendar."))
        self.start = QDateEdit(QDate(today.year, today.month, today.day))
        self.start.setObjectName("calendarFrom")
        self.start.setCalendarPopup(True)
        end = today + dt.timedelta(days=90)
        self.end = QDateEdit(QDate(end.year, end.month, end.day))
        self.end.setObjectName("calendarTo")
        self.end.setCalendarPopup(True)
        self.mine = QCheckBox("Only my visits and the meetings I facilitate")
        self.mine.setObjectName("calendarOnlyMine")
        self.mine.setChecked(ctx.staff_id is not None)
        self.mine.setEnabled(ctx.staff_id is not None)
        form.addRow("From", self.start)
        form.addRow("To (inclusive)", self.end)
        form.addRow(self.mine)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def range(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.start.date().toPython(), dt.time())
        now = dt.datetime.now().replace(second=0, microsecond=0)
        end = dt.datetime.combine(self.end.date().toPython() + dt.timedelta(days=1), dt.time())
        # Today's export starts now: what already happened is not a plan any more.
        return max(start, now) if start.date() == now.date() else start, end


def export_calendar_with_dialog(ctx: AppContext, parent: QWidget) -> None:
    dialog = CalendarExportDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    start, end = dialog.range()
    staff_id = ctx.staff_id if dialog.mine.isChecked() else None
    suggested = str(Path.home() / f"sector-plans-{start:%Y-%m-%d}.ics")
    name, _ = QFileDialog.getSaveFileName(parent, "Export calendar", suggested, "iCalendar files (*.ics)")
    if not name:
        return
    out = Path(name if name.lower().endswith(".ics") else name + ".ics")
    zone = default_timezone(load_settings(ctx.paths))
    db = ctx.db

    def done(result: CalendarExport) -> None:
        QMessageBox.information(parent, "Export calendar", result.summary())

    run_task(
        lambda: export_calendar(db, out, start=start, end=end, staff_id=staff_id, timezone=zone),
        guarded(parent, done),
        guarded(parent, lambda exc: QMessageBox.warning(parent, "Export calendar", str(exc))),
    )
