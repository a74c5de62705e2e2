"""Visit times move from the wall-clock time they were typed in to UTC (design rule 8).

Until now the visit editor stored the time it showed (a naive local time) while meetings were
already stored in UTC. This migration reads every visit's time as a wall-clock time in the zone
the profile opens in: its `timezone` setting (config/settings.json) when there is one, else the
computer's zone (the TZ variable, else the system's setting). It assumes that is where the
visits were typed; nothing on screen moves for a user in that zone. To migrate a profile whose
visits were typed in another zone, set `timezone` to that zone first (or start once with
TZ=Area/City). Meetings, sync and audit stamps were UTC already and are left alone.

The new values are captured for sync like any edit (the capture triggers are in place), so the
server and colleagues' laptops get the UTC times; sync protocol 2 keeps laptops that still store
local times from reading them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

log = logging.getLogger("sector_desktop.store.migrations")


def _moved(text: str, shift: Callable[[dt.datetime], dt.datetime]) -> str:
    wall = dt.datetime.fromisoformat(text)
    return shift(wall).isoformat(sep=" ", timespec="microseconds")  # SQLAlchemy's stored form


def _convert(to_text: Callable[[str], str]) -> None:
    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT id, starts_at FROM visit WHERE starts_at IS NOT NULL").fetchall()
    changes = [(to_text(str(when)), row_id) for row_id, when in rows]
    if not changes:
        return
    # The search index's update trigger would re-index every visit's notes for a column it does not
    # hold: off for this update and put back exactly, in the same transaction.
    search = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'visit_au'"
    ).scalar()
    if search:
        conn.exec_driver_sql('DROP TRIGGER "visit_au"')
    conn.exec_driver_sql("UPDATE visit SET starts_at = ? WHERE id = ?", changes)
    if search:
        conn.exec_driver_sql(search)


def upgrade() -> None:
    from sector_desktop import clock

    zone = clock.zone_name()
    _convert(lambda text: _moved(text, clock.to_utc))
    log.info("Visit times read as wall-clock times in %s and stored in UTC.", zone)


def downgrade() -> None:
    from sector_desktop import clock

    _convert(lambda text: _moved(text, clock.wall))
