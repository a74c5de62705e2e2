"""`sector-desktop staff list|add|edit|deactivate` and `settings get|set`: the text the commands print."""

from __future__ import annotations

import argparse
import dataclasses
import json

from sector_desktop.errors import ValidationError
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import me_setting, set_me

from . import profile_settings, staff, team_overview

EDITABLE = ("name", "username", "title", "email", "phone", "role")


def run_staff(db: Database, paths: ProfilePaths, args: argparse.Namespace) -> list[str]:
    """Do what `args.action` says; returns the lines to print."""
    if args.action == "list":
        rows = staff.list_staff(db, include_inactive=not args.active_only)
        return [as_json(rows, me_setting(paths))] if args.json else as_text(rows, me_setting(paths))
    if args.action == "add":
        data = staff.StaffInput(**{f: getattr(args, f) for f in EDITABLE if getattr(args, f) is not None})
        new_id = staff.add_staff(db, data)
        row = staff.get_staff(db, new_id)
        return [f"Added {row.name} ({row.username}) {row.id}."]
    row = staff.find_staff(db, args.staff)
    if args.action == "edit":
        changes = {f: getattr(args, f) for f in EDITABLE if getattr(args, f) is not None}
        if args.active is not None:
            changes["active"] = args.active == "yes"
        if not changes:
            raise ValidationError(
                "Nothing to change: give --name, --title, --email, --phone, --role or --active."
            )
        staff.update_staff(db, row.id, dataclasses.replace(row.as_input(), **changes))
        fresh = staff.get_staff(db, row.id)
        return [f"Saved {fresh.name}: " + ", ".join(f"{k} {getattr(fresh, k)!r}" for k in changes) + "."]
    if args.action == "merge":
        into = staff.find_staff(db, args.into)
        merged = staff.merge_staff(db, row.id, into.id)
        if me_setting(paths) == row.id:
            set_me(paths, into.id)
        return [merged.summary()]
    if args.action == "reassign":
        to = staff.find_staff(db, args.to)
        only = args.only
        moved = team_overview.reassign_work(
            db,
            row.id,
            to.id,
            organizations=only in (None, "organizations"),
            action_items=only in (None, "action-items"),
            planned_visits=only in (None, "planned-visits"),
        )
        return [moved.summary(row.name)]
    done = staff.deactivate_staff(db, row.id)
    return [f"{done.name} is no longer active (their visits and action items keep their name)."]


def as_text(rows: list[staff.StaffRow], me: str | None) -> list[str]:
    if not rows:
        return ["No staff members yet. Add one: sector-desktop staff add --name 'Full Name'."]
    lines = []
    for r in rows:
        mark = "*" if r.id == me else " "
        state = "" if r.active else " (inactive)"
        details = " · ".join(x for x in (r.title, r.email, r.phone) if x)
        parts = [f"{mark} {r.name} ({r.username}), {r.role_label}{state}", details, f"[{r.id}]"]
        lines.append("  ".join(p for p in parts if p))
    if any(r.id == me for r in rows):  # a "me" that is not on the team here marks nobody
        lines.append("* = me (this laptop works as this staff member)")
    return lines


def as_json(rows: list[staff.StaffRow], me: str | None) -> str:
    return json.dumps([{**dataclasses.asdict(r), "me": r.id == me} for r in rows], ensure_ascii=False)


def run_settings(db: Database, paths: ProfilePaths, args: argparse.Namespace) -> str:
    if args.action == "get":
        return profile_settings.get_setting(db, paths, args.key)
    stored = profile_settings.set_setting(db, paths, args.key, args.value)
    return f"{args.key} is now {stored!r}." if stored else f"{args.key} is now cleared."
