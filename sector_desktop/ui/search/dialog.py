"""The search dialog: type, see ranked hits as you type (searched off the UI thread), open one.

Enter opens the selected hit (or the first one, once the pending search has answered);
Up/Down move through the hits without leaving the search box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from sector_desktop.store.search import SearchHit, search

from ..context import AppContext
from ..tasks import Latest
from .results_model import SearchHitDelegate, SearchResultsListModel

DEBOUNCE_MS = 180
LIMIT = 50
_NAV_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


HINT = "Type a name, a contact, or words from visit notes, meetings, partnerships or programs."


class SearchDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("searchDialog")
        self.setWindowTitle("Search")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(680, 520)
        self._searches = Latest(self)  # only the latest search answers; older answers are dropped
        self._pending = False
        self._open_when_ready = False
        self._build()

    def _build(self) -> None:
        self.edit = QLineEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText("Search organizations, contacts, visits, meetings, programs…")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.model = SearchResultsListModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.activated.connect(self._open_index)
        self.results.doubleClicked.connect(self._open_index)
        self.status = QLabel(HINT)
        self.status.setObjectName("searchStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self.open_current)

    # -- searching ----------------------------------------------------------------------
    def _run(self) -> None:
        query = self.edit.text()
        if not query.strip():
            self._searches.start()  # an answer to what was typed before is no longer wanted
            self._on_results([])
            return
        db = self.ctx.db
        self.status.setText("Searching…")

        def work() -> list[SearchHit]:
            with db.read_session() as s:
                return search(s, query, LIMIT)

        self._pending = True
        self._searches.run(work, self._on_results, self._on_failed)

    def _on_results(self, hits: list[SearchHit]) -> None:
        self._pending = False
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        if not self.edit.text().strip():
            self.status.setText(HINT)
        elif not hits:
            self.status.setText(f"No matches for “{self.edit.text().strip()}”.")
        else:
            more = "+" if len(hits) >= LIMIT else ""
            self.status.setText(f"{len(hits)}{more} matches. Enter opens the selected one.")
        if self._open_when_ready:
            self._open_when_ready = False
            self.open_current()

    def _on_failed(self, exc: Exception) -> None:
        self._pending = False
        self.status.setText(f"Search failed: {exc}")

    def is_pending(self) -> bool:
        return self._timer.isActive() or self._pending

    # -- opening ------------------------------------------------------------------------
    def open_current(self) -> None:
        """Open the selected hit; if a search is still on its way, open its best hit when it lands."""
        if self.is_pending():
            self._open_when_ready = True
            if self._timer.isActive():
                self._timer.stop()
                self._run()
            return
        index = self.results.currentIndex()
        self._open_index(index if index.isValid() else self.model.index(0, 0))

    def _open_index(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row()) if index.isValid() else None
        if hit is None:
            return
        self.ctx.events.open_record.emit(hit.kind, hit.id)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the search box move through the hits, as in every launcher-style search.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and watched is self.edit
            and event.key() in _NAV_KEYS
            and self.model.rowCount() > 0
        ):
            self.results.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)
