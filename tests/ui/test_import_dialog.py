"""The import and export dialogs (pytest-qt, offscreen): problems block Import; good files import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from bad_files import CORPUS, Case
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from sector_desktop.models import Organization
from sector_desktop.services.importing import ImportResult
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.importing.dialog import ImportDialog
from sector_desktop.ui.importing.export_dialog import export_with_dialog
from sector_desktop.ui.importing.models import ImportDuplicatesTableModel, ImportErrorsTableModel


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths) -> Iterator[AppContext]:
    yield AppContext(db=db, paths=paths)
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()


@pytest.fixture
def dialog(ctx: AppContext) -> Iterator[ImportDialog]:
    dlg = ImportDialog(ctx)
    dlg.show()
    yield dlg
    if shiboken6.isValid(dlg):  # it deletes itself on close
        dlg.close()


def _names(db: Database) -> list[str]:
    with db.read_session() as s:
        return sorted(o.name for o in s.query(Organization))


def test_a_bad_file_shows_its_problems_and_import_stays_disabled(
    qtbot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path, qtmodeltester
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Sector\nGood Co,it\nBad Co,farming\n,healthcare\n", encoding="utf-8")
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(bad, "organizations")
    assert not dialog.import_button.isEnabled()
    model = dialog.errors_model
    rows = [
        [model.index(r, c).data() for c in (ImportErrorsTableModel.ROW, ImportErrorsTableModel.COLUMN)]
        for r in range(model.rowCount())
    ]
    assert rows == [["3", "Sector"], ["4", "Name"]]
    assert dialog.rows_model.rowCount() == 3 and dialog.rows_model.columnCount() == 3
    assert dialog.tabs.tabText(1) == "Problems (2)"
    qtmodeltester.check(dialog.rows_model)
    qtmodeltester.check(dialog.errors_model)
    dialog.import_button.click()  # disabled: nothing happens
    assert _names(ctx.db) == []


def test_the_preview_says_which_zip_codes_it_gave_their_leading_zeros(
    qtbot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "from-excel.csv"
    path.write_text("Name,ZIP\nHarbor Welding,2121\nBay Bakery,21230\nCape Cod Co,2630\n", encoding="utf-8")
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(path, "organizations")
    text = dialog.status.text()
    assert "2 ZIP codes had fewer than 5 digits" in text
    assert "row 2: 2121 → 02121, row 4: 2630 → 02630" in text
    assert "21230" not in text


def test_an_unreadable_file_is_explained_inline(qtbot, dialog: ImportDialog, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name\nCafé\n".encode("cp1252"))
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(path)
    assert "not UTF-8" in dialog.status.text()
    assert not dialog.import_button.isEnabled() and dialog.rows_model.rowCount() == 0


def test_a_good_file_imports_after_pressing_import_with_duplicate_choices(
    qtbot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path, qtmodeltester
) -> None:
    with ctx.db.session() as s:
        s.add(Organization(name="Harbor Logistics", fein="12-3456789"))
    good = tmp_path / "good.csv"
    good.write_text(
        "Name,FEIN,Sector\nHarbor Logistics LLC,123456789,logistics\nNew Clinic,,healthcare\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(good, "organizations")
    assert dialog.import_button.isEnabled()
    dups = dialog.duplicates_model
    assert dups.rowCount() == 1 and "same FEIN" in dups.index(0, ImportDuplicatesTableModel.MATCHES).data()
    qtmodeltester.check(dups)
    assert dups.setData(dups.index(0, ImportDuplicatesTableModel.CHOICE), "merge")
    assert dups.index(0, ImportDuplicatesTableModel.CHOICE).data() == "Merge into the match"
    with qtbot.waitSignals([dialog.imported, ctx.events.applied], timeout=10000):
        dialog.import_button.click()
    result: ImportResult = dialog.import_result
    assert (result.created, result.merged, result.skipped) == (1, 1, 0)
    assert "1 created, 1 merged" in dialog.result_label.text()
    assert not dialog.import_button.isEnabled()  # the same preview cannot be imported twice
    assert _names(ctx.db) == ["Harbor Logistics", "New Clinic"]
    with ctx.db.read_session() as s:
        assert s.query(Organization).filter_by(name="Harbor Logistics").one().sector == "logistics"


def test_the_global_duplicate_choice_applies_to_every_row(
    qtbot, dialog: ImportDialog, tmp_path: Path
) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("name,zip\nDelta Foods,02134\nDelta Foods Inc,02134\nDelta Foods,\n", encoding="utf-8")
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(path)
    assert dialog.duplicates_model.choices == {3: "skip", 4: "skip"}
    dialog.policy_combo.setCurrentIndex(dialog.policy_combo.findData("create"))
    assert dialog.duplicates_model.choices == {3: "create", 4: "create"}


def test_the_export_dialog_writes_the_chosen_file(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    with ctx.db.session() as s:
        s.add(Organization(name="Export Me", tags=["a", "b"]))
    dlg = export_with_dialog(ctx)
    dlg.format_combo.setCurrentIndex(dlg.format_combo.findData("json"))
    dlg.path_edit.setText(str(tmp_path / "orgs.json"))
    with qtbot.waitSignal(dlg.exported, timeout=10000):
        dlg.export_button.click()
    assert "Exported 1 organizations" in dlg.status.text()
    [row] = json.loads((tmp_path / "orgs.json").read_text(encoding="utf-8"))
    assert (row["name"], row["tags"]) == ("Export Me", ["a", "b"])
    dlg.close()


def test_file_menu_opens_both_dialogs(qtbot, ctx: AppContext) -> None:
    from sector_desktop.ui.importing.export_dialog import ExportDialog
    from sector_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.menu_actions.import_file.trigger()
    window.menu_actions.export_file.trigger()
    importer, exporter = window.findChild(ImportDialog), window.findChild(ExportDialog)
    assert importer is not None and importer.isVisible()
    assert exporter is not None and exporter.isVisible()
    importer.close()
    exporter.close()


def _shown(dialog: ImportDialog) -> str:
    """What the dialog tells the user: its status line and each problem as "row N, column C: why"."""
    model = dialog.errors_model
    lines = [dialog.status.text()]
    for r in range(model.rowCount()):
        row, column, _cell, why = (model.index(r, c).data() for c in range(4))
        lines.append(f"row {row}, column {column}: {why}")
    return "\n".join(lines)


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_each_bad_file_behaves_in_file_import_as_on_the_command_line(
    qtbot, dialog: ImportDialog, ctx: AppContext, bad_files: dict[str, Path], case: Case
) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=60000):
        dialog.set_file(bad_files[case.name], "organizations")
    if case.sheet is not None:  # the first preview lists the workbook's sheets; the user picks one
        assert dialog.sheet_combo.isVisible()
        with qtbot.waitSignal(dialog.previewed, timeout=60000):
            dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData(case.sheet))
    shown = _shown(dialog)
    if case.refused:
        assert not dialog.import_button.isEnabled()
        for words in case.says:
            assert words in shown
        assert _names(ctx.db) == []
        return
    assert dialog.import_button.isEnabled(), shown
    with qtbot.waitSignal(dialog.imported, timeout=60000):
        dialog.import_button.click()
    assert len(_names(ctx.db)) == case.rows


def test_a_workbook_with_several_sheets_offers_them_and_reads_the_chosen_one(
    qtbot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    from bad_files import xlsx

    path = xlsx(
        tmp_path / "two.xlsx",
        {"Employers": [["name"], ["Acme"]], "Partners": [["name"], ["Beta"], ["Gamma"]]},
    )
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(path, "organizations")
    combo = dialog.sheet_combo
    assert combo.isVisible() and [combo.itemText(i) for i in range(combo.count())] == [
        "Employers",
        "Partners",
    ]
    assert "two.xlsx (sheet 'Employers'): 1 rows" in dialog.status.text()
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        combo.setCurrentIndex(1)
    assert "two.xlsx (sheet 'Partners'): 2 rows" in dialog.status.text()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    assert _names(ctx.db) == ["Beta", "Gamma"]
    csv_file = tmp_path / "one.csv"
    csv_file.write_text("name\nDelta\n", encoding="utf-8")
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(csv_file)
    assert not combo.isVisible() and "one.csv (UTF-8): 1 rows" in dialog.status.text()


def test_placements_import_in_file_import_with_their_problems_named(
    qtbot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from sector_desktop.models import Placement

    with ctx.db.session() as s:
        s.add(Organization(name="Harbor Logistics", kind="employer"))
    bad = tmp_path / "placements.csv"
    bad.write_text(
        "Employer,Start date,Wage\nHarbor Logistics,2025-08-15,21\n"
        "Nobody,2025-08-15,10\nHarbor Logistics,2025-08-16,ten\n"
    )
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(bad, "placements")
    model = dialog.errors_model
    cells = {model.index(r, ImportErrorsTableModel.COLUMN).data() for r in range(model.rowCount())}
    assert cells == {"Employer", "Wage"} and not dialog.import_button.isEnabled()
    good = tmp_path / "good.csv"
    good.write_text("Employer,Start date,Wage\nHarbor Logistics,2025-08-15,21\n")
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.set_file(good, "placements")
    with qtbot.waitSignals([dialog.imported, ctx.events.applied], timeout=10000):
        dialog.import_button.click()
    assert "Imported placements: 1 created" in dialog.result_label.text()
    with ctx.db.read_session() as s:
        assert [p.hourly_wage for p in s.scalars(select(Placement))] == [21.0]
