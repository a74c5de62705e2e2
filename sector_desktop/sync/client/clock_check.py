"""This computer's clock against the server's, measured at each sync round: the warning while it is
ahead, and our hybrid clock capped again."""

from __future__ import annotations

import contextlib
import email.utils

from sector_desktop.store import Database
from sector_desktop.store.capture import heal_clock
from sector_desktop.store.hlc import wall_clock_ms
from sector_desktop.sync.protocol import FUTURE_TOLERANCE_MS

from .report import SyncReport
from .state import update_state
from .transport import ServerClient


def clock_warning(ahead_ms: int | None) -> str | None:
    """The warning for a clock this far ahead of the server's (None when it is right)."""
    if ahead_ms is None or ahead_ms <= FUTURE_TOLERANCE_MS:
        return None
    minutes = ahead_ms // 60_000
    return (
        f"this computer's clock was {minutes:,} minutes ahead of the server's at the last sync; please set it"
    )


def check_clock(db: Database, client: ServerClient, report: SyncReport) -> None:
    """Measure this computer's clock against the server's (the Date of its last answer), warn
    while it is ahead, and cap our own clock again (it may have been set right since)."""
    ahead = None
    if client.server_date:
        with contextlib.suppress(TypeError, ValueError):
            server = email.utils.parsedate_to_datetime(client.server_date)
            ahead = wall_clock_ms() - int(server.timestamp() * 1000)  # the clock our HLC reads
    with db.engine.begin() as conn:
        update_state(conn, clock_ahead_ms=ahead)
    warning = clock_warning(ahead)
    if warning:
        report.messages.append(warning[0].upper() + warning[1:] + ".")
    heal_clock(db.engine)
