"""Apprenticeship programs: saving, refusals, apprentices, paperwork and the board queries."""

from __future__ import annotations

import datetime as dt

import pytest

from sector_desktop.errors import ValidationError
from sector_desktop.models import Organization, ProgramDocument
from sector_desktop.services.apprenticeship.programs import (
    ProgramInput,
    WageStepInput,
    add_apprentice,
    save_program,
    update_document,
)
from sector_desktop.store import Database
from sector_desktop.store.apprenticeship import program_board, program_detail, program_with_most_documents

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def sponsor(db: Database) -> str:
    with db.session() as s:
        org = Organization(name="Harbor Point Hospital", kind="employer", sector="healthcare")
        s.add(org)
        s.flush()
        return org.id


def program_input(sponsor: str, **changes: object) -> ProgramInput:
    data = ProgramInput(
        sponsor_id=sponsor,
        occupation_title="Pharmacy Technician",
        onet_code="29-2052.00",
        term_hours=2000,
        rti_provider_name="Baltimore City Community College",
        rti_hours_per_year=160,
        ratio_apprentices=1,
        ratio_journeyworkers=2,
        journeyworker_wage=24.0,
        probation_hours=500,
        wage_steps=[WageStepInput(0, None, 60, None), WageStepInput(1000, None, 80, None)],
        work_processes=[("Dispensing", 1200), ("Inventory", 800)],
    )
    for k, v in changes.items():
        setattr(data, k, v)
    return data


def test_saving_a_sound_program_creates_its_checklist(db: Database, sponsor: str) -> None:
    pid, findings = save_program(db, program_input(sponsor), TODAY)
    assert findings == []
    with db.read_session() as s:
        detail = program_detail(s, pid, TODAY)
    assert detail is not None and detail.stage == "interest" and detail.interest_on == TODAY
    assert [t for t, _ in detail.work_processes] == ["Dispensing", "Inventory"]
    assert {d.doc_type for d in detail.documents} >= {"standards", "wage_schedule", "sponsor_application"}


def test_rule_breaches_are_saved_but_reported(db: Database, sponsor: str) -> None:
    _, findings = save_program(db, program_input(sponsor, rti_hours_per_year=60), TODAY)
    assert [f.rule_id for f in findings] == ["rti_min_hours"]
    assert "144" in findings[0].message


def test_impossible_values_are_refused_and_nothing_is_saved(db: Database, sponsor: str) -> None:
    bad = program_input(sponsor, term_hours=-5, wage_steps=[WageStepInput(0, None, 120, None)])
    with pytest.raises(ValidationError) as err:
        save_program(db, bad, TODAY)
    assert any("negative" in p for p in err.value.problems)
    assert any("between 0 and 100" in p for p in err.value.problems)
    with db.read_session() as s:
        assert program_board(s, TODAY) == []


def test_editing_replaces_the_schedules(db: Database, sponsor: str) -> None:
    pid, _ = save_program(db, program_input(sponsor), TODAY)
    save_program(db, program_input(sponsor, work_processes=[("All duties", 2000)]), TODAY, program_id=pid)
    with db.read_session() as s:
        assert program_detail(s, pid, TODAY).work_processes == [("All duties", 2000)]


def test_social_security_numbers_are_refused_with_the_reason(db: Database, sponsor: str) -> None:
    with pytest.raises(ValidationError, match="paper apprentice agreement"):
        save_program(db, program_input(sponsor, notes="Apprentice SSN 123-45-6789"), TODAY)


def test_apprentices_bring_agreements_and_five_bring_an_aap(db: Database, sponsor: str) -> None:
    pid, _ = save_program(db, program_input(sponsor), TODAY)
    for i in range(5):
        add_apprentice(db, pid, f"Apprentice {i}", TODAY, TODAY)
    with db.read_session() as s:
        detail = program_detail(s, pid, TODAY)
        assert len(detail.apprentices) == 5
        types = [d.doc_type for d in detail.documents]
        assert types.count("apprentice_agreement") == 5 and "aap_eeo_plan" in types
        assert program_with_most_documents(s) == pid


def test_document_status_and_board_progress(db: Database, sponsor: str) -> None:
    pid, _ = save_program(db, program_input(sponsor), TODAY)
    with db.read_session() as s:
        doc_id = s.query(ProgramDocument).filter_by(program_id=pid, doc_type="standards").one().id
    update_document(db, doc_id, status="received", notes="Signed copy from HR")
    with db.read_session() as s:
        card = program_board(s, TODAY + dt.timedelta(days=90))[0]
    assert card.documents_ready == 1
    assert card.overdue_documents == card.documents_total - 1
    with pytest.raises(ValidationError, match="not one of"):
        update_document(db, doc_id, status="lost")
