"""Logging set-up shared by the app and the CLI: a rotating file in the profile's log directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

# The log rotates at 2 MB and keeps 3 old files: at most 8 MB of logs per profile.
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 3


def rotating_handler(log_file: Path, max_bytes: int = LOG_MAX_BYTES) -> logging.handlers.RotatingFileHandler:
    """sector-desktop.log, moved to .1 (then .2, .3) when it reaches `max_bytes`; older ones go."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=max_bytes, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def configure_logging(log_file: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(rotating_handler(log_file))
