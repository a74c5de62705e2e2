"""Schedule a meeting or a series (or change one): partnership and workgroup, type, time, place or
video link, facilitator, how it repeats, and the agenda template a new meeting starts from. A new
time for an occurrence of a series moves only it, or it and the later ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import MEETING_TYPES
from sector_desktop.services import meetings as svc
from sector_desktop.services.agenda_templates import AgendaTemplate, load_templates, template_for_type
from sector_desktop.services.meeting_series import move_meeting, schedule_series
from sector_desktop.store.meetings import MeetingDetail, partnership_options, staff_options, workgroup_options

from ..context import AppContext
from ..datetimes import from_qdatetime, make_datetime_edit, to_qdatetime, wall_of, wall_qdatetime
from ..form_dialog import FormDialog
from ..tasks import run_task
from .repeat_edit import RepeatEnds, RepeatKind


class ScheduleMeetingDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        current: MeetingDetail | None = None,
        partnership_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit meeting" if current else "Schedule a meeting", parent)
        self.setObjectName("scheduleMeetingDialog")
        self.current = current
        self.templates: list[AgendaTemplate] = []
        self._template_error = ""
        try:
            self.templates = load_templates()
        except ValidationError as exc:  # a broken template must not stop scheduling
            self._template_error = str(exc)
        self.partnership = QComboBox()
        self.partnership.setObjectName("meetingPartnership")
        self.workgroup = QComboBox()
        self.workgroup.setObjectName("meetingWorkgroup")
        self.meeting_type = QComboBox()
        self.meeting_type.setObjectName("meetingType")
        for code, text in MEETING_TYPES:
            self.meeting_type.addItem(text, code)
        self.title = QLineEdit(current.title if current else "")
        self.title.setObjectName("meetingTitle")
        self.title.setPlaceholderText("Blank: named after the workgroup or the type")
        self.starts = make_datetime_edit()
        self.starts.setObjectName("meetingStarts")
        self.starts.setToolTip(f"In your time zone, {clock.zone_name()}")
        self.duration = QSpinBox()
        self.duration.setRange(15, 480)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.location = QLineEdit(current.location or "" if current else "")
        self.location.setObjectName("meetingLocation")
        self.video = QLineEdit(current.video_link or "" if current else "")
        self.video.setPlaceholderText("https://…")
        self.facilitator = QComboBox()
        self.template = QComboBox()
        self.template.setObjectName("meetingTemplate")
        self.template.addItem("(empty agenda)", None)
        for t in self.templates:
            self.template.addItem(f"{t.name} — {len(t.items)} items, {t.total_minutes} min", t.key)
        rows = [
            ("Partnership", self.partnership),
            ("Workgroup", self.workgroup),
            ("Type", self.meeting_type),
            ("Title", self.title),
            ("Starts", self.starts),
            ("Duration", self.duration),
            ("Location", self.location),
            ("Video link", self.video),
            ("Facilitator", self.facilitator),
        ]
        self.repeat = RepeatKind()
        self.ends = RepeatEnds()
        self.scope = QComboBox()
        self.scope.setObjectName("meetingMoveScope")
        later = current.later_in_series if current else 0
        self.scope.addItem("Only this meeting", "this")
        ones = "one" if later == 1 else "ones"
        self.scope.addItem(f"This and the {later} later {ones} in the series", "following")
        if current is None:
            rows += [("Repeats", self.repeat), ("Ends", self.ends), ("Agenda from", self.template)]
        elif later:
            rows.append(("A new time moves", self.scope))
        for text, widget in rows:
            self.form.addRow(text, widget)
        if current is None:
            self.form.setRowVisible(self.ends, False)
            self.repeat.currentIndexChanged.connect(
                lambda _i: self.form.setRowVisible(self.ends, self.repeat.currentData() is not None)
            )
            self.starts.dateTimeChanged.connect(lambda value: self.repeat.set_first(wall_of(value).date()))
        if self._template_error:
            self.error.setText(self._template_error)
            self.error.show()
        self._set_initial(current)
        self.meeting_type.currentIndexChanged.connect(self._type_changed)
        self.partnership.currentIndexChanged.connect(self._partnership_changed)
        self._load_options(partnership_id or (current.partnership_id if current else None))

    def _set_initial(self, current: MeetingDetail | None) -> None:
        if current:
            self.meeting_type.setCurrentIndex(max(0, self.meeting_type.findData(current.meeting_type)))
            self.starts.setDateTime(to_qdatetime(current.starts_at))
            minutes = (current.ends_at - current.starts_at).seconds // 60 if current.ends_at else 90
            self.duration.setValue(minutes)
        else:
            self.meeting_type.setCurrentIndex(max(0, self.meeting_type.findData("workgroup")))
            next_week = clock.today() + dt.timedelta(days=7)
            self.starts.setDateTime(wall_qdatetime(dt.datetime.combine(next_week, dt.time(9, 0))))
            self.duration.setValue(90)
            self.repeat.set_first(next_week)
            self._type_changed()

    def _type_changed(self) -> None:
        chosen = template_for_type(self.meeting_type.currentData(), self.templates)
        if chosen is not None:
            self.template.setCurrentIndex(max(0, self.template.findData(chosen.key)))

    def _load_options(self, partnership_id: str | None) -> None:
        db = self.ctx.db

        def load():
            with db.read_session() as s:
                return partnership_options(s), staff_options(s)

        def show(result) -> None:
            partnerships, staff = result
            self.partnership.blockSignals(True)
            for p in partnerships:
                self.partnership.addItem(p.name, p.id)
            if partnership_id:
                self.partnership.setCurrentIndex(max(0, self.partnership.findData(partnership_id)))
            self.partnership.blockSignals(False)
            self.facilitator.addItem("(none)", None)
            for s in staff:
                self.facilitator.addItem(s.name, s.id)
            wanted = self.current.facilitator_id if self.current else self.ctx.staff_id
            self.facilitator.setCurrentIndex(max(0, self.facilitator.findData(wanted)))
            self._partnership_changed()

        run_task(load, show)

    def _partnership_changed(self) -> None:
        pid, db = self.partnership.currentData(), self.ctx.db
        self.workgroup.clear()
        self.workgroup.addItem("(whole partnership)", None)
        if not pid:
            return

        def load():
            with db.read_session() as s:
                return workgroup_options(s, pid)

        def show(options) -> None:
            if self.partnership.currentData() != pid:
                return
            for w in options:
                self.workgroup.addItem(w.name, w.id)
            if self.current and self.current.workgroup_id:
                self.workgroup.setCurrentIndex(max(0, self.workgroup.findData(self.current.workgroup_id)))

        run_task(load, show)

    def write(self) -> Callable[[Any], Any]:
        data = svc.MeetingInput(
            partnership_id=self.partnership.currentData() or "",
            title=self.title.text() or self._default_title(),
            starts_at=from_qdatetime(self.starts.dateTime()),
            meeting_type=self.meeting_type.currentData(),
            workgroup_id=self.workgroup.currentData(),
            duration_minutes=self.duration.value(),
            location=self.location.text(),
            video_link=self.video.text(),
            facilitator_id=self.facilitator.currentData(),
        )
        if self.current is not None:
            mid, scope = self.current.id, self.scope.currentData()
            moved = data.starts_at != self.current.starts_at and self.current.later_in_series > 0

            def edit(s: Any) -> str:
                svc.update_meeting(s, mid, data)
                if moved and scope == "following":
                    move_meeting(s, mid, data.starts_at, "following")
                return mid

            return edit
        template = next((t for t in self.templates if t.key == self.template.currentData()), None)
        kind = self.repeat.currentData()
        if kind is not None:
            repeat = self.ends.repeat(*kind)
            return lambda s: schedule_series(s, data, repeat, template)[0]
        return lambda s: svc.schedule_meeting(s, data, template)

    def _default_title(self) -> str:
        """A title when the user left it blank: the workgroup's name, or the meeting type."""
        if self.workgroup.currentData():
            return f"{self.workgroup.currentText()} workgroup"
        return self.meeting_type.currentText()
