"""What `sector-desktop meetings schedule|list` does, without argparse's printing: times typed and
shown in the profile's zone, the JSON list with ISO 8601 times and their offset."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from sector_desktop import clock, timefmt
from sector_desktop.errors import SectorError
from sector_desktop.models.choices import MEETING_STATUSES, label
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.meetings import MeetingLine, meetings_between
from sector_desktop.store.settings import load_settings

from .agenda_templates import load_templates, template_for_type
from .meeting_series import Repeat, schedule_series
from .meetings import MeetingInput, schedule_meeting
from .partnerships import find_partnership


def schedule(db: Database, paths: ProfilePaths, args: argparse.Namespace) -> list[MeetingLine]:
    """Schedule the meeting (or the series) the arguments describe; returns what was scheduled."""
    if not args.repeat and (args.count is not None or args.until is not None):
        raise SectorError("--count and --until go with --repeat monthly|quarterly.")
    starts = clock.to_utc(args.starts)
    staff = load_settings(paths).get("current_staff_id")
    with db.session() as s:
        data = MeetingInput(
            partnership_id=find_partnership(s, args.partnership),
            title=args.title,
            starts_at=starts,
            meeting_type=args.meeting_type,
            duration_minutes=args.minutes,
            location=args.location,
            video_link=args.video_link,
            facilitator_id=staff if isinstance(staff, str) else None,
        )
        template = template_for_type(args.meeting_type, load_templates())
        if args.repeat:
            ids = schedule_series(s, data, Repeat(args.repeat, args.by, args.count, args.until), template)
        else:
            ids = [schedule_meeting(s, data, template)]
    with db.read_session() as s:
        made = meetings_between(s, starts, None)
    return [line for line in made if line.id in set(ids)]


def listed(db: Database, first: dt.date | None, last: dt.date | None) -> list[MeetingLine]:
    """Meetings from the day `first` (default today) to the day `last` (included; default: no end)."""
    start = clock.day_start(first or clock.today())
    end = clock.day_start(last + dt.timedelta(days=1)) if last else None
    with db.read_session() as s:
        return meetings_between(s, start, end)


def _when(line: MeetingLine) -> str:
    return f"{timefmt.long_date(line.starts_at)}, {timefmt.time_range(line.starts_at, line.ends_at)}"


def text_of(line: MeetingLine) -> str:
    where = line.location or line.video_link or "no place yet"
    status = "" if line.status == "planned" else f" [{label(MEETING_STATUSES, line.status)}]"
    return f"{_when(line)}  {line.title} · {line.partnership_name} · {where}{status}  ({line.id})"


def as_text(lines: list[MeetingLine]) -> str:
    if not lines:
        return "No meetings in that range."
    return "\n".join(text_of(line) for line in lines) + f"\n(times in {clock.zone_name()})"


def as_json(lines: list[MeetingLine]) -> str:
    zone = clock.zone_name()
    return json.dumps(
        [
            {
                "id": line.id,
                "title": line.title,
                "partnership": line.partnership_name,
                "workgroup": line.workgroup_name,
                "type": line.meeting_type,
                "status": line.status,
                "starts_at": timefmt.iso(line.starts_at),
                "ends_at": timefmt.iso(line.ends_at),
                "timezone": zone,
                "when": _when(line),
                "location": line.location,
                "video_link": line.video_link,
                "series_id": line.series_id,
            }
            for line in lines
        ],
        ensure_ascii=False,
        indent=1,
    )
