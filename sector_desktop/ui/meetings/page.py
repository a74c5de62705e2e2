"""The Meetings page: upcoming or past meetings (lazy list), the selected meeting with its agenda
builder, scheduling, and live minutes mode in place of the list while a meeting is on.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import MEETING_STATUSES, MEETING_TYPES, label
from sector_desktop.services import meetings as svc
from sector_desktop.services.meeting_series import cancel_meeting
from sector_desktop.store.invitations import RsvpCounts
from sector_desktop.store.meetings import (
    UPCOMING_GRACE,
    MeetingDetail,
    MeetingFilter,
    get_meeting_detail,
    most_recent_meeting_id,
    partnership_options,
)
from sector_desktop.store.settings import office_name

from ..attachments.panel import AttachmentsPanel
from ..context import AppContext
from ..operations import Changes, run_op
from ..reports.open_document import open_document
from ..sync.marks import mark_sync_state
from ..tables import make_table
from ..tasks import Latest, run_task
from . import table_model as cols
from .agenda import AgendaBuilder
from .invitations_panel import InvitationsPanel
from .invite_dialog import InviteDialog
from .live_minutes import LiveMinutesView
from .schedule_dialog import ScheduleMeetingDialog
from .table_model import MeetingsTableModel

_WATCHED = (
    "meeting",
    "sector_partnership",
    "action_item",
    "agenda_item",
    "meeting_attendance",
    "decision",
    "invitation",
)


PRINTABLE = (("agenda", "Agenda…"), ("signin", "Sign-in sheet…"), ("minutes", "Minutes…"))


class MeetingDetailPanel(QWidget):
    """The selected meeting: what, when, where, who came, and its agenda builder."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("meetingDetail")
        self.meeting: MeetingDetail | None = None
        self.title = QLabel("")
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.facts = QLabel("")
        self.facts.setObjectName("meetingFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.live = QPushButton("Live minutes")
        self.live.setObjectName("liveMinutesButton")
        self.live.setToolTip("Take the minutes of this meeting as it happens (Ctrl+M)")
        self.live.setShortcut("Ctrl+M")
        self.edit = QPushButton("Edit meeting…")
        self.edit.setObjectName("editMeetingButton")
        self.held = QPushButton("Mark held")
        self.held.setObjectName("markHeldButton")
        self.cancel = QPushButton("Cancel meeting")
        self.cancel.setObjectName("cancelMeetingButton")
        # An occurrence of a series asks which: it alone, or it and the later ones.
        self.cancel_menu = QMenu(self.cancel)
        self.cancel_this = self.cancel_menu.addAction("Cancel this meeting only")
        self.cancel_following = self.cancel_menu.addAction("Cancel this and the later ones")
        self.print_button = QToolButton()
        self.print_button.setObjectName("printMeetingButton")
        self.print_button.setText("Print")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        for code, text in PRINTABLE:
            menu.addAction(text, partial(self.print_document, code))
        self.print_letters = menu.addAction("Invitation letters…", self.print_invitation_letters)
        self.print_button.setMenu(menu)
        buttons = QHBoxLayout()
        for b in (self.live, self.edit, self.held, self.cancel, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.agenda = AgendaBuilder(ctx)
        self.invitations = InvitationsPanel(ctx)
        self.invitations.invite_requested.connect(self.open_invite)
        self.invitations.loaded.connect(self._invitations_loaded)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        self.tabs.addTab(self.agenda, "Agenda")
        self.tabs.addTab(self.invitations, "Invitations")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        # The signed sign-in sheet, handouts, photos of the whiteboard.
        self.attachments = AttachmentsPanel(ctx)
        self.attachments.setMaximumHeight(150)
        layout.addWidget(QLabel("<b>Files</b>"))
        layout.addWidget(self.attachments)

    def show_meeting(self, m: MeetingDetail) -> None:
        self.meeting = m
        self.title.setText(m.title)
        h = m.headcount
        lines = [
            f"{timefmt.when(m.starts_at)} · {label(MEETING_TYPES, m.meeting_type)} · "
            f"<b>{label(MEETING_STATUSES, m.status)}</b>",
            " · ".join(x for x in (m.partnership_name, m.workgroup_name) if x),
            m.location or "",
            f"Video: {m.video_link}" if m.video_link else "",
            f"Facilitator: {m.facilitator_name}" if m.facilitator_name else "",
        ]
        if m.series_id:
            every = "monthly" if (m.series_rule or "").startswith("monthly") else "every 3 months"
            lines.append(f"Series: {every}, {m.later_in_series} more planned after this one")
        if m.status == "held":
            verdict = "employer-led" if h.employer_led else "partners outnumbered employers"
            lines.append(
                f"Came: {h.business} business, {h.partners} public/nonprofit ({verdict}) · "
                f"{len(m.decisions)} decisions · {len(m.action_items)} action items"
            )
        self.facts.setText("<br>".join(line for line in lines if line))
        self.held.setEnabled(m.status != "held")
        self.cancel.setEnabled(m.status == "planned")
        in_series = m.status == "planned" and m.later_in_series > 0
        self.cancel_following.setText(f"Cancel this and the {m.later_in_series} later ones in the series")
        # Qt takes None (no menu); the stubs say QMenu only
        self.cancel.setMenu(self.cancel_menu if in_series else None)  # type: ignore[arg-type]
        self.agenda.show_meeting(m.id, m.agenda, m.meeting_type)
        self.invitations.show_meeting(m)
        self.attachments.show_owner("meeting", m.id)

    def _invitations_loaded(self, counts: RsvpCounts) -> None:
        text = f"Invitations ({counts.accepted}/{counts.total} coming)" if counts.total else "Invitations"
        self.tabs.setTabText(self.tabs.indexOf(self.invitations), text)
        self.print_letters.setEnabled(counts.total > 0)

    def print_invitation_letters(self) -> None:
        """Preview every invitee's letter again (each with the letter they were sent), to reprint."""
        if self.meeting is None:
            return
        from sector_desktop.services.invitation_documents import letters_pdf

        db, paths, meeting_id = self.ctx.db, self.ctx.paths, self.meeting.id
        title = f"Invitation letters {self.meeting.title}"
        open_document(self.ctx, self, title, lambda: letters_pdf(db, paths, meeting_id, None))

    def open_invite(self) -> InviteDialog | None:
        """Invite… : choose recipients and the letter; the letters' preview opens when done."""
        if self.meeting is None:
            return None
        dialog = InviteDialog(self.ctx, self.meeting, self)
        dialog.open()
        return dialog

    def print_document(self, document: str) -> None:
        """Preview the agenda, sign-in sheet or minutes of the shown meeting, ready to print."""
        if self.meeting is None:
            return
        from sector_desktop.services.documents import meeting_pdf
        from sector_desktop.services.lmi import office_areas

        db, meeting_id = self.ctx.db, self.meeting.id
        areas, office = office_areas(self.ctx.paths), office_name(self.ctx.paths)
        title = f"{dict(PRINTABLE)[document].rstrip('…')} {self.meeting.title}"
        open_document(
            self.ctx, self, title, lambda: meeting_pdf(db, document, meeting_id, areas, office_name=office)
        )


class MeetingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsPage")
        self.ctx = ctx
        self.model = MeetingsTableModel(ctx.db, parent=self)
        self._selected_id: str | None = None
        self._detail_load = Latest(self)  # only the latest chosen meeting's detail shows
        self.stack = QStackedWidget()
        self.live = LiveMinutesView(ctx)
        self.live.back_requested.connect(self.show_list)
        self.stack.addWidget(self._list_page())
        self.stack.addWidget(self.live)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.model.loaded.connect(self._loaded)
        self._stale = False  # something changed while live minutes was shown
        ctx.events.applied.connect(self._changed)
        self._load_partnerships()
        self.model.reload()

    def _list_page(self) -> QWidget:
        title = QLabel("Meetings")
        title.setProperty("role", "heading")
        self.when = QComboBox()
        self.when.setObjectName("meetingWhen")
        self.when.setAccessibleName("Upcoming or past meetings")
        self.when.addItem("Upcoming", "upcoming")
        self.when.addItem("Past", "past")
        self.partnership = QComboBox()
        self.partnership.setObjectName("meetingPartnershipFilter")
        self.partnership.setAccessibleName("Filter by partnership")
        self.partnership.addItem("All partnerships", None)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find by title")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setObjectName("meetingCount")
        self.count.setProperty("role", "hint")
        self.schedule = QPushButton("Schedule meeting…")
        self.schedule.setObjectName("scheduleMeetingButton")
        self.schedule.clicked.connect(self.schedule_meeting)
        for w in (self.when, self.partnership):
            w.currentIndexChanged.connect(self._filter_changed)
        self.search.textChanged.connect(self._filter_changed)
        header = QHBoxLayout()
        for part in (title, self.when, self.partnership, self.search, self.count):
            header.addWidget(part)
        header.addStretch(1)
        header.addWidget(self.schedule)

        self.table = make_table(self.model, "meetingTable", cols.TITLE)
        mark_sync_state(self.ctx, self.table, "meeting")
        self.setFocusProxy(self.table)  # Ctrl+5 lands in the list
        self.table.setAccessibleName("Meetings")
        self.table.setMinimumWidth(450)
        for col in (cols.PARTNERSHIP, cols.TYPE, cols.ATTENDANCE):
            self.table.setColumnHidden(col, True)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._row_selected(cur.row()))
        self.table.doubleClicked.connect(lambda _i: self.open_live_minutes())
        self.detail = MeetingDetailPanel(self.ctx)
        self.detail.live.clicked.connect(lambda: self.open_live_minutes())
        self.detail.edit.clicked.connect(self.edit_meeting)
        self.detail.held.clicked.connect(lambda: self._set_status("held"))
        self.detail.cancel.clicked.connect(lambda: self._set_status("cancelled"))
        self.detail.cancel_this.triggered.connect(lambda: self.cancel_series("this"))
        self.detail.cancel_following.triggered.connect(lambda: self.cancel_series("following"))
        self.empty = QLabel("No meetings here.\nUse “Schedule meeting…” to plan one.")
        self.empty.setObjectName("meetingsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "hint")
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.detail)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.right)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 620])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(split, 1)
        return page

    # -- list ---------------------------------------------------------------------------
    def _load_partnerships(self) -> None:
        db = self.ctx.db

        def load():
            with db.read_session() as s:
                return partnership_options(s)

        def show(options) -> None:
            current = self.partnership.currentData()
            self.partnership.blockSignals(True)
            while self.partnership.count() > 1:
                self.partnership.removeItem(1)
            for p in options:
                self.partnership.addItem(p.name, p.id)
            self.partnership.setCurrentIndex(max(0, self.partnership.findData(current)))
            self.partnership.blockSignals(False)

        run_task(load, show)

    def _filter_changed(self) -> None:
        # Only held meetings have a headcount; upcoming ones would show an empty column.
        self.table.setColumnHidden(cols.ATTENDANCE, self.when.currentData() == "upcoming")
        self.model.set_filter(
            MeetingFilter(self.when.currentData(), self.partnership.currentData(), self.search.text())
        )

    def _changed(self, changes: Changes) -> None:
        if changes.touches("sector_partnership"):
            self._load_partnerships()
        if not changes.touches(*_WATCHED):
            return
        if self.stack.currentWidget() is self.live:
            self._stale = True  # every keystroke of the minutes is a write: reload on the way back
        else:
            self.model.reload()

    def _loaded(self, total: int) -> None:
        noun = "meeting" if total == 1 else "meetings"
        self.count.setText(f"{total:,} {noun}")
        # Keep the selected meeting when the list still has it; otherwise show the first one.
        row = self.model.row_of(self._selected_id) if self._selected_id else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.load_detail(self.model.row_at(row).id)
        else:
            self.right.setCurrentWidget(self.empty)

    def _row_selected(self, row: int) -> None:
        picked = self.model.row_at(row)
        if picked is not None and picked.id != self._selected_id:
            self.load_detail(picked.id)

    def load_detail(self, meeting_id: str) -> None:
        self._selected_id = meeting_id
        db = self.ctx.db

        def load() -> MeetingDetail:
            with db.read_session() as s:
                return get_meeting_detail(s, meeting_id)

        self._detail_load.run(load, self._show_detail)

    def _show_detail(self, m: MeetingDetail) -> None:
        self.detail.show_meeting(m)
        self.right.setCurrentWidget(self.detail)

    # -- commands -----------------------------------------------------------------------
    def schedule_meeting(self) -> None:
        dialog = ScheduleMeetingDialog(self.ctx, None, self.partnership.currentData(), self)
        dialog.saved.connect(self._scheduled)
        dialog.open()

    def take_live_minutes(self) -> None:
        """The live minutes of the meeting selected in the list, else of the most recent meeting."""
        if self._selected_id:
            self.open_live_minutes()
        else:
            self.prepare_view("meeting")

    def _scheduled(self, meeting_id: str) -> None:
        self._selected_id = meeting_id
        self.when.setCurrentIndex(0)

    def edit_meeting(self) -> None:
        if self.detail.meeting is not None:
            ScheduleMeetingDialog(self.ctx, self.detail.meeting, None, self).open()

    def _set_status(self, status: str) -> None:
        m = self.detail.meeting
        if m is None:
            return
        db = self.ctx.db

        def write() -> None:
            with db.session() as s:
                svc.set_meeting_status(s, m.id, status)

        verb = "Mark held" if status == "held" else "Cancel"
        run_op(self.ctx, write, undo=f"{verb} {m.title}", owner=self)

    def cancel_series(self, scope: str) -> None:
        """Cancel the shown occurrence of a series ('this') or it and the later ones ('following')."""
        m = self.detail.meeting
        if m is None:
            return
        db, meeting_id = self.ctx.db, m.id

        def write() -> list[str]:
            with db.session() as s:
                return cancel_meeting(s, meeting_id, scope)

        what = f"Cancel {m.title}" + (" and the later ones" if scope == "following" else "")
        run_op(self.ctx, write, undo=what, owner=self)

    def open_live_minutes(self, meeting_id: str | None = None) -> None:
        target = meeting_id or self._selected_id
        if target:
            self.live.load(target)
            self.stack.setCurrentWidget(self.live)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        if self._stale:
            self._stale = False
            self.model.reload()

    # -- for the main window and --screenshot ------------------------------------------
    def prepare_view(self, view: str) -> None:
        """`meeting`: the most recent meeting, in live minutes mode. `meetings`: the list."""
        if view != "meeting":
            return
        db = self.ctx.db

        def find() -> str | None:
            with db.read_session() as s:
                return most_recent_meeting_id(s)

        run_task(find, lambda mid: self.open_live_minutes(mid) if mid else None)

    def open_record(self, kind: str, record_id: str) -> None:
        if kind != "meeting":
            return
        self.stack.setCurrentIndex(0)
        self._selected_id = record_id
        db = self.ctx.db

        def load() -> MeetingDetail:
            with db.read_session() as s:
                return get_meeting_detail(s, record_id)

        def show(m: MeetingDetail) -> None:
            # List the meeting where it belongs, so the list and the detail agree.
            when = "upcoming" if m.starts_at >= clock.now() - UPCOMING_GRACE else "past"
            if self.when.currentData() != when:
                self.when.setCurrentIndex(self.when.findData(when))  # reloads the list
            else:
                self.model.reload()

        run_task(load, show)
