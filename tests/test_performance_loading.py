"""What the store counts in SQL for the measures (services.performance.loading) gives the measures the
same answers as the visit rows of every year would: the local day of a start computed by SQLite from
the zone's offsets agrees with zoneinfo across DST; the organizations served before a program year and
in the three before it, and the earlier quarters of the series, equal what the measures count from rows.

The world: employers served across six program years by two staff members, starts in the hours around
midnight on 30 June / 1 July and on quarter boundaries (New York, in daylight saving time then) and
around the November and March transitions, a merged duplicate, a deleted organization, tombstoned,
planned and cancelled visits, a visit whose only code is not an ETA-9169 category, a partner that is
not an employer, and a partnership roster.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import replace
from functools import partial

import pytest
from sqlalchemy import Column, DateTime, MetaData, Table, create_engine, func, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sector_desktop import clock
from sector_desktop.models import (
    ActionItem,
    Organization,
    PartnershipMember,
    Placement,
    RetentionCheck,
    SectorPartnership,
    StaffUser,
    Visit,
)
from sector_desktop.services.performance import (
    Period,
    Scope,
    compute,
    history,
    joined,
    loading,
    outcome_rows,
    queries,
)
from sector_desktop.services.performance.columns import VisitColumns
from sector_desktop.services.performance.context import Context
from sector_desktop.services.performance.measures import BREAKDOWN, breakdown
from sector_desktop.services.performance.parallel import Beside
from sector_desktop.services.performance.rows import (
    ActionItemRow,
    OrganizationRow,
    PlacementRow,
    RetentionCheckRow,
    VisitRow,
)
from sector_desktop.services.performance.series import served_in
from sector_desktop.store import Database

ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham")
AS_OF = dt.date(2026, 11, 24)
CODES = ("recruitment", "training", "information_support", "strategic_planning", "not_a_9169_category")


@pytest.mark.parametrize("zone", ZONES)
def test_the_local_day_computed_in_sql_agrees_with_zoneinfo_across_dst(zone: str) -> None:
    clock.use_zone(zone)
    try:
        start, end = dt.datetime(2024, 6, 1), dt.datetime(2026, 7, 15)
        instants: list[dt.datetime] = []
        # Every 20 minutes of a day or two around each of the zone's transitions and each local midnight
        # that starts a program year or quarter, plus the microseconds either side of those instants.
        edges = [at for at, _off in clock.utc_offsets(start, end)[1:]]
        edges += [clock.day_start(Period(y, q).start) for y in (2024, 2025) for q in (1, 2, 3, 4)]
        for edge in edges:
            instants += [edge + dt.timedelta(minutes=20 * i) for i in range(-80, 80)]
            instants += [edge - dt.timedelta(microseconds=1), edge, edge + dt.timedelta(microseconds=1)]
            instants += [edge - dt.timedelta(microseconds=200), edge - dt.timedelta(seconds=1)]
        rng = random.Random(13)
        instants += [
            start + dt.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
            for _ in range(2000)
        ]
        instants = sorted({i for i in instants if start <= i < end})
        table = Table("instants", MetaData(), Column("at", DateTime))
        engine = create_engine("sqlite://")
        with engine.begin() as conn:
            table.create(conn)
            conn.execute(insert(table), [{"at": i} for i in instants])
            rows = conn.execute(select(table.c.at, loading.local_date(table.c.at, start, end))).all()
        assert len(rows) == len(instants)
        wrong = [(at, day) for at, day in rows if dt.date.fromisoformat(day) != clock.local_day(at)]
        assert wrong == []
    finally:
        clock.use_zone(None)


def test_utc_offsets_find_each_transition_to_the_second() -> None:
    clock.use_zone("America/New_York")
    try:
        segments = clock.utc_offsets(dt.datetime(2025, 7, 1, 4), dt.datetime(2026, 7, 1, 4))
        assert [at for at, _ in segments] == [
            dt.datetime(2025, 7, 1, 4),
            dt.datetime(2025, 11, 2, 6),  # 2 am EDT falls back
            dt.datetime(2026, 3, 8, 7),  # 2 am EST springs forward
        ]
        assert [off.total_seconds() / 3600 for _, off in segments] == [-4, -5, -4]
    finally:
        clock.use_zone(None)


def _world(db: Database) -> dict[str, str]:
    """Visits over PY 2020 to PY 2026; returns the ids the test names."""
    rng = random.Random(20261124)
    ids: dict[str, str] = {}
    with db.session() as s:
        ana, ben = StaffUser(name="Ana Ortiz", username="ana"), StaffUser(name="Ben Li", username="ben")
        s.add_all([ana, ben])
        orgs = [
            Organization(
                name=f"Employer {i}", kind="employer", sector=("healthcare", "manufacturing", "it")[i % 3]
            )
            for i in range(14)
        ]
        partner = Organization(name="Harbor College", kind="community_college", sector="healthcare")
        s.add_all([*orgs, partner])
        s.flush()
        kept, duplicate, gone = orgs[0], orgs[1], orgs[2]
        duplicate.merged_into_id, duplicate.deleted_at = kept.id, dt.datetime(2026, 1, 1)
        gone.deleted_at = dt.datetime(2025, 1, 1)
        partnership = SectorPartnership(name="Healthcare Careers", sector="healthcare")
        s.add(partnership)
        s.flush()
        s.add_all(
            PartnershipMember(partnership_id=partnership.id, organization_id=o.id)
            for o in (orgs[1], orgs[3], orgs[4])
        )
        ids.update(ana=ana.id, ben=ben.id, partnership=partnership.id)
        everyone = [*orgs, partner]
        # Local wall times around the boundaries (New York): late on the last day, early on the first.
        boundary_days = [Period(y, q).start for y in range(2020, 2027) for q in (1, 2, 3, 4)]
        starts: list[dt.datetime] = []
        for day in boundary_days:
            for hour, minute in ((23, 59), (0, 0), (0, 30), (20, 15)):
                wall = dt.datetime.combine(
                    day if hour < 12 else day - dt.timedelta(days=1), dt.time(hour, minute)
                )
                starts.append(clock.to_utc(wall))
        for transition in (
            dt.date(2024, 11, 3),
            dt.date(2025, 3, 9),
            dt.date(2025, 11, 2),
            dt.date(2026, 3, 8),
        ):
            starts += [clock.to_utc(dt.datetime.combine(transition, dt.time(h, 30))) for h in range(0, 4)]
        first = dt.datetime(2020, 7, 1)
        starts += [first + dt.timedelta(minutes=rng.randrange(60 * 24 * 365 * 6)) for _ in range(400)]
        for i, at in enumerate(starts):
            codes = rng.sample(CODES, rng.choice((0, 1, 1, 2)))
            status = rng.choice(("completed",) * 8 + ("planned", "cancelled"))
            visit = Visit(
                organization_id=rng.choice(everyone).id, starts_at=at, status=status,
                staff_id=rng.choice((ana.id, ben.id, None)), services=codes,
            )  # fmt: skip
            if i % 23 == 0:
                visit.deleted_at = dt.datetime(2026, 2, 2)
            s.add(visit)
    return ids


def _all_rows(db: Database, period: Period):  # type: ignore[no-untyped-def]
    """The period's records, with the visit rows of every year instead of the store's counts."""
    with db.read_session() as s:
        counted = loading.load_records(s, period)
        start, end = clock.days(dt.date(2000, 1, 1), period.end)
        rows = replace(
            counted,
            visits=loading._visits(s, start, end),
            visit_columns=None,
            earlier_served=frozenset(),
            counted=None,
            cache={},
        )
    return counted, rows


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    for x, y in zip(a.measures, b.measures, strict=True):
        assert (x.key, x.value, x.numerator, x.denominator, x.absent) == (
            y.key,
            y.value,
            y.numerator,
            y.denominator,
            y.absent,
        )
        assert (sorted(x.ids), sorted(x.denominator_ids)) == (sorted(y.ids), sorted(y.denominator_ids)), x.key
    assert [(c.code, sorted(c.organization_ids), sorted(c.visit_ids)) for c in a.categories] == [
        (c.code, sorted(c.organization_ids), sorted(c.visit_ids)) for c in b.categories
    ]
    assert a.quarters == b.quarters


@pytest.mark.parametrize(
    "period", [Period(2025), Period(2024), Period(2025, 1), Period(2025, 3), Period(2026, 1)]
)
def test_the_sql_counts_give_the_measures_of_the_rows_of_every_year(db: Database, period: Period) -> None:
    ids = _world(db)
    counted, rows = _all_rows(db, period)
    assert counted.counted is not None and len(counted.visits) < len(rows.visits)
    scopes = [
        Scope(),
        Scope(staff_id=ids["ana"]),
        Scope(sector="healthcare"),
        Scope(partnership_id=ids["partnership"]),
    ]
    for scope in scopes:
        from_sql, from_rows = compute(counted, period, scope, AS_OF), compute(rows, period, scope, AS_OF)
        _same(from_sql, from_rows)
        ctx = Context.of(counted, period, AS_OF)
        found = breakdown(ctx, scope)
        assert [found[k] for k in BREAKDOWN] == [from_rows.measure(k) for k in BREAKDOWN]
        for point in from_rows.quarters:
            assert served_in(counted, point.period, scope, AS_OF, period) == served_in(
                rows, point.period, scope, AS_OF, period
            )
    served = compute(rows, period, Scope(), AS_OF)
    assert served.measure("establishments_served").numerator and served.measure("repeat_business").numerator


@pytest.mark.parametrize("zone", ZONES)
def test_the_visit_rows_carry_the_local_day_of_their_start(db: Database, zone: str) -> None:
    """The rows' days are SQLite's (`local_date`), the columns' found by bisecting the sorted starts
    (`days_of`): both the zone's local day, around every quarter's first day and DST change."""
    clock.use_zone(zone)
    try:
        _world(db)
        start, end = clock.days(dt.date(2020, 7, 1), dt.date(2027, 6, 30))
        with db.read_session() as s:
            rows = loading._visits(s, start, end)
            days = {v.id: v.day for v in rows}
            columns = loading._visit_columns(s, start, end)
            empty = loading._visit_columns(s, start, start)
            query = select(Visit.id, Visit.starts_at).where(Visit.id.in_(list(days)))
            stored = dict(s.execute(query).all())
            local = {i: clock.local_day(at) for i, at in stored.items()}
    finally:
        clock.use_zone(None)
    assert len(days) > 300
    assert local == days
    # the columns the report reads are the rows, field by field
    as_lists = [list(c) for c in (columns.ids, columns.organizations, columns.days, columns.services)]
    expected = VisitColumns.from_rows(rows)
    assert as_lists == [expected.ids, expected.organizations, expected.days, expected.services]
    assert list(columns.staff_ids) == expected.staff_ids and len(empty) == 0


def test_placements_and_checks_read_through_the_driver_as_the_orm_reads_them(db: Database) -> None:
    with db.session() as s:
        employer = Organization(name="Employer", kind="employer")
        s.add(employer)
        s.flush()
        placements = [
            Placement(organization_id=employer.id, start_date=dt.date(2025, 7, 1), occupation_soc="31-1131",
                      occupation_title="Nursing Assistants", hourly_wage=20.5, full_time=True),
            Placement(organization_id=employer.id, start_date=dt.date(2025, 12, 31), hourly_wage=18,
                      full_time=False, deleted_at=dt.datetime(2026, 1, 2)),
            Placement(organization_id=employer.id, start_date=dt.date(2026, 6, 30)),
        ]  # fmt: skip
        s.add_all(placements)
        s.flush()
        first, second = placements[0].id, placements[1].id
        s.add_all(
            [
                RetentionCheck(placement_id=first, quarter=2, due_on=dt.date(2026, 3, 31), result="yes"),
                RetentionCheck(placement_id=first, quarter=4, due_on=dt.date(2026, 9, 30)),
                RetentionCheck(placement_id=second, quarter=2, due_on=dt.date(2026, 6, 30),
                               result="no", deleted_at=dt.datetime(2026, 7, 1)),
            ]
        )  # fmt: skip
    with db.read_session() as s:
        p, r = Placement, RetentionCheck
        expected = [
            PlacementRow(i, o, on, soc, title or "", wage, full, staff, cohort, gone is not None)
            for i, o, on, soc, title, wage, full, staff, cohort, gone in s.execute(
                select(p.id, p.organization_id, p.start_date, p.occupation_soc, p.occupation_title,
                       p.hourly_wage, p.full_time, p.staff_id, p.cohort_id, p.deleted_at)
            )
        ]  # fmt: skip
        query = select(r.id, r.placement_id, r.quarter, r.result, r.deleted_at)
        checks = [RetentionCheckRow(*row[:4], row[4] is not None) for row in s.execute(query)]
        assert outcome_rows.placements(s) == expected and len(expected) == 3
        assert [type(v) for v in expected[0]] == [type(v) for v in outcome_rows.placements(s)[0]]
        assert outcome_rows.checks(s) == checks and len(checks) == 3


def _grouped(db: Database, quarters: list[Period]) -> dict[Period, list[tuple[str, str | None, int]]]:
    """The quarter counts as a plain GROUP BY (the reference for `_quarter_counts`)."""
    found = {}
    with db.read_session() as s:
        for quarter in quarters:
            start, end = clock.days(quarter.start, quarter.end)
            query = (
                select(Visit.organization_id, Visit.staff_id, func.count())
                .where(
                    Visit.starts_at >= start, Visit.starts_at < end, Visit.status == "completed",
                    Visit.deleted_at.is_(None), queries.has_category(Visit.services),
                )
                .group_by(Visit.organization_id, Visit.staff_id)
            )  # fmt: skip
            found[quarter] = sorted(((o, st, n) for o, st, n in s.execute(query)), key=str)
    return found


def test_the_quarter_counts_equal_a_group_by_also_with_a_separator_in_an_id(db: Database) -> None:
    _world(db)
    quarters = [Period(y, q) for y in (2022, 2023, 2024, 2025) for q in (1, 2, 3, 4)]
    with db.read_session() as s:
        counted = history.quarter_counts(s, quarters)
        with Beside(s) as beside:  # on a connection of its own, in a thread
            assert beside.start(partial(history.quarter_counts, quarters=quarters))() == counted
    assert {q: sorted(v, key=str) for q, v in counted.items()} == {
        q: sorted(v, key=str) for q, v in _grouped(db, quarters).items()
    }
    assert sum(n for v in counted.values() for _o, _s, n in v) > 50
    with db.session() as s:  # a damaged staff id holding the separator: that quarter is grouped in SQL
        odd = StaffUser(id="odd\x1fid", name="Odd", username="odd")
        org = Organization(name="Odd Employer", kind="employer")
        s.add_all([odd, org])
        s.flush()
        at = clock.day_start(dt.date(2025, 8, 1)) + dt.timedelta(hours=15)
        s.add_all(
            Visit(organization_id=org.id, starts_at=at, staff_id=who, services=["training"])
            for who in ("odd\x1fid", "odd\x1fid", None)
        )
    with db.read_session() as s:
        counted = history.quarter_counts(s, quarters)
    expected = _grouped(db, quarters)
    assert sorted(counted[Period(2025, 1)], key=str) == sorted(expected[Period(2025, 1)], key=str)
    assert ("odd\x1fid", 2) in {(st, n) for _o, st, n in counted[Period(2025, 1)]}
    assert {q: sorted(v, key=str) for q, v in counted.items()} == {
        q: sorted(v, key=str) for q, v in expected.items()
    }


@pytest.mark.parametrize("zone", ZONES)
def test_the_done_action_items_carry_the_local_day_they_were_done(db: Database, zone: str) -> None:
    """outcome_rows.action_items dates runs of rows by bisection: the same rows and days as the plain
    reading (every done item's local day by zoneinfo), around midnights and the zone's transitions."""
    clock.use_zone(zone)
    try:
        rng = random.Random(zone)
        period = Period(2025)
        start, end = clock.days(period.start, period.end)
        edges = [at for at, _off in clock.utc_offsets(start - dt.timedelta(days=2), end)[1:]]
        edges += [clock.day_start(period.start + dt.timedelta(days=i)) for i in range(0, 366, 3)]
        edges += [start, end]
        instants = [e + dt.timedelta(microseconds=d) for e in edges for d in (-1, 0, 1, 999_999)]
        instants += [e + dt.timedelta(minutes=rng.randrange(-1500, 1500)) for e in edges for _ in range(3)]
        with db.session() as s:
            staff = StaffUser(name="Ana Ortiz", username="ana")
            org = Organization(name="Employer", kind="employer")
            s.add_all([staff, org])
            s.flush()
            for i, at in enumerate(instants):
                s.add(
                    ActionItem(
                        text=f"item {i}", status=("done", "done", "done", "open")[i % 4], completed_at=at,
                        owner_staff_id=(staff.id, None)[i % 2], organization_id=(org.id, None)[i % 3 == 0],
                        deleted_at=dt.datetime(2026, 1, 1) if i % 17 == 0 else None,
                    )
                )  # fmt: skip
        with db.read_session() as s:
            a = ActionItem
            query = select(a.id, a.completed_at, a.owner_staff_id, a.organization_id, a.partnership_id).where(
                a.status == "done", a.deleted_at.is_(None), a.completed_at >= start, a.completed_at < end
            )
            expected = sorted(
                ActionItemRow(i, "done", clock.local_day(at), owner, org_id, partnership)
                for i, at, owner, org_id, partnership in s.execute(query)
            )
            found = outcome_rows.action_items(s, period)
        assert sorted(found) == expected
        assert len(expected) > 400
        assert [type(v) for v in sorted(found)[0]] == [type(v) for v in expected[0]]
    finally:
        clock.use_zone(None)


def test_the_organizations_carry_what_the_measures_read_of_them(db: Database) -> None:
    """Kind, sector, tombstone and merge as the ORM reads them; the name and FEIN are left out."""
    _world(db)
    with db.read_session() as s:
        o = Organization
        query = select(o.id, o.kind, o.sector, o.deleted_at, o.merged_into_id)
        expected = {
            i: OrganizationRow(i, "", kind, sector, gone is not None, merged)
            for i, kind, sector, gone, merged in s.execute(query)
        }
        found = loading._organizations(s)
    assert found == expected and any(r.deleted for r in found.values())
    assert any(r.merged_into for r in found.values())
    assert {tuple(map(type, r)) for r in found.values()} == {tuple(map(type, r)) for r in expected.values()}


def test_joined_columns_are_the_rows_column_by_column_or_none(db: Database) -> None:
    """joined.joined_columns gives `fetch`'s rows as columns (NULL as None, a 0/1 flag as its text, in
    the rows' order), and None, so the caller reads the rows, whenever the joined text could mislead:
    a value holding the separator, or the empty text where NULL may be."""
    with db.session() as s:
        s.add_all(
            Organization(name=f"Employer {i:02}", kind="employer", sector=("it", None)[i % 2],
                         deleted_at=dt.datetime(2026, 1, 1) if i % 3 == 0 else None)
            for i in range(30)
        )  # fmt: skip
    o = Organization
    query = select(o.id, o.name, o.sector, o.deleted_at.is_not(None), o.merged_into_id)
    query = query.order_by(o.name.desc())
    with db.read_session() as s:
        rows = queries.fetch(s, query)
        found = joined.joined_columns(s, query)
        assert found is not None and len(rows) == 30
        as_rows = list(zip(*found, strict=True))
        assert as_rows == [(i, n, sector, str(gone), merged) for i, n, sector, gone, merged in rows]
        assert None in found[2] and "1" in found[3]
        assert joined.joined_columns(s, query.where(o.name == "nobody")) == [[], [], [], [], []]
    odd = {"Empty sector": "", "Sep\x1earator": "it"}  # '' where NULL may be; a value with the separator
    for name, sector in odd.items():
        with db.session() as s:
            s.add(Organization(name=name, kind="employer", sector=sector))
        with db.read_session() as s:
            assert joined.joined_columns(s, query) is None
            assert joined.joined_columns(s, query.where(o.name.not_in(odd))) is not None


def test_the_visit_columns_are_read_joined_in_a_thread_or_row_by_row(db: Database) -> None:
    """The year's visits read joined (one step of SQLite, in a thread) are the plain rows, field by
    field; with a staff id holding the separator they are read row by row, and still are."""
    _world(db)
    start, end = clock.days(dt.date(2020, 7, 1), dt.date(2027, 6, 30))

    def both() -> tuple[VisitColumns, VisitColumns, list[VisitRow]]:
        with db.read_session() as s, Beside(s) as beside:
            apart = beside.start(partial(loading._visit_columns, start=start, end=end))
            return apart(), loading._visit_columns(s, start, end), loading._visits(s, start, end)

    beside, here, rows = both()
    with db.read_session() as s:
        assert joined.joined_columns(s, loading._visit_query(start, end, Visit.starts_at)) is not None
    assert beside == here == VisitColumns.from_rows(rows) and len(rows) > 300
    assert None in here.staff_ids and () in here.services
    with db.session() as s:
        odd = StaffUser(id="odd\x1eid", name="Odd", username="odd")
        s.add(odd)
        s.flush()
        s.add(Visit(organization_id=s.scalars(select(Organization.id)).first(), staff_id=odd.id,
                    starts_at=clock.day_start(dt.date(2025, 8, 1)), services=["training"]))  # fmt: skip
    with db.read_session() as s:
        assert joined.joined_columns(s, loading._visit_query(start, end, Visit.starts_at)) is None
    beside, here, rows = both()
    assert beside == here == VisitColumns.from_rows(rows) and "odd\x1eid" in here.staff_ids


def test_beside_reads_in_threads_or_on_a_session_bound_to_one_connection(db: Database) -> None:
    """parallel.Beside: an engine's session reads in threads, each on a connection of its own; a session
    bound to one connection reads on it, when the answer is asked for; errors reach the caller."""
    _world(db)
    quarters = [Period(2024, q) for q in (1, 2, 3, 4)]
    with db.read_session() as s:
        expected = history.quarter_counts(s, quarters)
        with Beside(s) as beside:
            threads = beside.start(lambda source: (threading.current_thread().name, source is not s))
            counts = beside.start(partial(history.quarter_counts, quarters=quarters))
            failing = beside.start(lambda source: source.execute(text("SELECT * FROM no_such_table")))
            assert threads()[0].startswith("performance-reading") and threads()[1]
            assert counts() == expected
            with pytest.raises(OperationalError):
                failing()
    with db.engine.connect() as conn:
        bound = Session(bind=conn)
        with Beside(bound) as beside:
            here = beside.start(lambda source: (threading.current_thread().name, source is bound))
            assert here() == (threading.current_thread().name, True)
            assert beside.start(partial(history.quarter_counts, quarters=quarters))() == expected
        bound.close()
    memory = Session(bind=create_engine("sqlite://"))
    with Beside(memory) as beside:  # a database in memory is one per connection: read on the session's
        assert beside.start(lambda source: source is memory)()
    memory.close()
