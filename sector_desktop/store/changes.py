"""What one operation wrote: the tables and record ids it changed, and how to take it back.

`recording()` wraps a service call; every session flush and Core write made in that thread is
noted, so a service cannot forget to say what it changed. The UI's operation helper announces
the resulting `Changes` once (design rule 9) and keeps the `Edit`s for undo. Not the sync outbox.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Delete, Engine, Insert, Update, event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, TextClause

# Set by the machinery on every edit; never part of what a user undoes.
AUTOMATIC_COLUMNS = frozenset({"created_at", "updated_at"})


@dataclass(frozen=True)
class Changes:
    """Tables and record ids an operation changed. An empty id set means "some rows of it".

    `everything` is a refresh or a sync (any table may have changed); `local` is False for what
    sync brought in, so that it is not pushed back.
    """

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)
    everything: bool = False
    local: bool = True

    @classmethod
    def of(cls, table: str, *ids: str) -> Changes:
        return cls({table: frozenset(ids)})

    def touches(self, *tables: str) -> bool:
        """True when any of `tables` (or everything) changed."""
        return self.everything or any(t in self.records for t in tables)

    def ids(self, table: str) -> frozenset[str]:
        return self.records.get(table, frozenset())

    def merged(self, other: Changes) -> Changes:
        tables = {t: self.ids(t) | other.ids(t) for t in {*self.records, *other.records}}
        return Changes(tables, self.everything or other.everything, self.local or other.local)

    def __bool__(self) -> bool:
        return self.everything or bool(self.records)

    def describe(self) -> str:
        names = ", ".join(sorted(self.records))
        return "everything" if self.everything else names or "nothing"


@dataclass
class Edit:
    """One record's change within an operation: what it was before and what the operation left."""

    table: str
    id: str
    kind: str  # "created", "updated" or "deleted" (a hard delete)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


@dataclass
class Recording:
    """What the writes of one operation touched (filled in while `recording()` is open)."""

    keep_edits: bool = True  # False: tables and ids only (a big import needs no undo)
    touched: dict[str, set[str]] = field(default_factory=dict)
    edits: dict[tuple[str, str], Edit] = field(default_factory=dict)
    opaque: list[str] = field(default_factory=list)  # writes whose old values are unknown

    bulk: set[str] = field(default_factory=set)  # tables written by a statement of unknown rows

    def changes(self) -> Changes:
        return Changes(
            {t: frozenset() if t in self.bulk else frozenset(ids) for t, ids in self.touched.items()}
        )

    def undoable_edits(self) -> list[Edit] | None:
        """The edits in the order they were made, or None when some write cannot be taken back."""
        if self.opaque or not self.edits or not self.keep_edits:
            return None
        return list(self.edits.values())

    def _touch(self, table: str, row_id: str | None = None) -> None:
        ids = self.touched.setdefault(table, set())
        if row_id is not None:
            ids.add(row_id)


_current: ContextVar[Recording | None] = ContextVar("sector_recording", default=None)
_flushing: ContextVar[bool] = ContextVar("sector_flushing", default=False)


@contextmanager
def recording(*, keep_edits: bool = True) -> Iterator[Recording]:
    """Note every write made in this thread until the block ends (nesting joins the outer one).

    With `keep_edits` the old and new values are kept too, so that the operation can be undone.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    rec = Recording(keep_edits=keep_edits)
    _flushing.set(False)  # a flush that failed earlier in this thread never said it ended
    token = _current.set(rec)
    try:
        yield rec
    finally:
        _current.reset(token)


# -- the listeners ---------------------------------------------------------------------------
def _column_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: getattr(obj, c.key) for c in mapper.column_attrs}


def _table_and_id(obj: Any) -> tuple[str, str] | None:
    table = getattr(obj, "__tablename__", None)
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    if not table or len(key) != 1 or key[0] is None:
        return None
    return table, str(key[0])


def _note_update(rec: Recording, obj: Any, key: tuple[str, str]) -> None:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        hist = state.attrs[name].history
        if not hist.has_changes() or name in AUTOMATIC_COLUMNS:
            continue
        if not hist.deleted:  # the old value was never loaded: it cannot be put back
            rec.opaque.append(f"{key[0]}.{name}")
            continue
        before[name], after[name] = hist.deleted[0], hist.added[0] if hist.added else None
    if not after:
        return
    edit = rec.edits.get(key)
    if edit is None:
        rec.edits[key] = Edit(key[0], key[1], "updated", before, after)
    else:  # a second flush of the same record: keep the first 'before', the last 'after'
        for name, value in before.items():
            edit.before.setdefault(name, value)
        edit.after.update(after)


def _after_flush(session: Session, _context: Any) -> None:
    _flushing.set(False)  # the flush's own statements are done; what follows is ours to note
    rec = _current.get()
    if rec is None:
        return
    if not rec.keep_edits:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if key := _table_and_id(obj):
                rec._touch(*key)
        return
    for obj in session.new:
        if key := _table_and_id(obj):
            rec._touch(*key)
            rec.edits.setdefault(key, Edit(key[0], key[1], "created", {}, _column_values(obj)))
    for obj in session.dirty:
        if (key := _table_and_id(obj)) and session.is_modified(obj, include_collections=False):
            rec._touch(*key)
            if key not in rec.edits or rec.edits[key].kind == "updated":
                _note_update(rec, obj, key)
            else:
                rec.edits[key].after.update(_column_values(obj))
    for obj in session.deleted:
        if key := _table_and_id(obj):
            rec._touch(*key)
            if key in rec.edits and rec.edits[key].kind == "created":
                del rec.edits[key]  # made and removed in one operation: nothing to take back
            else:
                rec.edits[key] = Edit(key[0], key[1], "deleted", _column_values(obj), {})


def _before_flush(*_: Any) -> None:
    _flushing.set(True)


_TEXT_WRITE = re.compile(r'^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?(\w+)', re.I)


def _one_row(statement: Insert | Update | Delete) -> str | None:
    """The id of the one row a Core statement writes (`WHERE id = :x`, or an insert's id), if so."""
    if isinstance(statement, Insert):
        value = statement.compile().params.get("id")
        return str(value) if value is not None else None
    where = statement.whereclause
    if (
        isinstance(where, BinaryExpression)
        and where.operator is operator.eq
        and getattr(where.left, "name", None) == "id"
        and isinstance(where.right, BindParameter)
    ):
        return str(where.right.value)
    return None


def _after_execute(_conn: Any, statement: Any, *_: Any) -> None:
    """Core writes (bulk updates, raw SQL): the table is known, the old values are not."""
    rec = _current.get()
    if rec is None or _flushing.get():
        return
    if isinstance(statement, Insert | Update | Delete):
        table = statement.table.name  # type: ignore[union-attr]
        row_id = _one_row(statement)
        rec._touch(table, row_id)
        if row_id is None:
            rec.bulk.add(table)
    elif isinstance(statement, TextClause) and (m := _TEXT_WRITE.match(statement.text)):
        table = m.group(1)
        rec._touch(table)
        rec.bulk.add(table)
    else:
        return
    rec.opaque.append(table)


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)
event.listen(Engine, "after_execute", _after_execute)
