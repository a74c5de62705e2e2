"""The personal-data guard holds everywhere data comes in: every save (through the store's sessions),
imports (by row and column), and the apprenticeship forms. A refusal names the field and writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from visits_data import full_input, make_world

from sector_desktop.errors import ImportRefused, ValidationError
from sector_desktop.models import (
    ActionItem,
    AgendaItem,
    ApprenticeshipProgram,
    Contact,
    Meeting,
    Organization,
    ProgramDocument,
    SectorPartnership,
    Visit,
)
from sector_desktop.services import action_items, meetings, organizations, visits
from sector_desktop.services.apprenticeship.programs import ProgramInput, save_program, update_document
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.store import Database

TODAY = dt.date(2026, 11, 24)


def _count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _refused(field: str, exc: pytest.ExceptionInfo[ValidationError]) -> None:
    assert exc.value.problems and exc.value.problems[0].startswith(f"{field}: this looks like")
    assert "not kept in Sector Desktop" in str(exc.value)


def test_organization_and_contact_saves_are_refused_naming_the_field(db: Database) -> None:
    with pytest.raises(ValidationError) as exc, db.session() as s:
        organizations.create_organization(
            s, organizations.OrganizationInput(name="Acme", notes="SSN 123 45 6789")
        )
    _refused("Organization notes", exc)
    assert _count(db, Organization) == 0
    with db.session() as s:
        org_id = organizations.create_organization(s, organizations.OrganizationInput(name="Acme"))
    with pytest.raises(ValidationError) as exc, db.session() as s:
        organizations.add_contact(s, org_id, organizations.ContactInput(name="Ann Lee", title="DOB 3/5/1990"))
    _refused("Contact title", exc)
    with pytest.raises(ValidationError) as exc, db.session() as s:
        organizations.add_contact(
            s, org_id, organizations.ContactInput(name="Ann", notes="Born March 5, 1990")
        )
    _refused("Contact notes", exc)
    assert _count(db, Contact) == 0


def test_visit_notes_and_their_follow_ups_are_refused_and_the_draft_is_kept(db: Database) -> None:
    world = make_world(db)
    with pytest.raises(ValidationError) as exc:
        visits.log_visit(db, full_input(world, notes="Apprentice D.O.B. 3/5/90, starts Monday"))
    _refused("Visit notes", exc)
    good = visits.log_visit(db, full_input(world))
    with pytest.raises(ValidationError) as exc:
        action_items.mark_done(db, _ids(db, ActionItem), "her SS# 123456789 is on file")
    _refused("Action item status note", exc)
    with db.read_session() as s:
        assert s.get(Visit, good).notes == "They need twelve CNAs by summer."
        assert {i.status for i in s.scalars(select(ActionItem))} == {"open"}


def _ids(db: Database, model: type) -> list[str]:
    with db.read_session() as s:
        return list(s.scalars(select(model.id)))


def test_meeting_minutes_are_refused(db: Database) -> None:
    with db.session() as s:
        partnership = SectorPartnership(name="Healthcare Partnership")
        s.add(partnership)
        s.flush()
        meeting = Meeting(
            partnership_id=partnership.id, title="Workgroup", starts_at=dt.datetime(2026, 12, 1, 15)
        )
        s.add(meeting)
        s.flush()
        item = AgendaItem(meeting_id=meeting.id, title="Hiring", position=1)
        s.add(item)
        s.flush()
        item_id = item.id
    with pytest.raises(ValidationError) as exc, db.session() as s:
        meetings.save_minutes(s, item_id, "New hire, born 5 March 1990, starts in January")
    _refused("Agenda item minutes", exc)
    with db.read_session() as s:
        assert s.get(AgendaItem, item_id).minutes is None


def test_apprenticeship_comments_and_document_notes_are_refused(db: Database) -> None:
    with db.session() as s:
        sponsor = Organization(name="Harbor Point Hospital")
        s.add(sponsor)
        s.flush()
        sponsor_id = sponsor.id
    data = ProgramInput(sponsor_id=sponsor_id, occupation_title="Pharmacy Technician")
    with pytest.raises(ValidationError) as exc:
        save_program(db, ProgramInput(**{**data.__dict__, "reviewer_comments": "ITIN 912-70-1234"}), TODAY)
    _refused("Program reviewer comments", exc)
    assert _count(db, ApprenticeshipProgram) == 0
    program_id, _ = save_program(db, data, TODAY)
    with db.read_session() as s:
        doc_id = s.scalars(select(ProgramDocument.id).where(ProgramDocument.program_id == program_id)).first()
    with pytest.raises(ValidationError) as exc:
        update_document(db, doc_id, notes="SSN 123456789")
    _refused("Document notes", exc)


def test_only_what_a_save_sets_is_checked(db: Database) -> None:
    """Text that got in before the guard does not stop other edits of its record."""
    with db.session() as s:
        s.add(Organization(name="Old Co"))
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE organization SET notes = 'SSN 123-45-6789'"))
    with db.session() as s:
        org = s.scalars(select(Organization)).one()
        org.city = "Baltimore"
    with pytest.raises(ValidationError), db.session() as s:
        s.scalars(select(Organization)).one().notes = "SSN 123-45-6789, again"


def test_an_import_refuses_personal_data_by_row_and_column(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(
        "name,notes\nAcme,Hiring 4 welders; call 410-555-0100\nBeta,owner SSN 123-45-6789\n"
        "Gamma,Apprentice DOB 03/05/1990\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as exc:
        apply_import(db, preview_import(db, "organizations", path))
    told = [str(e) for e in exc.value.errors]
    assert told[0].startswith("row 3, column notes: this looks like a Social Security number")
    assert told[1].startswith("row 4, column notes: this looks like a date of birth")
    assert "123-45-6789" not in "\n".join(told)  # the number itself is not repeated
    assert _count(db, Organization) == 0
