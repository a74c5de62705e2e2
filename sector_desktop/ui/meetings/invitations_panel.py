"""A meeting's invitations: each invitee with the letter, the date it went out, their answer
(editable in place: double-click or F2 on the Answer, or the buttons for the selected rows) and
whether they came; above it the counts, employers against the others and the employer-led share.
It only shows and asks; writes go through run_op.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import timefmt
from sector_desktop.models.choices import INVITATION_LETTERS, RSVP_STATUSES, label
from sector_desktop.services import invitations as svc
from sector_desktop.store.invitations import InvitationRow, RsvpCounts, invitations_of, rsvp_counts
from sector_desktop.store.meetings import MeetingDetail

from ..context import AppContext
from ..operations import run_op
from ..rows_model import MUTED, RowsTableModel
from ..tables import make_table
from ..tasks import Latest

NAME, ORGANIZATION, LETTER, SENT, ANSWER, CAME = range(6)
_Index = QModelIndex | QPersistentModelIndex


class InvitationsTableModel(RowsTableModel):
    headers = ("Invitee", "Organization", "Letter", "Sent", "Answer", "Came")
    sort_attrs = {SENT: "sent_on"}
    answer_edited = Signal(object, str)  # the InvitationRow, the new answer's code

    def text(self, row: InvitationRow, column: int) -> str:
        return {
            NAME: row.name or "(the organization)",
            ORGANIZATION: row.organization,
            LETTER: label(INVITATION_LETTERS, row.letter).removesuffix(" letter"),
            SENT: timefmt.date(row.sent_on),
            ANSWER: label(RSVP_STATUSES, row.status),
            CAME: "Yes" if row.attended else "",
        }[column]

    def tooltip(self, row: InvitationRow, column: int) -> str | None:
        if column == ANSWER and row.note:
            return row.note
        return super().tooltip(row, column)

    def color(self, row: InvitationRow, column: int):
        return MUTED if column == ANSWER and row.status in ("declined", "no_answer") else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == ANSWER else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ItemDataRole.EditRole and index.column() == ANSWER:
            return row.status
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or index.column() != ANSWER or role != Qt.ItemDataRole.EditRole:
            return False
        if value != row.status:
            self.answer_edited.emit(row, str(value))
        return True


class AnswerDelegate(QStyledItemDelegate):
    """The Answer cell edits as a list of the four answers."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Answer")
        for code, text in RSVP_STATUSES:
            combo.addItem(text, code)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class InvitationsPanel(QWidget):
    invite_requested = Signal()
    loaded = Signal(object)  # RsvpCounts

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("invitationsPanel")
        self.meeting: MeetingDetail | None = None
        self.counts = RsvpCounts()
        self._loads = Latest(self)  # only the latest load shows
        self.summary = QLabel("")
        self.summary.setObjectName("rsvpSummary")
        self.summary.setWordWrap(True)
        self.invite = QPushButton("Invite…")
        self.invite.setObjectName("inviteButton")
        self.invite.setToolTip("Invite people to this meeting and prepare their letters and e-mail drafts")
        self.invite.clicked.connect(self.invite_requested)
        self.model = InvitationsTableModel(self)
        self.model.answer_edited.connect(lambda row, code: self.set_answer([row], code))
        self.table = make_table(self.model, "invitationsTable", ORGANIZATION)
        self.table.setAccessibleName("Invitations")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setItemDelegateForColumn(ANSWER, AnswerDelegate(self.table))
        marks = QHBoxLayout()
        marks.addWidget(QLabel("Selected:"))
        self.mark_buttons: dict[str, QPushButton] = {}
        for code, text in RSVP_STATUSES:
            if code == "invited":
                continue
            button = QPushButton(text)
            button.setObjectName(f"rsvp_{code}")
            button.setAccessibleName(f"Mark the selected invitees {text.lower()}")
            button.clicked.connect(lambda _c=False, code=code: self.set_answer(self.selected(), code))
            self.mark_buttons[code] = button
            marks.addWidget(button)
        self.remove = QPushButton("Remove")
        self.remove.setObjectName("removeInvitation")
        self.remove.setAccessibleName("Remove the selected invitees")
        self.remove.clicked.connect(self.remove_selected)
        marks.addWidget(self.remove)
        marks.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.invite, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(marks)

    def show_meeting(self, meeting: MeetingDetail) -> None:
        self.meeting = meeting
        self.reload()

    def reload(self) -> None:
        if self.meeting is None:
            return
        db, meeting_id = self.ctx.db, self.meeting.id

        def load() -> list[InvitationRow]:
            with db.read_session() as s:
                return invitations_of(s, meeting_id)

        self._loads.run(load, self._fill)

    def _fill(self, rows: list[InvitationRow]) -> None:
        self.model.set_rows(rows)
        self.counts = rsvp_counts(rows)
        self.summary.setText(self.counts.summary())
        for w in (*self.mark_buttons.values(), self.remove):
            w.setEnabled(bool(rows))
        self.loaded.emit(self.counts)

    def selected(self) -> list[InvitationRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    def set_answer(self, rows: list[InvitationRow], code: str) -> None:
        if not rows:
            return
        db, ids = self.ctx.db, [r.id for r in rows]

        def write() -> None:
            with db.session() as s:
                for invitation_id in ids:
                    svc.set_rsvp(s, invitation_id, code)

        who = rows[0].label if len(rows) == 1 else f"{len(rows)} invitees"
        run_op(self.ctx, write, undo=f"Mark {who} {label(RSVP_STATUSES, code).lower()}", owner=self)

    def remove_selected(self) -> None:
        rows = self.selected()
        if not rows:
            return
        db, ids = self.ctx.db, [r.id for r in rows]

        def write() -> None:
            with db.session() as s:
                for invitation_id in ids:
                    svc.remove_invitation(s, invitation_id)

        who = rows[0].label if len(rows) == 1 else f"{len(rows)} invitees"
        run_op(self.ctx, write, undo=f"Remove {who} from the invitations", owner=self)
