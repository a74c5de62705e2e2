"""Apprenticeship rules (29 CFR 29.5 and Maryland additions), templates and stage transitions."""

from __future__ import annotations

import datetime as dt

import pytest

from sector_desktop.models import (
    Apprentice,
    ApprenticeshipProgram,
    Organization,
    StageChange,
    WageStep,
    WorkProcess,
)
from sector_desktop.services.apprenticeship.pipeline import (
    StageBlocked,
    document_states,
    move_stage,
    refresh_checklist,
    stage_blockers,
)
from sector_desktop.services.apprenticeship.rules import ProgramFacts, WageStepFacts, check_program
from sector_desktop.services.apprenticeship.templates import (
    TemplateError,
    check_all_templates,
    parse_checklist,
    parse_rule_file,
)
from sector_desktop.store import Database

TODAY = dt.date(2026, 11, 21)


def good_facts(**changes: object) -> ProgramFacts:
    base = dict(
        state="MD",
        program_type="time_based",
        term_hours=4000,
        work_process_hours=[2000, 1500, 500],
        rti_hours_per_year=144,
        rti_provider="Baltimore City Community College",
        ratio_apprentices=1,
        ratio_journeyworkers=1,
        journeyworker_wage=32.0,
        probation_hours=1000,
        wage_steps=[
            WageStepFacts(0, None, 50, None),
            WageStepFacts(1000, None, 60, None),
            WageStepFacts(2000, None, 75, None),
        ],
        apprentice_count=2,
    )
    base.update(changes)
    return ProgramFacts(**base)  # type: ignore[arg-type]


def ids(facts: ProgramFacts) -> set[str]:
    return {f.rule_id for f in check_program(facts)}


def test_a_sound_program_passes_every_rule() -> None:
    assert check_program(good_facts()) == []


@pytest.mark.parametrize(
    ("changes", "rule", "words"),
    [
        ({"term_hours": 1800, "work_process_hours": [1800]}, "time_based_min_term", "2,000 hours"),
        ({"work_process_hours": [2000, 1000]}, "work_process_adds_up", "3,000 hours"),
        ({"rti_hours_per_year": 100}, "rti_min_hours", "144"),
        ({"ratio_journeyworkers": None}, "ratio_stated", "ratio"),
        ({"probation_hours": 1200}, "probation_limit", "1,000 hours"),
        (
            {"journeyworker_wage": None, "wage_steps": [WageStepFacts(0, None, None, 15.0)]},
            "md_journeyworker_wage_stated",
            "journeyworker wage",
        ),
        ({"rti_provider": " "}, "md_rti_provider_named", "instruction provider"),
    ],
)
def test_each_rule_catches_its_breach_and_cites_its_source(changes: dict, rule: str, words: str) -> None:
    findings = {f.rule_id: f for f in check_program(good_facts(**changes))}
    assert rule in findings
    assert words in findings[rule].message
    assert findings[rule].citation in str(findings[rule])


def test_probation_is_capped_at_one_year_for_long_terms() -> None:
    facts = good_facts(term_hours=10000, work_process_hours=[10000], probation_hours=2400)
    finding = next(f for f in check_program(facts) if f.rule_id == "probation_limit")
    assert "2,000 hours" in finding.message


def test_wages_must_rise_at_every_step() -> None:
    flat = [WageStepFacts(0, None, 60, None), WageStepFacts(1000, None, 60, None)]
    findings = {f.rule_id: f for f in check_program(good_facts(wage_steps=flat))}
    assert "step 2" in findings["wage_progressive"].message
    mixed = [WageStepFacts(0, None, 50, None), WageStepFacts(1000, None, None, 17.0)]  # 16.00 then 17.00
    assert "wage_progressive" not in ids(good_facts(wage_steps=mixed))


def test_five_apprentices_flag_an_affirmative_action_plan_as_a_warning() -> None:
    findings = {f.rule_id: f for f in check_program(good_facts(apprentice_count=5))}
    assert findings["affirmative_action_plan"].severity == "warning"
    assert "29 CFR 30" in findings["affirmative_action_plan"].citation
    assert "affirmative_action_plan" not in ids(good_facts(apprentice_count=4))


def test_a_state_without_additions_gets_only_the_federal_rules() -> None:
    assert "md_rti_provider_named" not in ids(good_facts(state="VA", rti_provider=None))


def test_shipped_templates_all_load() -> None:
    names = check_all_templates()
    assert "rules.federal.json" in names and "checklist.MD.json" in names


