"""The Labour market page: the snapshot from imported files, the team's demand, and importing from the app."""

from __future__ import annotations

from pathlib import Path

import lmi_files as files
import pytest
from pytestqt.qtbot import QtBot

from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.lmi.import_dialog import LmiImportDialog
from sector_desktop.ui.lmi.models import DemandTableModel, OccupationsTableModel
from sector_desktop.ui.lmi.page import LabourMarketPage


@pytest.fixture
def page(qtbot: QtBot, db: Database, paths: ProfilePaths, tmp_path: Path) -> LabourMarketPage:
    files.import_sample(db, paths, tmp_path)
    widget = LabourMarketPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(widget)
    widget.resize(1196, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.occupations.rowCount() > 0, timeout=20000)
    return widget


def test_the_snapshot_shows_the_imported_numbers(qtbot: QtBot, page: LabourMarketPage, qtmodeltester) -> None:
    assert page.area.currentText() == "county:24510"
    assert [q.label for q in page.chart.quarters][-1] == "2025 Q1"
    assert "Establishments</b>: 1,205" in page.headline.text()
    occ = page.occupations
    assert occ.data(occ.index(0, OccupationsTableModel.OCCUPATION)) == "Registered Nurses (29-1141)"
    assert occ.data(occ.index(0, OccupationsTableModel.MEDIAN)) == "$45.10"
    assert occ.data(occ.index(0, OccupationsTableModel.LQ)) == "1.10"
    demand = page.demand
    assert demand.data(demand.index(0, DemandTableModel.OPENINGS)) == "7"
    assert demand.data(demand.index(0, DemandTableModel.MEDIAN)) == "$45.10"
    assert "Apr 2, 2025" in page.sources.text()
    qtmodeltester.check(occ)
    qtmodeltester.check(demand)
    qtmodeltester.check(page.gaps)


def test_the_employers_behind_a_number_are_one_click_away(qtbot: QtBot, page: LabourMarketPage) -> None:
    page.demand_view.setCurrentIndex(page.demand.index(0, 0))
    assert [page.employers.item(i).text() for i in range(page.employers.count())] == [
        "Bay Home Health",
        "Harbor Clinic",
    ]
    item = page.employers.item(1)
    with qtbot.waitSignal(page.ctx.events.open_record) as opened:
        page.employers.itemClicked.emit(item)
    assert opened.args[0] == "organization" and opened.args[1] == item.data(0x0100)


def test_a_suppressed_sector_says_so(qtbot: QtBot, page: LabourMarketPage) -> None:
    page.sector.setCurrentIndex(page.sector.findData("31-33"))
    qtbot.waitUntil(lambda: "suppressed" in page.headline.text(), timeout=20000)
    assert page.chart.quarters[-1].employment is None


def test_import_from_the_app_with_preview(qtbot: QtBot, page: LabourMarketPage, tmp_path: Path) -> None:
    dialog = LmiImportDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("onet"))
    onet = files.write_onet(tmp_path / "db_29_1_text")
    dialog.file.setText(str(onet["occupations"]))
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20000)
    assert "O*NET 29.1" in dialog.summary.text() and "3 to import" in dialog.summary.text()
    with qtbot.waitSignal(page.ctx.events.applied, timeout=20000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported 3 ONET figures" in dialog.summary.text(), timeout=20000)
    qtbot.waitUntil(lambda: not page._loading, timeout=20000)  # the page reloads from the announcement
    page.occupation_view.setCurrentIndex(page.occupations.index(0, 0))
    qtbot.waitUntil(
        lambda: (
            "Registered Nurses</b> (29-1141.00" in page.onet.toHtml().replace("&lt;", "<")
            or "Registered Nurses" in page.onet.toPlainText()
        ),
        timeout=20000,
    )


def test_a_bad_file_is_listed_row_by_row_and_not_imported(
    qtbot: QtBot, page: LabourMarketPage, tmp_path: Path
) -> None:
    rows = files.oews_rows()
    rows[1][files.OEWS_HEADER.index("H_PCT90")] = "lots"
    bad = files.write_oews_csv(tmp_path / "MSA_M2023_dl.csv", rows)
    dialog = LmiImportDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(bad))
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.errors.count() == 1, timeout=20000)
    assert "row 3, column H_PCT90" in dialog.errors.item(0).text()
    assert "Nothing will be written" in dialog.summary.text() and not dialog.import_button.isEnabled()


def test_another_table_through_a_mapping_set_in_the_preview(
    qtbot: QtBot, page: LabourMarketPage, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from sqlalchemy import select

    from sector_desktop.models import LmiColumnMapping, LmiFigure

    table = tmp_path / "jobseq.csv"
    table.write_text("Area,SOC,Occupation,Annual Openings\ncounty:24510,29-1141,Registered Nurses,1240\n")
    dialog = LmiImportDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("mapped"))
    dialog.file.setText(str(table))
    editor = dialog.mapping
    editor.name.setText("jobseq")
    editor.source.setText("JobsEQ 2025Q3")
    for field, header in (("area_code", "Area"), ("occupation_code", "SOC"), ("occupation", "Occupation")):
        editor.fields[field].setCurrentIndex(editor.fields[field].findData(header))
    editor.measures.findItems("Annual Openings", Qt.MatchFlag.MatchExactly)[0].setCheckState(
        Qt.CheckState.Checked
    )
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported 1 figures from JobsEQ 2025Q3" in dialog.summary.text(), timeout=20000)
    with page.ctx.db.read_session() as s:
        figure = s.scalars(select(LmiFigure).where(LmiFigure.source == "JobsEQ 2025Q3")).one()
        assert (figure.occ_code, figure.measure, figure.value) == ("29-1141", "Annual Openings", 1240)
        assert s.scalars(select(LmiColumnMapping.name)).all() == ["jobseq"]
