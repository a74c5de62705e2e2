"""The detail panel beside the list: one organization's profile, its contacts and its visit history."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.models.choices import (
    ORGANIZATION_KINDS,
    ORGANIZATION_STATUSES,
    SECTORS,
    SIZE_BANDS,
    label,
)
from sector_desktop.store.organizations import OrganizationDetail

from ..tables import sort_by_headers
from .detail_models import ContactsTableModel, PurposeDelegate, VisitHistoryTableModel

MAX_CONTACT_ROWS = 5
# (label, how to get the text) for the profile grid, two pairs per line.
_PROFILE = (
    ("FEIN", lambda d: d.fein),
    ("State UI no.", lambda d: d.state_ui_number),
    ("NAICS", lambda d: d.naics),
    ("Size", lambda d: label(SIZE_BANDS, d.size_band)),
    ("Phone", lambda d: d.phone),
    ("Sites", lambda d: None if d.sites_count is None else str(d.sites_count)),
)
# Longer values get a whole line each.
_WIDE = (
    ("Assigned", lambda d: escape(d.staff_name or "")),
    ("Website", lambda d: _website_link(d.website)),
    ("Address", lambda d: escape(_address(d)).replace("\n", "<br>")),
    ("Tags", lambda d: escape(", ".join(d.tags))),
    ("Notes", lambda d: escape((d.notes or "").strip()).replace("\n", "<br>")),
)


def _bare_website(url: str | None) -> str | None:
    """The address without https:// and a trailing slash, which only take up room."""
    if not url:
        return None
    for prefix in ("https://", "http://"):
        if url.lower().startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")


def _website_link(url: str | None) -> str:
    bare = _bare_website(url)
    if not url or not bare:
        return ""
    target = url if "://" in url else f"https://{url}"
    return f'<a href="{escape(target, quote=True)}">{escape(bare)}</a>'


def _address(d: OrganizationDetail) -> str:
    street = ", ".join(p for p in (d.address_line1, d.address_line2) if p)
    place = " ".join(p for p in (d.state, d.zip) if p)
    town = ", ".join(p for p in (d.city, place) if p)
    return "\n".join(p for p in (street, town) if p)


