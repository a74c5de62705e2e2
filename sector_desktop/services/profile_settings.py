"""The profile's settings a user changes by name: `office-name`, `timezone` and `me`.

`sector-desktop settings get|set KEY VALUE`, the first-run welcome and File → Settings… all go
through here, so each value is checked the same way. A bad key or value raises ValidationError
(naming what was wrong and what is allowed) and changes nothing.
"""

from __future__ import annotations

from sector_desktop import clock
from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store import settings as store

from . import staff

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
        return me  # a staff member not pulled yet (a first sign-in before its first sync)
    return f"{row.name} ({row.username}) {row.id}"


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
    """Whether the profile was set up before (any setting saved): the first-run welcome is skipped."""
    return bool(store.load_settings(paths))
