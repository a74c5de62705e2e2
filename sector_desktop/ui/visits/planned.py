"""'Log visit' for an organization with a visit planned today: complete that one, or log another?

Logging a second visit would leave the planned one "Planned" for ever, in the lists and the reports.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from sector_desktop import timefmt
from sector_desktop.store.visits import PlannedVisit


def ask_about_planned(
    parent: QWidget, planned: PlannedVisit, organization_id: str, open_editor: Callable[..., None]
) -> QMessageBox:
    """Ask without blocking; `open_editor` gets the planned visit (to complete) or the organization."""
    when = timefmt.time(planned.starts_at)
    who = f" with {planned.staff_name}" if planned.staff_name else ""
    box = QMessageBox(QMessageBox.Icon.Question, "A visit is planned today", "", parent=parent)
    box.setObjectName("plannedVisitQuestion")
    box.setText(f"A visit here is planned today at {when}{who}.")
    box.setInformativeText("Complete that visit with what happened, or log a separate one?")
    complete = box.addButton("Complete the planned visit", QMessageBox.ButtonRole.AcceptRole)
    separate = box.addButton("Log a separate visit", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(complete)

    def answered(button: object) -> None:
        if button is complete:
            open_editor(visit_id=planned.id, complete=True)
        elif button is separate:
            open_editor(organization_id=organization_id)

    box.buttonClicked.connect(answered)
    box.open()
    return box
