"""The one tree of expected errors. The CLI and the UI turn these into messages, not tracebacks."""

from __future__ import annotations


class SectorError(Exception):
    """An expected failure with a message fit to show a user."""


class ProfileError(SectorError):
    """The profile directory or its database cannot be opened."""


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
