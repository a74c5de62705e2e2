"""The Training programs page: the education and training program inventory of a sector (or all), each
program marked when it serves an occupation employers named in hiring needs or skill gaps; new, edit
(double-click), import from a spreadsheet, and save the inventory as a PDF or a workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import timefmt
from sector_desktop.models.choices import PROGRAM_MODALITIES, SECTORS, label
from sector_desktop.money import dollars
from sector_desktop.services.program_documents import inventory_document
from sector_desktop.services.programs import (
    NamedOccupation,
    delete_program,
    named_occupations,
    occupation_titles,
    serves_named,
)
from sector_desktop.store.programs import ProgramRow, program_rows
from sector_desktop.store.settings import office_name

from ..context import AppContext
from ..operations import Changes, run_op
from ..rows_model import RowsTableModel
from ..tables import make_table
from ..tasks import run_task
from .editor import ProgramDialog
from .import_dialog import ProgramsImportDialog

NAMED = QColor("#2e7d32")
SHORT_ETPL = {"eligible": "On the ETPL", "pending": "Pending", "not_listed": "Not listed"}
_WATCHED = ("training_program", "organization", "hiring_need", "skill_gap", "onet_occupation")


@dataclass(frozen=True)
class InventoryItem:
    program: ProgramRow
    named: tuple[NamedOccupation, ...]  # the occupations it serves that employers named
    titles: tuple[str, ...]  # each SOC code with its title


class ProgramsTableModel(RowsTableModel):
    NAMED, PROGRAM, PROVIDER, OCCUPATIONS, LENGTH, COST, NEXT_START, ETPL, SEATS = range(9)
    headers = (
        "★",
        "Program",
        "Provider",
        "Occupations served",
        "Length",
        "Cost",
        "Next start",
        "ETPL",
        "Seats",
    )

    def text(self, row: InventoryItem, column: int) -> str:
        p = row.program
        if column == self.NAMED:
            return "★" if row.named else ""
        if column == self.LENGTH:
            parts = (
                f"{p.hours:,} h" if p.hours else "",
                f"{p.duration_weeks} wk" if p.duration_weeks else "",
            )
            return " · ".join(x for x in parts if x)
        if column == self.COST:
            return "Free" if p.cost_cents == 0 else dollars(p.cost_cents)
        values = {
            self.PROGRAM: p.name,
            self.PROVIDER: p.provider_name,
            self.OCCUPATIONS: "; ".join(row.titles),
            self.NEXT_START: timefmt.date(p.next_start),
            self.ETPL: SHORT_ETPL.get(p.etpl_status or "", ""),
            self.SEATS: str(p.capacity or ""),
        }
        return values.get(column, "")

    def tooltip(self, row: InventoryItem, column: int) -> str | None:
        if column == self.NAMED and row.named:
            return "Serves an occupation employers named: " + "; ".join(
                f"{n.title} ({len(n.employers)} employers)" for n in row.named
            )
        return super().tooltip(row, column)

    def color(self, row: InventoryItem, column: int) -> QColor | None:
        return NAMED if column == self.NAMED else None


class TrainingProgramsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingProgramsPage")
        self.ctx = ctx
        self.model = ProgramsTableModel(self)
        self.items: list[InventoryItem] = []
        self._generation = 0
        self._build()
        ctx.events.applied.connect(self._changed)
        self.reload()

    def _build(self) -> None:
        title = QLabel("Training programs")
        title.setProperty("role", "heading")
        self.sector = QComboBox()
        self.sector.setObjectName("inventorySector")
        self.sector.setAccessibleName("Sector")
        self.sector.addItem("Every sector", None)
        for code, text in SECTORS:
            self.sector.addItem(text, code)
        self.sector.currentIndexChanged.connect(lambda _i: self.reload())
        self.only_named = QCheckBox("Only those serving an occupation employers named")
        self.only_named.setObjectName("onlyNamedCheck")
        self.only_named.toggled.connect(lambda _on: self._show_rows())
        buttons = []
        for text, name, slot in (
            ("New program…", "newProgramButton", self.new_program),
            ("Remove program", "removeProgramButton", self.remove_program),
            ("Import…", "importProgramsButton", self.import_programs),
            ("Save inventory…", "saveInventoryButton", self.save_inventory),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.append(b)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for b in buttons:
            header.addWidget(b)
        filters = QHBoxLayout()
        filters.addWidget(self.sector)
        filters.addWidget(self.only_named)
        filters.addStretch(1)
        self.table = make_table(self.model, "programsTable", ProgramsTableModel.PROGRAM)
        self.model.modelReset.connect(self._fit)
        self.table.setAccessibleName("Training programs")
        self.table.doubleClicked.connect(lambda index: self.edit_program(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._describe(cur.row()))
        self.setFocusProxy(self.table)
        self.counts = QLabel("")
        self.counts.setObjectName("inventoryCounts")
        self.counts.setProperty("role", "hint")
        self.detail = QLabel("Select a program to see whom it serves.")
        self.detail.setObjectName("programDetail")
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(48)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

    # -- loading ------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(*_WATCHED):
            self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, db, sector = self._generation, self.ctx.db, self.sector.currentData()

        def load() -> list[InventoryItem]:
            with db.read_session() as s:
                programs = program_rows(s, sector)
                named = named_occupations(s)
                titles = occupation_titles(s)
            return [
                InventoryItem(
                    p,
                    tuple(serves_named(p, named)),
                    tuple(f"{c} {titles.get(c, '')}".strip() for c in p.soc_codes),
                )
                for p in programs
            ]

        run_task(load, lambda items: self._loaded(generation, items))

    def _fit(self) -> None:
        """Provider and occupations fitted, but never so wide that the program's name is cut."""
        provider = min(self.table.columnWidth(ProgramsTableModel.PROVIDER), 200)
        self.table.setColumnWidth(ProgramsTableModel.NAMED, 28)
        self.table.setColumnWidth(ProgramsTableModel.PROVIDER, provider)
        self.table.setColumnWidth(ProgramsTableModel.OCCUPATIONS, 240)

    def _loaded(self, generation: int, items: list[InventoryItem]) -> None:
        if generation != self._generation:
            return
        self.items = items
        self._show_rows()

    def _show_rows(self) -> None:
        shown = [i for i in self.items if i.named] if self.only_named.isChecked() else self.items
        self.model.set_rows(shown)
        serving = sum(1 for i in self.items if i.named)
        providers = len({i.program.provider_name for i in self.items})
        self.counts.setText(
            f"{len(self.items)} programs from {providers} providers; ★ {serving} serve an occupation "
            "employers named in hiring needs or skill gaps."
        )
        if shown:
            self.table.selectRow(0)

    def _describe(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is None:
            return
        p = item.program
        lines = [
            f"{p.name} — {p.provider_name or 'no provider'}" + (f" · {p.credential}" if p.credential else "")
        ]
        how = " · ".join(x for x in (label(PROGRAM_MODALITIES, p.modality), p.schedule or "") if x)
        if how:
            lines.append(how)
        for n in item.named:
            lines.append(
                f"★ {n.title} ({n.soc}): named by {len(n.employers)} employers, {n.openings:,} openings "
                f"({', '.join(n.employers[:3])}{'…' if len(n.employers) > 3 else ''})"
            )
        contact = " · ".join(x for x in (p.contact_name, p.contact_phone, p.contact_email) if x)
        if contact:
            lines.append(f"Contact: {contact}")
        self.detail.setText("\n".join(lines))

    # -- actions ------------------------------------------------------------------------
    def new_program(self) -> None:
        ProgramDialog(self.ctx, None, parent=self).open()

    def edit_program(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            ProgramDialog(self.ctx, item.program, parent=self).open()

    def remove_program(self) -> None:
        """Remove the selected program (a tombstone; Edit → Undo brings it back)."""
        item = self.model.row_at(self.table.currentIndex().row())
        if item is not None:
            db, pid = self.ctx.db, item.program.id
            run_op(self.ctx, lambda: delete_program(db, pid), undo=f"Remove {item.program.name}", owner=self)

    def import_programs(self) -> None:
        ProgramsImportDialog(self.ctx, self).open()

    def save_inventory(self) -> None:
        sector = self.sector.currentData()
        name = f"inventory-{sector or 'all'}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save inventory", name, "PDF (*.pdf);;Excel workbook (*.xlsx)"
        )
        if path:
            self.write_inventory(Path(path))

    def write_inventory(self, path: Path) -> None:
        """Write the inventory of the chosen sector to `path` (.pdf or .xlsx) in the thread pool."""
        db, sector, office = self.ctx.db, self.sector.currentData(), office_name(self.ctx.paths)
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "pdf"

        def make() -> Path:
            path.write_bytes(inventory_document(db, sector, fmt, office))
            return path

        run_task(make, lambda out: self.detail.setText(f"Saved the inventory to {out}."))

    # -- for the main window and --screenshot ------------------------------------------
    def prepare_view(self, view: str) -> None:
        """`inventory`: every sector, the first program selected."""

    def open_record(self, kind: str, record_id: str) -> Any:
        return None
