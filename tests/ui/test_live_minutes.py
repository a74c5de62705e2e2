"""Live minutes mode driven as a user would: tick attendance, add a guest, type notes, capture a decision
(Ctrl+D) and two action items (Ctrl+Shift+A); then a fresh Database finds everything."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from sector_desktop.models import Contact, Organization, StaffUser
from sector_desktop.services import meetings as svc
from sector_desktop.services.agenda_templates import get_template
from sector_desktop.services.partnerships import (
    PartnershipInput,
    add_member,
    create_partnership,
    set_representatives,
)
from sector_desktop.store import Database, open_database
from sector_desktop.store.meetings import get_meeting_detail
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.meetings.live_minutes import LiveMinutesView


@pytest.fixture
def meeting(db: Database) -> dict[str, str]:
    ids: dict[str, str] = {}
    with db.session() as s:
        staff = StaffUser(name="Priya Raman", username="praman")
        s.add(staff)
        pid = create_partnership(s, PartnershipInput(name="Healthcare Careers", sector="healthcare"))
        for name, kind, person in (
            ("Harbor Medical Center", "employer", "Ana Diaz"),
            ("Bayline Community College", "community_college", "Cy Lam"),
        ):
            org = Organization(name=name, kind=kind)
            s.add(org)
            s.flush()
            c = Contact(organization_id=org.id, name=person)
            s.add(c)
            s.flush()
            set_representatives(s, add_member(s, pid, org.id), [c.id])
            ids[person] = c.id
        s.flush()
        ids["staff"] = staff.id
        ids["meeting"] = svc.schedule_meeting(
            s,
            svc.MeetingInput(pid, "Nursing pipeline", dt.datetime(2026, 11, 21, 15), location="Room 4"),
            get_template("regular_workgroup"),
        )
    return ids


def test_live_minutes_saves_everything_typed(qtbot, db: Database, paths, meeting: dict[str, str]) -> None:
    ctx = AppContext(db=db, paths=paths, staff_id=meeting["staff"])
    view = LiveMinutesView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(meeting["meeting"])

    # Attendance: tick both roster representatives, then un-tick the college's, add a business guest.
    view.findChild(QCheckBox, f"attend_{meeting['Ana Diaz']}").click()
    college = view.findChild(QCheckBox, f"attend_{meeting['Cy Lam']}")
    college.click()
    college.click()
    guest = view.findChild(QLineEdit, "guestName")
    qtbot.keyClicks(guest, "Dee Walker, Walker Welding")
    view.attendance.guest_business.setChecked(True)
    qtbot.keyClick(guest, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.writer.busy, timeout=5000)
    assert "<b>2</b> business" in view.headcount.text()

    # Notes under the second agenda item, typed key by key.
    first, second = list(view.editors.values())[:2]
    second.setFocus()
    qtbot.keyClicks(second, "Wage survey back from 5 of 7 members.")

    # Ctrl+D: a decision; Ctrl+Shift+A twice: two action items with owners and due dates.
    qtbot.keyClick(second, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert view.decision_edit.hasFocus()
    qtbot.keyClicks(view.decision_edit, "Apply jointly for the state grant")
    qtbot.keyClick(view.decision_edit, Qt.Key.Key_Return)
    assert second.hasFocus()  # back to the notes after capturing

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(second, Qt.Key.Key_A, ctrl_shift)
    assert view.action_text.hasFocus()
    owners = [view.action_owner.itemText(i) for i in range(view.action_owner.count())]
    assert owners == ["Ana Diaz (Harbor Medical Center)", "Priya Raman (staff)"]
    assert view.action_owner.currentText() == "Priya Raman (staff)"  # the signed-in user by default
    view.action_owner.setCurrentIndex(0)
    view.action_due.setDate(QDate(2026, 12, 4))
    qtbot.keyClicks(view.action_text, "Draft the grant letter")
    qtbot.keyClick(view.action_text, Qt.Key.Key_Return)
    qtbot.keyClick(second, Qt.Key.Key_A, ctrl_shift)
    view.action_owner.setCurrentIndex(1)
    view.action_due.setDate(QDate(2026, 12, 11))
    qtbot.keyClicks(view.action_text, "Book the room")
    qtbot.keyClick(view.action_text, Qt.Key.Key_Return)

    first.setFocus()
    qtbot.keyClicks(first, "Chair welcomed two new members.")
    # Nothing is pressed to save: the autosave alone must get the notes to the database.
    qtbot.waitUntil(lambda: not view.notes.pending, timeout=5000)
    qtbot.waitUntil(lambda: not view.writer.busy, timeout=5000)
    assert view.action_items.rowCount() == 2 and view.decisions.rowCount() == 1

    fresh = open_database(paths.database)
    try:
        with fresh.read_session() as s:
            m = get_meeting_detail(s, meeting["meeting"])
    finally:
        fresh.close()
    assert m.agenda[0].minutes == "Chair welcomed two new members."
    assert m.agenda[1].minutes == "Wage survey back from 5 of 7 members."
    status = {a.name: a.status for a in m.attendance}
    assert status == {"Ana Diaz": "present", "Cy Lam": "absent", "Dee Walker": "guest"}
    assert (m.headcount.business, m.headcount.partners) == (2, 0)
    assert [(d.text, d.agenda_item_id) for d in m.decisions] == [
        ("Apply jointly for the state grant", second.item_id)
    ]
    assert [(a.text, a.owner_name, a.due_date) for a in m.action_items] == [
        ("Draft the grant letter", "Ana Diaz", dt.date(2026, 12, 4)),
        ("Book the room", "Priya Raman", dt.date(2026, 12, 11)),
    ]


def test_meetings_page_opens_the_most_recent_meeting_in_minutes_mode(
    qtbot, qtmodeltester, db: Database, paths, meeting: dict[str, str]
) -> None:
    with db.session() as s:
        pid = get_meeting_detail(s, meeting["meeting"]).partnership_id
        older = svc.schedule_meeting(
            s, svc.MeetingInput(pid, "Older", dt.datetime(2026, 10, 1, 15), location="Room 4")
        )
        svc.add_agenda_item(s, older, "Old business")
    from sector_desktop.ui.meetings.page import MeetingsPage

    page = MeetingsPage(AppContext(db=db, paths=paths, staff_id=meeting["staff"]))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.live.loaded, timeout=5000) as opened:
        page.prepare_view("meeting")
    assert opened.args == [meeting["meeting"]]
    assert page.stack.currentWidget() is page.live
    assert page.live.title.text() == "Nursing pipeline"
    page.when.setCurrentIndex(page.when.findData("past"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(page.model)
    # Opening a record (as the partnership page does) shows that meeting in the list and the detail.
    page.when.setCurrentIndex(page.when.findData("upcoming"))
    page.open_record("meeting", older)
    qtbot.waitUntil(lambda: page.detail.meeting is not None and page.detail.meeting.id == older, timeout=5000)
    assert page.when.currentData() == "past" and page.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == page.model.row_of(older), timeout=5000)


def test_schedule_dialog_starts_from_a_template_and_refuses_a_meeting_with_no_place(
    qtbot, db: Database, paths, meeting: dict[str, str]
) -> None:
    from sector_desktop.ui.meetings.schedule_dialog import ScheduleMeetingDialog

    ctx = AppContext(db=db, paths=paths, staff_id=meeting["staff"])
    dialog = ScheduleMeetingDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.partnership.count() == 1 and dialog.facilitator.count() == 2, timeout=5000)
    dialog.meeting_type.setCurrentIndex(dialog.meeting_type.findData("launch"))
    assert dialog.template.currentData() == "launch_meeting"
    qtbot.keyClicks(dialog.title, "Launch")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=5000)
    assert "Location" in dialog.error.text()
    qtbot.keyClicks(dialog.location, "City Hall, Room 215")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.submit()
    with db.read_session() as s:
        created = get_meeting_detail(s, saved.args[0])
    assert created.facilitator_name == "Priya Raman" and created.location == "City Hall, Room 215"
    assert [a.title for a in created.agenda] == [t.title for t in get_template("launch_meeting").items]


def test_partnerships_page_shows_the_roster_and_ranked_priorities(
    qtbot, db: Database, paths, meeting: dict[str, str]
) -> None:
    from sector_desktop.services.partnerships import save_priority
    from sector_desktop.ui.partnerships.page import PartnershipsPage

    with db.session() as s:
        pid = get_meeting_detail(s, meeting["meeting"]).partnership_id
        save_priority(s, pid, "Childcare", 5, 2)
        save_priority(s, pid, "CNA apprenticeship", 4, 4)
    page = PartnershipsPage(AppContext(db=db, paths=paths))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.detail.overview is not None, timeout=5000)
    d = page.detail
    assert d.title.text() == "Healthcare Careers"
    assert {d.members.text(r, d.members.ORGANIZATION) for r in d.members.rows()} == {
        "Harbor Medical Center",
        "Bayline Community College",
    }
    assert [d.priorities.text(r, d.priorities.TITLE) for r in d.priorities.rows()] == [
        "CNA apprenticeship",
        "Childcare",
    ]
    assert d.roster_tabs.tabText(0) == "Members (2: 1 employers)"


def test_member_dialog_adds_an_organization_with_its_representative(
    qtbot, qtmodeltester, db: Database, paths, meeting: dict[str, str]
) -> None:
    from sector_desktop.store.partnerships import get_partnership_overview
    from sector_desktop.ui.partnerships.editors import MemberDialog

    with db.session() as s:
        org = Organization(name="Ironbridge Fabrication", kind="employer", sector="healthcare")
        s.add(org)
        s.flush()
        s.add_all(
            [
                Contact(organization_id=org.id, name="Eli Grant"),
                Contact(organization_id=org.id, name="Fay Ho"),
            ]
        )
        pid = get_meeting_detail(s, meeting["meeting"]).partnership_id
        ov = get_partnership_overview(s, pid)
    dialog = MemberDialog(AppContext(db=db, paths=paths), ov)
    qtbot.addWidget(dialog)
    # Members already on the roster are not offered again.
    qtbot.waitUntil(lambda: dialog.representatives.count() == 2, timeout=5000)
    assert [dialog.organization.itemText(i) for i in range(dialog.organization.count())] == [
        "Ironbridge Fabrication — Employer"
    ]
    dialog.role.setCurrentIndex(dialog.role.findData("co_chair"))
    dialog.representatives.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.representatives.item(1).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.submit()
    with db.read_session() as s:
        members = {m.organization_name: m for m in get_partnership_overview(s, pid).members}
    added = members["Ironbridge Fabrication"]
    assert added.role == "co_chair" and [r.name for r in added.representatives] == ["Fay Ho"]

    from sector_desktop.ui.partnerships.table_models import MembersTableModel

    model = MembersTableModel()
    model.set_rows(list(members.values()))
    qtmodeltester.check(model)


def test_the_meeting_print_menu_previews_its_sign_in_sheet(
    qtbot, db: Database, paths, meeting: dict[str, str]
) -> None:
    from pypdf import PdfReader

    from sector_desktop.ui.meetings.page import MeetingsPage

    page = MeetingsPage(AppContext(db=db, paths=paths, staff_id=meeting["staff"]))
    qtbot.addWidget(page)
    page.open_record("meeting", meeting["meeting"])
    qtbot.waitUntil(lambda: page.detail.meeting is not None, timeout=5000)
    titles = [a.text() for a in page.detail.print_button.menu().actions()]
    assert titles == ["Agenda…", "Sign-in sheet…", "Minutes…", "Invitation letters…"]
    page.detail.print_button.menu().actions()[1].trigger()
    qtbot.waitUntil(lambda: getattr(page.detail, "_last_preview", None) is not None, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(page.detail._last_preview.pdf_path).pages)
    assert "SIGN-IN SHEET" in text and "Ana Diaz" in text and "Cy Lam" in text


def test_files_attach_to_the_selected_meeting(
    qtbot, db: Database, paths, meeting: dict[str, str], tmp_path
) -> None:
    from sector_desktop.services.attachments import list_attachments
    from sector_desktop.ui.meetings.page import MeetingsPage

    page = MeetingsPage(AppContext(db=db, paths=paths, staff_id=meeting["staff"]))
    qtbot.addWidget(page)
    page.open_record("meeting", meeting["meeting"])
    qtbot.waitUntil(lambda: page.detail.meeting is not None, timeout=5000)
    sheet = tmp_path / "signed-sign-in-sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.detail.attachments.attach_files([sheet])
    qtbot.waitUntil(lambda: page.detail.attachments.model.rowCount() == 1, timeout=5000)
    names = [a.filename for a in list_attachments(db, paths, "meeting", meeting["meeting"])]
    assert names == ["signed-sign-in-sheet.pdf"]


def _live_view(qtbot, db: Database, paths, meeting: dict[str, str]) -> LiveMinutesView:
    view = LiveMinutesView(AppContext(db=db, paths=paths, staff_id=meeting["staff"]))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(meeting["meeting"])
    return view


def test_a_decision_can_be_reworded_and_deleted_and_the_delete_undone(
    qtbot, db: Database, paths, meeting: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sector_desktop.ui.operations import undo_last

    view = _live_view(qtbot, db, paths, meeting)
    view.decisions_box.line.setText("Apply jointly for the stat grant")
    qtbot.keyClick(view.decisions_box.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.decisions.rowCount() == 1, timeout=5000)
    view.decision_table.selectRow(0)
    monkeypatch.setattr(view.decisions_box, "ask_text", lambda current: current.replace("stat ", "state "))
    view.decision_table.setFocus()
    qtbot.keyClick(view.decision_table, Qt.Key.Key_F2)
    qtbot.waitUntil(
        lambda: view.decisions.row_at(0).text == "Apply jointly for the state grant", timeout=5000
    )
    view.decision_table.selectRow(0)
    qtbot.mouseClick(view.decisions_box.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.decisions.rowCount() == 0, timeout=5000)
    with db.read_session() as s:
        assert get_meeting_detail(s, meeting["meeting"]).decisions == []
    step = view.ctx.undo.peek()
    assert step is not None and step.label == "Delete decision “Apply jointly for the state grant”"
    with qtbot.waitSignal(view.ctx.events.applied, timeout=5000):
        undo_last(view.ctx)
    with db.read_session() as s:
        (kept,) = get_meeting_detail(s, meeting["meeting"]).decisions
    assert kept.text == "Apply jointly for the state grant"


def test_the_attendance_list_shows_an_ampersand_as_typed(
    qtbot, db: Database, paths, meeting: dict[str, str]
) -> None:
    from PySide6.QtGui import QAccessible

    with db.session() as s:
        org = s.get(Contact, meeting["Ana Diaz"]).organization
        org.name = "Plumbing & Heating Co"
    view = _live_view(qtbot, db, paths, meeting)
    box = view.findChild(QCheckBox, f"attend_{meeting['Ana Diaz']}")
    shown = QAccessible.queryAccessibleInterface(box).text(
        QAccessible.Text.Name
    )  # what is read out and drawn
    assert shown == "Ana Diaz\nPlumbing & Heating Co"
