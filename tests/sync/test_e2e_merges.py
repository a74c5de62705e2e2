"""Failure 7 end to end: a visit or contact logged offline on a duplicate that a colleague merged
away follows the merge, by ordinary synced changes, and the user is told (real processes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, CliLaptop, cli_laptop
from server_harness import BACKENDS, ServerProcess, running_server


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        srv.create_user("ben", PASSWORD, "staff")
        yield srv


def _log_visit_and_contact(lap: CliLaptop, org_id: str, note: str) -> None:
    lap.python(
        "import datetime as dt\n"
        "from sector_desktop.models import Contact, Visit\n"
        "with db.session() as s:\n"
        f"    s.add(Visit(organization_id={org_id!r}, starts_at=dt.datetime(2026, 11, 20, 15),"
        f" visit_type='site_visit', status='completed', services=[], notes={note!r}))\n"
        f"    s.add(Contact(organization_id={org_id!r}, name='Pat ' + {note[:5]!r}))\n"
    )


def _where(lap: CliLaptop) -> set[tuple[str, str]]:
    rows = lap.query(
        "SELECT 'visit', organization_id FROM visit UNION ALL SELECT 'contact', organization_id FROM contact"
    )
    return {(kind, org) for kind, org in rows}


def test_records_logged_on_a_merged_away_duplicate_follow_the_merge(
    server: ServerProcess, tmp_path: Path
) -> None:
    a, b, c = (cli_laptop(tmp_path, n) for n in ("a", "b", "c"))
    keep = a.add_org("Harbor Welding", city="Toledo")
    dup = a.add_org("Harbor Welding LLC", city="Toledo")
    a.connect(server.url, "ana")
    assert a.sync().returncode == 0
    for lap, user in ((b, "ben"), (c, "ben")):
        lap.connect(server.url, user)
        assert lap.sync().returncode == 0

    _log_visit_and_contact(b, dup, "Offline on the duplicate")  # b is on the road
    a.python(
        "from sector_desktop.services.organization_merge import merge_organizations\n"
        f"with db.session() as s:\n    merge_organizations(s, {keep!r}, {dup!r})\n"
    )
    assert a.sync().returncode == 0
    assert a.query("SELECT merged_into_id FROM organization WHERE id = :i", i=dup) == [(keep,)]

    back = b.sync()  # sends its visit, receives the merge, moves the visit and sends that too
    assert back.returncode == 0, back.stdout + back.stderr
    assert "moved to the ones kept" in back.stdout
    assert _where(b) == {("visit", keep), ("contact", keep)}
    notes = json.loads(
        b.python(
            "import json\nfrom sector_desktop.sync.client import recent_changes\n"
            "print(json.dumps([r.note for r in recent_changes(db) if r.note]))"
        )
    )
    assert any("moved from Harbor Welding LLC to Harbor Welding" in n for n in notes)

    # c never saw the merge: what it logs on the duplicate reaches a, which moves it too.
    _log_visit_and_contact(c, dup, "Late, from c")
    assert c.sync().returncode == 0
    for lap in (a, c, b):
        done = lap.sync()
        assert done.returncode == 0, f"{lap.profile.name}: {done.stdout}{done.stderr[-3000:]}"
    for lap in (a, b, c):
        assert {org for _kind, org in _where(lap)} == {keep}, lap.profile.name
        assert len(lap.query("SELECT id FROM visit")) == 2
