"""Setting the office's areas: the areas whose figures an LMI import keeps."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from sector_desktop.services.lmi import office_areas, parse_area, set_office_areas

from ..context import AppContext


def edit_office_areas(ctx: AppContext, parent: QWidget) -> bool:
    """Ask for the areas (e.g. "msa:12580, state:24, county:24510"); True when they were changed."""
    current = ", ".join(map(str, office_areas(ctx.paths)))
    text, ok = QInputDialog.getText(
        parent,
        "Office areas",
        "The office's areas, separated by commas (US, state:24, msa:12580, county:24510, nonmetro:2400001).\n"
        "Imports keep only these areas' figures.",
        text=current,
    )
    if not ok:
        return False
    try:
        areas = [parse_area(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError as exc:
        QMessageBox.warning(parent, "Office areas", f"Nothing was changed: {exc}")
        return False
    set_office_areas(ctx.paths, areas)
    return True
