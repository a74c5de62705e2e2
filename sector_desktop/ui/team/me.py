"""Who this laptop works as ("me"): one place that saves the choice and tells every page."""

from __future__ import annotations

from sector_desktop.store.settings import set_me

from ..context import AppContext


def choose_me(ctx: AppContext, staff_id: str | None) -> None:
    """Work as `staff_id` from now on (checked by the caller); "Mine" everywhere follows."""
    set_me(ctx.paths, staff_id)
    if ctx.staff_id != staff_id:
        ctx.staff_id = staff_id
        ctx.events.me_changed.emit(staff_id)
