"""The pull loop: pages after the cursor until the server has no more, the next one fetched while
this one is applied; each page and its cursor move written in one local transaction."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sector_desktop.store import Database
from sector_desktop.sync.protocol import MAX_PULL_LIMIT

from .apply import PageWriter
from .report import Progress, SyncReport
from .reseed import start_reseed
from .state import load_state, read_state
from .transport import ServerClient

PULL_LIMIT = MAX_PULL_LIMIT  # entries per page: fewer round trips for a big first pull
# A pull commits about this often (seconds) while pages keep coming: a commit rewrites the touched
# index pages, so one per page costs a fifth of a big pull. A cut loses at most this much work.
COMMIT_AFTER = 1.0


def pull_all(db: Database, client: ServerClient, report: SyncReport, progress: Progress | None) -> set[str]:
    """Pull pages after the cursor until the server has no more; each page is one transaction.
    Returns the authors of what was received.

    The next page is fetched (and decoded) in a second thread while this one is applied: the
    server builds page n+1 while the laptop writes page n. The cursor still moves only with the
    page applied, in its transaction, so a cut pull resumes after the last page written."""
    authors: set[str] = set()
    # A first pull brings everybody's records: that is not "what changed while you were out".
    note_recent = read_state(db.engine).cursor is not None

    def fetch(cursor: str | None) -> dict[str, Any]:
        params: dict[str, str | int] = {"limit": PULL_LIMIT, "format": "rows"}
        if cursor:
            params["cursor"] = cursor
        return dict(client.call("GET", "/pull", params=params).json())

    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as pool,
        PageWriter(db.engine, commit_after=COMMIT_AFTER) as writer,
    ):
        state = read_state(db.engine)
        page = fetch(state.cursor)
        while True:
            ahead = pool.submit(fetch, page["next_cursor"]) if page.get("more") else None
            try:
                if page.get("reset") or (state.epoch and page["epoch"] != state.epoch):
                    writer.commit()  # start_reseed writes on a connection of its own
                    start_reseed(db.engine)
                    report.messages.append(
                        "The server's database was replaced or restored: everything is pulled again, and "
                        "changes it no longer has are sent again."
                    )
                again = load_state(writer.conn).reseeding
                recent = note_recent and not again
                result = writer.apply(page, state.node, reseeding=again, note_recent=recent)
                if ahead is not None and not ahead.done():
                    writer.commit()  # the next page is not here yet: commit while it comes
            except BaseException:
                if ahead is not None:
                    ahead.cancel()
                raise
            report.received += result.applied
            authors |= result.authors
            report.conflicts += result.conflicts
            report.failed += result.failed
            if progress is not None:
                progress(report.received, report.received + (PULL_LIMIT if ahead else 0), "Receiving")
            if ahead is None:
                return authors
            state = load_state(writer.conn)
            page = ahead.result()
