"""The visit editor's data without widgets: what it loads before opening, and its state (the draft's
JSON) turned into a VisitInput, or a saved visit turned into state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.services.drafts import SavedDraft, load_draft, visit_draft_key
from sector_desktop.services.visits import ActionItemInput, HiringNeedInput, SkillGapInput, VisitInput
from sector_desktop.store import Database
from sector_desktop.store.visits import (
    Choice,
    VisitDetail,
    contact_choices,
    get_visit_detail,
    organization_choice,
    staff_choices,
)


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def state_from_detail(d: VisitDetail) -> dict[str, Any]:
    """A saved visit in the same shape as the editor's state."""
    return {
        "organization_id": d.organization_id,
        "organization_label": d.organization_name,
        # The draft keeps what the user sees: the wall-clock time in the profile's zone.
        "starts_at": clock.wall(d.starts_at).replace(second=0, microsecond=0).isoformat(),
        "duration_minutes": d.duration_minutes,
        "visit_type": d.visit_type,
        "status": d.status,
        "staff_id": d.staff_id or "",
        "purpose": d.purpose or "",
        "notes": d.notes or "",
        "attendee_ids": [a.contact_id for a in d.attendees],
        "services": list(d.services),
        "hiring_needs": [
            {
                "id": n.id,
                "occupation": n.occupation,
                "openings": "" if n.openings is None else str(n.openings),
                "wage_min": _money(n.wage_min),
                "wage_max": _money(n.wage_max),
                "timeline": n.timeline or "",
            }
            for n in d.hiring_needs
        ],
        "skill_gaps": [{"id": g.id, "skill": g.skill, "notes": g.notes or ""} for g in d.skill_gaps],
        "action_items": [
            {
                "id": a.id,
                "text": a.text,
                "owner": a.owner_staff_id or "",
                "due": a.due_date.isoformat() if a.due_date else "",
            }
            for a in d.action_items
        ],
    }


def _number(text: str, where: str, problems: list[str], *, whole: bool = False) -> Any:
    text = (text or "").strip().replace(",", "").lstrip("$")
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        problems.append(f"{where}: {text!r} is not {kind}.")
        return None


def _blank_row(row: dict[str, str]) -> bool:
    return not any((v or "").strip() for k, v in row.items() if k != "id")


def input_from_state(state: dict[str, Any]) -> VisitInput:
    """Parse the typed state; text that is not a number or a date raises ValidationError naming it."""
    problems: list[str] = []
    needs = []
    for i, row in enumerate((r for r in state.get("hiring_needs", []) if not _blank_row(r)), start=1):
        where = f"Hiring needs, row {i}"
        needs.append(
            HiringNeedInput(
                occupation=row.get("occupation", ""),
                openings=_number(row.get("openings", ""), f"{where}, openings", problems, whole=True),
                wage_min=_number(row.get("wage_min", ""), f"{where}, wage from", problems),
                wage_max=_number(row.get("wage_max", ""), f"{where}, wage to", problems),
                timeline=row.get("timeline") or None,
                id=row.get("id") or None,
            )
        )
    gaps = [
        SkillGapInput(r.get("skill", ""), r.get("notes") or None, r.get("id") or None)
        for r in state.get("skill_gaps", [])
        if not _blank_row(r)
    ]
    actions = [
        ActionItemInput(
            r.get("text", ""),
            r.get("owner") or None,
            dt.date.fromisoformat(r["due"]) if r.get("due") else None,
            r.get("id") or None,
        )
        for r in state.get("action_items", [])
        if not _blank_row(r)
    ]
    if problems:
        raise ValidationError("The visit was not saved. " + " ".join(problems), problems)
    starts = state.get("starts_at")
    return VisitInput(
        organization_id=state.get("organization_id"),
        starts_at=clock.to_utc(dt.datetime.fromisoformat(starts)) if starts else None,
        visit_type=state.get("visit_type") or "site_visit",
        status=state.get("status") or "completed",
        duration_minutes=state.get("duration_minutes") or None,
        staff_id=state.get("staff_id") or None,
        purpose=state.get("purpose") or None,
        notes=state.get("notes") or None,
        attendee_ids=list(state.get("attendee_ids") or []),
        hiring_needs=needs,
        skill_gaps=gaps,
        services=list(state.get("services") or []),
        action_items=actions,
    )


@dataclass
class EditorSetup:
    """What the editor needs before it opens, loaded off the UI thread by `load_editor_setup`."""

    key: str
    staff: list[Choice]
    organization: Choice | None = None
    contacts: list[Choice] | None = None
    visit: VisitDetail | None = None
    draft: SavedDraft | None = None


def load_editor_setup(
    db: Database, *, visit_id: str | None = None, organization_id: str | None = None
) -> EditorSetup:
    with db.read_session() as s:
        visit = get_visit_detail(s, visit_id) if visit_id else None
        org_id = visit.organization_id if visit else organization_id
        org = organization_choice(s, org_id) if org_id else None
        contacts = contact_choices(s, org_id) if org_id else []
        staff = staff_choices(s)
    key = visit_draft_key(visit_id, organization_id)
    return EditorSetup(key, staff, org, contacts, visit, load_draft(db, key))
