"""Where a profile keeps its files: platformdirs by default, or everything under --profile DIR."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "sector-desktop"
PROFILE_ENV = "SECTOR_DESKTOP_PROFILE"


@dataclass(frozen=True)
class ProfilePaths:
    """The four directories of a profile (design rule 6) and the files inside them."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path
    name: str

    @property
    def database(self) -> Path:
        return self.data_dir / "sector.db"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "sector-desktop.log"

    def ensure(self) -> ProfilePaths:
        for d in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def profile_paths(profile: str | os.PathLike[str] | None = None) -> ProfilePaths:
    """Paths for `profile` (a directory), the SECTOR_DESKTOP_PROFILE variable, or the OS defaults."""
    chosen = profile or os.environ.get(PROFILE_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return ProfilePaths(
            data_dir=root / "data",
            config_dir=root / "config",
            log_dir=root / "logs",
            cache_dir=root / "cache",
            name=root.name,
        )
    import platformdirs  # not needed with --profile; it imports tempfile, random, shutil...

    return ProfilePaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME)),
        name="default",
    )
