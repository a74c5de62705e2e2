"""The "Export calendar…" command: ask where (and what range), write the .ics off the UI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.services.calendar_export import CalendarExport, export_calendar

from ..context import AppContext
from ..datetimes import make_date_edit, py_date
from ..tasks import guarded, run_task


class CalendarExportDialog(QDialog):
    """From/to dates and "only mine"; the file is chosen after OK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarExportDialog")
        self.setWindowTitle("Export calendar")
        today = clock.today()
        form = QFormLayout(self)
        form.addRow(QLabel("Planned visits and meetings, as an .ics file for Outlook or Google Calendar."))
        self.start = make_date_edit(today)
        self.start.setObjectName("calendarFrom")
        self.end = make_date_edit(today + dt.timedelta(days=90))
        self.end.setObjectName("calendarTo")
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
        """[start, end) as stored instants: the chosen days on the profile's calendar."""
        first, last = py_date(self.start.date()), py_date(self.end.date())
        start, end = clock.days(first, last)
        # Today's export starts now: what already happened is not a plan any more.
        now = clock.now().replace(second=0, microsecond=0)
        return max(start, now) if first == clock.today() else start, end


def export_calendar_with_dialog(ctx: AppContext, parent: QWidget) -> None:
    dialog = CalendarExportDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    start, end = dialog.range()
    staff_id = ctx.staff_id if dialog.mine.isChecked() else None
    suggested = str(Path.home() / f"sector-plans-{py_date(dialog.start.date()).isoformat()}.ics")
    name, _ = QFileDialog.getSaveFileName(parent, "Export calendar", suggested, "iCalendar files (*.ics)")
    if not name:
        return
    out = Path(name if name.lower().endswith(".ics") else name + ".ics")
    db = ctx.db

    def done(result: CalendarExport) -> None:
        QMessageBox.information(parent, "Export calendar", result.summary())

    run_task(
        lambda: export_calendar(db, out, start=start, end=end, staff_id=staff_id),
        guarded(parent, done),
        guarded(parent, lambda exc: QMessageBox.warning(parent, "Export calendar", str(exc))),
    )
