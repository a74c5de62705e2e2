"""The attendance checklist of live minutes: a checkbox per roster representative (employers first,
then partners), guests added on the spot, and the line to add one. It only shows and asks; the
view saves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.models.choices import MEMBER_ROLES, label
from sector_desktop.store.meetings import AttendanceRow


class AttendancePanel(QGroupBox):
    toggled = Signal(object, bool)  # the AttendanceRow, ticked or not
    guest_requested = Signal(str, str, bool)  # name, organization, is business

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Attendance", parent)
        self.setObjectName("attendancePanel")
        self.checkboxes: dict[str, QCheckBox] = {}  # contact id (roster) or attendance id (guest)
        self.rows: dict[str, AttendanceRow] = {}
        self.present: set[str] = set()  # roster contacts ticked present
        self._section: str | None = None
        self.list = QVBoxLayout()
        self.list.setSpacing(2)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(2, 2, 2, 2)
        inner_layout.addLayout(self.list)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.guest_name = QLineEdit()
        self.guest_name.setObjectName("guestName")
        self.guest_name.setPlaceholderText("Guest: name, org ↵")
        self.guest_name.setToolTip("Add a guest: their name, a comma, their organization; then Enter.")
        self.guest_name.returnPressed.connect(self._guest_entered)
        self.guest_business = QCheckBox("Business")
        self.guest_business.setObjectName("guestBusiness")
        self.guest_business.setToolTip("Tick for an employer representative (counts toward employer-led).")
        guest = QHBoxLayout()
        guest.addWidget(self.guest_name, 1)
        guest.addWidget(self.guest_business)
        self.guest_error = QLabel("")
        self.guest_error.setProperty("role", "error")
        self.guest_error.setWordWrap(True)
        self.guest_error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(guest)
        layout.addWidget(self.guest_error)

    def fill(self, rows: list[AttendanceRow]) -> None:
        while (taken := self.list.takeAt(0)) is not None:
            w = taken.widget()
            if w is not None:
                w.deleteLater()
        self.checkboxes.clear()
        self.rows.clear()
        self._section = None
        self.present = {r.contact_id for r in rows if r.contact_id and not r.is_guest and r.attended}
        for r in rows:
            self.add_row(r)

    def add_row(self, r: AttendanceRow) -> QCheckBox:
        heading = "Guests" if r.is_guest else ("Employers" if r.is_business else "Partners")
        if heading != self._section:
            self._section = heading
            self.list.addWidget(QLabel(f"<b>{heading}</b>"))
        key = r.attendance_id if r.is_guest else r.contact_id
        assert key is not None
        text = f"{r.name}\n{r.organization_name}" if r.organization_name else r.name
        box = QCheckBox(text.replace("&", "&&"))  # shown as typed: a lone "&" would make a shortcut
        box.setObjectName(f"guest_{key}" if r.is_guest else f"attend_{key}")
        role = label(MEMBER_ROLES, r.role) if r.role else ("business guest" if r.is_business else "guest")
        box.setToolTip(f"{r.name}\n{r.organization_name or ''}\n{role}")
        box.setChecked(r.attended)
        box.toggled.connect(lambda on, row=r: self._toggled(row, on))
        self.checkboxes[key] = box
        self.rows[key] = r
        self.list.addWidget(box)
        return box

    def _toggled(self, row: AttendanceRow, on: bool) -> None:
        if not row.is_guest and row.contact_id:
            (self.present.add if on else self.present.discard)(row.contact_id)
        self.toggled.emit(row, on)

    def present_rows(self) -> list[AttendanceRow]:
        """Roster representatives ticked present, by name (the attendees who can own an action item)."""
        return sorted((self.rows[k] for k in self.present if k in self.rows), key=lambda r: r.name)

    def _guest_entered(self) -> None:
        name, _, org = self.guest_name.text().partition(",")
        if not name.strip():
            self.guest_error.setText("Type the guest's name (and, after a comma, their organization).")
            self.guest_error.show()
            return
        self.guest_error.hide()
        business = self.guest_business.isChecked()
        self.guest_name.clear()
        self.guest_business.setChecked(False)
        self.guest_requested.emit(name.strip(), org.strip(), business)
