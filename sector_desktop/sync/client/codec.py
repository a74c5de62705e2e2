"""Wire values to column values, per synced table: for the ORM path and for raw bulk SQL.

The raw encoders turn a wire value straight into what SQLAlchemy would have stored in SQLite
(ISO datetimes with a space, booleans as 0/1, JSON as text), so a pull can write with
`executemany` on plain tuples, without building datetime objects it would only turn back into text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric, TableClause, column, table

from sector_desktop.models import Base, synced_tables


def _decoder(col_type: Any) -> Callable[[Any], Any]:
    if isinstance(col_type, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v).replace(tzinfo=None)
    if isinstance(col_type, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v[:10])
    if isinstance(col_type, Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def _raw_datetime(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, str) and len(v) == 26 and v[10] == "T":  # our own wire form: just the separator
        return v[:10] + " " + v[11:]
    when = dt.datetime.fromisoformat(v)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _raw_datetimes(values: Sequence[Any]) -> list[str | None]:
    """_raw_datetime over a column, without a call per value in our own wire form."""
    return [
        v[:10] + " " + v[11:] if type(v) is str and len(v) == 26 and v[10] == "T" else _raw_datetime(v)
        for v in values
    ]


def _raw_jsons(values: Sequence[Any]) -> list[str]:
    """json.dumps over a column, without its per-call set-up for lists of text (tags)."""
    return [
        "[" + ", ".join(map(_json_text, v)) + "]" if type(v) is list and _all_text(v) else json.dumps(v)
        for v in values
    ]


def _all_text(items: list[Any]) -> bool:
    return set(map(type, items)) <= _TEXT


_TEXT = {str}
_json_text = json.encoder.encode_basestring_ascii  # what json.dumps writes for a str (ensure_ascii)


def _raw_date(v: Any) -> str | None:
    return None if v is None else dt.date.fromisoformat(v[:10]).isoformat()


def _raw_encoder(col_type: Any) -> Callable[[Any], Any]:
    if isinstance(col_type, DateTime):
        return _raw_datetime
    if isinstance(col_type, Date):
        return _raw_date
    if isinstance(col_type, Boolean):
        return lambda v: None if v is None else int(bool(v))
    if isinstance(col_type, JSON):
        return json.dumps
    return _same


def _same(v: Any) -> Any:
    return v


def _raw_placeholder(col_type: Any) -> Any:
    """A stand-in for a NOT NULL column of a row whose fields are still on a later page."""
    if isinstance(col_type, DateTime):
        return "1970-01-01 00:00:00.000000"
    if isinstance(col_type, Date):
        return "1970-01-01"
    if isinstance(col_type, (Boolean, Integer, Numeric, Float)):
        return 0
    if isinstance(col_type, JSON):
        return "null"
    return ""


@dataclass
class TableCodec:
    """Per synced table: how to turn wire values into column values, and the SQL to write them."""

    name: str
    core: TableClause  # a Core table without defaults: sync writes exactly what it got
    columns: list[str]  # every column, "id" first
    decoders: dict[str, Callable[[Any], Any]]  # wire -> Python value (ORM / Core path)
    raw: dict[str, Callable[[Any], Any]]  # wire -> SQLite storage value (bulk path)
    placeholders: dict[str, Any]  # storage values for NOT NULL columns not (yet) received

    def __post_init__(self) -> None:
        fields = self.columns[1:]
        self._fetch = itemgetter(*fields)
        self._convert = [(i, self.raw[c]) for i, c in enumerate(fields) if self.raw[c] is not _same]

    def wire_columns(self, values: list[dict[str, Any]]) -> list[tuple[Any, ...]] | None:
        """The wire values of records that hold exactly every field, column by column (in
        `columns[1:]` order); None when a record lacks a field or holds another (unfold those)."""
        count = len(self.columns) - 1
        try:
            if count < 2 or not values or any(len(v) != count for v in values):
                return None
            return list(zip(*map(self._fetch, values), strict=True))
        except (KeyError, TypeError):
            return None

    def storage_rows(self, row_ids: list[str], columns: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """insert_sql tuples from checked wire columns (as `row` makes them, a column at a time)."""
        out: list[Sequence[Any]] = list(columns)
        for i, encode in self._convert:
            column = _COLUMN_ENCODERS.get(encode)
            out[i] = column(out[i]) if column is not None else list(map(encode, out[i]))
        return list(zip(row_ids, *out, strict=True))

    def row(self, row_id: str, values: dict[str, Any]) -> tuple[Any, ...]:
        """The storage tuple for insert_sql of a record holding every field (KeyError if one lacks)."""
        out = list(self._fetch(values))
        for i, encode in self._convert:
            out[i] = encode(out[i])
        return (row_id, *out)

    @property
    def insert_sql(self) -> str:
        names = ", ".join(f'"{c}"' for c in self.columns)
        return f'INSERT INTO "{self.name}" ({names}) VALUES ({", ".join("?" * len(self.columns))})'

    def update_sql(self, fields: tuple[str, ...]) -> str:
        sets = ", ".join(f'"{f}" = ?' for f in fields)
        return f'UPDATE "{self.name}" SET {sets} WHERE id = ?'


_COLUMN_ENCODERS: dict[Callable[[Any], Any], Callable[[Sequence[Any]], list[Any]]] = {
    _raw_datetime: _raw_datetimes,
    json.dumps: _raw_jsons,
}
_CODECS: dict[str, TableCodec] = {}


def codec(name: str) -> TableCodec | None:
    """The codec of a synced table, or None for a table this version does not know."""
    if name not in _CODECS:
        if name not in synced_tables():
            return None
        model = Base.metadata.tables[name]
        cols = [c for c in model.columns if c.name != "id"]
        _CODECS[name] = TableCodec(
            name=name,
            core=table(name, *[column(c.name, c.type) for c in model.columns]),
            columns=["id", *(c.name for c in cols)],
            decoders={c.name: _decoder(c.type) for c in cols},
            raw={c.name: _raw_encoder(c.type) for c in cols},
            placeholders={c.name: _raw_placeholder(c.type) for c in cols if not c.nullable},
        )
    return _CODECS[name]
