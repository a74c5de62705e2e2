"""The demo apprenticeship programs cover every stage with paperwork and real attachments."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from sector_desktop.models import ApprenticeshipProgram, Attachment
from sector_desktop.services.apprenticeship.pipeline import stage_blockers
from sector_desktop.services.attachments import blob_path
from sector_desktop.services.demo import apprenticeship, core
from sector_desktop.store import Database, ProfilePaths, sealed
from sector_desktop.store.apprenticeship import program_board


def test_demo_programs_span_the_pipeline_with_attachments(db: Database, paths: ProfilePaths) -> None:
    rng = random.Random(7)
    core.seed(db, paths, rng, 0.3)
    summary = apprenticeship.seed(db, paths, rng, 1.0)
    assert "programs across every stage" in summary
    with db.read_session() as s:
        cards = program_board(s, dt.date.today())
        stages = {c.stage for c in cards}
        assert {"interest", "intake", "drafting", "submitted", "registered", "active", "inactive"} <= stages
        assert all(c.documents_total >= 6 for c in cards)
        attachments = list(s.scalars(select(Attachment)))
        assert attachments and all(
            sealed.plain_size(blob_path(paths, a.sha256)) == a.size_bytes  # encrypted at rest
            for a in attachments
        )
        active = [p for p in s.scalars(select(ApprenticeshipProgram)) if p.stage == "active"]
        assert all(stage_blockers(p, "active") == [] for p in active)  # an active program is in order
