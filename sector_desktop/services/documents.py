"""Make each printed document as PDF bytes: gather its data from the local database, then lay it out.

The CLI's `report` command and the app's preview both call these, so both print the same thing.
`office_name` is the office's name for every page's header (`store.settings.office_name`; None or
'': a neutral label); `office`, where it is taken, is the office's areas (labour-market figures).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from sector_desktop.errors import SectorError
from sector_desktop.models import Meeting, SectorPartnership
from sector_desktop.reports.apprenticeship import render_checklist
from sector_desktop.reports.briefing import render_briefing, render_day
from sector_desktop.reports.data import SectorBrief
from sector_desktop.reports.meeting import render_agenda, render_minutes, render_signin
from sector_desktop.store import Database

from .report_data.apprenticeship import apprenticeship_checklist
from .report_data.briefing import briefing_packet, day_packet
from .report_data.meetings import meeting_paperwork

if TYPE_CHECKING:
    from .lmi.areas import Area

MEETING_DOCUMENTS = {"agenda": render_agenda, "signin": render_signin, "minutes": render_minutes}


def briefing_pdf(
    db: Database,
    organization: str,
    day: dt.date,
    visit_id: str | None = None,
    *,
    office_name: str | None = None,
) -> bytes:
    """The briefing packet for an organization (id or name) for a meeting on `day`."""
    with db.read_session() as s:
        data = briefing_packet(s, organization, day, visit_id=visit_id)
    data.office = office_name or ""
    return render_briefing(data)


def day_pdf(db: Database, day: dt.date, staff: str | None, *, office_name: str | None = None) -> bytes:
    """The route sheet for `staff` on `day`, followed by a briefing packet for each planned visit."""
    with db.read_session() as s:
        data = day_packet(s, day, staff)
    data.office = office_name or ""
    for packet in data.packets:
        packet.office = data.office
    return render_day(data)


def meeting_pdf(
    db: Database,
    document: str,
    meeting_id: str,
    office: Sequence[Area] = (),
    *,
    office_name: str | None = None,
) -> bytes:
    """A meeting's agenda, sign-in sheet or minutes: papers handed to employers. A launch meeting's
    agenda carries the sector brief of the partnership's sector in the office's first area (`office`)
    when figures exist."""
    if document not in MEETING_DOCUMENTS:
        raise SectorError(f"Unknown meeting document '{document}'; choose {', '.join(MEETING_DOCUMENTS)}.")
    with db.read_session() as s:
        data = meeting_paperwork(s, meeting_id)
        data.office = office_name or ""
        if document == "agenda":
            brief = launch_brief(s, meeting_id, office)
            if brief is not None:
                brief.office = data.office
            return render_agenda(data, brief)
    return MEETING_DOCUMENTS[document](data)


def launch_brief(session: Session, meeting_id: str, office: Sequence[Area]) -> SectorBrief | None:
    """The sector brief for a launch meeting, or None (another meeting, no sector, no figures)."""
    from .lmi.sectors import sector_code
    from .report_data.sector import brief_areas, sector_brief

    meeting = session.get(Meeting, meeting_id)
    partnership = session.get(SectorPartnership, meeting.partnership_id) if meeting else None
    if meeting is None or meeting.meeting_type != "launch" or not office or not partnership:
        return None
    try:
        code = sector_code(partnership.sector or "")
    except ValueError:
        return None
    area, fallbacks = brief_areas(None, office)
    brief = sector_brief(session, code, area, fallbacks, partnership.id)
    return brief if brief.quarters or brief.occupations else None


def checklist_pdf(db: Database, program_id: str, today: dt.date, *, office_name: str | None = None) -> bytes:
    data = apprenticeship_checklist(db, program_id, today)
    data.office = office_name or ""
    return render_checklist(data)


def sector_document(
    db: Database,
    sector: str,
    area: Area | None,
    office: list[Area],
    kind: str,
    partnership_id: str | None = None,
    *,
    office_name: str | None = None,
) -> bytes:
    """The sector brief as PDF or XLSX (`kind`) bytes; the area defaults to the office's first."""
    from sector_desktop.reports.sector import render_sector_brief
    from sector_desktop.reports.sector_xlsx import write_sector_xlsx

    from .report_data.sector import brief_areas, sector_brief

    chosen, fallbacks = brief_areas(area, office)
    with db.read_session() as session:
        brief = sector_brief(session, sector, chosen, fallbacks, partnership_id)
    brief.office = office_name or ""
    return render_sector_brief(brief) if kind == "pdf" else write_sector_xlsx(brief)


def write_pdf(pdf: bytes, out: Path) -> Path:
    """Write atomically, so a failed run never leaves half a PDF where the old one was."""
    out = out.expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out
