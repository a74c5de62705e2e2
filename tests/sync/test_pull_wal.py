"""After a big pull the profile's write-ahead log is back to its usual size, not left at whatever the
pull grew it to (a bulk pull checkpoints only every 64 MB, and a log file keeps its size once grown)."""

from __future__ import annotations

import os

from client_helpers import Laptop

from sector_desktop.models import Organization
from sector_desktop.store.engine import WAL_LIMIT_BYTES

RECORDS = 1_500
NOTES = "Needs welders, machinists and two maintenance technicians for the second shift. " * 25


def _size(path: str) -> int:
    return os.path.getsize(path) if os.path.exists(path) else 0


def test_a_big_first_pull_leaves_the_log_at_its_usual_size(two_laptops: list[Laptop]) -> None:
    a, b = two_laptops
    with a.db.session() as s:
        s.add_all(
            Organization(name=f"Quarrystone Fabrication {i}", city="Findlay", tags=["steel"], notes=NOTES)
            for i in range(RECORDS)
        )
    assert a.sync().ok
    database = str(b.paths.database)
    before = _size(database)
    report = b.sync()
    assert report.ok, report.summary()
    assert report.received >= RECORDS
    written = _size(database) - before
    assert written > 2 * WAL_LIMIT_BYTES, f"the pull wrote only {written:,} bytes: too small to tell"
    assert _size(database + "-wal") <= WAL_LIMIT_BYTES
