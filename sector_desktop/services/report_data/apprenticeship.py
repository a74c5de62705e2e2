"""The data of one program's apprenticeship checklist page."""

from __future__ import annotations

import datetime as dt

from sector_desktop import clock, timefmt
from sector_desktop.errors import NotFound
from sector_desktop.models.choices import DOCUMENT_STATUSES, PROGRAM_STAGES, label
from sector_desktop.reports.data import ApprenticeshipChecklist, ChecklistLine
from sector_desktop.services.apprenticeship.pipeline import blockers_for, program_findings
from sector_desktop.services.apprenticeship.templates import checklist_for_state
from sector_desktop.store import Database
from sector_desktop.store.apprenticeship import program_detail

NEXT = {code: PROGRAM_STAGES[i + 1][0] for i, (code, _) in enumerate(PROGRAM_STAGES[:5])}


def apprenticeship_checklist(db: Database, program_id: str, today: dt.date) -> ApprenticeshipChecklist:
    with db.read_session() as s:
        d = program_detail(s, program_id, today)
    if d is None:
        raise NotFound(f"No apprenticeship program with id {program_id}.")
    blocks = {item.doc_type: item.blocks_stage for item in checklist_for_state(d.state).documents}
    nxt = NEXT.get(d.stage, "")
    return ApprenticeshipChecklist(
        program_id=d.id,
        occupation=d.occupation_title,
        sponsor=d.sponsor_name,
        state=d.state,
        stage=label(PROGRAM_STAGES, d.stage),
        next_stage=label(PROGRAM_STAGES, nxt) if nxt else "",
        registration_number=d.registration_number or "",
        documents=[
            ChecklistLine(
                doc.title,
                label(DOCUMENT_STATUSES, doc.status),
                timefmt.date(doc.due_date),
                doc.overdue,
                label(PROGRAM_STAGES, blocks.get(doc.doc_type, "")),
                doc.attachments,
            )
            for doc in d.documents
        ],
        blockers=blockers_for(db, program_id, nxt) if nxt else [],
        findings=[str(f) for f in program_findings(db, program_id)],
        generated=timefmt.stamp(clock.now()),
    )
