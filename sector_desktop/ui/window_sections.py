"""The main window's sections: the sidebar's pick, each section's page (built on first visit), and
going to a section, a named view or a record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QListWidget, QStackedWidget, QWidget

from .sections import SECTIONS, Section, section_for_view, view_names

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from .context import AppContext

    _Window = QMainWindow
else:
    _Window = object

# Which section opens a record of each kind (AppEvents.open_record).
RECORD_SECTIONS = {
    "organization": "organizations",
    "contact": "organizations",
    "visit": "visits",
    "partnership": "partnerships",
    "meeting": "meetings",
    "action_item": "action-items",
    "program": "apprenticeships",
    "initiative": "initiatives",
}


class WindowSections(_Window):
    """Mixed into MainWindow, which builds the sidebar and the page stack."""

    ctx: AppContext
    attached: bool
    sidebar: QListWidget
    stack: QStackedWidget
    _pages: dict[str, QWidget]
    _first_section: str

    def _section_picked(self, row: int) -> None:
        if self.attached:
            self.show_section(SECTIONS[row].key)
        else:  # still opening: that section comes first instead of Today
            self._first_section = SECTIONS[row].key

    def page(self, key: str) -> QWidget:
        """The page of a section, built the first time it is needed."""
        if key not in self._pages:
            section = next(s for s in SECTIONS if s.key == key)
            page = section.build(self.ctx)
            page.setObjectName(page.objectName() or f"{key}Page")
            self._pages[key] = page
            self.stack.addWidget(page)
        return self._pages[key]

    def shown_section(self) -> str | None:
        """The key of the section whose page is showing (None while the window is opening)."""
        shown = self.stack.currentWidget()
        return next((k for k, page in self._pages.items() if page is shown), None)

    def show_section(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        return page

    def go_to(self, key: str) -> QWidget:
        """Go → a section (Ctrl+1…9): show it with the keyboard focus in it, ready to use."""
        from .accessibility import focus_into

        page = self.show_section(key)
        focus_into(page)
        return page

    def show_view(self, view: str) -> QWidget:
        """Show a named view (for --screenshot): a section, possibly in a particular state."""
        section: Section | None = section_for_view(view)
        if section is None:
            raise ValueError(f"unknown view {view!r}; known views: all, {', '.join(view_names())}")
        page = self.show_section(section.key)
        prepare = getattr(page, "prepare_view", None)
        if prepare is not None:
            prepare(view)
        return page

    def open_record(self, kind: str, record_id: str) -> None:
        key = RECORD_SECTIONS.get(kind)
        if key is None:
            return
        page = self.show_section(key)
        opener = getattr(page, "open_record", None)
        if opener is not None:
            opener(kind, record_id)
