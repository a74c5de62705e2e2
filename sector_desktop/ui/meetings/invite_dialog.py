"""Invite… from a meeting: choose the recipients (the partnership's roster for the letter, or a
filtered list of organizations and contacts), pick the employer or the partner letter, then invite
them (through run_op) and preview the letters' PDF, ready to print or save; e-mail drafts (.eml),
one per recipient, go to a folder when asked for.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.errors import SectorError
from sector_desktop.models.choices import INVITATION_LETTERS, SECTORS
from sector_desktop.services import invitations as svc
from sector_desktop.store.invitations import Candidate, candidates
from sector_desktop.store.meetings import MeetingDetail

from ..context import AppContext
from ..crash import show_exception
from ..operations import run_op
from ..reports.open_document import open_document
from ..screen_fit import open_size
from ..tasks import Latest

KEY = Qt.ItemDataRole.UserRole + 1


def default_drafts_folder(title: str) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "-" for ch in title).strip() or "meeting"
    return Path(documents or Path.home()) / "Sector Desktop invitations" / safe


class InviteDialog(QDialog):
    """Choose who to invite and with which letter; OK invites them and prepares the letters."""

    invited = Signal(object)  # the services' Written summary of the drafts, or None

    def __init__(self, ctx: AppContext, meeting: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.meeting = ctx, meeting
        self.setObjectName("inviteDialog")
        self.setWindowTitle(f"Invite to {meeting.title}")
        self.found: list[Candidate] = []
        self._loads = Latest(self)  # only the latest list shows
        self.letter = QComboBox()
        self.letter.setObjectName("inviteLetter")
        self.letter.setAccessibleName("Letter")
        for code, text in INVITATION_LETTERS:
            self.letter.addItem(text, code)
        self.edit_letter = QPushButton("Edit letter…")
        self.edit_letter.setObjectName("editLetterButton")
        self.edit_letter.setToolTip("Open your own copy of this letter's template to reword it")
        self.edit_letter.clicked.connect(self.open_letter_file)
        self.roster = QRadioButton("The partnership's roster")
        self.roster.setObjectName("inviteFromRoster")
        self.search_mode = QRadioButton("Find organizations and contacts")
        self.search_mode.setObjectName("inviteFromSearch")
        group = QButtonGroup(self)
        group.addButton(self.roster)
        group.addButton(self.search_mode)
        self.roster.setChecked(True)
        self.text = QLineEdit()
        self.text.setObjectName("inviteFilter")
        self.text.setPlaceholderText("Name of an organization or a person")
        self.text.setAccessibleName("Find by name")
        self.text.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setObjectName("inviteKind")
        self.kind.setAccessibleName("Employers or partners")
        kinds: tuple[tuple[str, str | None], ...] = (
            ("Employers", "employer"),
            ("Partners", "partner"),
            ("All kinds", None),
        )
        for caption, kind in kinds:
            self.kind.addItem(caption, kind)
        self.sector = QComboBox()
        self.sector.setObjectName("inviteSector")
        self.sector.setAccessibleName("Sector")
        self.sector.addItem("All sectors", None)
        for code, text in SECTORS:
            self.sector.addItem(text, code)
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setObjectName("inviteRecipients")
        self.list.setAccessibleName("Recipients")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = QLabel("")
        self.count.setObjectName("inviteCount")
        self.count.setProperty("role", "hint")
        self.drafts = QCheckBox("Also make an e-mail draft (.eml) per recipient, in:")
        self.drafts.setObjectName("inviteDrafts")
        self.folder = QLineEdit(str(default_drafts_folder(meeting.title)))
        self.folder.setObjectName("inviteDraftsFolder")
        self.folder.setAccessibleName("Folder for the e-mail drafts")
        choose = QPushButton("Choose…")
        choose.setObjectName("inviteChooseFolder")
        choose.setAccessibleName("Choose the folder for the e-mail drafts")
        choose.clicked.connect(self._choose_folder)
        self.error = QLabel("")
        self.error.setObjectName("inviteError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Invite and prepare letters", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("inviteOk")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._layout(choose)
        for combo in (self.letter, self.kind, self.sector):
            combo.currentIndexChanged.connect(self.reload)
        self.text.textChanged.connect(self.reload)
        self.roster.toggled.connect(self.reload)
        self.model.itemChanged.connect(lambda _i: self._show_count())
        open_size(self, 640, 620)
        self.reload()

    def _layout(self, choose: QPushButton) -> None:
        letter_row = QHBoxLayout()
        letter_row.addWidget(QLabel("Letter:"))
        letter_row.addWidget(self.letter, 1)
        letter_row.addWidget(self.edit_letter)
        filters = QHBoxLayout()
        for w in (self.text, self.kind, self.sector):
            filters.addWidget(w, 2 if w is self.text else 1)
        drafts = QHBoxLayout()
        drafts.addWidget(self.folder, 1)
        drafts.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addLayout(letter_row)
        layout.addWidget(QLabel("<b>Who</b>"))
        layout.addWidget(self.roster)
        layout.addWidget(self.search_mode)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.drafts)
        layout.addLayout(drafts)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # -- the list ---------------------------------------------------------------------------
    def reload(self) -> None:
        from_roster = self.roster.isChecked()
        for w in (self.text, self.kind, self.sector):
            w.setEnabled(not from_roster)
        db, meeting_id = self.ctx.db, self.meeting.id
        letter, text = self.letter.currentData(), self.text.text()
        kind, sector = self.kind.currentData(), self.sector.currentData()

        def load() -> tuple[list[Candidate], set[str]]:
            with db.read_session() as s:
                if not from_roster:
                    return candidates(s, text, kind, sector), set()
                wanted = svc.roster_recipients(s, meeting_id, letter)
                keys = {r.contact_id or r.organization_id or "" for r in wanted}
                return candidates(s, keys=keys), keys

        self._loads.run(load, lambda result: self._fill(*result))

    def _fill(self, found: list[Candidate], ticked: set[str]) -> None:
        self.found = found
        self.model.blockSignals(True)
        self.model.clear()
        for c in found:
            who = f"{c.name}, {c.title}" if c.name and c.title else (c.name or "(the organization)")
            item = QStandardItem(f"{who} · {c.organization}" + ("" if c.email else " · no e-mail"))
            item.setToolTip(c.email or "No e-mail address: print this one's letter.")
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if c.key in ticked else Qt.CheckState.Unchecked)
            item.setData(c.key, KEY)
            self.model.appendRow(item)
        self.model.blockSignals(False)
        self.list.reset()
        self._show_count()

    def chosen(self) -> list[Candidate]:
        return [
            c
            for row, c in enumerate(self.found)
            if self.model.item(row) is not None and self.model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.model.rowCount()):
            self.model.item(row).setCheckState(state)

    def _show_count(self) -> None:
        n = len(self.chosen())
        none = "Nobody on the roster for this letter." if self.roster.isChecked() else "Nobody matches."
        self.count.setText(none if not self.found else f"{n} of {len(self.found)} chosen")
        self.ok.setEnabled(n > 0)

    # -- actions ----------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the e-mail drafts", self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.drafts.setChecked(True)

    def open_letter_file(self) -> Path:
        from sector_desktop.services.invitation_letters import copy_for_editing

        path = copy_for_editing(self.ctx.paths.config_dir, self.letter.currentData())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def submit(self) -> None:
        recipients = [
            svc.Recipient(c.contact_id, None if c.contact_id else c.organization_id) for c in self.chosen()
        ]
        db, paths, meeting_id, letter = (
            self.ctx.db,
            self.ctx.paths,
            self.meeting.id,
            self.letter.currentData(),
        )
        folder = Path(self.folder.text()).expanduser() if self.drafts.isChecked() else None
        today = clock.today()

        def work() -> tuple[list[str], object]:
            from sector_desktop.services.invitation_documents import write_invitations
            from sector_desktop.services.invitation_letters import load_letter

            load_letter(letter, paths.config_dir)  # a broken letter is named before anyone is invited
            with db.session() as s:
                ids = svc.invite(s, meeting_id, recipients, letter, today)
            drafts = write_invitations(db, paths, meeting_id, letter, ids, None, folder) if folder else None
            return ids, drafts

        self.ok.setEnabled(False)
        n = len(recipients)
        undo = f"Invite {n} {'person' if n == 1 else 'people'} to {self.meeting.title}"
        run_op(self.ctx, work, done=self._done, failed=self._refused, undo=undo, owner=self)

    def _done(self, result: tuple[list[str], object]) -> None:
        from sector_desktop.services.invitation_documents import letters_pdf

        ids, drafts = result
        db, paths, meeting_id, letter = (
            self.ctx.db,
            self.ctx.paths,
            self.meeting.id,
            self.letter.currentData(),
        )
        parent = self.parentWidget() or self
        title = f"Invitation letters {self.meeting.title}"
        open_document(self.ctx, parent, title, lambda: letters_pdf(db, paths, meeting_id, letter, ids))
        self.invited.emit(drafts)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        if not isinstance(exc, SectorError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        self.error.setText(str(exc))
        self.error.show()
