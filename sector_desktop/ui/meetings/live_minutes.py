"""Live minutes: the screen for typing during a meeting. Attendance ticks save at once; the notes
under each agenda item save about a second after typing starts; Ctrl+D captures a decision and
Ctrl+Shift+A an action item. Killing the app loses at most the last second or two (design rule 2).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.models.choices import MEETING_TYPES, MEMBER_ROLES, label
from sector_desktop.services import meetings as svc
from sector_desktop.store.meetings import (
    AttendanceRow,
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
from ..partnerships.detail import make_table
from ..partnerships.table_models import fmt_when
from ..tasks import run_task
from .autosave import SerialWriter
from .table_model import DecisionsTableModel, MeetingActionItemsTableModel

SAVE_DELAY_MS = 1000  # notes reach the database this long after the first unsaved keystroke


class NotesEditor(QPlainTextEdit):
    """The notes under one agenda item; tells the view when it gains or loses focus."""

    focused = Signal(str)
    left = Signal(str)

    def __init__(self, item_id: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.setObjectName(f"minutes_{item_id}")
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)  # notes continue where they stopped
        self.setPlaceholderText("Type the minutes of this item…")
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        """Grow with the notes (up to a limit), so the agenda reads like a document."""
        lines = max(3, min(14, int(self.document().documentLayout().documentSize().height()) + 1))
        height = lines * self.fontMetrics().lineSpacing() + 2 * int(self.document().documentMargin()) + 6
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.item_id)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit(self.item_id)


class LiveMinutesView(QWidget):
    loaded = Signal(str)  # meeting id, once the widgets are built
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveMinutesView")
        self.ctx = ctx
        self.writer = SerialWriter(ctx.db, self)
        self.writer.busy_changed.connect(self._busy_changed)
        self.writer.failed.connect(self._save_failed)
        self.meeting: MeetingDetail | None = None
        self.editors: dict[str, NotesEditor] = {}
        self.checkboxes: dict[str, QCheckBox] = {}  # contact id (roster) or attendance id (guest)
        self._attendance: dict[str, AttendanceRow] = {}
        self._present: set[str] = set()
        self._timers: dict[str, QTimer] = {}
        self._staff: list[NamedOption] = []
        self._current_item: str | None = None
        self._generation = 0
        self.decisions = DecisionsTableModel(self)
        self.action_items = MeetingActionItemsTableModel(self)
        self._build()
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

        split = QSplitter()
        split.addWidget(self._attendance_panel())
        split.addWidget(self._agenda_panel())
        split.addWidget(self._capture_panel())
        split.setStretchFactor(1, 1)
        split.setSizes([270, 530, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def _attendance_panel(self) -> QWidget:
        box = QGroupBox("Attendance")
        self.attendance_list = QVBoxLayout()
        self.attendance_list.setSpacing(2)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(2, 2, 2, 2)
        inner_layout.addLayout(self.attendance_list)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.guest_name = QLineEdit()
        self.guest_name.setObjectName("guestName")
        self.guest_name.setPlaceholderText("Guest: name, org ↵")
        self.guest_name.setToolTip("Add a guest: their name, a comma, their organization; then Enter.")
        self.guest_name.returnPressed.connect(self.add_guest)
        self.guest_business = QCheckBox("Business")
        self.guest_business.setObjectName("guestBusiness")
        self.guest_business.setToolTip("Tick for an employer representative (counts toward employer-led).")
        guest = QHBoxLayout()
        guest.addWidget(self.guest_name, 1)
        guest.addWidget(self.guest_business)
        self.guest_error = QLabel("")
        self.guest_error.setProperty("role", "error")
        self.guest_error.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(scroll, 1)
        layout.addLayout(guest)
        layout.addWidget(self.guest_error)
        return box

    def _agenda_panel(self) -> QWidget:
        box = QGroupBox("Agenda and minutes")
        self.agenda_layout = QVBoxLayout()
        inner = QWidget()
        inner.setObjectName("agendaMinutes")
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(self.agenda_layout)
        inner_layout.addStretch(1)
        self.agenda_scroll = QScrollArea()
        self.agenda_scroll.setWidgetResizable(True)
        self.agenda_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.agenda_scroll.setWidget(inner)
        layout = QVBoxLayout(box)
        layout.addWidget(self.agenda_scroll)
        return box

    def _capture_panel(self) -> QWidget:
        panel = QWidget()
        decisions = QGroupBox("Decisions  (Ctrl+D)")
        self.decision_edit = QLineEdit()
        self.decision_edit.setObjectName("decisionEdit")
        self.decision_edit.setPlaceholderText("What was decided ↵")
        self.decision_edit.returnPressed.connect(self.add_decision)
        self.decision_table = make_table(self.decisions, "decisionTable", 0)
        self.decision_table.horizontalHeader().hide()
        self._wrap_rows(self.decision_table)
        d = QVBoxLayout(decisions)
        d.addWidget(self.decision_table, 1)
        d.addWidget(self.decision_edit)

        items = QGroupBox("Action items  (Ctrl+Shift+A)")
        self.action_table = make_table(
            self.action_items, "meetingActionTable", MeetingActionItemsTableModel.TEXT
        )
        self.action_table.setColumnHidden(MeetingActionItemsTableModel.STATUS, True)
        self._wrap_rows(self.action_table)
        self.action_text = QLineEdit()
        self.action_text.setObjectName("actionText")
        self.action_text.setPlaceholderText("What needs doing ↵")
        self.action_text.returnPressed.connect(self.add_action_item)
        self.action_owner = QComboBox()
        self.action_owner.setObjectName("actionOwner")
        self.action_due = QDateEdit()
        self.action_due.setObjectName("actionDue")
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("dd MMM yyyy")
        self.action_due.setDate(QDate.currentDate().addDays(14))
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
        self._generation += 1
        generation, db = self._generation, self.ctx.db

        def fetch() -> tuple[MeetingDetail, list[NamedOption]]:
            with db.read_session() as s:
                return get_meeting_detail(s, meeting_id), staff_options(s)

        run_task(fetch, lambda result: self._show(generation, *result))

    def _show(self, generation: int, meeting: MeetingDetail, staff: list[NamedOption]) -> None:
        if generation != self._generation:
            return
        self.meeting, self._staff = meeting, staff
        self.title.setText(meeting.title)
        place = meeting.location or (f"Video: {meeting.video_link}" if meeting.video_link else "")
        first = [fmt_when(meeting.starts_at), meeting.partnership_name, meeting.workgroup_name or "",
                 label(MEETING_TYPES, meeting.meeting_type)]  # fmt: skip
        second = [place, f"facilitator {meeting.facilitator_name}" if meeting.facilitator_name else ""]
        self.facts.setText(" · ".join(f for f in first if f) + "\n" + " · ".join(f for f in second if f))
        self._fill_attendance(meeting.attendance)
        self._fill_agenda(meeting)
        self.decisions.set_rows(meeting.decisions)
        self.action_items.set_rows(meeting.action_items)
        self._show_headcount(meeting.headcount)
        self._refresh_owners()
        self.save_status.setText("All changes saved")
        self.loaded.emit(meeting.id)

    def _clear(self, layout: QVBoxLayout) -> None:
        while layout.count():
            w = layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()

    def _fill_attendance(self, rows: list[AttendanceRow]) -> None:
        self._clear(self.attendance_list)
        self.checkboxes.clear()
        self._attendance.clear()
        self._present = {r.contact_id for r in rows if r.contact_id and r.attended}
        section = None
        for r in rows:
            heading = "Guests" if r.is_guest else ("Employers" if r.is_business else "Partners")
            if heading != section:
                section = heading
                h = QLabel(f"<b>{heading}</b>")
                self.attendance_list.addWidget(h)
            self._add_checkbox(r)

    def _add_checkbox(self, r: AttendanceRow) -> QCheckBox:
        key = r.attendance_id if r.is_guest else r.contact_id
        assert key is not None
        text = f"{r.name}\n{r.organization_name}" if r.organization_name else r.name
        box = QCheckBox(text)
        box.setObjectName(f"guest_{key}" if r.is_guest else f"attend_{key}")
        role = label(MEMBER_ROLES, r.role) if r.role else ("business guest" if r.is_business else "guest")
        box.setToolTip(f"{r.name}\n{r.organization_name or ''}\n{role}")
        box.setChecked(r.attended)
        box.toggled.connect(lambda on, row=r: self._toggled(row, on))
        self.checkboxes[key] = box
        self._attendance[key] = r
        self.attendance_list.addWidget(box)
        return box

    def _fill_agenda(self, meeting: MeetingDetail) -> None:
        self._clear(self.agenda_layout)
        self.editors.clear()
        for t in self._timers.values():
            t.stop()
        self._timers.clear()
        if not meeting.agenda:
            empty = QLabel(
                "This meeting has no agenda yet. Go back (◀ Meetings) and add items, "
                "or start from a standard agenda."
            )
            empty.setProperty("role", "hint")
            empty.setWordWrap(True)
            self.agenda_layout.addWidget(empty)
        for item in meeting.agenda:
            extra = [
                x
                for x in (item.presenter, f"{item.minutes_allotted} min" if item.minutes_allotted else None)
                if x
            ]
            suffix = f"  <span style='color:#5b6570'>— {escape(' · '.join(extra))}</span>" if extra else ""
            heading = QLabel(f"<b>{item.position + 1}. {escape(item.title)}</b>{suffix}")
            heading.setWordWrap(True)
            editor = NotesEditor(item.id, item.minutes or "")
            editor.textChanged.connect(lambda item_id=item.id: self._typed(item_id))
            editor.focused.connect(self._focused)
            editor.left.connect(self._save_if_pending)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(SAVE_DELAY_MS)
            timer.timeout.connect(lambda item_id=item.id: self._write_notes(item_id))
            self._timers[item.id] = timer
            self.editors[item.id] = editor
            self.agenda_layout.addWidget(heading)
            self.agenda_layout.addWidget(editor)
        if meeting.agenda:
            self._current_item = meeting.agenda[0].id

    # -- saving as it is typed ----------------------------------------------------------
    def _typed(self, item_id: str) -> None:
        # Not restarted by later keystrokes: someone typing non-stop still saves every second.
        timer = self._timers[item_id]
        if not timer.isActive():
            timer.start()
            self.save_status.setText("Unsaved changes…")

    def _save_if_pending(self, item_id: str) -> None:
        timer = self._timers.get(item_id)
        if timer is not None and timer.isActive():
            timer.stop()
            self._write_notes(item_id)

    def _write_notes(self, item_id: str) -> None:
        editor = self.editors.get(item_id)
        if editor is None:
            return
        text = editor.toPlainText()
        self.writer.submit(f"minutes:{item_id}", lambda s: svc.save_minutes(s, item_id, text))

    def flush(self) -> None:
        """Send every pending note now (leaving the view, loading another meeting)."""
        for item_id in list(self._timers):
            self._save_if_pending(item_id)

    def _focused(self, item_id: str) -> None:
        self._current_item = item_id

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.save_status.setText("Saving…")
        elif not any(t.isActive() for t in self._timers.values()):
            self.save_status.setText(f"All changes saved · {dt.datetime.now():%H:%M:%S}")

    def _save_failed(self, _key: str, exc: object) -> None:
        self.save_status.setText(f"Not saved: {exc}")
        self.save_status.setProperty("role", "error")
        self.save_status.style().polish(self.save_status)

    # -- attendance ---------------------------------------------------------------------
    def _toggled(self, row: AttendanceRow, on: bool) -> None:
        mid = self.meeting.id if self.meeting else ""
        if row.is_guest:
            aid = row.attendance_id or ""
            work = lambda s: (svc.set_guest_present(s, aid, on), headcount_of(s, mid))[1]  # noqa: E731
        else:
            cid = row.contact_id or ""
            (self._present.add if on else self._present.discard)(cid)
            self._refresh_owners()
            work = lambda s: (svc.set_attendance(s, mid, cid, on), headcount_of(s, mid))[1]  # noqa: E731
        self.writer.submit(f"attendance:{row.attendance_id or row.contact_id}", work, self._show_headcount)

    def add_guest(self) -> None:
        if self.meeting is None:
            return
        name, _, org = self.guest_name.text().partition(",")
        business, mid = self.guest_business.isChecked(), self.meeting.id
        if not name.strip():
            self._guest_problem("Type the guest's name (and, after a comma, their organization).")
            return
        self.guest_error.hide()

        def work(s):
            aid = svc.add_guest(s, mid, name, org, business)
            return aid, headcount_of(s, mid)

        def done(result) -> None:
            aid, headcount = result
            self._add_checkbox(
                AttendanceRow(None, aid, name.strip(), org.strip() or None, None, business, "guest")
            )
            self._show_headcount(headcount)

        self.guest_name.clear()
        self.guest_business.setChecked(False)
        self.writer.submit(f"guest:{len(self.checkboxes)}:{name}", work, done)

    def _guest_problem(self, text: str) -> None:
        self.guest_error.setText(text)
        self.guest_error.show()

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
        for key in sorted(
            self._present, key=lambda k: self._attendance[k].name if k in self._attendance else k
        ):
            r = self._attendance.get(key)
            if r is not None:
                self.action_owner.addItem(f"{r.name} ({r.organization_name})", f"contact:{key}")
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

    def add_decision(self) -> None:
        if self.meeting is None:
            return
        text, mid, item = self.decision_edit.text(), self.meeting.id, self._current_item
        if not text.strip():
            return
        self.decision_edit.clear()
        work = lambda s: (svc.add_decision(s, mid, text, item), decisions_of(s, mid))[1]  # noqa: E731
        self.writer.submit(f"decision:{dt.datetime.now().isoformat()}", work, self.decisions.set_rows)
        self._back_to_notes()

    def add_action_item(self) -> None:
        if self.meeting is None:
            return
        text, mid, item = self.action_text.text(), self.meeting.id, self._current_item
        if not text.strip():
            self.capture_error.setText("Type what needs doing, then press Enter.")
            self.capture_error.show()
            return
        self.capture_error.hide()
        kind, _, owner_id = (self.action_owner.currentData() or "").partition(":")
        owner = svc.Owner(kind, owner_id) if owner_id else None
        due = self.action_due.date().toPython()
        self.action_text.clear()

        def work(s):
            svc.add_meeting_action_item(s, mid, text, owner, due, item)
            return action_items_of(s, mid)

        def done(rows) -> None:
            self.action_items.set_rows(rows)
            self.ctx.events.changed.emit("action_item")

        self.writer.submit(f"action:{dt.datetime.now().isoformat()}", work, done)
        self._back_to_notes()

    def _back_to_notes(self) -> None:
        editor = self.editors.get(self._current_item or "")
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    def hideEvent(self, event) -> None:
        # Leaving the screen or closing the window: nothing typed may wait for a timer any more.
        self.flush()
        self.writer.flush_now()
        super().hideEvent(event)
