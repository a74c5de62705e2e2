"""The one tree of expected errors. The CLI and the UI turn these into messages, not tracebacks."""

from __future__ import annotations

from pathlib import Path


class SectorError(Exception):
    """An expected failure with a message fit to show a user."""


class ProfileError(SectorError):
    """The profile directory or its database cannot be opened."""


class ProfileGone(ProfileError):
    """The database file was removed under an open profile (a wipe, a restore, a user's delete): a
    connection made after that is refused instead of making an empty database in its place."""


class MigrationFailed(ProfileError):
    """Bringing a database's schema up to date failed; the database was left as it was."""

    def __init__(
        self, database: Path, revision: str, title: str, cause: str, version: str | None, backup: Path | None
    ) -> None:
        self.database, self.revision, self.title, self.cause = database, revision, title, cause
        self.version, self.backup = version, backup
        kept = f"still at version {version}" if version else "unchanged"
        copy = f"\nA copy made just before: {backup}" if backup else ""
        super().__init__(
            "Could not update the database for this version of Sector Desktop.\n"
            f"The step that failed: migration {revision} ({title}).\n"
            f"Why: {cause}\n"
            f"Nothing was changed: the database is {kept}.\n"
            f"Database: {database}{copy}"
        )


class ValidationError(SectorError):
    """Input that breaks a rule of the domain. `problems` lists each field and why."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ImportRefused(SectorError):
    """An import file that was refused as a whole; `errors` names the rows and columns."""

    def __init__(self, message: str, errors: list | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class NotFound(SectorError):
    """A record that was asked for by id or name and does not exist."""
