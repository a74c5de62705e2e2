"""Per-record sync state: records (not fields) waiting, failed at the server, or in conflict."""

from __future__ import annotations

import json

from sqlalchemy import text
from visits_data import full_input, make_world

from sector_desktop.services.visits import ActionItemInput, log_visit
from sector_desktop.store import Database
from sector_desktop.sync.client.failed import RECEIVED, SENT, record_failures
from sector_desktop.sync.client.records import (
    CONFLICT,
    FAILED,
    WAITING,
    describe_waiting,
    failed_lines,
    record_states,
    waiting_counts,
    waiting_records,
)


def _clear_outbox(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM sync_outbox"))


def test_one_logged_visit_counts_as_records_not_fields(db: Database) -> None:
    world = make_world(db)
    _clear_outbox(db)
    items = [ActionItemInput("Send the schedule", world.ana, None), ActionItemInput("Call back", None, None)]
    log_visit(db, full_input(world, action_items=items))
    with db.engine.connect() as conn:
        fields = conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar()
    counts = waiting_counts(db)
    assert fields > 20  # what the old status bar said: one per field
    assert counts["visit"] == 1 and counts["action_item"] == 2
    assert sum(counts.values()) == 7  # the visit, 2 follow-ups, 2 attendees, a need and a gap
    assert describe_waiting(counts).startswith("1 visit, 2 action items, ")
    assert describe_waiting({"visit": 1, "action_item": 2}) == "1 visit, 2 action items"
    assert describe_waiting({}) == "nothing"


def test_each_record_has_one_state_conflict_first(db: Database) -> None:
    world = make_world(db)
    _clear_outbox(db)
    visit_id = log_visit(db, full_input(world, action_items=[]))
    with db.engine.begin() as conn:  # the server refused a name; a pulled city could not be stored
        sent = {"table": "organization", "row_id": world.plant, "field": "name", "value_json": '"x"'}
        record_failures(conn, SENT, [{**sent, "reason": "longer than 300 characters"}])
        received = {**sent, "field": "city", "value_json": "7", "reason": "not text"}
        record_failures(conn, RECEIVED, [received])
        conn.execute(
            text(
                "INSERT INTO sync_conflict (id, tbl, row_id, field, winner_value, winner_hlc, winner_node,"
                " loser_value, loser_hlc, loser_node, detected_at) VALUES ('c1', 'visit', :v, 'notes', :a,"
                " '9999999999999-00000', 'n1', :b, '0000000000001-00000', 'n2', '2026-11-24T10:00:00')"
            ),
            {"v": visit_id, "a": json.dumps("ours"), "b": json.dumps("theirs")},
        )
    states = record_states(db)
    assert states.state("visit", visit_id) == CONFLICT  # also waiting, but the conflict matters more
    assert states.state("organization", world.plant) == FAILED
    assert states.reason("organization", world.plant) == (
        "the city received from the server could not be stored here (not text); "
        "the server refused its name (longer than 300 characters)"
    )
    lines = failed_lines(db)
    assert {(f.record, f.field, f.direction, f.reason) for f in lines} == {
        ("Organization · Delta Metal Works", "name", SENT, "longer than 300 characters"),
        ("Organization · Delta Metal Works", "city", RECEIVED, "not text"),
    }
    assert states.state("organization", world.clinic) is None
    attendee = next(iter(states.waiting["visit_attendee"]))
    assert states.state("visit_attendee", attendee) == WAITING


def test_the_waiting_list_names_each_record_once_oldest_first(db: Database) -> None:
    world = make_world(db)
    rows = waiting_records(db)
    assert [r.record for r in rows[:2]] == ["Staff user · Ana Ortiz", "Staff user · Ben Li"]
    assert len({(r.table, r.row_id) for r in rows}) == len(rows) == 7
    assert all(r.fields > 1 for r in rows)
    assert world.clinic in {r.row_id for r in rows}
