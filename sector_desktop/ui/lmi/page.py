"""The Labour market page: a sector's snapshot in an area (QCEW quarters as a chart, top occupations
with their OEWS wages, an occupation's O*NET tasks and skills) and the team's own demand beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.reports.data import SectorBrief
from sector_desktop.services.lmi.areas import Area, office_areas
from sector_desktop.services.lmi.sectors import NAICS_SECTORS, TEAM_SECTORS
from sector_desktop.services.report_data.sector import brief_areas, sector_brief
from sector_desktop.store import lmi as lmi_store
from sector_desktop.store.settings import office_name

from ..context import AppContext
from ..operations import Changes
from ..tables import sort_by_headers
from ..tasks import guarded, run_task
from .chart import QuartersChart
from .models import DemandTableModel, OccupationsTableModel, SkillGapsTableModel

# What the snapshot and the demand are made of: a change to any of these reloads the page.
WATCHED = (
    "lmi_release",
    "oews_estimate",
    "qcew_figure",
    "onet_occupation",
    "lmi_figure",
    "hiring_need",
    "skill_gap",
    "organization",
    "partnership_member",
)


@dataclass
class PageData:
    brief: SectorBrief | None
    partnerships: list[tuple[str, str]]
    message: str = ""


def _table(name: str, model: Any, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setMinimumSectionSize(40)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        # Sized once per load (fit_columns), not measured again on every layout pass.
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    sort_by_headers(view)
    return view


def fit_columns(view: QTableView) -> None:
    """The number columns as wide as their header and their widest value, measured once."""
    header = view.horizontalHeader()
    for column in range(1, view.model().columnCount()):
        view.resizeColumnToContents(column)
        header.resizeSection(column, max(header.sectionSize(column), header.sectionSizeHint(column)))


class LabourMarketPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("labourMarketPage")
        self.brief: SectorBrief | None = None
        self._loading = False
        heading = QLabel("Labour market")
        heading.setProperty("role", "heading")
        self.sector = QComboBox()
        self.sector.setObjectName("sectorCombo")
        self.sector.setAccessibleName("Sector (NAICS)")
        team = list(dict.fromkeys(TEAM_SECTORS.values()))
        for code in [*team, *(c for c in NAICS_SECTORS if c not in team)]:
            self.sector.addItem(f"{NAICS_SECTORS[code]} ({code})", code)
        self.area = QComboBox()
        self.area.setObjectName("areaCombo")
        self.area.setAccessibleName("Area")
        self.scope = QComboBox()
        self.scope.setObjectName("demandScopeCombo")
        self.scope.setAccessibleName("Whose demand")
        self.scope.addItem("The sector's employers", None)
        self.import_button = QPushButton("Import figures…")
        self.import_button.setObjectName("importLmiButton")
        self.brief_button = QPushButton("Sector brief…")
        self.brief_button.setObjectName("sectorBriefButton")
        self.excel_button = QPushButton("Save as Excel…")
        self.excel_button.setObjectName("sectorExcelButton")
        self.areas_button = QPushButton("Office areas…")
        self.areas_button.setObjectName("officeAreasButton")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        for button in (self.import_button, self.areas_button, self.brief_button, self.excel_button):
            top.addWidget(button)
        choose = QHBoxLayout()
        for text, combo, width in (
            ("Sector", self.sector, 340),
            ("Area", self.area, 170),
            ("Demand of", self.scope, 300),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            combo.setMaximumWidth(width)
            choose.addWidget(label)
            choose.addWidget(combo, 1)
            choose.addSpacing(8)
        choose.addStretch(1)
        self.headline = QLabel("")
        self.headline.setObjectName("sectorHeadline")
        self.headline.setWordWrap(True)
        self.chart = QuartersChart()
        self.occupations = OccupationsTableModel()
        self.occupation_view = _table("occupationsTable", self.occupations, "Top occupations")
        self.onet = QTextBrowser()
        self.onet.setObjectName("onetDetail")
        self.onet.setAccessibleName("O*NET tasks and skills of the chosen occupation")
        self.onet.setMaximumHeight(130)
        self.demand = DemandTableModel()
        self.demand_view = _table("demandTable", self.demand, "The team's demand by occupation")
        self.gaps = SkillGapsTableModel()
        self.gaps_view = _table("skillGapsTable", self.gaps, "Skill gaps named by employers")
        self.employers = QListWidget()
        self.employers.setObjectName("demandEmployers")
        self.employers.setAccessibleName("Employers behind the chosen number")
        self.employers.setMaximumHeight(90)
        self.sources = QLabel("")
        self.sources.setObjectName("lmiSources")
        self.sources.setWordWrap(True)
        self.sources.setProperty("role", "hint")
        self._lay_out(top, choose)
        self.sector.currentIndexChanged.connect(lambda _i: self.reload())
        self.area.currentIndexChanged.connect(lambda _i: self.reload())
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.occupation_view.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._show_onet(cur.row())
        )
        self.demand_view.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._show_employers(cur, "d")
        )
        self.gaps_view.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._show_employers(cur, "g")
        )
        self.employers.itemActivated.connect(self._open_employer)
        self.employers.itemClicked.connect(self._open_employer)
        self.import_button.clicked.connect(self.open_import)
        self.brief_button.clicked.connect(self.preview_brief)
        self.excel_button.clicked.connect(self.save_excel)
        self.areas_button.clicked.connect(self.edit_areas)
        ctx.events.applied.connect(self._applied)
        self._fill_areas()
        self.reload()

    def _lay_out(self, top: QHBoxLayout, choose: QHBoxLayout) -> None:
        left, right = QVBoxLayout(), QVBoxLayout()
        self.snapshot_title = QLabel("")
        self.snapshot_title.setProperty("role", "subheading")
        for w in (self.snapshot_title, self.headline, self.chart):
            left.addWidget(w)
        self.basis = QLabel("")
        self.basis.setProperty("role", "hint")
        self.basis.setWordWrap(True)
        left.addWidget(self.basis)
        left.addWidget(self.occupation_view, 1)
        left.addWidget(self.onet)
        self.scope_label = QLabel("")
        self.scope_label.setProperty("role", "subheading")
        right.addWidget(self.scope_label)
        right.addWidget(self.demand_view, 3)
        right.addWidget(self.gaps_view, 2)
        hint = QLabel("Employers behind the chosen row (click to open):")
        hint.setProperty("role", "hint")
        right.addWidget(hint)
        right.addWidget(self.employers)
        halves = QSplitter(Qt.Orientation.Horizontal)
        halves.setObjectName("labourMarketSplitter")
        for part in (left, right):
            holder = QWidget()
            holder.setLayout(part)
            part.setContentsMargins(0, 0, 4, 0)
            halves.addWidget(holder)
        halves.setSizes([600, 580])
        halves.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(choose)
        layout.addWidget(halves, 1)
        layout.addWidget(self.sources)

    # -- loading ------------------------------------------------------------------------
    def _office(self) -> list[Area]:
        return office_areas(self.ctx.paths)

    def _fill_areas(self) -> None:
        current = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        for area in self._office():
            self.area.addItem(str(area), area)
        if self.area.count() == 0:
            self.area.addItem("No office areas set", None)
        index = max(0, self.area.findText(str(current))) if current else 0
        self.area.setCurrentIndex(index)
        self.area.blockSignals(False)

    def reload(self) -> None:
        sector, area, partnership = (
            self.sector.currentData(),
            self.area.currentData(),
            self.scope.currentData(),
        )
        office, db = self._office(), self.ctx.db

        def load() -> PageData:
            from sector_desktop.store.partnerships import list_partnerships

            with db.read_session() as s:
                partnerships = [(p.id, p.name) for p in list_partnerships(s)]
                if area is None:
                    return PageData(None, partnerships, "Set the office's areas to see a sector snapshot.")
                chosen, fallbacks = brief_areas(area, office)
                return PageData(sector_brief(s, sector, chosen, fallbacks, partnership), partnerships)

        self._loading = True
        run_task(load, guarded(self, self._show))

    def _show(self, data: PageData) -> None:
        self._loading = False
        self._fill_scopes(data.partnerships)
        self.brief = b = data.brief
        if b is None:
            self.snapshot_title.setText(data.message)
            for model in (self.occupations, self.demand, self.gaps):
                model.set_rows([])
            self.chart.set_quarters([], data.message)
            return
        self.snapshot_title.setText(f"{b.sector_title} in {b.area_title}")
        self.headline.setText("   ·   ".join(f"<b>{k}</b>: {v}" for k, v in b.headline) or b.quarters_source)
        self.chart.set_quarters(b.quarters, b.quarters_source)
        self.basis.setText(f"{b.occupations_basis}. {b.occupations_source}")
        self.occupations.set_rows(b.occupations)
        self.demand.set_rows(b.demand)
        self.gaps.set_rows(b.skill_gaps)
        for view in (self.occupation_view, self.demand_view, self.gaps_view):
            fit_columns(view)
        self.scope_label.setText(f"The team's demand: {b.demand_scope}")
        self.sources.setText("Sources: " + " · ".join(b.sources) if b.sources else "No figures imported yet.")
        self.onet.setPlainText("Choose an occupation to see its O*NET tasks and skills.")
        self.employers.clear()

    def _fill_scopes(self, partnerships: list[tuple[str, str]]) -> None:
        if self.scope.count() == len(partnerships) + 1:
            return
        self.scope.blockSignals(True)
        for pid, name in partnerships:
            self.scope.addItem(f"Members of {name}", pid)
        self.scope.blockSignals(False)

    def _applied(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self._fill_areas()
            self.reload()

    # -- details ------------------------------------------------------------------------
    def _show_onet(self, row: int) -> None:
        line = self.occupations.row_at(row)
        if line is None:
            return
        code, db = line.code, self.ctx.db

        def load() -> str:
            with db.read_session() as s:
                found = lmi_store.onet_occupation(s, code)
            if found is None:
                return f"No O*NET occupation imported for {code}."
            o, release = found
            tasks = "".join(f"<li>{t['task']}</li>" for t in o.tasks[:6]) or "<li>(no tasks imported)</li>"
            skills = ", ".join(
                f"{s['name']} ({s['importance']:.1f})" for s in o.skills[:8] if s.get("importance")
            )
            tech = ", ".join(t["example"] for t in o.technology[:8])
            return (
                f"<b>{o.title}</b> ({o.onet_code}, {release.period})<ul>{tasks}</ul>"
                f"<b>Skills</b> (importance 1–5): {skills or '(none imported)'}"
                + (f"<br><b>Technology</b>: {tech}" if tech else "")
            )

        run_task(load, guarded(self, self.onet.setHtml))

    def _show_employers(self, index: Any, which: str) -> None:
        model = self.demand if which == "d" else self.gaps
        line = model.row_at(index.row()) if index.isValid() else None
        if line is None:
            return
        self.employers.clear()
        for org_id, name in line.employers:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, org_id)
            self.employers.addItem(item)

    def _open_employer(self, item: QListWidgetItem) -> None:
        self.ctx.events.open_record.emit("organization", item.data(Qt.ItemDataRole.UserRole))

    # -- commands -----------------------------------------------------------------------
    def open_import(self) -> None:
        from .import_dialog import LmiImportDialog

        LmiImportDialog(self.ctx, self).open()

    def edit_areas(self) -> None:
        from .areas_dialog import edit_office_areas

        if edit_office_areas(self.ctx, self):  # a setting, not a database write: reload here
            self._fill_areas()
            self.reload()

    def _brief_maker(self, kind: str) -> Any:
        from sector_desktop.services.documents import sector_document

        sector, area, partnership = (
            self.sector.currentData(),
            self.area.currentData(),
            self.scope.currentData(),
        )
        office, db, name = self._office(), self.ctx.db, office_name(self.ctx.paths)
        return lambda: sector_document(db, sector, area, office, kind, partnership, office_name=name)

    def preview_brief(self) -> None:
        from ..reports.open_document import open_document

        open_document(self.ctx, self, f"Sector brief {self.sector.currentData()}", self._brief_maker("pdf"))

    def save_excel(self) -> None:
        from pathlib import Path

        name, _ = QFileDialog.getSaveFileName(
            self, "Save the sector brief", "sector-brief.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        make = self._brief_maker("xlsx")

        def work() -> str:
            from sector_desktop.services.documents import write_pdf

            return str(write_pdf(make(), Path(name)))

        run_task(work, guarded(self, lambda path: self.sources.setText(f"Saved {path}.")))

    def prepare_view(self, view: str) -> None:
        """For --screenshot: wait for the snapshot to load."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThreadPool

        deadline = QDeadlineTimer(10_000)
        while self._loading and not deadline.hasExpired():
            QThreadPool.globalInstance().waitForDone(50)
            QCoreApplication.processEvents()
