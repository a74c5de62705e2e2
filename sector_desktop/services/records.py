"""What the services share about records: fetching one that is not deleted, refusing a save with reasons."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models.base import Synced

RecordT = TypeVar("RecordT", bound=Synced)


def find_live(session: Session, model: type[RecordT], record_id: str | None) -> RecordT | None:
    """The record `record_id` of `model`, or None when there is none or it is deleted."""
    row = session.get(model, record_id) if record_id else None
    return row if row is not None and row.deleted_at is None else None


def live_record(session: Session, model: type[RecordT], record_id: str | None, what: str) -> RecordT:
    """The record `record_id` of `model`; NotFound (naming `what`) when it is missing or deleted."""
    row = find_live(session, model, record_id)
    if row is None:
        raise NotFound(f"No {what} with id {record_id}.")
    return row


def refusal(what: str, problems: list[str]) -> ValidationError:
    """The error that says a `what` was not saved, and every reason why."""
    return ValidationError(f"The {what} was not saved: " + " ".join(problems), problems)


def refuse_if(what: str, problems: list[str]) -> None:
    """Raise `refusal(what, problems)` when there are any problems."""
    if problems:
        raise refusal(what, problems)
