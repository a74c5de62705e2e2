"""The Today page, the start page: today's and tomorrow's route (planned visits and meetings in
time order, with addresses), my overdue and due-soon action items, and the team's recent activity."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.store.settings import office_name
from sector_desktop.store.today import RouteStop, TodayData, today_data

from ..context import AppContext
from ..operations import Changes
from ..reports.open_document import open_document
from ..tasks import Latest
from .cards import RouteStopCard, activity_line, item_line, milestone_line

_STYLE = """
QFrame#routeStop { background: white; border: 1px solid #d6dbe0; border-radius: 6px; }
QFrame#todayColumn { background: transparent; }
QLabel[role="subheading"] { font-size: 11pt; font-weight: 600; color: #1f2d3d; padding-top: 6px; }
QLabel[role="dayheading"] { font-size: 10.5pt; font-weight: 600; color: #2f6fb0; padding-top: 4px; }
"""


def _clear(layout: QLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        if (widget := item.widget()) is not None:
            widget.deleteLater()
        elif (inner := item.layout()) is not None:
            _clear(inner)


def _label(text: str, role: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


# What the day's cards show: a keystroke of live minutes or a draft does not change them.
_WATCHED = (
    "visit",
    "action_item",
    "meeting",
    "organization",
    "contact",
    "staff_user",
    "sector_partnership",
    "milestone",
    "initiative",
)


class TodayPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.setStyleSheet(_STYLE)
        self.ctx = ctx
        self._today_override = today
        self._loads = Latest(self)  # only the latest reload shows
        self.data: TodayData | None = None
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(200)
        self._refresh_timer.timeout.connect(self.reload)
        ctx.events.applied.connect(self._data_changed)
        self.reload()

    @property
    def today(self) -> dt.date:
        return self._today_override or clock.today()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(*_WATCHED):
            self._refresh_timer.start()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = _label("Today", "heading", "todayHeading")
        self.heading.setWordWrap(False)
        self.subtitle = _label("", "hint", "todaySubtitle")
        self.export_button = QPushButton("Export calendar…")
        self.export_button.setObjectName("exportCalendarButton")
        self.export_button.setToolTip(
            "Write planned visits and meetings to an .ics file for Outlook or Google"
        )
        self.export_button.clicked.connect(self.export_calendar)
        self.print_day_button = QPushButton("Print today's packets…")
        self.print_day_button.setObjectName("printDayButton")
        self.print_day_button.setToolTip(
            "A route sheet for today, then a briefing packet for each planned visit"
        )
        self.print_day_button.clicked.connect(self.print_day)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.subtitle, 1)
        top.addWidget(self.print_day_button)
        top.addWidget(self.export_button)

        self.route_layout = QVBoxLayout()
        self.items_layout = QVBoxLayout()
        self.activity_layout = QVBoxLayout()
        left = self._column(self.route_layout)
        right = self._column(self.items_layout, self.activity_layout)
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        row.addWidget(left, 11)
        row.addWidget(right, 9)
        scroll = QScrollArea()
        scroll.setObjectName("todayScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def _column(self, *parts: QVBoxLayout) -> QFrame:
        frame = QFrame()
        frame.setObjectName("todayColumn")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            part.setSpacing(6)
            layout.addLayout(part)
            layout.addSpacing(10)
        layout.addStretch(1)
        return frame

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        db, today, staff = self.ctx.db, self.today, self.ctx.staff_id

        def load() -> TodayData:
            with db.read_session() as s:
                return today_data(s, today, staff, now=clock.now())

        self._loads.run(load, self._show, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.subtitle.setText(f"Could not load today's plans: {exc}")

    def prepare_view(self, _view: str) -> None:
        self.reload()

    def _show(self, data: TodayData) -> None:
        self.data = data
        self.heading.setText(f"Today · {timefmt.day(data.today)}")
        stops = sum(len(d.stops) for d in data.days)
        who = data.staff_name or "the whole team (no staff member chosen)"
        self.subtitle.setText(f"{who} · {stops} planned stop{'s' if stops != 1 else ''} today and tomorrow")
        self._show_route(data)
        self._show_items(data)
        self._show_activity(data)

    def _show_route(self, data: TodayData) -> None:
        _clear(self.route_layout)
        self.route_layout.addWidget(_label("Route", "subheading"))
        for i, day in enumerate(data.days):
            name = "Today" if i == 0 else "Tomorrow" if i == 1 else ""
            heading = " · ".join(p for p in (name, timefmt.day(day.day, data.today)) if p)
            self.route_layout.addWidget(_label(heading, "dayheading"))
            if not day.stops:
                self.route_layout.addWidget(_label("No planned visits or meetings.", "hint", "noStops"))
            for stop in day.stops:
                card = RouteStopCard(stop)
                card.open_record.connect(self.ctx.events.open_record.emit)
                card.prepare_packet.connect(self.prepare_packet)
                self.route_layout.addWidget(card)

    def _show_items(self, data: TodayData) -> None:
        _clear(self.items_layout)
        self.items_layout.addWidget(_label("My action items", "subheading"))
        if data.overdue_milestones:
            count = len(data.overdue_milestones)
            self.items_layout.addWidget(
                _label(f"Overdue milestones ({count})", "dayheading", "overdueMilestones")
            )
            for found in data.overdue_milestones:
                line = milestone_line(found, data.today)
                line.linkActivated.connect(self._link)
                self.items_layout.addWidget(line)
        for title, rows, empty in (
            (f"Overdue ({len(data.overdue)})", data.overdue, "Nothing overdue."),
            (f"Due in the next 7 days ({len(data.due_soon)})", data.due_soon, "Nothing due this week."),
        ):
            self.items_layout.addWidget(_label(title, "dayheading"))
            if not rows:
                self.items_layout.addWidget(_label(empty, "hint"))
            for row in rows:
                line = item_line(row, data.today)
                line.linkActivated.connect(self._link)
                self.items_layout.addWidget(line)

    def _show_activity(self, data: TodayData) -> None:
        _clear(self.activity_layout)
        self.activity_layout.addWidget(_label("Recent activity", "subheading"))
        if not data.recent:
            self.activity_layout.addWidget(_label("Nothing changed in the last seven days.", "hint"))
        for entry in data.recent:
            line = activity_line(entry, data.today)
            line.linkActivated.connect(self._link)
            self.activity_layout.addWidget(line)

    def _link(self, href: str) -> None:
        kind, _, record_id = href.partition(":")
        self.ctx.events.open_record.emit(kind, record_id)

    # -- printing and export (their libraries load on first use, not before the first paint) ----
    def export_calendar(self) -> None:
        from .calendar_dialog import export_calendar_with_dialog

        export_calendar_with_dialog(self.ctx, self)

    def prepare_packet(self, stop: RouteStop) -> None:
        """Preview the briefing packet for one planned visit, ready to print."""
        from sector_desktop.services.documents import briefing_pdf

        db, org, visit = self.ctx.db, stop.organization_id or "", stop.id
        day, office = clock.local_day(stop.starts_at), office_name(self.ctx.paths)
        title = f"Briefing packet {stop.title} {timefmt.date(day)}"
        open_document(
            self.ctx, self, title, lambda: briefing_pdf(db, org, day, visit_id=visit, office_name=office)
        )

    def print_day(self) -> None:
        if not self.ctx.staff_id:
            self.subtitle.setText("Choose who you are (File → Settings…, Ctrl+,) to print the day's packets.")
            return
        from sector_desktop.services.documents import day_pdf

        db, day, staff, office = self.ctx.db, self.today, self.ctx.staff_id, office_name(self.ctx.paths)
        title = f"Day packet {timefmt.date(day)}"
        open_document(self.ctx, self, title, lambda: day_pdf(db, day, staff, office_name=office))

    # -- reading, for tests -----------------------------------------------------------------
    def stop_cards(self) -> list[RouteStopCard]:
        items = (self.route_layout.itemAt(i) for i in range(self.route_layout.count()))
        return [w for w in (item.widget() for item in items if item) if isinstance(w, RouteStopCard)]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # After midnight the page must move on to the new day.
        if self.data is not None and self.data.today != self.today:
            self.reload()
