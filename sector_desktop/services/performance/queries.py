"""What the performance queries share: a select's rows read through the driver (`fetch`, `Days`,
`dialect_of`) and the SQL forms of the definitions (`has_category`, `local_date`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Dialect, Text, case, func, select, type_coerce
from sqlalchemy.orm import Session

from sector_desktop import clock

from .context import CATEGORIES


def fetch(source: Session | Connection, query: Any) -> list[Any]:
    """The rows of a select as the driver's own tuples. For the queries that read rows by the hundred
    thousand, SQLAlchemy's rows cost more than the query; only for columns whose stored values need no
    conversion (text, numbers; a date-time's text is used only to test for NULL)."""
    conn = source.connection() if isinstance(source, Session) else source
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    convert = compiled._bind_processors  # the same conversion of bound values as SQLAlchemy's own
    if conn.dialect.paramstyle != "qmark" or compiled.positiontup is None:
        return [tuple(row) for row in conn.execute(query)]
    values = tuple(convert[k](params[k]) if k in convert else params[k] for k in compiled.positiontup)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return cursor.execute(str(compiled), values).fetchall()
    finally:
        cursor.close()


def dialect_of(source: Session | Connection) -> Dialect:
    """The dialect a session's or a connection's statements are compiled for."""
    return source.get_bind().dialect if isinstance(source, Session) else source.dialect


class Days(dict[str, dt.date]):
    """Dates by their YYYY-MM-DD text, each text parsed once."""

    def __missing__(self, text: str) -> dt.date:
        day = self[text] = dt.date.fromisoformat(text)
        return day


def has_category(services: Any) -> Any:
    """SQL: the visit's services name at least one ETA-9169 category (measures.is_service's test)."""
    each = func.json_each(services).table_valued("value")
    return select(each.c.value).where(each.c.value.in_(CATEGORIES)).exists()


def local_date(starts: Any, start: dt.datetime, end: dt.datetime) -> Any:
    """SQL: the local calendar date (YYYY-MM-DD text) of a stored start in [start, end), from the
    profile zone's offsets over that span (clock.utc_offsets): no per-row zone conversion. Fractions
    of a second are cut off first (SQLite would round them to the millisecond, and 23:59:59.9996
    would become the next day)."""
    segments = clock.utc_offsets(start, end)
    whole = func.substr(type_coerce(starts, Text), 1, 19)

    def shift(offset: dt.timedelta) -> str:
        return f"{int(offset.total_seconds()):+d} seconds"

    if len(segments) == 1:
        return func.date(whole, shift(segments[0][1]))
    branches = [(starts < segments[i + 1][0], shift(off)) for i, (_at, off) in enumerate(segments[:-1])]
    return func.date(whole, case(*branches, else_=shift(segments[-1][1])))
