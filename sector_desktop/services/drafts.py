"""Editor drafts (design rule 2): the unsaved state of an editor as JSON, keyed by what it edits.

Keys look like "visit:new:<organization id>" or "visit:<visit id>". Plain functions, no Qt.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sector_desktop.models import Draft, utcnow
from sector_desktop.store import Database


@dataclass(frozen=True)
class SavedDraft:
    key: str
    payload: dict[str, Any]
    updated_at: dt.datetime


def visit_draft_key(visit_id: str | None = None, organization_id: str | None = None) -> str:
    """The draft key of the visit editor: per visit when editing, per organization when new."""
    if visit_id:
        return f"visit:{visit_id}"
    return f"visit:new:{organization_id}" if organization_id else "visit:new"


def save_draft(db: Database, key: str, payload: dict[str, Any]) -> None:
    """Write (or replace) the draft under `key` in its own small transaction."""
    text = json.dumps(payload, ensure_ascii=False, default=str)
    with db.session() as s:
        draft = s.get(Draft, key)
        if draft is None:
            s.add(Draft(key=key, payload=text, updated_at=utcnow()))
        else:
            draft.payload = text
            draft.updated_at = utcnow()


def load_draft(db: Database, key: str) -> SavedDraft | None:
    """The draft under `key`, or None. A damaged payload counts as no draft rather than an error."""
    with db.read_session() as s:
        draft = s.get(Draft, key)
        if draft is None:
            return None
        try:
            payload = json.loads(draft.payload)
        except ValueError:
            return None
        if not isinstance(payload, dict):
            return None
        return SavedDraft(draft.key, payload, draft.updated_at)


def list_drafts(db: Database, prefix: str) -> list[SavedDraft]:
    """Every readable draft whose key starts with `prefix`, newest first (to offer them for resuming)."""
    with db.read_session() as s:
        stmt = select(Draft).where(Draft.key.startswith(prefix, autoescape=True))
        rows = s.scalars(stmt.order_by(Draft.updated_at.desc())).all()
    out = []
    for draft in rows:
        try:
            payload = json.loads(draft.payload)
        except ValueError:
            continue
        if isinstance(payload, dict):
            out.append(SavedDraft(draft.key, payload, draft.updated_at))
    return out


def discard_draft(db: Database, key: str) -> bool:
    """Remove the draft under `key`; True if there was one."""
    with db.session() as s:
        draft = s.get(Draft, key)
        if draft is None:
            return False
        s.delete(draft)
        return True
