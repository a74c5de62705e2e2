"""The Today page's building blocks: a route stop card, an action-item line, an activity line."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sector_desktop import clock, timefmt
from sector_desktop.services.action_items import ActionItemRow
from sector_desktop.store.initiatives import OverdueMilestone
from sector_desktop.store.today import ActivityEntry, RouteStop

PACKET_HINT = "Print the briefing packet for this visit: profile, contacts, history, follow-ups"
OVERDUE_HEX = "#c62828"


def _link(kind: str, record_id: str, text: str) -> str:
    return f'<a href="{kind}:{record_id}" style="color:#1d5fa0; text-decoration:none">{html.escape(text)}</a>'


class RouteStopCard(QFrame):
    """One planned visit or meeting: time, where, whom to ask for, and the packet button."""

    open_record = Signal(str, str)
    prepare_packet = Signal(object)  # the RouteStop

    def __init__(self, stop: RouteStop, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stop = stop
        self.setObjectName("routeStop")
        self.setProperty("stopId", stop.id)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        when = QLabel(
            f"<b>{timefmt.time(stop.starts_at)}</b><br>"
            f"<span style='color:#5b6570'>{timefmt.time(stop.ends_at)}</span>"
        )
        when.setObjectName("stopTime")
        when.setFixedWidth(70)
        when.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(when)
        layout.addLayout(self._body(stop), 1)
        if stop.kind == "visit":
            self.packet_button = QPushButton("Prepare packet")
            self.packet_button.setObjectName("preparePacketButton")
            at = timefmt.time(stop.starts_at)
            self.packet_button.setAccessibleName(f"Prepare packet for {stop.title}, {at}")
            self.packet_button.setToolTip(PACKET_HINT)
            self.packet_button.clicked.connect(lambda: self.prepare_packet.emit(self.stop))
            layout.addWidget(self.packet_button, 0, Qt.AlignmentFlag.AlignTop)

    def _body(self, stop: RouteStop) -> QVBoxLayout:
        body = QVBoxLayout()
        body.setSpacing(2)
        is_visit = stop.kind == "visit" and stop.organization_id is not None
        if is_visit:
            title = _link("organization", stop.organization_id or "", stop.title)
        else:
            title = _link("meeting", stop.id, stop.title)
        lines = [f"<b>{title}</b> &nbsp;<span style='color:#5b6570'>{html.escape(stop.type_label)}</span>"]
        if stop.address:
            lines.append(html.escape(stop.address))
        if stop.video_link:
            lines.append(f"Video: {html.escape(stop.video_link)}")
        who = " · ".join(p for p in (stop.contact_name, stop.contact_phone) if p)
        if who:
            prefix = "Ask for" if stop.kind == "visit" else "Facilitator"
            lines.append(f"<span style='color:#39424c'>{prefix}: {html.escape(who)}</span>")
        tail = [html.escape(stop.purpose)] if stop.purpose else []
        if is_visit:
            tail.append(_link("visit", stop.id, "open visit"))
        if tail:
            lines.append(f"<span style='color:#5b6570'>{' · '.join(tail)}</span>")
        label = QLabel("<br>".join(lines))
        label.setObjectName("stopText")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.linkActivated.connect(self._clicked)
        body.addWidget(label)
        return body

    def _clicked(self, href: str) -> None:
        kind, _, record_id = href.partition(":")
        self.open_record.emit(kind, record_id)


def item_line(row: ActionItemRow, today: dt.date) -> QLabel:
    """One of my action items: due date (red when overdue), text, and where it came from."""
    due = timefmt.short_date(row.due_date, today) if row.due_date else "No date"
    if row.overdue and row.due_date:
        days = (today - row.due_date).days
        due_html = f"<span style='color:{OVERDUE_HEX}'><b>{due}</b> ({days}d late)</span>"
    else:
        due_html = f"<b>{due}</b>"
    text = " ".join(row.text.split())
    where = row.organization_name or row.partnership_name or ""
    link = _link("action_item", row.id, text)
    tail = f" <span style='color:#5b6570'>· {html.escape(where)}</span>" if where else ""
    label = QLabel(f"{due_html} &nbsp;{link}{tail}")
    label.setObjectName("todayActionItem")
    label.setProperty("itemId", row.id)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def milestone_line(found: OverdueMilestone, today: dt.date) -> QLabel:
    """An overdue milestone I own: its due date in red with the days late, its title and initiative."""
    m = found.milestone
    days = (today - m.due_on).days
    shown = timefmt.short_date(m.due_on, today)
    due = f"<span style='color:{OVERDUE_HEX}'><b>{shown}</b> ({days}d late)</span>"
    where = f" <span style='color:#5b6570'>· {html.escape(found.initiative_name)}</span>"
    label = QLabel(f"{due} &nbsp;{_link('initiative', m.initiative_id, m.title)}{where}")
    label.setObjectName("todayMilestone")
    label.setProperty("milestoneId", m.id)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def activity_line(entry: ActivityEntry, today: dt.date) -> QLabel:
    day = "Today" if clock.local_day(entry.when) == today else timefmt.day(entry.when, today)
    title = " ".join(entry.title.split())
    if len(title) > 70:
        title = title[:69] + "…"
    label = QLabel(
        f"<span style='color:#5b6570'>{day} {timefmt.time(entry.when)}</span> &nbsp;"
        f"{html.escape(entry.what)}: {_link(entry.kind, entry.id, title)}"
    )
    label.setObjectName("activityLine")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
