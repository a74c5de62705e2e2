"""The filter bar above the organizations list: a name search box, kind, sector, status and staff combos."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from sector_desktop.models.choices import ORGANIZATION_KINDS, ORGANIZATION_STATUSES, SECTORS
from sector_desktop.store.organizations import UNASSIGNED, OrganizationFilter, StaffOption

SEARCH_DELAY_MS = 250


def _combo(name: str, everything: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, None)
    for code, text in choices:
        combo.addItem(text, code)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class FilterBar(QWidget):
    """Emits `changed(OrganizationFilter)` when the user changes a filter (typing is debounced)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organizationFilters")
        self.search = QLineEdit()
        self.search.setObjectName("organizationSearch")
        self.search.setPlaceholderText("Filter by name…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.kind = _combo("kindFilter", "All kinds", ORGANIZATION_KINDS)
        self.sector = _combo("sectorFilter", "All sectors", SECTORS)
        self.status = _combo("statusFilter", "All statuses", ORGANIZATION_STATUSES)
        self.staff = QComboBox()
        self.staff.setObjectName("staffFilter")
        for combo, what in (
            (self.kind, "kind"),
            (self.sector, "sector"),
            (self.status, "status"),
            (self.staff, "staff"),
        ):
            combo.setAccessibleName(f"Filter by {what}")
        self.staff.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_staff([])
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setObjectName("clearFiltersButton")
        self.clear_button.clicked.connect(self.clear)
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        self.search.returnPressed.connect(self._emit)
        for combo in (self.kind, self.sector, self.status, self.staff):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)
        for w in (self.kind, self.sector, self.status, self.staff):
            layout.addWidget(w)
        layout.addWidget(self.clear_button)
        self._update_clear_button()

    def set_staff(self, staff: list[StaffOption]) -> None:
        """Fill the staff combo, keeping the current choice when that person is still listed."""
        current = self.staff.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        self.staff.addItem("All staff", None)
        self.staff.addItem("Not assigned", UNASSIGNED)
        for option in staff:
            self.staff.addItem(option.name, option.id)
        index = self.staff.findData(current)
        self.staff.setCurrentIndex(max(index, 0))
        self.staff.blockSignals(False)

    def current(self) -> OrganizationFilter:
        return OrganizationFilter(
            text=self.search.text().strip(),
            kind=self.kind.currentData(),
            sector=self.sector.currentData(),
            status=self.status.currentData(),
            staff_id=self.staff.currentData(),
        )

    def is_filtered(self) -> bool:
        return self.current() != OrganizationFilter()

    def clear(self) -> None:
        self.show_only_name("")

    def show_only_name(self, text: str) -> None:
        """Reset every combo and put `text` in the search box, then apply it at once."""
        for w in (self.search, self.kind, self.sector, self.status, self.staff):
            w.blockSignals(True)
        self.search.setText(text)
        for combo in (self.kind, self.sector, self.status, self.staff):
            combo.setCurrentIndex(0)
        for w in (self.search, self.kind, self.sector, self.status, self.staff):
            w.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        self._typing.stop()
        self._update_clear_button()
        self.changed.emit(self.current())

    def _update_clear_button(self) -> None:
        self.clear_button.setEnabled(self.is_filtered())
