"""The commands of the Action items page (mark done, cancel, reopen, reassign, due date, open
the source), as a mixin so the page module stays about layout and loading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableView, QWidget

from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import ActionItemRow, Choice

from ..context import AppContext
from ..notice import Notice
from ..operations import run_op
from ..tasks import guarded, run_task
from .dialogs import DueDateDialog, NoteDialog, ReassignDialog
from .table_model import ActionItemsTableModel


class ItemCommands:
    """Needs the page's table, model, commands, labels, context, `today` and `reload`."""

    ctx: AppContext
    table: QTableView
    model: ActionItemsTableModel
    commands: dict[str, tuple[QAction, QPushButton]]
    note_label: QLabel
    count_label: QLabel
    notice: Notice

    @property
    def today(self) -> dt.date:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _parent_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def selected_rows(self) -> list[ActionItemRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    def _selection_changed(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].status_note:
            self.note_label.setText(f"Note: {rows[0].status_note}")
        else:
            self.note_label.setText("")
        self._update_commands()

    def _update_commands(self) -> None:
        if not hasattr(self, "table"):
            for action, button in self.commands.values():
                action.setEnabled(False)
                button.setEnabled(False)
            return
        rows = self.selected_rows()
        any_open = bool(rows) and all(r.status == "open" for r in rows)
        any_closed = bool(rows) and all(r.status != "open" for r in rows)
        enabled = {
            "markDone": any_open,
            "cancelItem": any_open,
            "reassign": bool(rows),
            "dueDate": bool(rows),
            "reopen": any_closed,
            "openSource": len(rows) == 1 and bool(rows[0].source_id or rows[0].organization_id),
        }
        for name, (action, button) in self.commands.items():
            action.setEnabled(enabled[name])
            button.setEnabled(enabled[name])

    def _run_change(self, change: Callable[[], int], done_text: str, undo: str) -> None:
        rows = self.selected_rows()
        if not rows:
            return

        def finished(count: int) -> None:
            self.notice.say(done_text.format(n=count, s="s" if count != 1 else ""))

        what = f"“{_short(rows[0].text)}”" if len(rows) == 1 else f"{len(rows)} action items"
        run_op(
            self.ctx,
            change,
            done=finished,
            failed=self._change_failed,
            undo=undo.format(what=what),
            owner=self._parent_widget(),
        )

    def _change_failed(self, exc: Exception) -> None:
        self.notice.say(str(exc), problem=True)
        self.reload()

    def _ask_note(self, title: str, prompt: str, *, required: bool, ok_text: str) -> str | None:
        dialog = NoteDialog(title, prompt, required=required, ok_text=ok_text, parent=self._parent_widget())
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def mark_selected_done(self, note: str | None = None) -> None:
        """Mark the selected items done; without `note`, ask for one (optional)."""
        if not self.commands["markDone"][0].isEnabled():
            return
        if note is None:
            note = self._ask_note(
                "Mark done", "What was done? (optional)", required=False, ok_text="Mark done"
            )
            if note is None:
                return
        ids, db = [r.id for r in self.selected_rows()], self.ctx.db
        self._run_change(lambda: svc.mark_done(db, ids, note), "Marked {n} item{s} done.", "Mark {what} done")

    def cancel_selected(self, note: str | None = None) -> None:
        """Cancel the selected items; the reason is required."""
        if not self.commands["cancelItem"][0].isEnabled():
            return
        if note is None:
            note = self._ask_note(
                "Cancel action item", "Why is it cancelled?", required=True, ok_text="Cancel item"
            )
            if note is None:
                return
        ids, db = [r.id for r in self.selected_rows()], self.ctx.db
        self._run_change(lambda: svc.cancel(db, ids, note), "Cancelled {n} item{s}.", "Cancel {what}")

    def reopen_selected(self, note: str | None = None) -> None:
        if not self.commands["reopen"][0].isEnabled():
            return
        if note is None:
            note = self._ask_note(
                "Reopen", "Why is it open again? (optional)", required=False, ok_text="Reopen"
            )
            if note is None:
                return
        ids, db = [r.id for r in self.selected_rows()], self.ctx.db
        self._run_change(lambda: svc.reopen(db, ids, note), "Reopened {n} item{s}.", "Reopen {what}")

    def reassign_selected(self, staff_id: str | None = None, note: str | None = None) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        db = self.ctx.db
        if staff_id is None:
            run_task(
                lambda: svc.choices(db, "staff"), guarded(self, lambda staff: self._ask_reassign(staff, rows))
            )
            return
        ids = [r.id for r in rows]
        self._run_change(
            lambda: svc.reassign(db, ids, staff_id, note), "Reassigned {n} item{s}.", "Reassign {what}"
        )

    def _ask_reassign(self, staff: list[Choice], rows: list[ActionItemRow]) -> None:
        dialog = ReassignDialog(staff, rows[0].owner_staff_id, self._parent_widget())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.staff_id():
            self.reassign_selected(dialog.staff_id(), dialog.text() or None)

    def change_due_date(self, due: dt.date | None = None, *, ask: bool = True) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        if ask:
            dialog = DueDateDialog(rows[0].due_date, self.today, self._parent_widget())
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            due = dialog.due()
        ids, db = [r.id for r in rows], self.ctx.db
        self._run_change(
            lambda: svc.set_due_date(db, ids, due),
            "Changed the due date of {n} item{s}.",
            "Change the due date of {what}",
        )

    def open_selected_source(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        if row.source_kind and row.source_id:
            self.ctx.events.open_record.emit(row.source_kind, row.source_id)
        elif row.organization_id:
            self.ctx.events.open_record.emit("organization", row.organization_id)


def _short(text: str, n: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= n else one_line[: n - 1] + "…"
