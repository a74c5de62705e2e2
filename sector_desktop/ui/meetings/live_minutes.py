"""Live minutes: the screen for typing during a meeting. Attendance ticks save at once; the notes
under each agenda item save about a second after typing starts; Ctrl+D captures a decision and
Ctrl+Shift+A an action item. Killing the app loses at most the last second or two (design rule 2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import MEETING_TYPES, label
from sector_desktop.services import meetings as svc
from sector_desktop.store.meetings import (
    AttendanceRow,
    DecisionRow,
    Headcount,
    MeetingDetail,
    NamedOption,
    action_items_of,
    decisions_of,
    get_meeting_detail,
    headcount_of,
    staff_options,
)

from ..context import AppContext
from ..datetimes import date_edit_format, py_date, qdate
from ..tables import make_table
from ..tasks import Latest
from .attendance_panel import AttendancePanel
from .autosave import SerialWriter
from .decisions import DecisionsBox
from .notes import AgendaNotesPanel, NotesEditor
from .table_model import MeetingActionItemsTableModel


class LiveMinutesView(QWidget):
    loaded = Signal(str)  # meeting id, once the widgets are built
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveMinutesView")
        self.ctx = ctx
        self.writer = SerialWriter(ctx, self)
        self.writer.busy_changed.connect(self._busy_changed)
        self.writer.failed.connect(self._save_failed)
        self.meeting: MeetingDetail | None = None
        self._staff: list[NamedOption] = []
        self._loads = Latest(self)  # only the latest meeting asked for shows
        self.action_items = MeetingActionItemsTableModel(self)
        self._build()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)
        for keys, slot in (("Ctrl+D", self.start_decision), ("Ctrl+Shift+A", self.start_action_item)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.back = QPushButton("◀ Meetings")
        self.back.setObjectName("backToMeetings")
        self.back.clicked.connect(self._back)
        self.title = QLabel("")
        self.title.setObjectName("liveMinutesTitle")
        self.title.setProperty("role", "heading")
        self.facts = QLabel("")
        self.facts.setProperty("role", "hint")
        self.facts.setWordWrap(True)
        self.headcount = QLabel("")
        self.headcount.setObjectName("headcountLabel")
        self.save_status = QLabel("")
        self.save_status.setObjectName("saveStatus")
        self.save_status.setProperty("role", "hint")
        top = QHBoxLayout()
        top.addWidget(self.back)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.facts)
        top.addLayout(heading, 1)
        status = QVBoxLayout()
        status.setSpacing(0)
        status.addWidget(self.headcount, 0, Qt.AlignmentFlag.AlignRight)
        status.addWidget(self.save_status, 0, Qt.AlignmentFlag.AlignRight)
        top.addLayout(status)

        self.attendance = AttendancePanel()
        self.attendance.toggled.connect(self._toggled)
        self.attendance.guest_requested.connect(self.add_guest)
        self.notes = AgendaNotesPanel()
        self.notes.notes_due.connect(self._write_notes)
        self.notes.dirty.connect(lambda: self.save_status.setText("Unsaved changes…"))
        split = QSplitter()
        split.addWidget(self.attendance)
        split.addWidget(self.notes)
        split.addWidget(self._capture_panel())
        split.setStretchFactor(1, 1)
        split.setSizes([270, 530, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def _capture_panel(self) -> QWidget:
        panel = QWidget()
        decisions = DecisionsBox()
        self.decisions, self.decision_table = decisions.model, decisions.table
        self.decision_edit = decisions.line
        decisions.add_requested.connect(self.add_decision)
        decisions.edit_requested.connect(self.edit_decision)
        decisions.delete_requested.connect(self.delete_decision)
        self.decisions_box = decisions
        self.decision_edit.setAccessibleName("New decision")
        self.decision_table.setAccessibleName("Decisions")

        items = QGroupBox("Action items  (Ctrl+Shift+A)")
        self.action_table = make_table(
            self.action_items, "meetingActionTable", MeetingActionItemsTableModel.TEXT
        )
        self.action_table.setColumnHidden(MeetingActionItemsTableModel.STATUS, True)
        self.action_table.setAccessibleName("Action items")
        self._wrap_rows(self.action_table)
        self.action_text = QLineEdit()
        self.action_text.setObjectName("actionText")
        self.action_text.setAccessibleName("New action item")
        self.action_text.setPlaceholderText("What needs doing ↵")
        self.action_text.returnPressed.connect(self.add_action_item)
        self.action_owner = QComboBox()
        self.action_owner.setObjectName("actionOwner")
        self.action_owner.setAccessibleName("Owner of the new action item")
        self.action_due = QDateEdit()
        self.action_due.setObjectName("actionDue")
        self.action_due.setAccessibleName("Due date of the new action item")
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat(date_edit_format())
        self.action_due.setDate(qdate(clock.today() + dt.timedelta(days=14)))
        add = QPushButton("Add")
        add.setObjectName("addActionItem")
        add.clicked.connect(self.add_action_item)
        when = QHBoxLayout()
        when.addWidget(QLabel("Due"))
        when.addWidget(self.action_due, 1)
        when.addWidget(add)
        a = QVBoxLayout(items)
        a.addWidget(self.action_table, 1)
        a.addWidget(self.action_text)
        a.addWidget(self.action_owner)
        a.addLayout(when)
        self.capture_error = QLabel("")
        self.capture_error.setObjectName("captureError")
        self.capture_error.setProperty("role", "error")
        self.capture_error.setWordWrap(True)
        self.capture_error.hide()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(decisions, 2)
        layout.addWidget(items, 3)
        layout.addWidget(self.capture_error)
        return panel

    def _wrap_rows(self, table) -> None:
        table.setWordWrap(True)
        table.model().modelReset.connect(lambda: QTimer.singleShot(0, table.resizeRowsToContents))

    # -- loading ------------------------------------------------------------------------
    def load(self, meeting_id: str) -> None:
        self.flush()
        db = self.ctx.db

        def fetch() -> tuple[MeetingDetail, list[NamedOption]]:
            with db.read_session() as s:
                return get_meeting_detail(s, meeting_id), staff_options(s)

        self._loads.run(fetch, lambda result: self._show(*result))

    def _show(self, meeting: MeetingDetail, staff: list[NamedOption]) -> None:
        self.meeting, self._staff = meeting, staff
        self.title.setText(meeting.title)
        place = meeting.location or (f"Video: {meeting.video_link}" if meeting.video_link else "")
        first = [timefmt.when(meeting.starts_at), meeting.partnership_name, meeting.workgroup_name or "",
                 label(MEETING_TYPES, meeting.meeting_type)]  # fmt: skip
        second = [place, f"facilitator {meeting.facilitator_name}" if meeting.facilitator_name else ""]
        self.facts.setText(" · ".join(f for f in first if f) + "\n" + " · ".join(f for f in second if f))
        self.attendance.fill(meeting.attendance)
        self.notes.fill(meeting.agenda)
        self.decisions.set_rows(meeting.decisions)
        self.action_items.set_rows(meeting.action_items)
        self._show_headcount(meeting.headcount)
        self._refresh_owners()
        self.save_status.setText("All changes saved")
        # Just opened: the keyboard is ready for the minutes of the first item (once the new
        # editors are shown, which the layout does on the next turn of the event loop).
        ready: QWidget = next(iter(self.notes.editors.values()), self.decision_edit)
        QTimer.singleShot(0, ready, lambda: ready.setFocus(Qt.FocusReason.OtherFocusReason))
        self.loaded.emit(meeting.id)

    @property
    def editors(self) -> dict[str, NotesEditor]:
        """The notes editor of each agenda item, by item id, in agenda order."""
        return self.notes.editors

    # -- saving as it is typed ----------------------------------------------------------
    def _write_notes(self, item_id: str, text: str) -> None:
        self.writer.submit(f"minutes:{item_id}", lambda s: svc.save_minutes(s, item_id, text))

    def flush(self) -> None:
        """Send every pending note now (leaving the view, loading another meeting)."""
        self.notes.flush()

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.save_status.setText("Saving…")
        elif not self.notes.pending:
            self.save_status.setText(f"All changes saved · {timefmt.time(clock.now(), seconds=True)}")

    def _save_failed(self, _key: str, exc: object) -> None:
        self.save_status.setText(f"Not saved: {exc}")
        self.save_status.setProperty("role", "error")
        self.save_status.style().polish(self.save_status)

    # -- attendance ---------------------------------------------------------------------
    def _toggled(self, row: AttendanceRow, on: bool) -> None:
        mid = self.meeting.id if self.meeting else ""
        if row.is_guest:
            aid = row.attendance_id or ""

            def work(s: Any) -> object:  # a write session
                svc.set_guest_present(s, aid, on)
                return headcount_of(s, mid)
        else:
            cid = row.contact_id or ""
            self._refresh_owners()

            def work(s: Any) -> object:
                svc.set_attendance(s, mid, cid, on)
                return headcount_of(s, mid)

        self.writer.submit(f"attendance:{row.attendance_id or row.contact_id}", work, self._show_headcount)

    def add_guest(self, name: str, org: str, business: bool) -> None:
        if self.meeting is None:
            return
        mid = self.meeting.id

        def work(s):
            aid = svc.add_guest(s, mid, name, org, business)
            return aid, headcount_of(s, mid)

        def done(result) -> None:
            aid, headcount = result
            self.attendance.add_row(AttendanceRow(None, aid, name, org or None, None, business, "guest"))
            self._show_headcount(headcount)

        self.writer.submit(f"guest:{len(self.attendance.rows)}:{name}", work, done)

    def _show_headcount(self, h: Headcount) -> None:
        verdict = "employer-led ✓" if h.employer_led else "partners outnumber employers"
        colour = "#1b6e3a" if h.employer_led else "#b00020"
        self.headcount.setText(
            f"<b>{h.business}</b> business · <b>{h.partners}</b> public/nonprofit — "
            f"<span style='color:{colour}'>{verdict}</span>"
        )

    def _refresh_owners(self) -> None:
        previous = self.action_owner.currentData()
        self.action_owner.clear()
        for r in self.attendance.present_rows():
            self.action_owner.addItem(f"{r.name} ({r.organization_name})", f"contact:{r.contact_id}")
        for s in self._staff:
            self.action_owner.addItem(f"{s.name} (staff)", f"staff:{s.id}")
        # Combo data is "kind:id" text: findData cannot match Python tuples.
        wanted = previous or f"staff:{self.ctx.staff_id}"
        self.action_owner.setCurrentIndex(max(0, self.action_owner.findData(wanted)))

    # -- decisions and action items -----------------------------------------------------
    def start_decision(self) -> None:
        self.decision_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def start_action_item(self) -> None:
        self.action_text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def add_decision(self, text: str) -> None:
        if self.meeting is None:
            return
        mid, item = self.meeting.id, self.notes.current_item
        work = lambda s: (svc.add_decision(s, mid, text, item), decisions_of(s, mid))[1]  # noqa: E731
        self.writer.submit(
            f"decision:{clock.now().isoformat()}", work, self.decisions.set_rows, "Add decision"
        )
        self._back_to_notes()

    def edit_decision(self, row: DecisionRow, text: str) -> None:
        if self.meeting is None:
            return
        mid = self.meeting.id

        def work(s: Any) -> object:
            svc.update_decision(s, row.id, text)
            return decisions_of(s, mid)
        self.writer.submit(f"decision:{row.id}", work, self.decisions.set_rows, "Edit decision")

    def delete_decision(self, row: DecisionRow) -> None:
        if self.meeting is None:
            return
        mid = self.meeting.id

        def work(s: Any) -> object:
            svc.remove_decision(s, row.id)
            return decisions_of(s, mid)
        short = row.text if len(row.text) <= 40 else row.text[:39] + "…"
        self.writer.submit(f"decision:{row.id}", work, self.decisions.set_rows, f"Delete decision “{short}”")

    def add_action_item(self) -> None:
        if self.meeting is None:
            return
        text, mid, item = self.action_text.text(), self.meeting.id, self.notes.current_item
        if not text.strip():
            self.capture_error.setText("Type what needs doing, then press Enter.")
            self.capture_error.show()
            return
        self.capture_error.hide()
        kind, _, owner_id = (self.action_owner.currentData() or "").partition(":")
        owner = svc.Owner(kind, owner_id) if owner_id else None
        due = py_date(self.action_due.date())
        self.action_text.clear()

        def work(s):
            svc.add_meeting_action_item(s, mid, text, owner, due, item)
            return action_items_of(s, mid)

        self.writer.submit(
            f"action:{clock.now().isoformat()}",
            work,
            self.action_items.set_rows,
            f"Add action item “{text}”",
        )
        self._back_to_notes()

    def _back_to_notes(self) -> None:
        self.notes.focus_current()

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    def hideEvent(self, event) -> None:
        # Leaving the screen or closing the window: nothing typed may wait for a timer any more.
        self.flush()
        super().hideEvent(event)

    def _quitting(self) -> None:
        """The app is about to quit and close the database: finish every write first."""
        self.flush()
        self.writer.flush_now()
