"""The Performance page: a program year (or quarter) by staff member, sector and partnership; the
WIOA employer measures with numerators and denominators, the ETA-9169 table, wages against the area's
OEWS median and a quarter-over-quarter chart. Every number opens the records behind it. The second
tab records outcomes (ui/performance/outcomes.py).

The measures are computed in a worker (services/report_data/performance.performance_data); the page
only shows the plain result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.errors import SectorError
from sector_desktop.models.choices import SECTORS
from sector_desktop.services import performance_documents as documents
from sector_desktop.services.lmi.areas import office_areas
from sector_desktop.services.performance.periods import Period, program_year_of
from sector_desktop.services.performance.results import Performance
from sector_desktop.services.performance.rows import Records, Scope
from sector_desktop.services.performance.series import served_in
from sector_desktop.services.report_data.performance import performance_data, scope_label
from sector_desktop.store.organizations import list_staff
from sector_desktop.store.partnerships import list_partnerships
from sector_desktop.store.settings import office_name

from ..context import AppContext
from ..operations import Changes
from ..tables import make_table
from ..tasks import Latest, guarded, run_task
from .chart import QuarterChart
from .models import Behind, CategoriesTableModel, MeasuresTableModel, WagesTableModel
from .outcomes import OutcomesPanel
from .records_dialog import RecordsBehindDialog

YEARS_SHOWN = 10
# What the measures are made of: a change to any of these computes them again.
WATCHED = (
    "visit", "organization", "placement", "retention_check", "training_cohort", "apprenticeship_program",
    "apprentice", "action_item", "partnership_member", "sector_partnership", "staff_user", "qcew_figure",
    "oews_estimate", "lmi_release",
)  # fmt: skip


@dataclass
class Loaded:
    records: Records
    result: Performance
    staff: list[tuple[str, str]]
    partnerships: list[tuple[str, str]]


def _combo(name: str, accessible: str, width: int = 14) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    # As wide as `width` characters, not as the longest name (a sector's, a partnership's): the
    # filters fit a 1366-pixel screen, and the open list shows the names whole.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width)
    return combo


class PerformancePage(QWidget):
    loaded = Signal()  # the measures on screen are the ones for the chosen period and filters

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("performancePage")
        self.data: Loaded | None = None
        self._loads = Latest(self)  # only the latest period and scope show
        self.loading = False
        self._build()
        ctx.events.applied.connect(self._applied)
        self.reload()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("Performance")
        heading.setProperty("role", "heading")
        self.pdf_button = QPushButton("Report PDF…")
        self.pdf_button.setObjectName("performancePdfButton")
        self.xlsx_button = QPushButton("Excel workbook…")
        self.xlsx_button.setObjectName("performanceXlsxButton")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        self.year = _combo("programYearCombo", "Program year", 8)
        this_year = program_year_of(clock.today())
        for year in range(this_year, this_year - YEARS_SHOWN, -1):
            self.year.addItem(f"PY {year}", year)
            self.year.setItemData(self.year.count() - 1, Period(year).span, Qt.ItemDataRole.ToolTipRole)
        self.quarter = _combo("quarterCombo", "Quarter", 11)
        self.quarter.addItem("Whole year", None)
        for q in (1, 2, 3, 4):
            self.quarter.addItem(f"Q{q}", q)
        self._name_quarters()
        self.staff = _combo("staffFilter", "Staff member", 11)
        self.staff.addItem("Whole team", None)
        self.sector = _combo("sectorFilter", "Sector", 12)
        self.sector.addItem("All sectors", None)
        for code, name in SECTORS:
            self.sector.addItem(name, code)
        self.partnership = _combo("partnershipFilter", "Partnership", 13)
        self.partnership.addItem("All partnerships", None)
        filters = QHBoxLayout()
        for text, combo in (
            ("Program &year", self.year),
            ("&Quarter", self.quarter),
            ("&Staff", self.staff),
            ("S&ector", self.sector),
            ("P&artnership", self.partnership),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(6)
        filters.addStretch(1)
        self.summary = QLabel("Computing…")
        self.summary.setObjectName("performanceSummary")
        self.summary.setWordWrap(True)
        self.measures = MeasuresTableModel(self)
        self.measures_view = self._table(self.measures, "measuresTable", "Measures", MeasuresTableModel.NOTES)
        # A note (where a denominator comes from, why a value is absent) is shown whole under the table:
        # penetration's always, and the chosen measure's.
        self.measures_view.setWordWrap(True)
        self.measures.modelReset.connect(self._fit_measures)
        self.notes = QLabel("")
        self.notes.setObjectName("measureNotes")
        self.notes.setWordWrap(True)
        self.notes.setProperty("role", "hint")
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.measures_view.selectionModel().currentChanged.connect(lambda _c, _p: self._show_notes())
        self.categories = CategoriesTableModel(self)
        self.categories_view = self._table(self.categories, "eta9169Table", "ETA-9169 employer services", 0)
        self.wages = WagesTableModel(self)
        self.wages_view = self._table(self.wages, "wagesTable", "Placements by occupation and wage", 0)
        self.chart = QuarterChart()
        self.chart.quarter_chosen.connect(self.open_quarter)
        self.hint = QLabel("Double-click a blue number (or press Enter) to list the records behind it.")
        self.hint.setProperty("role", "hint")
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.chart, 2)
        right.addWidget(self.categories_view, 3)
        right.addWidget(self.wages_view, 2)
        right_side = QWidget()
        right_side.setLayout(right)
        halves = QSplitter(Qt.Orientation.Horizontal)
        halves.setObjectName("performanceSplitter")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.measures_view, 1)
        left.addWidget(self.notes)
        left_side = QWidget()
        left_side.setLayout(left)
        halves.addWidget(left_side)
        halves.addWidget(right_side)
        halves.setSizes([560, 620])
        measures_tab = QWidget()
        tab = QVBoxLayout(measures_tab)
        tab.addWidget(self.summary)
        tab.addWidget(halves, 1)
        tab.addWidget(self.hint)
        self.outcomes = OutcomesPanel(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("performanceTabs")
        self.tabs.addTab(measures_tab, "Measures")
        self.tabs.addTab(self.outcomes, "Record outcomes")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        for combo in (self.year, self.quarter, self.staff, self.sector, self.partnership):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.year.currentIndexChanged.connect(lambda _i: self._name_quarters())
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))

    def _table(self, model: MeasuresTableModel | CategoriesTableModel | WagesTableModel, name: str,
               accessible: str, stretch: int) -> QTableView:  # fmt: skip
        view = make_table(model, name, stretch)
        view.setAccessibleName(accessible)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        view.activated.connect(lambda index: self.open_number(model, index))
        return view

    def _fit_measures(self) -> None:
        view = self.measures_view
        view.setColumnHidden(MeasuresTableModel.NOTES, True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(MeasuresTableModel.MEASURE, header.ResizeMode.Stretch)
        header.setSectionResizeMode(MeasuresTableModel.NOTES, header.ResizeMode.Interactive)
        view.resizeRowsToContents()
        self._show_notes()

    def _show_notes(self) -> None:
        lines = []
        index = self.measures_view.currentIndex()
        chosen = self.measures.row_at(index.row()) if index.isValid() else None
        for m in self.measures.rows():
            if (m.key == "employer_penetration" or m is chosen) and (m.absent or m.note):
                lines.append(f"<b>{m.label}</b>: {m.absent or m.note}")
        self.notes.setText("<br>".join(lines))

    def _name_quarters(self) -> None:
        year = self.year.currentData()
        for q in (1, 2, 3, 4):
            months = Period(year, q).span.rsplit(" ", 1)[0].replace(" ", "")  # "Oct–Dec"
            self.quarter.setItemText(q, f"Q{q} {months}")

    # -- loading ------------------------------------------------------------------------
    @property
    def period(self) -> Period:
        return Period(self.year.currentData(), self.quarter.currentData())

    @property
    def scope(self) -> Scope:
        return Scope(self.staff.currentData(), self.sector.currentData(), self.partnership.currentData())

    def reload(self) -> None:
        db, paths = self.ctx.db, self.ctx.paths
        period, scope = self.period, self.scope
        self.loading = True
        self.summary.setText(f"Computing the measures of {period.label}…")

        def load() -> Loaded:
            records, result = performance_data(db, period, scope, areas=office_areas(paths))
            with db.read_session() as s:
                staff = [(o.id, o.name) for o in list_staff(s, include_inactive=True)]
                partnerships = [(p.id, p.name) for p in list_partnerships(s)]
            return Loaded(records, result, staff, partnerships)

        def failed(exc: Exception) -> None:
            self.loading = False
            self.summary.setText(str(exc) if isinstance(exc, SectorError) else f"Could not compute: {exc}")
            self.loaded.emit()

        self._loads.run(load, self._show, failed)

    def _fill(self, combo: QComboBox, first: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(first, None)
        for item_id, name in items:
            combo.addItem(name, item_id)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    def _show(self, data: Loaded) -> None:
        self.data = data
        self._fill(self.staff, "Whole team", data.staff)
        self._fill(self.partnership, "All partnerships", data.partnerships)
        result = data.result
        self.measures.set_rows(result.measures)
        self.categories.set_rows(result.categories)
        self.wages.set_rows(result.wages)
        # The chart ends with the current quarter: the program year's later quarters have not begun.
        self.chart.set_points([q for q in result.quarters if q.period.start <= result.as_of])
        served = result.measure("establishments_served")
        who = scope_label(result.scope, data.records)
        self.summary.setText(
            f"<b>{result.period.label}</b> ({result.period.span}) · {who} · "
            f"as of {timefmt.date(result.as_of)}: {served.numerator or 0:,.0f} establishments served with "
            f"{result.measure('services').numerator or 0:,.0f} services."
        )
        self.loading = False
        self.loaded.emit()

    def _applied(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    # -- the records behind a number ----------------------------------------------------
    def open_number(self, model: MeasuresTableModel | CategoriesTableModel | WagesTableModel,
                    index: QModelIndex) -> RecordsBehindDialog | None:  # fmt: skip
        behind = model.behind(index.row(), index.column())
        if behind is None:
            return None
        return self._open(behind)

    def _open(self, behind: Behind) -> RecordsBehindDialog:
        dialog = RecordsBehindDialog(self.ctx, behind, self)
        dialog.show()
        return dialog

    def open_quarter(self, index: int) -> RecordsBehindDialog | None:
        """The establishments served in one quarter of the chart (within the page's filters)."""
        if self.data is None or not 0 <= index < len(self.data.result.quarters):
            return None
        quarter = self.data.result.quarters[index].period
        result = self.data.result
        served = served_in(self.data.records, quarter, result.scope, result.as_of, result.period)
        return self._open(Behind(f"Establishments served in {quarter.label}", "organization", tuple(served)))

    # -- reports ------------------------------------------------------------------------
    def export(self, fmt: str, path: Path | None = None) -> None:
        """Write the performance report (as on screen: period and filters) as PDF or XLSX."""
        period, scope = self.period, self.scope
        if path is None:
            suffix = {"pdf": "PDF (*.pdf)", "xlsx": "Excel workbook (*.xlsx)"}[fmt]
            default = f"performance-{period.label.replace(' ', '-')}.{fmt}"
            chosen, _ = QFileDialog.getSaveFileName(self, "Save the performance report", default, suffix)
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_suffix(f".{fmt}")
        db, areas, office = self.ctx.db, office_areas(self.ctx.paths), office_name(self.ctx.paths)

        def write() -> Path:
            data = documents.performance_document(
                db, period, fmt, scope.staff_id, scope.sector, scope.partnership_id, areas, office
            )
            return documents.write_file(data, path)

        self.summary.setText(f"Writing {path.name}…")
        run_task(write, guarded(self, self._written), guarded(self, self._not_written))

    exported = Signal(object)  # the Path written

    def _written(self, path: Path) -> None:
        self.summary.setText(f"Saved {path}.")
        self.exported.emit(path)

    def _not_written(self, exc: Exception) -> None:
        self.summary.setText(f"The report was not saved: {exc}")

    def prepare_view(self, view: str) -> None:
        """For --screenshot: wait for the measures (`outcomes`: show the outcomes tab)."""
        if view == "outcomes":
            self.tabs.setCurrentWidget(self.outcomes)
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThreadPool

        deadline = QDeadlineTimer(20_000)
        while self.loading and not deadline.hasExpired():
            QThreadPool.globalInstance().waitForDone(50)
            QCoreApplication.processEvents()
