"""The Organizations page: filters on top, the lazy list on the left, the selected record on the right."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.errors import NotFound
from sector_desktop.store.organizations import (
    OrganizationDetail,
    OrganizationFilter,
    StaffOption,
    get_organization_detail,
    list_staff,
    organization_name,
    organization_of_contact,
)
from sector_desktop.store.settings import office_name

from ..attachments.panel import AttachmentsPanel
from ..context import AppContext
from ..operations import Changes
from ..reports.open_document import open_document
from ..sync.marks import mark_sync_state
from ..tasks import Latest, run_task
from . import table_model as cols
from .detail import OrganizationDetailPanel
from .editing import OrganizationEditing
from .filters import FilterBar
from .table_model import OrganizationsTableModel

# Tables whose changes can alter what this page shows.
_WATCHED = ("organization", "contact", "visit", "staff_user")
_COLUMN_WIDTHS = {
    cols.KIND: 122,
    cols.SECTOR: 106,
    cols.STATUS: 70,
    cols.CITY: 120,
    cols.STAFF: 118,
    cols.LAST_VISIT: 96,
}
# Hidden until asked for (right-click the header): every record here is in the team's own city.
_HIDDEN_AT_START = (cols.CITY,)


class OrganizationsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organizationsPage")
        self.ctx = ctx
        self.staff: list[StaffOption] = []
        self._selected_id: str | None = None
        self._pending_contact: str | None = None
        self._detail_load = Latest(self)  # only the latest chosen organization's detail shows
        self._auto_select = True  # select the first row of the first load, so the panel is not bare
        self.model = OrganizationsTableModel(ctx.db, parent=self)
        self.editing = OrganizationEditing(ctx, self, lambda: self.staff)
        self._build()
        self._connect()
        self._load_staff()
        # Enabling sorting asks the model to sort by the indicator, which runs the first load.
        self.table.setSortingEnabled(True)

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel("Organizations")
        title.setProperty("role", "heading")
        self.count_label = QLabel("Loading…")
        self.count_label.setObjectName("organizationCount")
        self.count_label.setProperty("role", "hint")
        self.new_button = QPushButton("New organization…")
        self.new_button.setObjectName("newOrganizationButton")
        self.new_button.setToolTip("New organization (Ctrl+Shift+O)")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.new_button)
        self.filters = FilterBar()
        self.attachments = AttachmentsPanel(self.ctx)
        self.attachments.model.modelReset.connect(self._files_counted)
        self.detail = OrganizationDetailPanel(attachments=self.attachments)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("organizationsSplitter")
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([680, 480])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)

    def _build_list(self) -> QWidget:
        self.table = QTableView()
        self.setFocusProxy(self.table)  # Ctrl+2 lands in the list
        self.table.setObjectName("organizationsTable")
        self.table.setAccessibleName("Organizations")
        self.table.setModel(self.model)
        mark_sync_state(self.ctx, self.table, "organization")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(cols.NAME, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(cols.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for col, width in _COLUMN_WIDTHS.items():
            self.table.setColumnWidth(col, width)
        for col in _HIDDEN_AT_START:
            self.table.setColumnHidden(col, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        edit = QAction("Edit organization", self.table)
        edit.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        edit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit.triggered.connect(self.edit_selected)
        self.table.addAction(edit)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("organizationsEmpty")
        self.empty_label.setProperty("role", "hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_clear = QPushButton("Clear filters")
        self.empty_clear.setObjectName("emptyClearFiltersButton")
        empty = QWidget()
        box = QVBoxLayout(empty)
        box.addStretch(1)
        box.addWidget(self.empty_label)
        box.addWidget(self.empty_clear, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(empty)
        return self.list_stack

    def _column_menu(self, pos) -> None:
        """Let the user choose which columns to show (the name always shows)."""
        menu = QMenu(self)
        for col in range(1, self.model.columnCount()):
            action = menu.addAction(cols.HEADERS[col])
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _connect(self) -> None:
        self.filters.changed.connect(self._filter_changed)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._load_failed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.new_button.clicked.connect(self.new_organization)
        self.empty_clear.clicked.connect(self.filters.clear)
        self.detail.edit_requested.connect(self.edit_selected)
        self.detail.log_visit_requested.connect(self.log_visit)
        self.detail.packet_requested.connect(self.prepare_packet)
        self.detail.delete_requested.connect(self._delete_selected)
        self.detail.merge_requested.connect(self._merge_selected)
        self.detail.add_contact_requested.connect(self._add_contact)
        self.detail.edit_contact_requested.connect(self._edit_contact)
        self.detail.remove_contact_requested.connect(self._remove_contact)
        self.detail.visit_opened.connect(lambda visit_id: self.ctx.events.open_record.emit("visit", visit_id))
        self.editing.saved.connect(self._select_after_save)
        self.ctx.events.applied.connect(self._data_changed)

    # -- the list --------------------------------------------------------------------------
    def _filter_changed(self, f: OrganizationFilter) -> None:
        self.count_label.setText("Loading…")
        self.model.set_filter(f)

    def reload(self) -> None:
        self.model.reload()

    def _loaded(self, total: int) -> None:
        shown = "organization" if total == 1 else "organizations"
        self.count_label.setText(f"{total:,} {shown}" + (" match" if self.filters.is_filtered() else ""))
        self.count_label.setProperty("role", "hint")
        self.count_label.style().polish(self.count_label)  # it may have been an error before
        if total == 0:
            if self.filters.is_filtered():
                self.empty_label.setText("No organizations match these filters.")
            else:
                self.empty_label.setText(
                    "No organizations yet.\nAdd one with File → New organization (Ctrl+Shift+O), "
                    "or bring in a list with File → Import…"
                )
            self.empty_clear.setVisible(self.filters.is_filtered())
            self.list_stack.setCurrentIndex(1)
        else:
            self.list_stack.setCurrentIndex(0)
        self._restore_selection()

    def _restore_selection(self) -> None:
        row = self.model.row_of(self._selected_id) if self._selected_id else None
        if row is None and self._auto_select and self.model.rowCount() > 0 and self._selected_id is None:
            row = 0
        self._auto_select = False
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _load_failed(self, message: str) -> None:
        self.count_label.setText(f"Could not load organizations: {message}")
        self.count_label.setProperty("role", "error")
        self.count_label.style().polish(self.count_label)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is None:
            return  # a reload cleared the selection; keep showing the record until told otherwise
        if row.id != self._selected_id or self.detail.detail is None or self.detail.detail.id != row.id:
            self.show_organization(row.id)

    # -- the detail ----------------------------------------------------------------------
    def show_organization(self, org_id: str) -> None:
        """Load one organization into the detail panel, off the UI thread."""
        self._selected_id = org_id
        db = self.ctx.db

        def load() -> OrganizationDetail:
            with db.read_session() as s:
                return get_organization_detail(s, org_id)

        self._detail_load.run(load, self._detail_loaded, self._detail_failed)

    def _detail_loaded(self, detail: OrganizationDetail) -> None:
        self.detail.show_detail(detail)
        self.attachments.show_owner("organization", detail.id)
        if self._pending_contact:
            self.detail.select_contact(self._pending_contact)
            self._pending_contact = None

    def _detail_failed(self, exc: Exception) -> None:
        if isinstance(exc, NotFound):
            self._selected_id = None
            self.detail.show_message("This organization has been deleted.")
        else:
            self.detail.show_message(f"Could not load this organization: {exc}")

    def _data_changed(self, changes: Changes) -> None:
        if not changes.touches(*_WATCHED):
            return
        if changes.touches("staff_user"):
            self._load_staff()
        self.model.reload()
        if self._selected_id:
            self.show_organization(self._selected_id)

    def _select_after_save(self, org_id: str) -> None:
        self._selected_id = org_id  # the reload that follows the save selects it when it is listed

    def _load_staff(self) -> None:
        db = self.ctx.db

        def load() -> list[StaffOption]:
            with db.read_session() as s:
                return list_staff(s)

        run_task(load, self._staff_loaded)

    def _staff_loaded(self, staff: list[StaffOption]) -> None:
        self.staff = staff
        self.filters.set_staff(staff)

    # -- commands -----------------------------------------------------------------------
    def new_organization(self) -> None:
        """File → New organization: the editor, then the duplicate check when it is saved."""
        self.editing.new_organization()

    def edit_selected(self) -> None:
        if self.detail.detail is not None:
            self.editing.edit_organization(self.detail.detail)

    def _delete_selected(self) -> None:
        if self.detail.detail is not None:
            self.editing.delete_organization(self.detail.detail)

    def _merge_selected(self) -> None:
        if self.detail.detail is not None:
            self.editing.merge_organization(self.detail.detail)

    def _add_contact(self) -> None:
        if self.detail.detail is not None:
            self.editing.add_contact(self.detail.detail)

    def log_visit(self) -> None:
        """Log a visit to the shown organization (the Visits page offers today's planned one first)."""
        if self.detail.detail is not None:
            self.ctx.events.log_visit.emit(self.detail.detail.id)

    def prepare_packet(self) -> None:
        """Preview the shown organization's briefing packet for today, ready to print."""
        detail = self.detail.detail
        if detail is None:
            return
        from sector_desktop.services.documents import briefing_pdf  # reportlab loads on first use

        db, org_id, day, office = self.ctx.db, detail.id, clock.today(), office_name(self.ctx.paths)
        title = f"Briefing packet {detail.name} {timefmt.date(day)}"
        open_document(self.ctx, self, title, lambda: briefing_pdf(db, org_id, day, office_name=office))

    def _files_counted(self) -> None:
        self.detail.tabs.setTabText(1, f"Files ({self.attachments.model.rowCount()})")

    def _edit_contact(self, contact_id: str) -> None:
        if self.detail.detail is not None:
            self.editing.edit_contact(self.detail.detail, contact_id)

    def _remove_contact(self, contact_id: str) -> None:
        if self.detail.detail is not None:
            self.editing.remove_contact(self.detail.detail, contact_id)

    def open_record(self, kind: str, record_id: str) -> None:
        """Show an organization (or a contact's organization, with the contact selected), e.g. from search."""
        if kind == "contact":
            db = self.ctx.db

            def find() -> str | None:
                with db.read_session() as s:
                    return organization_of_contact(s, record_id)

            def found(org_id: str | None) -> None:
                if org_id:
                    self._pending_contact = record_id
                    self._open_organization(org_id)

            run_task(find, found)
        elif kind == "organization":
            self._open_organization(record_id)

    def _open_organization(self, org_id: str) -> None:
        self._selected_id = org_id
        self.show_organization(org_id)
        if self.model.row_of(org_id) is not None:
            self._restore_selection()
            return
        # Not among the rows shown: list it by its name so it can be selected in the table.
        db = self.ctx.db

        def name() -> str | None:
            with db.read_session() as s:
                return organization_name(s, org_id)

        run_task(name, lambda n: self.filters.show_only_name(n) if n else None)

    def prepare_view(self, view: str) -> None:
        """For --screenshot: make sure a record is selected so the detail panel is filled."""
        if self._selected_id is None and self.model.rowCount() > 0:
            self.table.selectRow(0)
        self.table.setFocus()
