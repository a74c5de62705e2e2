"""One write path (design rule 9): every write the UI makes goes through `run_op`.

    run_op(ctx, lambda: delete_visit(db, visit_id), done=on_deleted, undo="Delete visit to Acme")

- `work` runs in a worker (run_task), inside `store.changes.recording()`: whatever its
  transactions write is noted, so the call returns what it changed without the service saying so.
- On the UI thread: `done(value)` on success, or `failed(exc)` (without `failed`, an expected
  error shows in a message box over `owner`, an unexpected one in the crash dialog). With `owner`
  (a QObject) the callbacks are skipped once it is deleted.
- With `undo` (an imperative label) and writes that can all be taken back, the operation becomes
  the next step of Edit → Undo (Ctrl+Z); a delete also gets the window's Undo bar.
- Then, once, even after a failure that wrote something: `ctx.events.applied.emit(changes)`.
  Pages refresh from that announcement and the sync controller schedules a push from it. No page
  announces by hand; `announce` is for the two that are not writes (View → Refresh, a sync).

`undo_last(ctx)` takes back the newest step (or a given one) as an operation of its own.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from sector_desktop.errors import SectorError
from sector_desktop.services.undo import undo_edits
from sector_desktop.store.changes import Changes, Recording, recording

from .context import AppContext
from .tasks import guarded, run_task
from .undo import UndoStep

T = TypeVar("T")

__all__ = ["Changes", "announce", "run_op", "undo_last"]


def run_op(
    ctx: AppContext,
    work: Callable[[], T],
    *,
    done: Callable[[T], None] | None = None,
    failed: Callable[[Exception], object] | None = None,  # what it returns is not used
    undo: str | None = None,
    owner: QObject | None = None,
) -> None:
    """Run the write `work` off the UI thread, then report, keep its undo step and announce it."""

    def call() -> tuple[Any, Recording]:
        with recording(keep_edits=undo is not None) as rec:
            try:
                value = work()
            except Exception as exc:
                with contextlib.suppress(AttributeError):  # an exception type without a __dict__
                    exc.recording = rec  # type: ignore[attr-defined]  # what it wrote before failing
                raise
        return value, rec

    def on_done(result: tuple[Any, Recording]) -> None:
        value, rec = result
        try:
            if done is not None:
                _call(owner, done, value)
        finally:
            edits = rec.undoable_edits()
            if undo and edits:
                ctx.undo.push(UndoStep(undo, tuple(edits)))
            announce(ctx, rec.changes())

    def on_error(exc: Exception) -> None:
        try:
            if failed is not None:
                _call(owner, failed, exc)
            else:
                _default_failure(owner, exc)
        finally:
            rec: Recording | None = getattr(exc, "recording", None)
            if rec is not None:
                announce(ctx, rec.changes())

    run_task(call, on_done, on_error)


def announce(ctx: AppContext, changes: Changes) -> None:
    """Tell every page (and sync) what changed; nothing is sent for an operation that wrote nothing."""
    if changes:
        ctx.events.applied.emit(changes)


def undo_last(
    ctx: AppContext,
    step: UndoStep | None = None,
    *,
    done: Callable[[str], None] | None = None,
    failed: Callable[[Exception], None] | None = None,
    owner: QObject | None = None,
) -> UndoStep | None:
    """Take back `step` (default: the newest); returns the step, or None when there is none."""
    taken = ctx.undo.pop(step)
    if taken is None:
        return None
    db = ctx.db
    run_op(
        ctx,
        lambda: undo_edits(db, list(taken.edits), taken.label),
        done=(lambda _n: done(f"Undone: {taken.label}.")) if done else None,
        failed=failed,
        owner=owner,
    )
    return taken


def _call(owner: QObject | None, fn: Callable[[Any], object], arg: Any) -> None:
    (guarded(owner, fn) if owner is not None else fn)(arg)


def _default_failure(owner: QObject | None, exc: Exception) -> None:
    if not isinstance(exc, SectorError):
        from .crash import show_exception

        show_exception(exc, "".join(traceback.format_exception(exc)))
        return
    parent = owner if isinstance(owner, QWidget) and isValid(owner) else None
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", str(exc), parent=parent)
    box.setObjectName("problemBox")
    box.open()
