"""Action items: the views (mine, overdue, due this week, by partnership/organization, all open),
windowed listing and counts, and the changes (done/cancel with a note, reopen, reassign, due date)."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_data import TODAY, Followups, build

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import ActionItem
from sector_desktop.services import action_items as svc
from sector_desktop.services.action_items import ActionItemFilter
from sector_desktop.store import Database
from sector_desktop.store.action_items import SORT_KEYS


@pytest.fixture
def data(db: Database) -> Followups:
    return build(db)


def ids(db: Database, **kw: object) -> list[str]:
    flt = ActionItemFilter(today=TODAY, **kw)  # type: ignore[arg-type]
    return [r.id for r in svc.list_window(db, flt)]


def test_views_select_the_right_items(db: Database, data: Followups) -> None:
    d = data
    assert ids(db, view="mine", staff_id=d.me) == [d.item_overdue, d.item_due_soon, d.item_later]
    assert ids(db, view="overdue") == [d.item_overdue, d.item_colleague]
    assert ids(db, view="week") == [d.item_due_soon]
    assert set(ids(db, view="open")) == {d.item_overdue, d.item_due_soon, d.item_later, d.item_colleague}
    assert set(ids(db, view="closed")) == {d.item_done, d.item_cancelled}
    assert ids(db, view="mine", staff_id=None) == []


def test_partnership_and_organization_come_from_the_source(db: Database, data: Followups) -> None:
    d = data
    # The colleague's item has no partnership of its own: it inherits the meeting's.
    assert set(ids(db, view="partnership", partnership_id=d.partnership)) == {
        d.item_due_soon,
        d.item_colleague,
    }
    # "Follow up on wage survey" has no organization of its own: the visited one counts.
    assert set(ids(db, view="organization", organization_id=d.acme)) == {d.item_overdue, d.item_later}
    rows = {r.id: r for r in svc.list_window(db, ActionItemFilter(view="open", today=TODAY))}
    assert rows[d.item_later].organization_name == "Acme Precision"
    assert rows[d.item_colleague].partnership_name == "Riverton Manufacturing Partnership"
    assert rows[d.item_colleague].source_kind == "meeting"
    assert rows[d.item_colleague].source_title == "Launch"
    assert rows[d.item_overdue].overdue and not rows[d.item_due_soon].overdue
    assert rows[d.item_overdue].owner_name == "Maria Lopez"
    [p] = svc.choices(db, "partnership")
    assert (p.name, p.count) == ("Riverton Manufacturing Partnership", 2)
    assert [c.name for c in svc.choices(db, "organization")] == ["Acme Precision"]


def test_counts_match_the_lists_and_windows_page_through(db: Database, data: Followups) -> None:
    counts = svc.counts(db, TODAY, data.me)
    assert counts == {
        "mine": 3,
        "overdue": 2,
        "week": 1,
        "partnership": 2,
        "organization": 2,
        "open": 4,
        "closed": 2,
    }
    flt = ActionItemFilter(view="open", today=TODAY)
    assert svc.total(db, flt) == 4
    first = svc.list_window(db, flt, limit=3)
    second = svc.list_window(db, flt, after=first[-1], limit=3)
    assert len(first) == 3 and len(second) == 1
    assert [r.id for r in first + second] == ids(db, view="open")
    for view in ("open", "closed", "partnership", "organization"):  # windows continue every sort
        for sort in (None, *SORT_KEYS):
            for descending in (False, True):
                view_flt = ActionItemFilter(view=view, today=TODAY)
                whole = [r.id for r in svc.list_window(db, view_flt, sort=sort, descending=descending)]
                paged: list[str] = []
                after = None
                while batch := svc.list_window(
                    db, view_flt, sort=sort, descending=descending, after=after, limit=1
                ):
                    paged += [r.id for r in batch]
                    after = batch[-1]
                assert paged == whole and len(set(whole)) == len(whole), (view, sort, descending)
    assert svc.total(db, ActionItemFilter(view="open", today=TODAY, text="mou")) == 1


def test_dates_follow_today(db: Database, data: Followups) -> None:
    # Three weeks later the "later" item is overdue too, and nothing is due that week.
    later = TODAY + dt.timedelta(days=21)
    flt = ActionItemFilter(view="overdue", today=later)
    assert data.item_later in [r.id for r in svc.list_window(db, flt)]
    assert svc.counts(db, later, data.me)["week"] == 0


def test_mark_done_and_cancel_keep_the_note(db: Database, data: Followups) -> None:
    when = dt.datetime(2026, 3, 11, 15, 0)
    assert svc.mark_done(db, [data.item_overdue], "Brochure emailed to Ann", now=when) == 1
    svc.cancel(db, [data.item_later], "Survey dropped by the state")
    with db.read_session() as s:
        done, cancelled = s.get(ActionItem, data.item_overdue), s.get(ActionItem, data.item_later)
        assert (done.status, done.status_note, done.completed_at) == ("done", "Brochure emailed to Ann", when)
        assert (cancelled.status, cancelled.status_note) == ("cancelled", "Survey dropped by the state")
    assert data.item_overdue not in ids(db, view="overdue")
    assert data.item_overdue in ids(db, view="closed")


def test_bad_changes_are_refused_and_change_nothing(db: Database, data: Followups) -> None:
    with pytest.raises(ValidationError, match="Say why"):
        svc.cancel(db, [data.item_overdue], "  ")
    with pytest.raises(ValidationError, match="already done"):
        svc.mark_done(db, [data.item_overdue, data.item_done], "both")
    with pytest.raises(NotFound):
        svc.mark_done(db, [data.item_overdue, "no-such-id"])
    with pytest.raises(NotFound):
        svc.reassign(db, [data.item_overdue], "no-such-staff")
    with db.read_session() as s:
        assert s.get(ActionItem, data.item_overdue).status == "open"


def test_reopen_reassign_and_due_date(db: Database, data: Followups) -> None:
    svc.reopen(db, [data.item_done], "Template was the wrong one")
    with pytest.raises(ValidationError, match="already open"):
        svc.reopen(db, [data.item_done])
    svc.reassign(db, [data.item_overdue, data.item_due_soon], data.colleague, "Dev covers Acme now")
    svc.set_due_date(db, [data.item_colleague], TODAY + dt.timedelta(days=3))
    with db.read_session() as s:
        reopened = s.get(ActionItem, data.item_done)
        assert (reopened.status, reopened.completed_at) == ("open", None)
        assert s.get(ActionItem, data.item_overdue).owner_staff_id == data.colleague
        assert s.get(ActionItem, data.item_overdue).status_note == "Dev covers Acme now"
    assert ids(db, view="mine", staff_id=data.me) == [data.item_done, data.item_later]
    assert ids(db, view="week") == [data.item_due_soon, data.item_colleague]


def test_add_action_item_inherits_the_source(db: Database, data: Followups) -> None:
    new = svc.add_action_item(
        db, " Call back about openings ", owner_staff_id=data.me, visit_id=data.visit_done
    )
    meeting_item = svc.add_action_item(db, "Circulate minutes", meeting_id=data.meeting_held)
    with db.read_session() as s:
        assert s.get(ActionItem, new).organization_id == data.acme
        assert s.get(ActionItem, new).text == "Call back about openings"
        assert s.get(ActionItem, meeting_item).partnership_id == data.partnership
    with pytest.raises(ValidationError):
        svc.add_action_item(db, "   ")
