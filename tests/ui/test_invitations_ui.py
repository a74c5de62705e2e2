"""Invitations in the app, driven as a user would: Invite… from a meeting ticks the roster for the
employer letter, inviting previews the letters and writes the .eml drafts; the Invitations tab shows
each answer, edited in place and with the buttons, and the counts follow."""

from __future__ import annotations

import datetime as dt
import email
from email.policy import default
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sector_desktop import clock
from sector_desktop.models import Contact, Organization, StaffUser
from sector_desktop.services import meetings as svc
from sector_desktop.services.partnerships import (
    PartnershipInput,
    add_member,
    create_partnership,
    set_representatives,
)
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.invitations import invitations_of
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.meetings import invitations_panel as cols
from sector_desktop.ui.meetings.page import MeetingsPage


@pytest.fixture
def meeting(db: Database) -> dict[str, str]:
    ids: dict[str, str] = {}
    with db.session() as s:
        staff = StaffUser(name="Priya Raman", username="praman")
        s.add(staff)
        pid = create_partnership(s, PartnershipInput(name="Healthcare Careers", sector="healthcare"))
        for name, kind, people in (
            ("Harbor Medical Center", "employer", (("Ana Diaz", "ana@harbor.example"), ("Ben Okafor", None))),
            ("Bayline Community College", "community_college", (("Cy Lam", "cy@bayline.example"),)),
        ):
            org = Organization(name=name, kind=kind, sector="healthcare")
            s.add(org)
            s.flush()
            contacts = [Contact(organization_id=org.id, name=n, email=e) for n, e in people]
            s.add_all(contacts)
            s.flush()
            set_representatives(s, add_member(s, pid, org.id), [c.id for c in contacts])
            ids.update({c.name: c.id for c in contacts})
        s.flush()
        ids["staff"] = staff.id
        starts = clock.now() + dt.timedelta(days=10)
        ids["meeting"] = svc.schedule_meeting(
            s, svc.MeetingInput(pid, "Healthcare launch", starts, "launch", location="Hall A")
        )
    return ids


def test_invite_the_roster_then_record_the_answers(
    qtbot: QtBot, db: Database, paths: ProfilePaths, meeting: dict[str, str], tmp_path: Path
) -> None:
    ctx = AppContext(db=db, paths=paths, staff_id=meeting["staff"])
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: page.detail.meeting is not None, timeout=10000)
    panel = page.detail.invitations
    qtbot.waitUntil(lambda: panel.summary.text() == "Nobody invited yet.", timeout=5000)

    dialog = page.detail.open_invite()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)  # the employers' representatives
    texts = [dialog.model.item(i).text() for i in range(2)]
    assert texts == ["Ana Diaz · Harbor Medical Center", "Ben Okafor · Harbor Medical Center · no e-mail"]
    assert dialog.count.text() == "2 of 2 chosen"
    dialog.drafts.setChecked(True)
    dialog.folder.setText(str(tmp_path / "drafts"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    # The letters open in the preview; the one contact with an address gets a draft.
    qtbot.waitUntil(lambda: getattr(page.detail, "_last_preview", None) is not None, timeout=20000)
    pages = PdfReader(page.detail._last_preview.pdf_path).pages
    assert [
        ("Dear Ana Diaz," in p.extract_text(), "Dear Ben Okafor," in p.extract_text()) for p in pages
    ] == [
        (True, False),
        (False, True),
    ]
    (draft,) = (tmp_path / "drafts").glob("*.eml")
    msg = email.message_from_bytes(draft.read_bytes(), policy=default)
    assert (msg["To"], msg["X-Unsent"]) == ("Ana Diaz <ana@harbor.example>", "1")

    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10000)
    assert panel.summary.text() == "2 invited, 0 accepted, 0 declined, 2 not answered."

    # The answer edited in place, then another marked with a button.
    panel.model.setData(panel.model.index(0, cols.ANSWER), "accepted")
    qtbot.waitUntil(lambda: "1 accepted" in panel.summary.text(), timeout=10000)
    tabs = page.detail.tabs
    assert tabs.tabText(tabs.indexOf(panel)) == "Invitations (1/2 coming)"
    assert "Coming: 1 employer, 0 partners (100% employers, employer-led)" in panel.summary.text()
    panel.table.selectRow(1)
    qtbot.mouseClick(panel.mark_buttons["declined"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 declined" in panel.summary.text(), timeout=10000)

    # Print → Invitation letters…: every invitee's letter again, to reprint.
    page.detail._last_preview = None
    page.detail.print_letters.trigger()
    qtbot.waitUntil(lambda: page.detail._last_preview is not None, timeout=20000)
    assert len(PdfReader(page.detail._last_preview.pdf_path).pages) == 2

    with db.read_session() as s:
        rows = invitations_of(s, meeting["meeting"])
    assert [(r.name, r.letter, r.status, r.sent_on) for r in rows] == [
        ("Ana Diaz", "employer", "accepted", clock.today()),
        ("Ben Okafor", "employer", "declined", clock.today()),
    ]


def test_search_mode_finds_partners_by_name(
    qtbot: QtBot, db: Database, paths: ProfilePaths, meeting: dict[str, str]
) -> None:
    from sector_desktop.store.meetings import get_meeting_detail
    from sector_desktop.ui.meetings.invite_dialog import InviteDialog

    with db.read_session() as s:
        detail = get_meeting_detail(s, meeting["meeting"])
    dialog = InviteDialog(AppContext(db=db, paths=paths, staff_id=None), detail)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    dialog.letter.setCurrentIndex(dialog.letter.findData("partner"))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)  # the college's representative
    dialog.search_mode.setChecked(True)
    dialog.kind.setCurrentIndex(dialog.kind.findData(None))
    qtbot.keyClicks(dialog.text, "okaf")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and "Ben Okafor" in dialog.model.item(0).text())
    assert dialog.count.text() == "0 of 1 chosen" and not dialog.ok.isEnabled()
