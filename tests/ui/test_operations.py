"""The one write path (ui/operations.py): announce once what changed, keep undo, keep messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from sector_desktop.errors import ValidationError
from sector_desktop.models import Organization
from sector_desktop.services.organizations import OrganizationInput, create_organization, delete_organization
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.notice import Notice
from sector_desktop.ui.operations import Changes, announce, run_op, undo_last

UI = Path(__file__).resolve().parents[2] / "sector_desktop" / "ui"


@pytest.fixture
def ctx(db: Database, paths: ProfilePaths, qtbot: QtBot) -> AppContext:
    yield AppContext(db=db, paths=paths)
    QThreadPool.globalInstance().waitForDone(5000)


def _create(db: Database, name: str) -> str:
    with db.session() as s:
        return create_organization(s, OrganizationInput(name=name, kind="employer"))


def test_an_operation_is_announced_once_with_the_records_it_changed(qtbot: QtBot, ctx: AppContext) -> None:
    heard: list[Changes] = []
    done: list[str] = []
    ctx.events.applied.connect(heard.append)
    with qtbot.waitSignal(ctx.events.applied):
        run_op(ctx, lambda: _create(ctx.db, "Harbor Welding"), done=done.append, undo="Add Harbor Welding")
    assert len(done) == 1 and [c.ids("organization") for c in heard] == [{done[0]}]
    assert heard[0].local and not heard[0].everything
    assert ctx.undo.peek() is not None and ctx.undo.peek().label == "Add Harbor Welding"


def test_a_refused_operation_says_why_and_announces_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    heard: list[Changes] = []
    ctx.events.applied.connect(heard.append)
    refused: list[Exception] = []

    def refuse() -> None:
        raise ValidationError("An organization needs a name.")

    with qtbot.waitCallback() as cb:
        run_op(ctx, refuse, failed=lambda exc: (refused.append(exc), cb()), undo="Add nothing")
    assert str(refused[0]) == "An organization needs a name."
    assert heard == [] and len(ctx.undo) == 0


def test_what_a_failing_operation_wrote_before_failing_is_still_announced(
    qtbot: QtBot, ctx: AppContext
) -> None:
    def half() -> None:
        _create(ctx.db, "First, committed")
        raise ValidationError("The second one was refused.")

    with qtbot.waitSignal(ctx.events.applied) as blocker:
        run_op(ctx, half, failed=lambda _exc: None)
    assert blocker.args[0].touches("organization")


def test_a_page_closed_while_its_write_ran_is_not_called_back_but_others_still_hear(
    qtbot: QtBot, ctx: AppContext
) -> None:
    owner = QObject()
    called: list[object] = []
    with qtbot.waitSignal(ctx.events.applied):
        run_op(ctx, lambda: _create(ctx.db, "Orphan"), done=called.append, owner=owner)
        owner.deleteLater()
        QApplication.sendPostedEvents(owner)  # deleted before the worker's answer arrives
    assert called == []


def test_undo_takes_back_a_delete_as_an_operation_that_is_announced(qtbot: QtBot, ctx: AppContext) -> None:
    org_id = _create(ctx.db, "Harbor Welding")

    def delete() -> None:
        with ctx.db.session() as s:
            delete_organization(s, org_id)

    with qtbot.waitSignal(ctx.events.applied):
        run_op(ctx, delete, undo="Delete Harbor Welding")
    step = ctx.undo.peek()
    assert step is not None and step.is_delete and step.done_text() == "Deleted Harbor Welding."
    said: list[str] = []
    with qtbot.waitSignal(ctx.events.applied) as blocker:
        undo_last(ctx, done=said.append)
    assert blocker.args[0].ids("organization") == {org_id}
    assert said == ["Undone: Delete Harbor Welding."] and len(ctx.undo) == 0
    with ctx.db.read_session() as s:
        assert s.get(Organization, org_id).deleted_at is None


def test_a_message_stays_through_reloads_until_the_user_does_something_else(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    notice, field = Notice(window), QLineEdit(window)
    window.show()
    notice.say("Saved.")
    notice.setText(notice.text())  # a page reload repaints; it must not clear the message
    QApplication.processEvents()
    assert notice.text() == "Saved."
    qtbot.keyClick(field, "x")  # the user moves on
    assert notice.text() == ""


def test_no_page_announces_changes_by_hand() -> None:
    """Only the operation helper emits DataEvents.applied; pages call run_op (or announce)."""
    offenders = [
        f"{p.relative_to(UI)}:{n}"
        for p in UI.rglob("*.py")
        if p.name != "operations.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.applied\.emit\(|events\.changed\b", line)
    ]
    assert offenders == []


def test_announce_sends_nothing_for_an_empty_change(qtbot: QtBot, ctx: AppContext) -> None:
    heard: list[Changes] = []
    ctx.events.applied.connect(heard.append)
    announce(ctx, Changes())
    announce(ctx, Changes(everything=True, local=False))
    assert [c.everything for c in heard] == [True]
