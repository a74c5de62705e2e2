"""Full-text search across organizations, contacts, visit notes, meetings, partnerships and
apprenticeship programs (the FTS5 tables of migrations 0002 and 0009).

User text never reaches FTS5 syntax: it is split into words, each word is quoted, and the last
word matches as a prefix, so `"`, `AND(` or `NEAR` are searched for as plain words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from sector_desktop import timefmt
from sector_desktop.models.choices import ORGANIZATION_KINDS, PROGRAM_STAGES, SECTORS, VISIT_TYPES, label

# Highlight markers around matched words in a snippet; the UI turns them into bold, the CLI into [].
MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"
# Relevance is bm25 (smaller is better, so it is negated), times a weight per kind: a word in an
# organization's name should beat the same word somewhere in a long visit note.
KIND_WEIGHT = {
    "organization": 1.6,
    "partnership": 1.5,
    "program": 1.4,
    "contact": 1.3,
    "meeting": 1.2,
    "visit": 1.0,
}
# FTS5's unicode61 tokenizer splits on anything that is not a letter or digit.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "organization", "contact", "visit", "meeting", "partnership" or "program"
    id: str
    title: str
    subtitle: str
    snippet: str  # may contain MARK_START/MARK_END around matched words
    score: float  # larger is more relevant

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None if it has no searchable word."""
    words = _WORD.findall(user_text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if not user_text[-1:].isspace():
        quoted[-1] += "*"  # the user is probably still typing the last word
    return " ".join(quoted)


def _top(table: str, weights: str, tokens: int) -> str:
    """The best :n FTS matches of one table with a snippet, ranked inside FTS5 before any join."""
    snippet = f"snippet({table}_fts, -1, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}', {tokens})"
    return (
        f"(SELECT rowid, rank, {snippet} AS snip FROM {table}_fts "
        f"WHERE {table}_fts MATCH :q AND rank MATCH 'bm25({weights})' ORDER BY rank LIMIT :n) AS top"
    )


_ORGANIZATIONS = f"""
SELECT o.id, o.name, o.dba, o.kind, o.sector, o.city, top.rank, top.snip
FROM {_top("organization", "10.0, 6.0, 2.0, 3.0, 1.0", 12)}
JOIN organization o ON o.rowid = top.rowid
WHERE o.deleted_at IS NULL
ORDER BY top.rank
"""
_CONTACTS = f"""
SELECT c.id, c.name, c.title, o.name, top.rank, top.snip
FROM {_top("contact", "10.0, 3.0, 4.0", 12)}
JOIN contact c ON c.rowid = top.rowid
JOIN organization o ON o.id = c.organization_id
WHERE c.deleted_at IS NULL AND o.deleted_at IS NULL
ORDER BY top.rank
"""
_VISITS = f"""
SELECT v.id, v.starts_at, v.visit_type, v.purpose, o.name, top.rank, top.snip
FROM {_top("visit", "3.0, 1.0", 16)}
JOIN visit v ON v.rowid = top.rowid
JOIN organization o ON o.id = v.organization_id
WHERE v.deleted_at IS NULL AND o.deleted_at IS NULL
ORDER BY top.rank
"""

_MEETINGS = f"""
SELECT m.id, m.title, m.starts_at, m.location, p.name, top.rank, top.snip
FROM {_top("meeting", "10.0, 2.0, 1.0", 12)}
JOIN meeting m ON m.rowid = top.rowid
JOIN sector_partnership p ON p.id = m.partnership_id
WHERE m.deleted_at IS NULL AND p.deleted_at IS NULL
ORDER BY top.rank
"""
_PARTNERSHIPS = f"""
SELECT p.id, p.name, p.sector, p.region, top.rank, top.snip
FROM {_top("sector_partnership", "10.0, 2.0, 2.0, 1.0", 12)}
JOIN sector_partnership p ON p.rowid = top.rowid
WHERE p.deleted_at IS NULL
ORDER BY top.rank
"""
_PROGRAMS = f"""
SELECT a.id, a.occupation_title, o.name, a.stage, top.rank, top.snip
FROM {_top("apprenticeship_program", "10.0, 2.0, 3.0, 1.0", 12)}
JOIN apprenticeship_program a ON a.rowid = top.rowid
JOIN organization o ON o.id = a.sponsor_id
WHERE a.deleted_at IS NULL AND o.deleted_at IS NULL
ORDER BY top.rank
"""


def search(session: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """The best `limit` hits for `query` across every searchable kind, best first."""
    match = fts_query(query)
    if match is None or limit <= 0:
        return []
    hits = [
        *_fetch(session, _ORGANIZATIONS, match, limit, _organization_hit),
        *_fetch(session, _CONTACTS, match, limit, _contact_hit),
        *_fetch(session, _VISITS, match, limit, _visit_hit),
        *_fetch(session, _MEETINGS, match, limit, _meeting_hit),
        *_fetch(session, _PARTNERSHIPS, match, limit, _partnership_hit),
        *_fetch(session, _PROGRAMS, match, limit, _program_hit),
    ]
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def _fetch(
    session: Session, sql: str, match: str, limit: int, make: Callable[[Sequence[Any]], SearchHit]
) -> list[SearchHit]:
    """Run one kind's query; the FTS part is ranked and limited before the join, so a common
    word over half a million notes costs one index pass. Tombstoned rows are dropped after the
    limit, so ask for more when some were dropped."""
    n = limit + 10
    while True:
        rows = session.execute(text(sql), {"q": match, "n": n}).all()
        if len(rows) >= limit or n >= 50 * limit + 1000:
            return [make(row) for row in rows[:limit]]
        raw = session.execute(text(_count_sql(sql)), {"q": match, "n": n}).scalar() or 0
        if raw < n:  # the index had no more matches; the tombstones were all there was
            return [make(row) for row in rows]
        n *= 4


def _count_sql(sql: str) -> str:
    inner = sql[sql.index("(SELECT rowid") + 1 : sql.index(") AS top")]
    return f"SELECT count(*) FROM ({inner})"


def _organization_hit(row: Sequence[Any]) -> SearchHit:
    org_id, name, dba, kind, sector, city, rank, snip = row
    parts = [label(ORGANIZATION_KINDS, kind), label(SECTORS, sector), city or ""]
    title = f"{name} (doing business as {dba})" if dba else name
    return SearchHit(
        "organization",
        org_id,
        title,
        " · ".join(p for p in parts if p),
        _flat(snip),
        _score(rank, "organization"),
    )


def _contact_hit(row: Sequence[Any]) -> SearchHit:
    contact_id, name, title, org_name, rank, snip = row
    subtitle = f"{title} at {org_name}" if title else org_name
    return SearchHit("contact", contact_id, name, subtitle, _flat(snip), _score(rank, "contact"))


def _visit_hit(row: Sequence[Any]) -> SearchHit:
    visit_id, starts_at, visit_type, purpose, org_name, rank, snip = row
    day = _local_day(starts_at)
    subtitle = " · ".join(p for p in (label(VISIT_TYPES, visit_type), day, purpose or "") if p)
    return SearchHit("visit", visit_id, f"Visit: {org_name}", subtitle, _flat(snip), _score(rank, "visit"))


def _meeting_hit(row: Sequence[Any]) -> SearchHit:
    meeting_id, title, starts_at, location, partnership, rank, snip = row
    subtitle = " · ".join(p for p in (partnership, _local_day(starts_at), location or "") if p)
    return SearchHit("meeting", meeting_id, title, subtitle, _flat(snip), _score(rank, "meeting"))


def _partnership_hit(row: Sequence[Any]) -> SearchHit:
    partnership_id, name, sector, region, rank, snip = row
    subtitle = " · ".join(p for p in (label(SECTORS, sector) if sector else "", region or "") if p)
    return SearchHit("partnership", partnership_id, name, subtitle, _flat(snip), _score(rank, "partnership"))


def _program_hit(row: Sequence[Any]) -> SearchHit:
    program_id, title, sponsor, stage, rank, snip = row
    subtitle = f"Sponsor {sponsor} · {label(PROGRAM_STAGES, stage)}"
    return SearchHit("program", program_id, title, subtitle, _flat(snip), _score(rank, "program"))


def _flat(snippet: str | None) -> str:
    return " ".join((snippet or "").split())


def _local_day(value: object) -> str:
    """A stored instant's day on the profile's calendar (the database keeps naive UTC)."""
    try:
        when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)[:10]
    return timefmt.date(when)


def _score(rank: float | None, kind: str) -> float:
    return -(rank or 0.0) * KIND_WEIGHT[kind]
