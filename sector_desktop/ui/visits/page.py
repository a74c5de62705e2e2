"""The Visits page: a filter bar over the lazy visit list, and the selected visit's details beside it."""

from __future__ import annotations

import html

import shiboken6
from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import SECTORS, VISIT_STATUSES, VISIT_TYPES
from sector_desktop.services.drafts import SavedDraft, list_drafts
from sector_desktop.services.visits import delete_visit
from sector_desktop.store.visits import (
    Choice,
    PlannedVisit,
    VisitDetail,
    VisitFilters,
    get_visit_detail,
    planned_visits,
    staff_choices,
)

from ..attachments.panel import AttachmentsPanel
from ..context import AppContext
from ..datetimes import date_edit_format, py_date
from ..operations import Changes, run_op
from ..sync.marks import mark_sync_state
from ..tasks import Latest, guarded, run_task
from .detail_text import detail_html
from .editor import VisitEditor
from .editor_state import EditorSetup, load_editor_setup
from .planned import ask_about_planned
from .table_model import VisitsTableModel

ANY_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"


def _choice_combo(name: str, everything: str, choices: tuple[tuple[str, str], ...] = ()) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, None)
    for code, text in choices:
        combo.addItem(text, code)
    return combo


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    edit.setMinimumDate(ANY_DATE)
    edit.setSpecialValueText("any")
    edit.setDate(ANY_DATE)
    return edit


