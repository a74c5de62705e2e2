"""Data templates are checked when the app starts; a broken one is named in a message, not a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sector_desktop.services.apprenticeship.templates import parse_checklist
from sector_desktop.ui.app import check_templates


def test_the_shipped_templates_pass_the_start_up_check(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    check_templates(parent)
    qtbot.wait(300)
    assert parent.findChild(QMessageBox, "templateProblem") is None


def test_a_broken_template_is_named_in_a_message(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def broken() -> None:
        parse_checklist(
            "checklist.VA.json", '{"jurisdiction": "VA", "title": "t", "documents": [{"title": "x"}]}'
        )

    check_templates(parent, broken)
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "templateProblem") is not None)
    text = parent.findChild(QMessageBox, "templateProblem").text()
    assert "checklist.VA.json" in text and "documents.0" in text
