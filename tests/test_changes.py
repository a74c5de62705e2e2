"""What an operation wrote (store.changes) and taking it back (services.undo); no Qt here."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from sector_desktop.models import Contact, Draft, Organization
from sector_desktop.services.organizations import (
    ContactInput,
    OrganizationInput,
    add_contact,
    create_organization,
    delete_organization,
    update_organization,
)
from sector_desktop.services.undo import CannotUndo, undo_edits
from sector_desktop.store import Database
from sector_desktop.store.changes import Changes, recording


def _org(db: Database, name: str = "Harbor Welding") -> str:
    with db.session() as s:
        return create_organization(s, OrganizationInput(name=name, kind="employer", city="Baltimore"))


def test_recording_names_each_table_and_record_an_operation_wrote(db: Database) -> None:
    org_id = _org(db)
    with recording() as rec, db.session() as s:
        add_contact(s, org_id, ContactInput(name="Ana Ruiz", is_primary=True))
        update_organization(
            s, org_id, OrganizationInput(name="Harbor Welding", kind="employer", city="Towson")
        )
    changes = rec.changes()
    assert changes.ids("organization") == {org_id}
    (contact_id,) = changes.ids("contact")
    assert changes.touches("contact") and not changes.touches("visit")
    edits = {(e.table, e.kind) for e in rec.undoable_edits() or []}
    assert edits == {("contact", "created"), ("organization", "updated")}
    org_edit = rec.edits[("organization", org_id)]
    assert (org_edit.before["city"], org_edit.after["city"]) == ("Baltimore", "Towson")
    assert contact_id


def test_a_bulk_statement_names_its_table_but_cannot_be_undone(db: Database) -> None:
    _org(db)
    with recording() as rec, db.session() as s:
        s.execute(update(Organization).values(city="Essex"))
    assert rec.changes() == Changes({"organization": frozenset()})
    assert rec.undoable_edits() is None


def test_nothing_is_noted_outside_a_recording_and_the_outer_one_collects_nested_writes(db: Database) -> None:
    with recording() as outer:
        with recording() as inner:
            org_id = _org(db)
        assert inner is outer
    assert outer.changes().ids("organization") == {org_id}
    with recording() as other:
        pass
    _org(db, "Not noted")
    assert not other.changes()


def test_undo_puts_back_an_edit_a_delete_and_a_new_record(db: Database) -> None:
    org_id = _org(db)
    with recording() as edit, db.session() as s:
        update_organization(s, org_id, OrganizationInput(name="Harbor Welding Inc", kind="employer"))
    with recording() as deletion, db.session() as s:
        delete_organization(s, org_id)
    with recording() as creation, db.session() as s:
        contact_id = add_contact(s, _org(db, "Other"), ContactInput(name="Bo Li"))
    undo_edits(db, deletion.undoable_edits() or [])
    undo_edits(db, edit.undoable_edits() or [])
    undo_edits(db, creation.undoable_edits() or [])
    with db.read_session() as s:
        org = s.get(Organization, org_id)
        assert (org.name, org.city, org.deleted_at) == ("Harbor Welding", "Baltimore", None)
        assert s.get(Contact, contact_id).deleted_at is not None
    with db.engine.connect() as conn:  # the undo is an ordinary edit: it is queued for sync
        queued = conn.execute(
            text("SELECT field FROM sync_outbox WHERE row_id = :r AND field IN ('name', 'deleted_at')"),
            {"r": org_id},
        ).scalars()
        assert {"name", "deleted_at"} <= set(queued)


def test_undo_refuses_when_the_record_changed_since_and_changes_nothing(db: Database) -> None:
    org_id = _org(db)
    with recording() as edit, db.session() as s:
        update_organization(
            s, org_id, OrganizationInput(name="Harbor Welding", kind="employer", city="Towson")
        )
    with db.session() as s:  # a later edit of the same field (here, or arriving by sync)
        s.get(Organization, org_id).city = "Dundalk"
    with pytest.raises(CannotUndo, match="changed since"):
        undo_edits(db, edit.undoable_edits() or [], "edit harbor welding")
    with db.read_session() as s:
        assert s.get(Organization, org_id).city == "Dundalk"


def test_a_draft_cleared_by_a_save_is_not_brought_back_by_undo(db: Database) -> None:
    with db.session() as s:
        s.add(Draft(key="visit:new", payload='{"notes": "typed"}', updated_at=dt.datetime(2026, 11, 24)))
    with recording() as rec, db.session() as s:
        s.delete(s.scalars(select(Draft)).one())
        org_id = create_organization(s, OrganizationInput(name="Saved", kind="employer"))
    assert rec.changes().ids("draft") == {"visit:new"}
    undo_edits(db, rec.undoable_edits() or [])
    with db.read_session() as s:
        assert s.scalars(select(Draft)).all() == []
        assert s.get(Organization, org_id).deleted_at is not None
