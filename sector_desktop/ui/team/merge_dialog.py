"""Merge a duplicate staff member into the one to keep (the Team page's "Merge into…"): pick, read
what will happen, confirm; the merge runs through run_op, so every page refreshes and sync pushes it."""

from __future__ import annotations

import traceback
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sector_desktop.errors import SectorError
from sector_desktop.services import staff as svc

from ..context import AppContext
from ..crash import show_exception
from ..form_dialog import FormDialog
from ..operations import run_op
from ..tasks import guarded, run_task
from .me import choose_me


class MergeStaffDialog(FormDialog):
    """The duplicate is given; the user picks the staff member to keep. `saved` carries the summary."""

    def __init__(
        self,
        ctx: AppContext,
        duplicate: svc.StaffRow,
        team: list[svc.StaffRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, f"Merge {duplicate.name} into…", parent)
        self.setObjectName("mergeStaffDialog")
        self.setMinimumWidth(560)
        self.duplicate = duplicate
        self.preview: svc.MergePreview | None = None
        self.result_text = ""
        self.duplicate_label = QLabel(f"{duplicate.name} ({duplicate.username})")
        self.duplicate_label.setObjectName("mergeDuplicate")
        self.duplicate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.keep = QComboBox()
        self.keep.setObjectName("mergeInto")
        self.keep.setAccessibleName("Staff member to keep")
        others = [r for r in team if r.id != duplicate.id]
        for r in others:
            label = f"{r.name} ({r.username})"
            self.keep.addItem(label if r.active else f"{label}, inactive", r.id)
        alike = next((i for i, r in enumerate(others) if svc.same_person(r, duplicate)), 0)
        self.keep.setCurrentIndex(alike)  # the same name or user name first: likely the one to keep
        self.names = {r.id: r.name for r in others}
        self.what = QLabel("Counting the records that name them…")
        self.what.setObjectName("mergeWhat")
        self.what.setTextFormat(Qt.TextFormat.RichText)
        self.what.setWordWrap(True)
        intro = QLabel(
            f"Use this when {duplicate.name} is a second record of someone already on the team: "
            "choose the record to keep."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        self.form.addRow("Duplicate", self.duplicate_label)
        self.form.addRow("&Keep", self.keep)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, intro)
        layout.insertWidget(2, self.what)  # under the form, across the dialog's width
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("Merge")
        self.merge_button.setObjectName("confirmStaffMergeButton")
        self.merge_button.setEnabled(False)  # until the preview says what will move
        self.keep.currentIndexChanged.connect(lambda _i: self._explain())
        db, dup_id = ctx.db, duplicate.id
        run_task(
            lambda: svc.merge_preview(db, dup_id),
            guarded(self, self._previewed),
            guarded(self, self._refused),
        )

    def kept_id(self) -> str | None:
        return self.keep.currentData()

    def _previewed(self, preview: svc.MergePreview) -> None:
        self.preview = preview
        self._explain()

    def _explain(self) -> None:
        kept_id, preview, dup = self.kept_id(), self.preview, self.duplicate.name
        if preview is None:
            return
        if kept_id is None:
            self.what.setText(f"There is nobody else on the team to merge {escape(dup)} into.")
            self.merge_button.setEnabled(False)
            return
        kept = self.names[kept_id]
        said = [
            f"Every record that names {escape(dup)} moves to <b>{escape(kept)}</b>: "
            f"{escape(svc.describe_moved(preview.moved))}. Blank title, e-mail and phone of "
            f"{escape(kept)} are filled in from {escape(dup)}'s."
        ]
        if preview.local_only:
            said.append(
                f"{escape(dup)} was added on this laptop and never synced: the record is simply removed. "
                "This cannot be undone (its unsent changes are dropped)."
            )
        else:
            said.append(
                f"{escape(dup)} is then removed from the team, on every laptop at the next sync. "
                "Edit → Undo takes the merge back."
            )
        if preview.has_account:
            said.append(
                f"<b>A server account signs in as {escape(dup)}:</b> keep that record rather than merge "
                f"it away (select {escape(kept)} and merge into {escape(dup)})."
            )
        if self.ctx.staff_id == self.duplicate.id:
            said.append(f"This laptop works as {escape(dup)}: it will work as {escape(kept)}.")
        self.what.setText("".join(f"<p>{line}</p>" for line in said))
        self.merge_button.setEnabled(True)
        self.adjustSize()  # the text may need more lines than the dialog had

    def submit(self) -> None:
        kept_id, preview = self.kept_id(), self.preview
        if kept_id is None or preview is None:
            return
        db, dup = self.ctx.db, self.duplicate
        self.buttons.setEnabled(False)
        self.error.hide()
        run_op(
            self.ctx,
            lambda: svc.merge_staff(db, dup.id, kept_id),
            done=self._merged,
            failed=self._refused,
            # A record no server had is dropped from the outbox too: putting it back would sync a
            # record without its creation, so that merge is not an undo step.
            undo=None if preview.local_only else f"Merge {dup.name} into {self.names[kept_id]}",
            owner=self,
        )

    def _merged(self, merged: svc.StaffMerge) -> None:
        if self.ctx.staff_id == merged.merged_id:
            choose_me(self.ctx, merged.kept_id)
        self.result_text = merged.summary()
        self._done(self.result_text)

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, SectorError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        self.error.setText(str(exc))
        self.error.show()
