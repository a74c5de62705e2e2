"""Opening the local database and the queries that views and reports need.

`Database`, `open_database` and `open_profile` load on first use (PEP 562): the paths and keys
modules are light, and the GUI paints its window before SQLAlchemy and the models are imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .paths import ProfilePaths, profile_paths

if TYPE_CHECKING:
    from .database import Database, open_database, open_profile

__all__ = ["Database", "ProfilePaths", "open_database", "open_profile", "profile_paths"]
_LAZY = {"Database", "open_database", "open_profile"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
