"""Look-ups shared by the packets of one document: a day packet's eight briefing packets ask for the
same sector figures, areas and providers, so they are read once per document, not once per packet.

`shared_lookups(session)` turns memoising on for the session (a read session that sees one state of
the database) until the block ends; outside it, `memo` simply calls `make`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
_KEY = "report_data.memo"


@contextmanager
def shared_lookups(session: Session) -> Iterator[None]:
    """Within the block, `memo` keeps each look-up's result for the session."""
    owner = _KEY not in session.info
    if owner:
        session.info[_KEY] = {}
    try:
        yield
    finally:
        if owner:
            session.info.pop(_KEY, None)


def memo(session: Session, key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, kept under `key` while `shared_lookups` is on for `session`."""
    cache: dict[Hashable, Any] | None = session.info.get(_KEY)
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]