def test_a_broken_rule_file_names_the_file_and_the_field() -> None:
    text = '{"jurisdiction": "XX", "title": "t", "rules": [{"id": "r", "check": "c",'
    text += ' "applies_to": ["time_based"],'
    text += ' "severity": "fatal", "citation": "29 CFR", "message": "m m"}]}'
    with pytest.raises(TemplateError, match=r"rules\.XX\.json: field 'rules\.0\.severity'"):
        parse_rule_file("rules.XX.json", text)
    with pytest.raises(TemplateError, match=r"checklist\.XX\.json: not valid JSON"):
        parse_checklist("checklist.XX.json", "{not json")


def make_program(db: Database, apprentices: int = 0, sound: bool = True) -> str:
    with db.session() as s:
        org = Organization(name="Chesapeake Precision Machining", kind="employer", status="active")
        s.add(org)
        s.flush()
        p = ApprenticeshipProgram(
            sponsor_id=org.id,
            state="MD",
            occupation_title="CNC Machinist",
            program_type="time_based",
            term_hours=4000 if sound else 1500,
            rti_hours_per_year=144,
            rti_provider_name="CCBC",
            ratio_apprentices=1,
            ratio_journeyworkers=1,
            journeyworker_wage=30.0,
            probation_hours=500,
            stage="drafting",
        )
        s.add(p)
        s.flush()
        s.add_all(
            [
                WorkProcess(program_id=p.id, position=1, title="Setup", hours=2000 if sound else 1500),
                WorkProcess(program_id=p.id, position=2, title="Programming", hours=2000 if sound else 0),
                WageStep(program_id=p.id, position=1, after_hours=0, percent_of_journeyworker=55),
                WageStep(program_id=p.id, position=2, after_hours=2000, percent_of_journeyworker=75),
            ]
        )
        for i in range(apprentices):
            s.add(Apprentice(program_id=p.id, name=f"Apprentice {i + 1}", start_date=TODAY))
        s.flush()
        s.refresh(p)
        refresh_checklist(s, p, TODAY)
        return p.id


def test_the_checklist_follows_the_template_and_the_roster(db: Database) -> None:
    pid = make_program(db, apprentices=5)
    with db.read_session() as s:
        p = s.get(ApprenticeshipProgram, pid)
        titles = sorted(d.title for d in p.documents)
        assert "Standards of apprenticeship" in titles
        assert "Affirmative action / EEO plan" in titles  # five apprentices
        assert sum(t.startswith("Apprentice agreement — ") for t in titles) == 5
        assert refresh_checklist(s, p, TODAY) == 0  # running again adds nothing
        states = document_states(p, TODAY + dt.timedelta(days=60))
        assert all(d.overdue for d in states)  # all still missing and past due


def test_a_program_cannot_be_submitted_while_a_required_document_is_missing(db: Database) -> None:
    pid = make_program(db)
    with pytest.raises(StageBlocked) as err:
        move_stage(db, pid, "submitted", TODAY)
    assert any("Standards of apprenticeship is missing" in b for b in err.value.problems)
    with db.read_session() as s:
        assert s.get(ApprenticeshipProgram, pid).stage == "drafting"  # nothing changed


def test_an_override_moves_the_program_and_records_the_reason(db: Database) -> None:
    pid = make_program(db)
    overridden = move_stage(
        db, pid, "submitted", TODAY, override_reason="State reviewer asked for an early look"
    )
    assert overridden
    with db.read_session() as s:
        p = s.get(ApprenticeshipProgram, pid)
        assert p.stage == "submitted" and p.submitted_on == TODAY
        change = s.query(StageChange).filter_by(program_id=pid).one()
        assert change.override_reason == "State reviewer asked for an early look"
        assert change.from_stage == "drafting"


def test_ready_paperwork_and_a_sound_program_submit_without_override(db: Database) -> None:
    pid = make_program(db)
    with db.session() as s:
        p = s.get(ApprenticeshipProgram, pid)
        for d in p.documents:
            d.status = "received"
    assert move_stage(db, pid, "submitted", TODAY) == []


def test_rule_breaches_block_submission(db: Database) -> None:
    pid = make_program(db, sound=False)
    with db.session() as s:
        for d in s.get(ApprenticeshipProgram, pid).documents:
            d.status = "approved"
    with db.read_session() as s:
        blockers = stage_blockers(s.get(ApprenticeshipProgram, pid), "submitted")
    assert any("29 CFR 29.5(b)(2)" in b for b in blockers)


def test_cancelling_is_never_blocked(db: Database) -> None:
    pid = make_program(db)
    assert move_stage(db, pid, "cancelled", TODAY) == []
