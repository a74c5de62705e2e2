"""The profile's settings a user changes by name: `office-name`, `timezone` and `me`.

`sector-desktop settings get|set KEY VALUE`, the first-run welcome and File → Settings… all go
through here, so each value is checked the same way. A bad key or value raises ValidationError
(naming what was wrong and what is allowed) and changes nothing.
"""

from __future__ import annotations

from sector_desktop import clock
from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import StaffUser
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store import settings as store

from . import staff
from .records import find_live

KEYS = ("office-name", "timezone", "me")


def _check_key(key: str) -> None:
    if key not in KEYS:
        raise ValidationError(f"There is no setting {key!r}; the settings are {', '.join(KEYS)}.")


def get_setting(db: Database, paths: ProfilePaths, key: str) -> str:
    """The setting as a user reads it ('' when it is not set)."""
    _check_key(key)
    if key == "office-name":
        return store.office_name(paths) or ""
    if key == "timezone":
        return store.profile_timezone(paths)
    me = store.me_setting(paths)
    if not me:
        return ""
    try:
        row = staff.get_staff(db, me)
    except NotFound:
        # Not pulled yet (a first sign-in before its first sync), or gone (merged away; a backup
        # older than the record): "me" is nobody until it is here.
        return f'{me} (not on this laptop\'s team: nobody is "me" until that record is here)'
    return f"{row.name} ({row.username}) {row.id}"


def my_staff_id(db: Database, paths: ProfilePaths) -> str | None:
    """Who this laptop works as: the `me` setting when that staff member is on this profile's team
    (a live record), else None. A dangling id (a backup older than the record, a record merged
    away, one not pulled yet) is nobody; the setting stays, so a pull that brings the record back
    makes it "me" again."""
    me = store.me_setting(paths)
    if me is None:
        return None
    with db.read_session() as s:
        return me if find_live(s, StaffUser, me) is not None else None


def set_setting(db: Database, paths: ProfilePaths, key: str, value: str) -> str:
    """Change a setting; returns the value as stored (for `me`, the staff member's name)."""
    _check_key(key)
    if key == "office-name":
        return store.set_office_name(paths, value)
    if key == "timezone":
        try:
            return store.set_timezone(paths, value)
        except clock.UnknownZone:
            raise ValidationError(
                f"Not saved. {value!r} is not a time zone; use an IANA name like America/New_York."
            ) from None
    if not value.strip():
        store.set_me(paths, None)
        return ""
    row = staff.check_me(db, value)
    store.set_me(paths, row.id)
    return row.name


def has_settings(paths: ProfilePaths) -> bool:
    """Whether the profile was set up before (any setting saved, and the welcome not owed again, as
    after a wipe: sync/client/wipe.py): the first-run welcome is skipped."""
    settings = store.load_settings(paths)
    return bool(settings) and settings.get(WELCOMED) is not False


WELCOMED = store.WELCOMED  # True: the first-run welcome was answered or skipped; False: ask again


def mark_welcomed(paths: ProfilePaths) -> None:
    store.update_settings(paths, **{WELCOMED: True})


def save_profile_settings(
    db: Database,
    paths: ProfilePaths,
    *,
    office_name: str,
    timezone: str,
    me_id: str | None,
    new_me_name: str = "",
    keep_me: bool = False,
) -> str | None:
    """The welcome's and File → Settings…'s answers, checked together first: a bad one changes nothing.

    `new_me_name` adds that person to the team and makes them "me"; `keep_me` leaves "me" as it is
    (a laptop signed in to a server: the account says who you are). Returns the me id.
    """
    if keep_me:
        me_id, new_me_name = store.me_setting(paths), ""
    problems = []
    office = " ".join(office_name.split())
    if len(office) > store.OFFICE_NAME_MAX:
        problems.append(f"Office name: at most {store.OFFICE_NAME_MAX} characters (got {len(office)}).")
    try:
        zone = clock.check_zone(timezone.strip()) if timezone.strip() else ""
    except clock.UnknownZone:
        problems.append(f"Time zone: {timezone!r} is not a time zone; pick one from the list.")
    new_me_name = " ".join(new_me_name.split())
    if me_id and not new_me_name and not keep_me:
        try:
            staff.check_me(db, me_id)
        except (NotFound, ValidationError) as exc:
            problems.append(f"Who you are: {exc}")
    if problems:
        raise ValidationError("The settings were not saved: " + " ".join(problems), problems)
    if new_me_name:
        me_id = staff.add_staff(db, staff.StaffInput(new_me_name))  # refuses a bad name, changes nothing
    if office:
        store.set_office_name(paths, office)
    store.set_timezone(paths, zone or None)
    store.set_me(paths, me_id or None)
    mark_welcomed(paths)
    return me_id or None