def _table(name: str, model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setHighlightSections(False)
    sort_by_headers(view)
    return view


def _value_label() -> QLabel:
    value = QLabel()
    value.setWordWrap(True)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return value


class OrganizationDetailPanel(QWidget):
    log_visit_requested = Signal()
    packet_requested = Signal()
    edit_requested = Signal()
    merge_requested = Signal()
    delete_requested = Signal()
    add_contact_requested = Signal()
    edit_contact_requested = Signal(str)
    remove_contact_requested = Signal(str)
    visit_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None, attachments: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organizationDetail")
        self.attachments = attachments  # the organization's files (a panel the page makes)
        self.detail: OrganizationDetail | None = None
        self.contacts_model = ContactsTableModel(self)
        self.visits_model = VisitHistoryTableModel(self)
        self._stack = QStackedWidget()
        self.placeholder = QLabel("Select an organization to see its profile, contacts and visits.")
        self.placeholder.setObjectName("detailPlaceholder")
        self.placeholder.setProperty("role", "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    # -- building ----------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_profile())
        layout.addLayout(self._build_contacts_bar())
        self.contacts_view = _table("contactsTable", self.contacts_model)
        self.contacts_view.setAccessibleName("Contacts")
        self.contacts_view.doubleClicked.connect(lambda _i: self._edit_contact())
        self.contacts_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.contacts_view)
        self.visits_heading = QLabel("<b>Visit history</b>")
        self.visits_heading.setObjectName("visitsHeading")
        self.visits_view = _table("visitHistoryTable", self.visits_model)
        self.visits_view.setAccessibleName("Visit history")
        self.visits_view.doubleClicked.connect(self._open_visit)
        if self.attachments is None:
            layout.addWidget(self.visits_heading)
            layout.addWidget(self.visits_view, 1)
        else:  # visits and files share the room left, one tab each
            self.visits_heading.hide()
            self.tabs = QTabWidget()
            self.tabs.setObjectName("organizationTabs")
            self.tabs.addTab(self.visits_view, "Visit history")
            self.tabs.addTab(self.attachments, "Files")
            layout.addWidget(self.tabs, 1)
        self._size_columns()
        return content

    def _build_header(self) -> QVBoxLayout:
        self.name_label = QLabel()
        self.name_label.setObjectName("detailName")
        self.name_label.setProperty("role", "heading")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("detailSummary")
        self.summary_label.setProperty("role", "hint")
        self.summary_label.setWordWrap(True)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.summary_label)
        self.log_visit_button = QPushButton("Log visit…")
        self.log_visit_button.setObjectName("logVisitButton")
        self.log_visit_button.setToolTip("Log a visit to this organization (or complete one planned today)")
        self.log_visit_button.clicked.connect(self.log_visit_requested)
        self.packet_button = QPushButton("Prepare packet…")
        self.packet_button.setObjectName("preparePacketButton")
        self.packet_button.setToolTip("Preview this organization's briefing packet, ready to print")
        self.packet_button.clicked.connect(self.packet_requested)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editOrganizationButton")
        self.edit_button.setAccessibleName("Edit organization")
        self.edit_button.setToolTip("Edit this organization's profile (Enter)")
        self.edit_button.clicked.connect(self.edit_requested)
        # Rarer commands wait behind "More", so the name keeps the room.
        menu = QMenu(self)
        self.merge_action = menu.addAction("Merge into another organization…")
        self.merge_action.setObjectName("mergeOrganizationAction")
        self.merge_action.triggered.connect(self.merge_requested)
        self.delete_action = menu.addAction("Delete…")
        self.delete_action.setObjectName("deleteOrganizationAction")
        self.delete_action.triggered.connect(self.delete_requested)
        self.more_button = QToolButton()
        self.more_button.setObjectName("moreButton")
        self.more_button.setAccessibleName("More commands: merge, delete")
        self.more_button.setText("More ▾")
        self.more_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.more_button.setMenu(menu)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more_button.setFixedHeight(self.edit_button.sizeHint().height())
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.log_visit_button, self.packet_button, self.edit_button, self.more_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        header = QVBoxLayout()  # the buttons under the name: a long name keeps the whole width
        header.addLayout(titles)
        header.addLayout(buttons)
        buttons.addStretch(1)
        return header

    def _build_profile(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        self._profile_values: list[QLabel] = []
        for i, (caption, _get) in enumerate(_PROFILE):
            row, col = divmod(i, 2)
            grid.addWidget(self._caption(caption), row, col * 2)
            value = _value_label()
            self._profile_values.append(value)
            grid.addWidget(value, row, col * 2 + 1)
        next_row = (len(_PROFILE) + 1) // 2
        self._wide_values: list[QLabel] = []
        for offset, (caption, _get) in enumerate(_WIDE):
            value = _value_label()
            value.setObjectName(f"detail{caption}")
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setOpenExternalLinks(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self._wide_values.append(value)
            grid.addWidget(self._caption(caption), next_row + offset, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, next_row + offset, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _caption(self, text: str) -> QLabel:
        caption = QLabel(text)
        caption.setProperty("role", "hint")
        return caption

    def _build_contacts_bar(self) -> QHBoxLayout:
        self.contacts_heading = QLabel("<b>Contacts</b>")
        self.contacts_heading.setObjectName("contactsHeading")
        self.add_contact_button = QPushButton("Add…")
        self.add_contact_button.setObjectName("addContactButton")
        self.add_contact_button.setAccessibleName("Add contact")
        self.add_contact_button.setToolTip("Add a contact")
        self.add_contact_button.clicked.connect(self.add_contact_requested)
        self.edit_contact_button = QPushButton("Edit…")
        self.edit_contact_button.setObjectName("editContactButton")
        self.edit_contact_button.setAccessibleName("Edit contact")
        self.edit_contact_button.clicked.connect(self._edit_contact)
        self.remove_contact_button = QPushButton("Remove")
        self.remove_contact_button.setObjectName("removeContactButton")
        self.remove_contact_button.setAccessibleName("Remove contact")
        self.remove_contact_button.clicked.connect(self._remove_contact)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 6, 0, 0)
        bar.addWidget(self.contacts_heading, 1)
        for b in (self.add_contact_button, self.edit_contact_button, self.remove_contact_button):
            bar.addWidget(b)
        return bar

    def _size_columns(self) -> None:
        contacts = self.contacts_view.horizontalHeader()
        contacts.setStretchLastSection(True)
        m = ContactsTableModel
        for col, width in ((m.NAME, 132), (m.TITLE, 112), (m.PHONE, 112)):
            self.contacts_view.setColumnWidth(col, width)
        v = VisitHistoryTableModel
        visits = self.visits_view.horizontalHeader()
        visits.setStretchLastSection(False)
        visits.setSectionResizeMode(v.PURPOSE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((v.DATE, 98), (v.TYPE, 72), (v.STAFF, 112)):
            self.visits_view.setColumnWidth(col, width)
        # Services show under the purpose, so each visit reads as one two-line entry.
        self.visits_view.setColumnHidden(v.SERVICES, True)
        self.visits_view.setItemDelegateForColumn(v.PURPOSE, PurposeDelegate(self.visits_view))
        self.visits_view.verticalHeader().setDefaultSectionSize(40)

    # -- showing -------------------------------------------------------------------------
    def show_detail(self, detail: OrganizationDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.contacts_model.set_rows([])
            self.visits_model.set_rows([])
            self._stack.setCurrentIndex(0)
            return
        self.name_label.setText(escape(detail.name))
        self.summary_label.setText(self._summary(detail))
        for value, (_caption, get) in zip(self._profile_values, _PROFILE, strict=True):
            value.setText(get(detail) or "—")
        for value, (_caption, get) in zip(self._wide_values, _WIDE, strict=True):
            value.setText(get(detail) or "—")
        self.contacts_model.set_rows(detail.contacts)
        self._fit_contacts(len(detail.contacts))
        self.visits_model.set_rows(detail.visits)
        self.contacts_heading.setText(f"<b>Contacts</b> ({len(detail.contacts)})")
        shown = len(detail.visits)
        more = f", newest {shown} shown" if shown < detail.visit_count else ""
        self.visits_heading.setText(f"<b>Visit history</b> ({detail.visit_count}{more})")
        if self.attachments is not None:
            self.tabs.setTabText(0, f"Visit history ({detail.visit_count}{more})")
        self._stack.setCurrentIndex(1)
        self._update_buttons()

    def _fit_contacts(self, count: int) -> None:
        """As tall as its contacts (two to five rows, then it scrolls), so visits get the rest."""
        view = self.contacts_view
        rows = min(max(count, 2), MAX_CONTACT_ROWS)
        height = (
            view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
        )
        view.setFixedHeight(height + 2 * view.frameWidth() + 2)

    def show_message(self, text: str) -> None:
        """Show a sentence instead of a record (nothing selected, or the record is gone)."""
        self.detail = None
        self.placeholder.setText(text)
        self._stack.setCurrentIndex(0)

    def _summary(self, d: OrganizationDetail) -> str:
        parts = [
            label(ORGANIZATION_KINDS, d.kind),
            label(SECTORS, d.sector),
            label(ORGANIZATION_STATUSES, d.status),
        ]
        text = " · ".join(p for p in parts if p)
        return f"{text} · doing business as {d.dba}" if d.dba else text

    def select_contact(self, contact_id: str) -> None:
        for row in range(self.contacts_model.rowCount()):
            contact = self.contacts_model.row_at(row)
            if contact is not None and contact.id == contact_id:
                self.contacts_view.selectRow(row)
                self.contacts_view.setFocus()
                return

    def selected_contact_id(self) -> str | None:
        rows = self.contacts_view.selectionModel().selectedRows()
        row = self.contacts_model.row_at(rows[0].row()) if rows else None
        return row.id if row else None

    def _update_buttons(self) -> None:
        has_contact = self.selected_contact_id() is not None
        self.edit_contact_button.setEnabled(has_contact)
        self.remove_contact_button.setEnabled(has_contact)

    def _edit_contact(self) -> None:
        contact_id = self.selected_contact_id()
        if contact_id:
            self.edit_contact_requested.emit(contact_id)

    def _remove_contact(self) -> None:
        contact_id = self.selected_contact_id()
        if contact_id:
            self.remove_contact_requested.emit(contact_id)

    def _open_visit(self, index) -> None:
        row = self.visits_model.row_at(index.row())
        if row is not None:
            self.visit_opened.emit(row.id)
