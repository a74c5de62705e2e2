"""Every save through the database's sessions passes the personal-data guard (sector_desktop/personal_data).

Installed on the one session factory, so no service, import or editor can forget it: before a flush,
each free-text field that was set or changed is checked, and a flush that would store an SSN, an
ITIN or a date of birth raises ValidationError naming the field; the transaction writes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from sector_desktop.errors import ValidationError
from sector_desktop.personal_data import FREE_TEXT, check_field


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _check_flush)


def _check_flush(session: Session, _context: Any, _instances: Any) -> None:
    problems: list[str] = []
    for record in (*session.new, *session.dirty):
        table = getattr(record, "__tablename__", "")
        fields = FREE_TEXT.get(table)
        if not fields:
            continue
        state = inspect(record)
        for name in fields:
            for value in state.attrs[name].history.added:  # only what this flush sets, never a load
                problem = check_field(table, name, value)
                if problem is not None:
                    problems.append(problem)
    if problems:
        raise ValidationError(f"Not saved. {problems[0]}", problems)
