"""Opening the local database and the queries that views and reports need."""

from .database import Database, open_database, open_profile
from .paths import ProfilePaths, profile_paths

__all__ = ["Database", "ProfilePaths", "open_database", "open_profile", "profile_paths"]
