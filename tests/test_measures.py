"""The measures of docs/measures.md against a hand-built world whose every answer is counted here by hand.

Program year 2025 runs 1 July 2025 to 30 June 2026. The world has: an employer served in two quarters
(A), one served only in the year before (B), a service on 30 June and another on 1 July (C), a merged
duplicate (D into E), a tombstoned visit (F), a planned visit (G), two sites under one FEIN (H1, H2), a
partner that is not an employer (P), a visit without a category (I), an employer last served four
years back (J) and one served on the first day of the oldest year that counts (K); placements, one
of them with its 4th quarter not yet ended.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest

from sector_desktop.services.outcomes.quarters import quarter_end_after
from sector_desktop.services.performance import Period, Records, Scope, compute
from sector_desktop.services.performance.columns import VisitColumns
from sector_desktop.services.performance.context import Context, kept_id, kept_ids
from sector_desktop.services.performance.measures import breakdown
from sector_desktop.services.performance.outcome_measures import placements_count, placements_in
from sector_desktop.services.performance.periods import (
    parse_quarter,
    period_of,
    program_year_of,
    quarter_of,
)
from sector_desktop.services.performance.rows import (
    ActionItemRow,
    ApprenticeRow,
    AreaWage,
    CohortRow,
    Counted,
    Establishments,
    OrganizationRow,
    PartnershipRow,
    PlacementRow,
    ProgramRow,
    RetentionCheckRow,
    VisitRow,
)
from sector_desktop.services.performance.series import last_quarters

D = dt.date
PY2025 = Period(2025)
AS_OF = D(2026, 11, 24)
S1, S2 = "staff-1", "staff-2"


def org(id: str, sector: str = "healthcare", kind: str = "employer", **kw: object) -> OrganizationRow:
    return OrganizationRow(id=id, name=f"Org {id}", kind=kind, sector=sector, **kw)  # type: ignore[arg-type]


ORGS = {
    o.id: o
    for o in (
        org("A"),
        org("B"),
        org("C", "manufacturing"),
        org("D", deleted=True, merged_into="E"),
        org("E"),
        org("F"),
        org("G"),
        org("H1", "it", fein="52-1234567"),
        org("H2", "it", fein="52-1234567"),
        org("P", kind="training_provider"),
        org("I"),
        org("J", "manufacturing"),
        org("K", "logistics"),
        org("X", deleted=True),  # deleted, not merged: its records count for no one
    )
}


def visit(id: str, org_id: str, day: dt.date, *services: str, staff: str = S2, **kw: object) -> VisitRow:
    return VisitRow(id, org_id, day, kw.pop("status", "completed"), services, staff, **kw)  # type: ignore[arg-type]


VISITS = [
    visit("a1", "A", D(2025, 8, 10), "recruitment", staff=S1),
    visit("a2", "A", D(2026, 1, 15), "recruitment", "training", staff=S1),
    visit("b1", "B", D(2024, 10, 1), "recruitment"),
    visit("c0", "C", D(2025, 6, 30), "information_support", staff=S1),  # 30 June: the year before
    visit("c1", "C", D(2025, 7, 1), "information_support", staff=S1),  # 1 July: this year
    visit("d1", "D", D(2025, 9, 1), "recruitment"),  # logged against the duplicate: counts for E
    visit("e1", "E", D(2026, 2, 1), "strategic_planning"),
    visit("f1", "F", D(2025, 10, 9), "recruitment", deleted=True),
    visit("g1", "G", D(2026, 3, 9), "recruitment", status="planned"),
    visit("g2", "G", D(2026, 3, 2), "recruitment", status="cancelled"),
    visit("h1", "H1", D(2025, 11, 5), "recruitment"),
    visit("h2", "H2", D(2025, 12, 1), "training"),
    visit("p1", "P", D(2025, 10, 20), "training"),
    visit("i1", "I", D(2025, 10, 21), "not_a_9169_category"),
    visit("j1", "J", D(2026, 3, 3), "information_support"),
    visit("k0", "K", D(2022, 7, 1), "layoff_planning"),
    visit("k1", "K", D(2026, 6, 30), "rapid_response"),
    visit("x1", "X", D(2025, 9, 9), "recruitment"),
]

PLACEMENTS = [
    PlacementRow("pl1", "E", D(2025, 8, 15), "31-1131", "Nursing Assistants", 20.0, True, S2),
    PlacementRow("pl2", "A", D(2025, 11, 1), "31-1131", "Nursing Assistants", 24.0, True, S1),
    PlacementRow("pl3", "H1", D(2026, 2, 10), "29-2052", "Pharmacy Technicians", 30.0, False, S2),
    PlacementRow("pl4", "A", D(2025, 9, 1), "31-1131", "", 99.0, True, S1, deleted=True),
    PlacementRow("pl5", "K", D(2025, 4, 20), "53-3032", "Truck Drivers", 27.0, True, S2),
]
CHECKS = [
    RetentionCheckRow("r1", "pl1", 2, "yes"),
    RetentionCheckRow("r2", "pl2", 2, "no"),
    RetentionCheckRow("r3", "pl5", 2, "unknown"),
    RetentionCheckRow("r4", "pl5", 4, "yes"),
    RetentionCheckRow("r5", "pl1", 4, "yes"),
    RetentionCheckRow("r6", "pl2", 2, "yes", deleted=True),
]
COHORTS = [
    CohortRow("c-1", "CNA spring", "healthcare", D(2026, 5, 30), 12, 10, 9, "CNA", S1, "P1"),
    CohortRow("c-2", "CNA last year", "healthcare", D(2025, 6, 15), 10, 10, 10, "CNA", S1),
    CohortRow("c-3", "Deleted", "healthcare", D(2026, 1, 15), 50, 50, 50, "CNA", S1, deleted=True),
]


def records(**changes: object) -> Records:
    base = Records(
        organizations=ORGS,
        visits=VISITS,
        earlier_served=frozenset({"J"}),  # J's last service was in PY 2021, before the rows given
        placements=PLACEMENTS,
        checks=CHECKS,
        cohorts=COHORTS,
        programs=[
            ProgramRow("prog1", "A", D(2025, 10, 1), S1),
            ProgramRow("prog2", "C", D(2024, 3, 1), S1),
        ],
        apprentices=[
            ApprenticeRow("ap1", "prog2", D(2025, 9, 1)),
            ApprenticeRow("ap2", "prog1", D(2026, 8, 1)),
            ApprenticeRow("ap3", "prog1", D(2025, 9, 1), deleted=True),
        ],
        action_items=[
            ActionItemRow("ai1", "done", D(2025, 12, 1), S1, "A"),
            ActionItemRow("ai2", "open", None, S1, "A"),
            ActionItemRow("ai3", "done", D(2026, 7, 2), S1, "A"),
            ActionItemRow("ai4", "done", D(2025, 12, 2), S1, deleted=True),
            ActionItemRow("ai5", "done", D(2026, 1, 2), S2, None, "P1"),
        ],
        partnerships={"P1": PartnershipRow("P1", "Healthcare", "healthcare", frozenset({"A", "D"}))},
        area_wages={"31-1131": AreaWage(18.5, "OEWS May 2024, Baltimore MSA")},
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def test_program_years_and_quarters_are_calendar_dates() -> None:
    assert program_year_of(D(2026, 6, 30)) == 2025 and program_year_of(D(2026, 7, 1)) == 2026
    assert [quarter_of(D(2025, m, 1)) for m in (7, 9, 10, 12, 1, 3, 4, 6)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert (PY2025.start, PY2025.end) == (D(2025, 7, 1), D(2026, 6, 30))
    assert (Period(2025, 2).start, Period(2025, 2).end) == (D(2025, 10, 1), D(2025, 12, 31))
    assert (Period(2025, 3).start, Period(2025, 4).end) == (D(2026, 1, 1), D(2026, 6, 30))
    assert period_of(D(2026, 6, 30)) == Period(2025, 4) and period_of(D(2025, 7, 1)) == Period(2025, 1)
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert PY2025.span == "Jul 2025 – Jun 2026" and Period(2025, 2).span == "Oct – Dec 2025"
    assert [parse_quarter(t) for t in ("1", "Q2", "q3", " 4 ")] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="not a quarter"):
        parse_quarter("5")
    assert last_quarters(PY2025)[0] == Period(2024, 1) and last_quarters(PY2025)[-1] == Period(2025, 4)


def test_quarters_after_placement_are_calendar_quarters() -> None:
    assert quarter_end_after(D(2025, 8, 15), 2) == D(2026, 3, 31)
    assert quarter_end_after(D(2025, 8, 15), 4) == D(2026, 9, 30)
    assert quarter_end_after(D(2025, 11, 1), 4) == D(2026, 12, 31)
    assert quarter_end_after(D(2025, 12, 31), 2) == D(2026, 6, 30)


def _ids(result, key: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(result.measure(key).ids)


def test_establishments_served_count_distinct_live_employers_after_merges() -> None:
    result = compute(records(), PY2025, Scope(), AS_OF)
    # A once (two quarters), C (1 July), E (its own visit and the duplicate's), H1 and H2 (one FEIN,
    # two sites), J, K (30 June 2026). Not B (last year), F (tombstoned), G (planned, cancelled),
    # P (not an employer), I (no category), D (merged), X (deleted).
    assert _ids(result, "establishments_served") == {"A", "C", "E", "H1", "H2", "J", "K"}
    assert _ids(result, "services") == {"a1", "a2", "c1", "d1", "e1", "h1", "h2", "j1", "k1"}
    assert result.measure("visits").numerator == 11  # the nine services, P's and I's visits
    last_year = compute(records(), Period(2024), Scope(), AS_OF)
    assert _ids(last_year, "establishments_served") == {"B", "C"}  # C's 30 June service


def test_repeat_business_looks_three_program_years_back() -> None:
    repeat = compute(records(), PY2025, Scope(), AS_OF).measure("repeat_business")
    # C (served 30 June 2025, PY 2024) and K (1 July 2022, the first day of PY 2022); J's last
    # service was in PY 2021, four years back.
    assert (repeat.numerator, repeat.denominator) == (2, 7)
    assert set(repeat.ids) == {"C", "K"} and repeat.value == pytest.approx(2 / 7)


def test_new_employers_have_no_service_before_the_period() -> None:
    assert _ids(compute(records(), PY2025, Scope(), AS_OF), "new_employers") == {"A", "E", "H1", "H2"}
    q3 = compute(records(), Period(2025, 3), Scope(), AS_OF)
    assert _ids(q3, "establishments_served") == {"A", "E", "J"}
    assert _ids(q3, "new_employers") == set()  # A and E were first served in Q1; J years ago
    assert q3.measure("repeat_business").numerator == 0


def test_the_eta_9169_table_counts_establishments_per_category() -> None:
    lines = {c.code: c for c in compute(records(), PY2025, Scope(), AS_OF).categories}
    assert len(lines) == 8
    assert (lines["recruitment"].establishments, lines["recruitment"].services) == (3, 4)  # A twice, E, H1
    assert set(lines["recruitment"].organization_ids) == {"A", "E", "H1"}
    assert (lines["training"].establishments, lines["training"].services) == (2, 2)  # A, H2 (not P)
    assert (lines["information_support"].establishments, lines["rapid_response"].establishments) == (2, 1)
    assert lines["layoff_planning"].establishments == 0  # K's was in PY 2022


def test_quarter_over_quarter_series() -> None:
    points = compute(records(), PY2025, Scope(), AS_OF).quarters
    assert [p.period.label for p in points[-4:]] == [f"PY 2025 Q{q}" for q in (1, 2, 3, 4)]
    assert [(p.establishments, p.services) for p in points[-4:]] == [(3, 3), (2, 2), (3, 3), (1, 1)]
    assert [p.placements for p in points[-4:]] == [1, 1, 1, 0]
    assert (points[3].period, points[3].establishments, points[3].placements) == (Period(2024, 4), 1, 1)


@pytest.mark.parametrize("in_order", [False, True])
def test_the_series_counts_per_quarter_are_the_plain_filters_per_quarter(in_order: bool) -> None:
    """The series splits services by quarter in one pass (by bisection when they are in order of
    their day, as the store gives them) and counts placements by bisection; both equal the plain
    filters of each quarter, for every scope (scopes combining kinds too)."""
    edges = [
        visit("q2", "A", D(2025, 10, 1), "training"),
        visit("q3", "H1", D(2026, 1, 1), "recruitment"),
        visit("q4", "C", D(2026, 4, 1), "training", staff=S1),
    ]  # each on the first day of a quarter
    given = VISITS + edges
    recs = records(visits=sorted(given, key=lambda v: v.day) if in_order else given)
    days = Context.of(recs, PY2025, AS_OF).services.days
    assert (list(days) == sorted(days)) == in_order
    ctx = Context.of(recs, PY2025, AS_OF)
    scopes = [Scope(), Scope(staff_id=S1), Scope(sector="it"), Scope(partnership_id="P1"),
              Scope(staff_id=S2, sector="healthcare")]  # fmt: skip
    for scope in scopes:
        found = ctx.services_in(scope)
        for quarter in [*PY2025.quarters(), Period(2024, 4), Period(2026, 1)]:
            plain = [i for i, day in zip(found.ids, found.days, strict=True) if day in quarter]
            assert list(ctx.services_in(scope, quarter).ids) == plain, (scope, quarter)
            assert placements_count(ctx, scope, quarter) == len(placements_in(ctx, scope, quarter))


def test_penetration_names_its_denominator_or_says_why_it_is_absent() -> None:
    missing = compute(records(), PY2025, Scope(), AS_OF).measure("employer_penetration")
    assert missing.value is None and missing.denominator is None
    assert missing.absent == "no denominator: no QCEW figure imported"
    qcew = Establishments(1400, "QCEW 2024 annual averages, area 24510")
    found = compute(records(establishments=qcew), PY2025, Scope(), AS_OF).measure("employer_penetration")
    assert (found.numerator, found.denominator) == (7, 1400) and found.value == pytest.approx(7 / 1400)
    assert "QCEW 2024 annual averages" in found.note and found.absent is None
    part = compute(records(establishments=qcew), PY2025, Scope(staff_id=S1), AS_OF)
    assert part.measure("employer_penetration").absent.startswith("not for part of the team")


def test_scopes_narrow_to_a_staff_member_a_sector_or_a_partnership() -> None:
    mine = compute(records(), PY2025, Scope(staff_id=S1), AS_OF)
    assert _ids(mine, "establishments_served") == {"A", "C"}
    assert _ids(mine, "placements") == {"pl2"} and _ids(mine, "action_items_closed") == {"ai1"}
    it = compute(records(), PY2025, Scope(sector="it"), AS_OF)
    assert _ids(it, "establishments_served") == {"H1", "H2"} and _ids(it, "placements") == {"pl3"}
    partnership = compute(records(), PY2025, Scope(partnership_id="P1"), AS_OF)
    assert _ids(partnership, "establishments_served") == {"A", "E"}  # D on the roster stands for E
    assert _ids(partnership, "credentials") == {"c-1"}
    assert _ids(partnership, "action_items_closed") == {"ai1", "ai5"}


def test_placements_and_wages_against_the_area_median() -> None:
    result = compute(records(), PY2025, Scope(), AS_OF)
    assert _ids(result, "placements") == {"pl1", "pl2", "pl3"}  # not the deleted one, not PY 2024's
    median = result.measure("median_wage")
    assert (median.value, median.denominator) == (24.0, 3)
    share = result.measure("wage_at_or_above_area_median")
    assert (share.numerator, share.denominator) == (2, 2)  # the two CNAs; no OEWS figure for 29-2052
    cna = next(w for w in result.wages if w.soc == "31-1131")
    assert (cna.median_wage, cna.area.median_hourly if cna.area else None) == (22.0, 18.5)
    none = compute(records(area_wages={}), PY2025, Scope(), AS_OF).measure("wage_at_or_above_area_median")
    assert none.value is None and "no OEWS median" in (none.absent or "")


def test_retention_counts_placements_whose_quarter_has_ended() -> None:
    result = compute(records(), PY2025, Scope(), AS_OF)
    q2, q4 = result.measure("retention_q2"), result.measure("retention_q4")
    # 2nd quarters ending in PY 2025: pl5 (Dec 31, unknown), pl1 (Mar 31, yes), pl2 (Jun 30, no).
    assert (set(q2.denominator_ids), set(q2.ids)) == ({"pl1", "pl2", "pl5"}, {"pl1"})
    assert (set(q4.denominator_ids), set(q4.ids)) == ({"pl5"}, {"pl5"})
    # PY 2026 as of Nov 24, 2026: pl1's 4th quarter ended Sep 30; pl2's ends Dec 31, not yet.
    now = compute(records(), Period(2026), Scope(), AS_OF).measure("retention_q4")
    assert (set(now.denominator_ids), now.value) == ({"pl1"}, 1.0)
    later = compute(records(), Period(2026), Scope(), D(2027, 1, 5)).measure("retention_q4")
    assert (later.numerator, later.denominator) == (1, 2)


def test_cohorts_apprenticeships_and_action_items() -> None:
    result = compute(records(), PY2025, Scope(), AS_OF)
    completion = result.measure("completion_rate")
    assert (completion.numerator, completion.denominator) == (10, 12)
    assert result.measure("credentials").value == 9
    assert _ids(result, "programs_registered") == {"prog1"}
    assert _ids(result, "apprentices") == {"ap1"}
    assert _ids(result, "action_items_closed") == {"ai1", "ai5"}


def test_every_measure_has_json_with_numerator_and_denominator() -> None:
    result = compute(records(), PY2025, Scope(), AS_OF)
    keys = [m.key for m in result.measures]
    assert len(keys) == len(set(keys)) == 16
    for m in result.measures:
        data = m.as_json()
        assert {"numerator", "denominator", "value", "absent"} <= set(data)
        assert m.value is not None or m.absent, m.key


@pytest.mark.parametrize(
    "period", [PY2025, Period(2024), Period(2025, 1), Period(2025, 3), Period(2026), Period(2022, 1)]
)
def test_the_columns_give_what_the_rows_give(period: Period) -> None:
    """The column-wise context (`Records.visit_columns`, as the store reads visits) resolves services,
    completed visits and who was served before exactly as the plain loop over rows does, for every
    scope: same measures, same records behind them, in the same order."""
    rows, columns = records(), records(visits=[], visit_columns=VisitColumns.from_rows(VISITS))
    by_rows, by_columns = Context.of(rows, period, AS_OF), Context.of(columns, period, AS_OF)
    assert (by_columns.services, by_columns.completed) == (by_rows.services, by_rows.completed)
    assert (by_columns.before, by_columns.history) == (by_rows.before, by_rows.history)
    scopes = [Scope(), Scope(staff_id=S1), Scope(staff_id=S2), Scope(sector="it"), Scope(sector="logistics"),
              Scope(partnership_id="P1"), Scope(staff_id=S2, sector="healthcare"),
              Scope(staff_id=S1, partnership_id="P1")]  # fmt: skip
    for scope in scopes:
        assert compute(columns, period, scope, AS_OF) == compute(rows, period, scope, AS_OF), scope
        assert breakdown(by_columns, scope) == breakdown(by_rows, scope), scope


def test_the_kept_ids_made_column_wise_are_kept_id_of_each_organization() -> None:
    more = (org("Y", merged_into="D"), org("Z", merged_into="P"), org("W", merged_into="X"))
    chain = {**ORGS, **{o.id: o for o in more}}
    recs = records(organizations=chain)
    any_of, employer_of = kept_ids(recs)
    assert any_of == {i: kept_id(chain, i, employers_only=False) for i in chain}
    assert employer_of == {i: kept_id(chain, i, employers_only=True) for i in chain}
    assert (any_of["Y"], employer_of["Z"], any_of["Z"], any_of["W"]) == ("E", None, "P", None)


def test_a_reports_records_and_contexts_are_freed_without_the_cyclic_collector() -> None:
    """The report pauses the cyclic collector (collector.py); what it made must go by reference
    counting alone, or the collector walks all of it when it resumes (a context holds its records
    weakly, and the scopes' indexes do not hold the context)."""
    gc.collect()
    gc.disable()
    try:
        recs = records(visits=[], visit_columns=VisitColumns.from_rows(VISITS))
        compute(recs, PY2025, Scope(partnership_id="P1"), AS_OF)
        ctx = Context.of(recs, PY2025, AS_OF)
        for scope in (Scope(staff_id=S1), Scope(sector="it"), Scope(partnership_id="P1")):
            breakdown(ctx, scope)
        gone = weakref.ref(ctx)
        del ctx, recs
        assert gone() is None
    finally:
        gc.enable()


def test_the_eta_9169_lines_are_the_plain_filter_of_each_category() -> None:
    """The table's bits per service and per establishment (`categories`) give, for every scope, each
    category's services in their order and its establishments sorted, as filtering them one by one does."""
    recs = records()
    ctx = Context.of(recs, PY2025, AS_OF)
    scopes = [Scope(), Scope(staff_id=S1), Scope(sector="it"), Scope(partnership_id="P1"),
              Scope(staff_id=S2, sector="healthcare")]  # fmt: skip
    for scope in scopes:
        services = ctx.services_in(scope)
        rows = list(zip(services.ids, services.organizations, services.services, strict=True))
        for line in compute(recs, PY2025, scope, AS_OF).categories:
            having = [(i, o) for i, o, codes in rows if line.code in codes]
            assert line.visit_ids == tuple(i for i, _ in having), (scope, line.code)
            assert line.organization_ids == tuple(sorted({o for _, o in having})), (scope, line.code)


def test_the_establishments_behind_each_measure_are_sorted_for_every_scope() -> None:
    """Repeat business and new employers are taken from the sorted establishments served, in order."""
    for scope in (Scope(), Scope(staff_id=S1), Scope(staff_id=S2), Scope(sector="healthcare")):
        result = compute(records(), PY2025, scope, AS_OF)
        for key in ("establishments_served", "repeat_business", "new_employers"):
            ids = result.measure(key).ids
            assert ids == tuple(sorted(ids)), (scope, key)
        repeat = result.measure("repeat_business")
        assert repeat.denominator_ids == result.measure("establishments_served").ids


def test_served_before_and_in_the_three_years_before_from_the_stores_sets() -> None:
    """What the store counted (`Records.counted`) and served before stand for their establishments
    after merges (D for E; a partner P and a deleted X for none), whichever set names them."""
    counted = Counted(2025, frozenset({"C", "D", "P"}))
    recs = records(visits=[], earlier_served=frozenset({"J", "B", "D", "P", "X"}), counted=counted)
    ctx = Context.of(recs, PY2025, AS_OF)
    assert ctx.history == {"C", "E"}
    assert ctx.before == {"J", "B", "E", "C"}
    other_year = Context.of(recs, Period(2026), AS_OF)  # counted for PY 2025: only served before counts
    assert (other_year.history, other_year.before) == (set(), {"J", "B", "E"})
