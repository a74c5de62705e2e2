"""Per-profile settings, kept as JSON in the profile's config directory (never secrets)."""

from __future__ import annotations

import json
from typing import Any

from .paths import ProfilePaths


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
