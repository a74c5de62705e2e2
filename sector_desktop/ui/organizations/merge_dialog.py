"""Choosing the organization to keep when merging a duplicate that already exists into it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services.duplicates import find_duplicates
from sector_desktop.store import Database
from sector_desktop.store.organizations import OrganizationDetail, OrganizationFilter, list_organizations

from ..tasks import Latest

CANDIDATES = 50
SEARCH_DELAY_MS = 250


def _candidates(db: Database, detail: OrganizationDetail, text: str) -> list[tuple[str, str]]:
    """(id, label) pairs: likely duplicates first (when not searching), then name matches."""
    with db.read_session() as s:
        found: list[tuple[str, str]] = []
        if not text:
            for m in find_duplicates(s, detail.name, detail.zip, detail.fein, exclude_id=detail.id):
                found.append((m.organization_id, f"{m.name} — {m.reason}"))
        seen = {org_id for org_id, _ in found} | {detail.id}
        for row in list_organizations(s, OrganizationFilter(text=text), limit=CANDIDATES + 1):
            if row.id not in seen:
                place = f" · {row.city}" if row.city else ""
                found.append((row.id, f"{row.name}{place}"))
    return found[:CANDIDATES]


class MergeDialog(QDialog):
    """Emits `chosen(kept organization id)` when the user confirms the merge."""

    chosen = Signal(str)

    def __init__(self, db: Database, detail: OrganizationDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(f"Merge {detail.name}")
        self._db, self._detail, self._searches = db, detail, Latest(self)
        intro = QLabel(
            f"Everything recorded for <b>{escape(detail.name)}</b> (contacts, visits, action items, "
            "partnership memberships) moves to the organization you choose, and this record is then "
            "removed. Blank fields of the kept record are filled in from it."
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("mergeSearch")
        self.search.setPlaceholderText("Find the organization to keep…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("mergeCandidates")
        self.list.setAccessibleName("Organization to keep")
        self.list.itemDoubleClicked.connect(lambda _i: self._confirm())
        self.list.currentRowChanged.connect(lambda _r: self._update_button())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("Merge into selected", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("confirmMergeButton")
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self._load)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(540, 400)
        self._update_button()
        self._load()

    def _load(self) -> None:
        db, detail, text = self._db, self._detail, self.search.text().strip()
        self._searches.run(lambda: _candidates(db, detail, text), self._show)

    def _show(self, rows: list[tuple[str, str]]) -> None:
        self.list.clear()
        for org_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, org_id)
            self.list.addItem(item)
        if not rows:
            self.list.addItem(QListWidgetItem("No other organization matches."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_button()

    def _selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_button(self) -> None:
        self.merge_button.setEnabled(self._selected_id() is not None)

    def _confirm(self) -> None:
        keep_id = self._selected_id()
        if keep_id:
            self.accept()
            self.chosen.emit(keep_id)
