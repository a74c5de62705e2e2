"""Undo: put back what one operation wrote, as an ordinary edit (captured, so it syncs too).

A record made by the operation is tombstoned, an edited one gets its previous values back, a
deleted one is restored. If any of them was changed since (a later edit, or sync), nothing is
changed and the message says which record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from sector_desktop.errors import SectorError
from sector_desktop.models import Base, synced_tables, utcnow
from sector_desktop.store import Database
from sector_desktop.store.changes import AUTOMATIC_COLUMNS, Edit


class CannotUndo(SectorError):
    """The operation's records were changed since, so taking it back would lose that change."""


def undo_edits(db: Database, edits: list[Edit], label: str = "the last change") -> int:
    """Take back `edits` (one operation's, in the order made) in one transaction; returns how many.

    Only synced records are put back: a draft the save cleared up stays cleared.
    """
    synced = set(synced_tables())
    edits = [e for e in edits if e.table in synced]
    with db.session() as s:
        for e in edits:
            _check_unchanged(s, e, label)
        for e in reversed(edits):
            _restore(s, e)
    return len(edits)


def _table(name: str) -> Table:
    table = Base.metadata.tables.get(name)
    if table is None:
        raise CannotUndo(f"Cannot undo {label_of(name)}: this version does not know that table.")
    return table


def label_of(table: str) -> str:
    return table.replace("_", " ")


def _current(s: Session, table: Table, row_id: str) -> dict[str, Any] | None:
    row = s.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def _check_unchanged(s: Session, e: Edit, label: str) -> None:
    table = _table(e.table)
    now = _current(s, table, e.id)
    changed = f"Cannot undo {label}: the {label_of(e.table)} was changed since (here or by sync)."
    if e.kind == "deleted":
        if now is not None:
            raise CannotUndo(changed)
        return
    if now is None:
        raise CannotUndo(changed)
    for name, value in e.after.items():
        if name in AUTOMATIC_COLUMNS or name not in now:
            continue
        if now[name] != value:
            raise CannotUndo(changed)


def _restore(s: Session, e: Edit) -> None:
    table = _table(e.table)
    stamp = {"updated_at": utcnow()} if "updated_at" in table.c else {}
    if e.kind == "created":
        if "deleted_at" in table.c:
            s.execute(table.update().where(table.c.id == e.id).values(deleted_at=utcnow(), **stamp))
        else:
            s.execute(table.delete().where(table.c.id == e.id))
    elif e.kind == "updated":
        values = {k: v for k, v in e.before.items() if k in table.c and k not in AUTOMATIC_COLUMNS}
        s.execute(table.update().where(table.c.id == e.id).values(**values, **stamp))
    else:
        s.execute(table.insert().values({k: v for k, v in e.before.items() if k in table.c}))
