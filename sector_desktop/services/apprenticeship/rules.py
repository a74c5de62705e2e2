"""Check a program against the federal standards (29 CFR 29.5) and its state's additions.

The rules themselves are data (resources/apprenticeship/rules.*.json); this module holds the
named checks they refer to. A check returns None when the program passes, or the values to put
into the rule's message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .templates import Rule, rules_for_state


@dataclass(frozen=True)
class WageStepFacts:
    after_hours: int | None
    after_months: int | None
    percent: float | None
    rate: float | None


@dataclass(frozen=True)
class ProgramFacts:
    """What the checks need to know about a program, as plain data."""

    state: str
    program_type: str
    term_hours: int | None
    work_process_hours: list[int] = field(default_factory=list)
    rti_hours_per_year: int | None = None
    rti_provider: str | None = None
    ratio_apprentices: int | None = None
    ratio_journeyworkers: int | None = None
    journeyworker_wage: float | None = None
    probation_hours: int | None = None
    wage_steps: list[WageStepFacts] = field(default_factory=list)
    apprentice_count: int = 0


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # "error" or "warning"
    message: str
    citation: str

    def __str__(self) -> str:
        return f"{self.message} ({self.citation})"


Check = Callable[[ProgramFacts, dict], dict | None]


def _min_term_hours(p: ProgramFacts, params: dict) -> dict | None:
    actual = p.term_hours or 0
    return None if actual >= params["min_hours"] else {"actual": actual}


def _work_process_sum(p: ProgramFacts, _params: dict) -> dict | None:
    if not p.term_hours:
        return None  # the term rule reports a missing term
    actual = sum(p.work_process_hours)
    return None if actual == p.term_hours else {"actual": actual, "expected": p.term_hours}


def _min_rti(p: ProgramFacts, params: dict) -> dict | None:
    actual = p.rti_hours_per_year or 0
    return None if actual >= params["min_hours"] else {"actual": actual}


def _step_wage(step: WageStepFacts, journeyworker: float | None) -> float | None:
    if step.rate is not None:
        return step.rate
    if step.percent is not None and journeyworker:
        return journeyworker * step.percent / 100
    return step.percent


def _progressive(p: ProgramFacts, _params: dict) -> dict | None:
    if not p.wage_steps:
        return {"detail": "there are no wage steps"}
    wages = [_step_wage(s, p.journeyworker_wage) for s in p.wage_steps]
    for i in range(1, len(wages)):
        before, now = wages[i - 1], wages[i]
        if before is None or now is None:
            return {"detail": f"step {i + 1 if now is None else i} has no wage"}
        if now <= before:
            return {"detail": f"step {i + 1} ({now:.2f}) is not above step {i} ({before:.2f})"}
    return None


def _ratio(p: ProgramFacts, _params: dict) -> dict | None:
    ok = (p.ratio_apprentices or 0) > 0 and (p.ratio_journeyworkers or 0) > 0
    return None if ok else {}


def _max_probation(p: ProgramFacts, params: dict) -> dict | None:
    if p.probation_hours is None or not p.term_hours:
        return None
    limit = int(min(p.term_hours * params["max_fraction_of_term"], params["max_hours"]))
    return None if p.probation_hours <= limit else {"actual": p.probation_hours, "limit": limit}


def _apprentice_count(p: ProgramFacts, params: dict) -> dict | None:
    return {"actual": p.apprentice_count} if p.apprentice_count >= params["count"] else None


def _wage_stated(p: ProgramFacts, _params: dict) -> dict | None:
    return None if (p.journeyworker_wage or 0) > 0 else {}


def _rti_named(p: ProgramFacts, _params: dict) -> dict | None:
    return None if (p.rti_provider or "").strip() else {}


CHECKS: dict[str, Check] = {
    "min_term_hours": _min_term_hours,
    "work_process_sum": _work_process_sum,
    "min_rti_hours_per_year": _min_rti,
    "progressive_wages": _progressive,
    "ratio_stated": _ratio,
    "max_probation": _max_probation,
    "apprentice_count_at_least": _apprentice_count,
    "journeyworker_wage_stated": _wage_stated,
    "rti_provider_named": _rti_named,
}


def unknown_checks(rules: tuple[Rule, ...]) -> list[str]:
    return [r.id for r in rules if r.check not in CHECKS]


def check_program(facts: ProgramFacts) -> list[Finding]:
    """Every rule of the program's state that it breaks, errors first."""
    findings = []
    for rule in rules_for_state(facts.state):
        if facts.program_type not in rule.applies_to:
            continue
        values = CHECKS[rule.check](facts, dict(rule.params))
        if values is not None:
            message = rule.message.format(**rule.params, **values)
            findings.append(Finding(rule.id, rule.severity, message, rule.citation))
    return sorted(findings, key=lambda f: f.severity != "error")
