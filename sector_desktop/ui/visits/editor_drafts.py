"""The visit editor's draft keeping (design rule 2): what is typed is written as a draft about once a
second, restored with a banner when the visit is opened again, and kept or discarded on Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from sector_desktop import clock, timefmt
from sector_desktop.services.drafts import SavedDraft, discard_draft, save_draft

from ..context import AppContext

AUTOSAVE_MS = 1000


class DraftKeeping:
    """Drafts of the typed state (a part of VisitEditor)."""

    ctx: AppContext
    key: str
    draft_status: QLabel
    _autosave: QTimer
    _restoring: bool
    _closing: bool
    _saving: bool
    _initial: dict[str, Any]
    _last_draft: dict[str, Any] | None

    # Given by the editor's fields.
    state: Callable[[], dict[str, Any]]
    apply_state: Callable[[dict[str, Any]], None]

    def _build_draft_banner(self) -> QWidget:
        self.draft_banner = QWidget()
        self.draft_banner.setObjectName("draftBanner")
        self.draft_banner.setStyleSheet("#draftBanner { background: #fff4d6; border: 1px solid #e8c66a; }")
        self.draft_label = QLabel()
        self.discard_draft_button = QPushButton("Discard draft")
        self.discard_draft_button.setObjectName("discardDraftButton")
        self.discard_draft_button.clicked.connect(self.discard_restored_draft)
        banner = QHBoxLayout(self.draft_banner)
        banner.addWidget(self.draft_label, 1)
        banner.addWidget(self.discard_draft_button)
        self.draft_banner.hide()
        return self.draft_banner

    def _edited(self, *_: object) -> None:
        if self._restoring or self._closing or self._saving:
            return
        # Not restarted on every keystroke: steady typing still saves about once a second.
        if not self._autosave.isActive():
            self._autosave.start()

    def save_draft_now(self) -> None:
        """Write the draft now (the autosave timer calls this); a tiny upsert, so done in place."""
        self._autosave.stop()
        if self._closing or self._saving:
            return
        state = self.state()
        if state == self._last_draft:
            return
        try:
            if state == self._initial:
                discard_draft(self.ctx.db, self.key)
            else:
                save_draft(self.ctx.db, self.key, state)
        except Exception as exc:  # the form stays usable; the next change retries
            self.draft_status.setText(f"Could not save the draft: {exc}")
            return
        self._last_draft = state
        self.draft_status.setText(f"Draft saved {timefmt.time(clock.now(), seconds=True)}")

    def _restore(self, draft: SavedDraft) -> None:
        self.apply_state(draft.payload)
        self._last_draft = self.state()
        when = draft.updated_at
        self.draft_label.setText(
            f"Restored what you typed on {timefmt.date(when)} at {timefmt.time(when)}; "
            "it has not been saved as a visit yet."
        )
        self.draft_banner.show()

    def discard_restored_draft(self) -> None:
        discard_draft(self.ctx.db, self.key)
        self.apply_state(self._initial)
        self._last_draft = None
        self.draft_banner.hide()