class VisitsPage(QWidget):
    """All visits, filterable by date range, staff, organization, sector, type and status."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitsPage")
        self.ctx = ctx
        self.editor: VisitEditor | None = None
        self.drafts: list[SavedDraft] = []
        self.detail: VisitDetail | None = None
        self._detail_load = Latest(self)  # only the latest chosen visit's detail shows
        self._select_after_load: str | None = None
        self.model = VisitsTableModel(ctx.db, self)
        self._build()
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda msg: self.count_label.setText(f"Could not load visits: {msg}"))
        ctx.events.applied.connect(self._data_changed)
        self._load_staff()
        self.apply_filters()
        self.refresh_drafts()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("Visits")
        heading.setProperty("role", "heading")
        self.count_label = QLabel("Loading…")
        self.count_label.setObjectName("visitCount")
        self.count_label.setProperty("role", "hint")
        self.new_button = QPushButton("Log visit…")
        self.new_button.setObjectName("logVisitButton")
        self.new_button.setToolTip("Log a visit (Ctrl+Shift+V)")
        self.new_button.clicked.connect(lambda: self.new_visit())
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addLayout(self._build_filters())
        self.drafts_label = QLabel()
        self.drafts_label.setObjectName("visitDrafts")
        self.drafts_label.setStyleSheet("#visitDrafts { background: #fff4d6; padding: 4px 8px; }")
        self.drafts_label.setWordWrap(True)
        self.drafts_label.linkActivated.connect(self.resume_draft)
        self.drafts_label.hide()
        layout.addWidget(self.drafts_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([880, 300])
        layout.addWidget(splitter, 1)

    def _build_filters(self) -> QHBoxLayout:
        self.from_edit = _date_edit("fromDateFilter")
        self.to_edit = _date_edit("toDateFilter")
        self.staff_filter = _choice_combo("staffFilter", "All staff")
        self.org_filter = QLineEdit()
        self.org_filter.setObjectName("organizationFilter")
        self.org_filter.setPlaceholderText("Organization name…")
        self.org_filter.setClearButtonEnabled(True)
        self.sector_filter = _choice_combo("sectorFilter", "All sectors", SECTORS)
        self.type_filter = _choice_combo("typeFilter", "All types", VISIT_TYPES)
        self.status_filter = _choice_combo("statusFilter", "All statuses", VISIT_STATUSES)
        for combo, what in (
            (self.staff_filter, "staff"),
            (self.sector_filter, "sector"),
            (self.type_filter, "type"),
            (self.status_filter, "status"),
        ):
            combo.setAccessibleName(f"Filter by {what}")
        clear = QPushButton("Clear")
        clear.setObjectName("clearFilters")
        clear.clicked.connect(self.clear_filters)
        self._org_timer = QTimer(self)
        self._org_timer.setSingleShot(True)
        self._org_timer.setInterval(300)
        self._org_timer.timeout.connect(self.apply_filters)
        self.org_filter.textChanged.connect(lambda _t: self._org_timer.start())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filters())
        for combo in (self.staff_filter, self.sector_filter, self.type_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        bar = QHBoxLayout()
        for text, widget in (
            ("From", self.from_edit),
            ("To", self.to_edit),
            (None, self.staff_filter),
            (None, self.org_filter),
            (None, self.sector_filter),
            (None, self.type_filter),
            (None, self.status_filter),
        ):
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                bar.addWidget(label)
            bar.addWidget(widget, 2 if widget is self.org_filter else 0)
        bar.addWidget(clear)
        return bar

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.setFocusProxy(self.table)  # Ctrl+3 lands in the list
        self.table.setObjectName("visitsTable")
        self.table.setAccessibleName("Visits")
        self.table.setModel(self.model)
        mark_sync_state(self.ctx, self.table, "visit")
        self.table.horizontalHeader().setSortIndicator(VisitsTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        widths = {
            VisitsTableModel.DATE: 130,
            VisitsTableModel.ORGANIZATION: 210,
            VisitsTableModel.SECTOR: 110,
            VisitsTableModel.TYPE: 72,
            VisitsTableModel.STATUS: 78,
            VisitsTableModel.STAFF: 112,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        return self.table

    def _build_detail(self) -> QWidget:
        self.detail_view = QTextBrowser()
        self.detail_view.setObjectName("visitDetail")
        self.detail_view.setAccessibleName("Visit details")
        self.detail_view.setOpenLinks(False)
        self.detail_view.anchorClicked.connect(self._link_clicked)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editVisitButton")
        self.edit_button.setAccessibleName("Edit visit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteVisitButton")
        self.delete_button.setAccessibleName("Delete visit")
        self.delete_button.clicked.connect(self.delete_selected)
        self.again_button = QPushButton("Log another…")
        self.again_button.setObjectName("logAnotherVisitButton")
        self.again_button.setToolTip("Log a new visit to the same organization")
        self.again_button.clicked.connect(self._log_another)
        buttons = QHBoxLayout()
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.edit_button)
        # Photos of signed sheets or business cards taken at the visit.
        self.attachments = AttachmentsPanel(self.ctx)
        self.attachments.setMaximumHeight(170)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.detail_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Photos and files</b>"))
        layout.addWidget(self.attachments)
        self.show_detail(None)
        return panel

    # -- filters and loading ------------------------------------------------------------
    def filters(self) -> VisitFilters:
        def day(edit: QDateEdit):
            return None if edit.date() == ANY_DATE else py_date(edit.date())

        return VisitFilters(
            date_from=day(self.from_edit),
            date_to=day(self.to_edit),
            staff_id=self.staff_filter.currentData(),
            organization_text=self.org_filter.text(),
            sector=self.sector_filter.currentData(),
            visit_type=self.type_filter.currentData(),
            status=self.status_filter.currentData(),
        )

    def apply_filters(self) -> None:
        self.count_label.setText("Loading…")
        self.model.set_filters(self.filters())

    def clear_filters(self) -> None:
        widgets = (self.from_edit, self.to_edit, self.staff_filter, self.sector_filter)
        for w in (*widgets, self.type_filter, self.status_filter, self.org_filter):
            w.blockSignals(True)
        self.from_edit.setDate(ANY_DATE)
        self.to_edit.setDate(ANY_DATE)
        for combo in (self.staff_filter, self.sector_filter, self.type_filter, self.status_filter):
            combo.setCurrentIndex(0)
        self.org_filter.clear()
        for w in (*widgets, self.type_filter, self.status_filter, self.org_filter):
            w.blockSignals(False)
        self.apply_filters()

    def _load_staff(self) -> None:
        db = self.ctx.db

        def load() -> list[Choice]:
            with db.read_session() as s:
                return staff_choices(s, include_inactive=True)

        def fill(staff: list[Choice]) -> None:
            if not shiboken6.isValid(self.staff_filter):
                return
            self.staff_filter.blockSignals(True)
            for s in staff:
                self.staff_filter.addItem(s.label, s.id)
            self.staff_filter.blockSignals(False)

        run_task(load, fill)

    def _loaded(self, total: int) -> None:
        self.count_label.setText(
            f"{total:,} visit{'s' if total != 1 else ''}" if total else "No visits match these filters."
        )
        # Keep the visit in view if it is still listed; a visit just saved or opened by search
        # stays in the panel even when the filters hide it; otherwise show the first one.
        explicit, self._select_after_load = self._select_after_load, None
        wanted = explicit or (self.detail.id if self.detail else None)
        row = self.model.row_of(wanted) if wanted else None
        if row is None and not explicit and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)
        elif not explicit:
            self.show_detail(None)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("visit", "organization", "contact", "staff_user", "draft"):
            self.model.reload()
            self.refresh_drafts()

    # -- drafts left from earlier ---------------------------------------------------------
    def refresh_drafts(self) -> None:
        """Offer every unsaved visit draft for resuming, so that text kept as a draft is found again."""
        db = self.ctx.db
        run_task(lambda: list_drafts(db, "visit:"), self._show_drafts)

    def _show_drafts(self, drafts: list[SavedDraft]) -> None:
        if not shiboken6.isValid(self):
            return
        self.drafts = drafts
        links = []
        for d in drafts:
            org = d.payload.get("organization_label") or "no organization chosen yet"
            kind = "changes to a visit" if d.key.count(":") == 1 and d.key != "visit:new" else "new visit"
            when = timefmt.stamp(d.updated_at)
            links.append(
                f"<a href='{html.escape(d.key)}'>{html.escape(org)}</a> ({kind}, {when})"
            )
        self.drafts_label.setText("<b>Not saved yet:</b> " + " · ".join(links) if links else "")
        self.drafts_label.setToolTip("Drafts are kept as you type; click one to carry on where you left off.")
        self.drafts_label.setVisible(bool(links))

    def resume_draft(self, key: str) -> None:
        """Open the editor whose draft is kept under `key` (it restores the draft itself)."""
        parts = key.split(":")
        if parts[:2] == ["visit", "new"]:
            self.new_visit(parts[2] if len(parts) > 2 else None)
        elif len(parts) == 2 and parts[0] == "visit":
            self._open_editor(visit_id=parts[1])

    # -- detail -------------------------------------------------------------------------
    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        visit = self.model.row_at(rows[0].row()) if rows else None
        if visit is not None:
            self.load_detail(visit.id)

    def load_detail(self, visit_id: str) -> None:
        db = self.ctx.db

        def load() -> VisitDetail:
            with db.read_session() as s:
                return get_visit_detail(s, visit_id)

        self._detail_load.run(load, self.show_detail, lambda exc: self.show_detail(None, str(exc)))

    def show_detail(self, detail: VisitDetail | None, message: str = "") -> None:
        self.detail = detail
        self.edit_button.setEnabled(detail is not None)
        self.delete_button.setEnabled(detail is not None)
        self.again_button.setEnabled(detail is not None)
        self.attachments.show_owner("visit", detail.id if detail else None)
        if detail is None:
            text = message or "Select a visit to see who was there, what was learned and what follows."
            self.detail_view.setHtml(f"<p style='color:#5b6570'>{html.escape(text)}</p>")
            return
        self.detail_view.setHtml(detail_html(detail))

    def _link_clicked(self, url) -> None:
        if url.scheme() == "organization":
            self.ctx.events.open_record.emit("organization", url.path() or url.host())

    # -- commands -----------------------------------------------------------------------
    def _log_another(self) -> None:
        if self.detail:
            self.new_visit(self.detail.organization_id)

    def new_visit(self, organization_id: str | None = None) -> None:
        """Open the editor for a new visit, for `organization_id` when given (Organizations calls this).

        When that organization has a visit planned for today, offer to complete it instead: logging
        a second visit would leave the planned one "Planned" for ever.
        """
        if organization_id is None:
            self._open_editor()
            return
        db = self.ctx.db
        today = clock.today()
        start, end = clock.days(today, today)

        def find() -> list[PlannedVisit]:
            with db.read_session() as s:
                return planned_visits(s, organization_id, start, end)

        def found(planned: list[PlannedVisit]) -> None:
            if planned:
                self.planned_prompt = ask_about_planned(self, planned[0], organization_id, self._open_editor)
            else:
                self._open_editor(organization_id=organization_id)

        run_task(find, guarded(self, found))

    def edit_selected(self) -> None:
        if self.detail is not None:
            self._open_editor(visit_id=self.detail.id)

    def _open_editor(
        self, *, visit_id: str | None = None, organization_id: str | None = None, complete: bool = False
    ) -> None:
        if self._editor_open():
            return  # one visit at a time: a second editor would fight the first over the draft
        db = self.ctx.db

        def show(setup: EditorSetup) -> None:
            if not shiboken6.isValid(self) or self._editor_open():
                return
            editor = VisitEditor(self.ctx, setup, self)
            if complete:
                editor.mark_completed()
            editor.saved.connect(self._saved)
            editor.finished.connect(editor.deleteLater)
            editor.finished.connect(self.refresh_drafts)
            self.editor = editor
            editor.open()

        run_task(
            lambda: load_editor_setup(db, visit_id=visit_id, organization_id=organization_id),
            show,
            lambda exc: QMessageBox.warning(self, "Cannot open the visit", str(exc)),
        )

    def _editor_open(self) -> bool:
        editor = self.editor
        if editor is not None and shiboken6.isValid(editor) and editor.isVisible():
            editor.raise_()
            editor.activateWindow()
            return True
        return False

    def _saved(self, visit_id: str) -> None:
        self._select_after_load = visit_id
        self.load_detail(visit_id)

    def delete_selected(self) -> None:
        detail = self.detail
        if detail is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete visit",
            f"Delete the visit to {detail.organization_name} on {timefmt.date(detail.starts_at)}, "
            "with its hiring needs, skill gaps and follow-ups?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db = self.ctx.db
        run_op(
            self.ctx,
            lambda: delete_visit(db, detail.id),
            done=lambda _r: self.show_detail(None),
            undo=f"Delete visit to {detail.organization_name}",
            owner=self,
        )

    def open_record(self, kind: str, record_id: str) -> None:
        if kind != "visit":
            return
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
            self._select_after_load = record_id if self.model.is_loading else None
            self.load_detail(record_id)

    def prepare_view(self, view: str) -> None:
        """Nothing to arrange: the list opens newest first with the newest visit shown."""
