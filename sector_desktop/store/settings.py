"""Per-profile settings, kept as JSON in the profile's config directory (never secrets)."""

from __future__ import annotations

import json
import logging
from typing import Any

from sector_desktop import clock
from sector_desktop.errors import ValidationError

from .paths import ProfilePaths

log = logging.getLogger(__name__)


def load_settings(paths: ProfilePaths) -> dict[str, Any]:
    try:
        return json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # A damaged settings file must not stop the app; defaults are safe.
        return {}


def save_settings(paths: ProfilePaths, settings: dict[str, Any]) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    tmp = paths.settings_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(settings, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(paths.settings_file)


def update_settings(paths: ProfilePaths, **changes: Any) -> dict[str, Any]:
    settings = load_settings(paths)
    settings.update(changes)
    save_settings(paths, settings)
    return settings


TIMEZONE = "timezone"


def timezone_setting(paths: ProfilePaths) -> str | None:
    """The profile's chosen time zone (an IANA name), or None: the computer's zone."""
    chosen = load_settings(paths).get(TIMEZONE)
    return chosen if isinstance(chosen, str) and chosen.strip() else None


def profile_timezone(paths: ProfilePaths) -> str:
    """The zone the profile's times are shown in: its setting when valid, else the computer's."""
    try:
        return clock.check_zone(timezone_setting(paths) or "")
    except clock.UnknownZone:
        return clock.computer_zone_name()


def set_timezone(paths: ProfilePaths, name: str | None) -> str:
    """Choose the profile's time zone (None or '': follow the computer) and show times in it from now on.

    An unknown name raises UnknownZone (a ValidationError) and changes nothing. Returns the zone in use.
    """
    chosen = clock.check_zone(name.strip()) if name and name.strip() else None
    settings = load_settings(paths)
    if chosen:
        settings[TIMEZONE] = chosen
    else:
        settings.pop(TIMEZONE, None)
    save_settings(paths, settings)
    clock.use_zone(chosen)
    return clock.zone_name()


def apply_timezone(paths: ProfilePaths) -> str:
    """Show times in the profile's zone (when the profile opens); a bad setting is logged, not fatal."""
    chosen = timezone_setting(paths)
    try:
        clock.use_zone(chosen)
    except clock.UnknownZone:
        log.warning("The profile's time zone %r is unknown; showing times in the computer's zone.", chosen)
        clock.use_zone(None)
    return clock.zone_name()


OFFICE_NAME = "office-name"
OFFICE_NAME_MAX = 120


def office_name(paths: ProfilePaths) -> str | None:
    """The office's name as printed on every document, or None when it has not been set."""
    chosen = load_settings(paths).get(OFFICE_NAME)
    return chosen.strip() if isinstance(chosen, str) and chosen.strip() else None


def set_office_name(paths: ProfilePaths, name: str) -> str:
    """Set the office's name (trimmed). Empty or longer than OFFICE_NAME_MAX raises ValidationError
    and changes nothing. Returns the name as stored."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError("Not saved. The office name is empty: type the name printed on documents.")
    if len(cleaned) > OFFICE_NAME_MAX:
        raise ValidationError(
            f"Not saved. The office name is {len(cleaned)} characters long; "
            f"at most {OFFICE_NAME_MAX} fit a page header."
        )
    update_settings(paths, **{OFFICE_NAME: cleaned})
    return cleaned


# "me": the staff member this laptop works as (their id). Kept under the key the demo always used.
ME = "current_staff_id"
WELCOMED = "welcomed"  # services/profile_settings: False asks the first-run welcome again (a wipe)


def me_setting(paths: ProfilePaths) -> str | None:
    """The id of the staff member this laptop works as, or None when nobody has been chosen."""
    chosen = load_settings(paths).get(ME)
    return chosen if isinstance(chosen, str) and chosen.strip() else None


def set_me(paths: ProfilePaths, staff_id: str | None) -> None:
    """Work as `staff_id` from now on (None: nobody). The caller checks that the staff member exists."""
    settings = load_settings(paths)
    if staff_id:
        settings[ME] = staff_id
    else:
        settings.pop(ME, None)
    save_settings(paths, settings)
