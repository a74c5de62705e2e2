"""The Reports page: a document is made in a worker, previewed, saved and printed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from sector_desktop.models import Contact, Organization
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.reports.page import ReportsPage
from sector_desktop.ui.reports.preview import print_pdf


@pytest.fixture
def page(qtbot: QtBot, db: Database, paths: ProfilePaths) -> ReportsPage:
    with db.session() as s:
        org = Organization(name="Patapsco Fabrication", kind="employer", sector="manufacturing")
        s.add(org)
        s.flush()
        s.add(Contact(organization_id=org.id, name="Lena Brooks", is_primary=True))
    widget = ReportsPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(widget)
    return widget


def test_preview_then_save_and_print(qtbot: QtBot, page: ReportsPage, tmp_path: Path) -> None:
    page.document.setCurrentIndex(page.document.findData("packet"))
    page.organization.setText("Patapsco")
    page.preview_button.click()
    qtbot.waitUntil(lambda: getattr(page, "_last_preview", None) is not None, timeout=20000)
    preview = page._last_preview
    qtbot.addWidget(preview)
    pages = preview.document.pageCount()
    assert pages >= 3
    assert preview.pdf_path.parent == page.ctx.paths.cache_dir / "documents"

    saved = preview.save_copy(tmp_path / "copy.pdf")
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Patapsco Fabrication" in text and "Lena Brooks" in text

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(preview.document, printer) == pages
    assert len(PdfReader(io.BytesIO((tmp_path / "printed.pdf").read_bytes())).pages) == pages


def test_an_unknown_organization_is_reported_inline(qtbot: QtBot, page: ReportsPage) -> None:
    page.document.setCurrentIndex(page.document.findData("packet"))
    page.organization.setText("Nonexistent Widgets")
    page.preview_button.click()
    qtbot.waitUntil(
        lambda: "No organization with the id or name 'Nonexistent Widgets'" in page.message.text()
    )
    assert getattr(page, "_last_preview", None) is None


def test_meeting_documents_say_so_when_there_are_no_meetings(qtbot: QtBot, page: ReportsPage) -> None:
    page.document.setCurrentIndex(page.document.findData("minutes"))
    page.preview_button.click()
    assert page.message.text() == "There are no meetings to print yet."


def test_a_name_that_fits_several_organizations_lets_you_pick_one(
    qtbot: QtBot, page: ReportsPage, db: Database
) -> None:
    with db.session() as s:
        for city, person in (("Baltimore", "Bea North"), ("Towson", "Tom South")):
            org = Organization(name="Harbor Welding", kind="employer", city=city)
            s.add(org)
            s.flush()
            s.add(Contact(organization_id=org.id, name=person, is_primary=True))
    page.show()
    page.document.setCurrentIndex(page.document.findData("packet"))
    page.organization.setText("Harbor Welding")
    page.preview_button.click()
    qtbot.waitUntil(lambda: page.which.isVisible())
    assert "fits 2 organizations" in page.message.text() and "id" not in page.message.text()
    labels = [page.which.itemText(i) for i in range(page.which.count())]
    assert sorted(labels) == ["Harbor Welding — Baltimore", "Harbor Welding — Towson"]
    page.which.setCurrentIndex(labels.index("Harbor Welding — Towson"))
    page.preview_button.click()
    qtbot.waitUntil(lambda: getattr(page, "_last_preview", None) is not None, timeout=20000)
    preview = page._last_preview
    qtbot.addWidget(preview)
    text = "".join(p.extract_text() for p in PdfReader(str(preview.pdf_path)).pages)
    assert "Tom South" in text and "Bea North" not in text


def test_a_name_that_fits_one_organization_prints_it_at_once(qtbot: QtBot, page: ReportsPage) -> None:
    page.document.setCurrentIndex(page.document.findData("packet"))
    page.organization.setText("patapsco fab")
    page.preview_button.click()
    qtbot.waitUntil(lambda: getattr(page, "_last_preview", None) is not None, timeout=20000)
    qtbot.addWidget(page._last_preview)
    assert page.which.isHidden()
