"""The Today page: my planned visits and meetings in time order, Prepare packet and the day's
packets, my overdue items, and clicks that open records."""

from __future__ import annotations

import pytest
from followup_data import TODAY, Followups, build
from pypdf import PdfReader
from PySide6.QtWidgets import QLabel

from sector_desktop.services.action_items import mark_done
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.operations import Changes, announce
from sector_desktop.ui.today.cards import PACKET_HINT
from sector_desktop.ui.today.page import TodayPage


@pytest.fixture
def data(db: Database) -> Followups:
    return build(db)


@pytest.fixture
def page(qtbot, db: Database, paths: ProfilePaths, data: Followups) -> TodayPage:
    p = TodayPage(AppContext(db=db, paths=paths, staff_id=data.me), today=TODAY)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    qtbot.waitUntil(lambda: p.data is not None)
    return p


def test_route_shows_planned_visits_and_meetings_in_time_order(page: TodayPage, data: Followups) -> None:
    cards = page.stop_cards()
    assert [c.stop.id for c in cards] == [
        data.visit_today_early,
        data.meeting_today,
        data.visit_today_late,
        data.visit_tomorrow,
        data.meeting_colleague,
    ]
    text = cards[0].findChild(QLabel, "stopText").text()
    assert "Bolt Logistics" in text and "4 Dock St, Riverton, OH" in text and "555-0222" in text
    assert "9:30 AM" in cards[0].findChild(QLabel, "stopTime").text()


def test_prepare_packet_previews_that_visits_briefing_packet(qtbot, page: TodayPage, data: Followups) -> None:
    visits = [c for c in page.stop_cards() if c.stop.kind == "visit"]
    assert len(visits) == 3 and all(c.packet_button.isEnabled() for c in visits)
    assert visits[0].packet_button.toolTip() == PACKET_HINT
    meeting = next(c for c in page.stop_cards() if c.stop.kind == "meeting")
    assert not hasattr(meeting, "packet_button")
    visits[0].packet_button.click()
    qtbot.waitUntil(lambda: getattr(page, "_last_preview", None) is not None, timeout=20000)
    preview = page._last_preview  # a child of the page: closed with it
    text = "".join(p.extract_text() for p in PdfReader(preview.pdf_path).pages)
    assert "BRIEFING PACKET" in text and "Bolt Logistics" in text
    assert visits[0].stop.id in text  # the notes page's QR caption names the visit


def test_print_todays_packets_makes_the_route_sheet(qtbot, page: TodayPage) -> None:
    page.print_day_button.click()
    qtbot.waitUntil(lambda: getattr(page, "_last_preview", None) is not None, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(page._last_preview.pdf_path).pages)
    assert "DAY PACKET" in text and text.count("BRIEFING PACKET") == 2  # the two visits planned today


def test_my_items_and_refresh_after_a_change(qtbot, page: TodayPage, db: Database, data: Followups) -> None:
    def item_ids() -> list[str]:
        return [w.property("itemId") for w in page.findChildren(QLabel, "todayActionItem") if w.isVisible()]

    assert item_ids() == [data.item_overdue, data.item_due_soon]
    mark_done(db, [data.item_overdue], "done on the phone")
    announce(page.ctx, Changes.of("action_item"))  # as a write elsewhere (e.g. sync) would
    qtbot.waitUntil(lambda: item_ids() == [data.item_due_soon])


def test_clicking_an_organization_opens_it(qtbot, page: TodayPage, data: Followups) -> None:
    card = page.stop_cards()[0]
    with qtbot.waitSignal(page.ctx.events.open_record) as opened:
        card.findChild(QLabel, "stopText").linkActivated.emit(f"organization:{data.bolt}")
    assert opened.args == ["organization", data.bolt]


def test_calendar_dialog_range_and_only_mine(qtbot, page: TodayPage) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate

    from sector_desktop.ui.today.calendar_dialog import CalendarExportDialog

    dialog = CalendarExportDialog(page.ctx, page)
    assert dialog.mine.isEnabled() and dialog.mine.isChecked()
    dialog.start.setDate(QDate(2031, 5, 4))
    dialog.end.setDate(QDate(2031, 5, 10))
    # The end day is included: the range runs to the midnight after it, on the profile's calendar
    # (New York in May: four hours behind UTC).
    assert dialog.range() == (dt.datetime(2031, 5, 4, 4), dt.datetime(2031, 5, 11, 4))
    nobody = CalendarExportDialog(type(page.ctx)(db=page.ctx.db, paths=page.ctx.paths), page)
    assert not nobody.mine.isEnabled() and not nobody.mine.isChecked()
