"""Calendar export: planned visits and meetings as an iCalendar (.ics) file for Outlook or Google.

Times in the store are naive local wall-clock times. With a known IANA time zone (the profile's
"timezone" setting, else the computer's own zone) events carry TZID and the file a VTIMEZONE.
Without one, or when the computer says UTC, they are written as floating times: "9:00 wherever
the calendar is", which is what a local team means and what both calendars import correctly.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from sector_desktop import __version__
from sector_desktop.errors import SectorError, ValidationError
from sector_desktop.models import utcnow
from sector_desktop.store import Database
from sector_desktop.store.today import RouteStop, planned_stops

UID_DOMAIN = "sector-desktop"
PRODID = f"-//Sector Desktop//sector-desktop {__version__}//EN"
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT", "Universal"}


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    visits: int
    meetings: int
    timezone: str | None  # None: floating times

    @property
    def events(self) -> int:
        return self.visits + self.meetings

    def summary(self) -> str:
        zone = self.timezone or "floating local times"
        return (
            f"Wrote {self.events:,} events ({self.visits:,} planned visits, {self.meetings:,} meetings) "
            f"to {self.path} ({zone})."
        )


def local_timezone_name() -> str | None:
    """The computer's IANA zone name, or None when unknown or UTC (then times float)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
    if not name or name in _UTC_NAMES:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def default_timezone(settings: dict[str, object]) -> str | None:
    """The zone an export uses: the profile's "timezone" setting, else the computer's."""
    chosen = settings.get("timezone")
    return chosen if isinstance(chosen, str) and chosen else local_timezone_name()


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"Unknown time zone {name!r}; use a name like America/Chicago.") from exc


def _description(stop: RouteStop) -> str:
    lines = []
    if stop.kind == "visit":
        lines.append(f"{stop.type_label} with {stop.title}")
        if stop.purpose:
            lines.append(f"Purpose: {stop.purpose}")
        if stop.contact_name or stop.contact_phone:
            lines.append("Contact: " + " · ".join(p for p in (stop.contact_name, stop.contact_phone) if p))
        if stop.staff_name:
            lines.append(f"Staff: {stop.staff_name}")
    else:
        lines.append(f"{stop.type_label} · {stop.purpose}" if stop.purpose else stop.type_label)
        if stop.staff_name:
            lines.append(f"Facilitator: {stop.staff_name}")
        if stop.video_link:
            lines.append(f"Video: {stop.video_link}")
        if stop.agenda:
            lines.append("Agenda:")
            lines.extend(f"{i}. {title}" for i, title in enumerate(stop.agenda, start=1))
    return "\n".join(lines)


def _event(stop: RouteStop, zone: ZoneInfo | None, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{stop.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.replace(tzinfo=dt.UTC))
    start, end = stop.starts_at, stop.ends_at
    if zone is not None:
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    event.add("dtstart", start)
    event.add("dtend", end)
    summary = f"Visit: {stop.title}" if stop.kind == "visit" else stop.title
    event.add("summary", summary)
    location = stop.address or stop.video_link
    if location:
        event.add("location", location)
    if stop.video_link:
        event.add("url", stop.video_link)
    event.add("description", _description(stop))
    event.add("categories", ["Visit" if stop.kind == "visit" else "Meeting"])
    return event


def build_calendar(
    stops: list[RouteStop], timezone: str | None, *, stamp: dt.datetime | None = None
) -> bytes:
    """The .ics bytes: one VEVENT per stop, plus the VTIMEZONE when a zone is given."""
    zone = _zone(timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Sector Desktop: planned visits and meetings")
    if timezone:
        cal.add("x-wr-timezone", timezone)
    moment = stamp or utcnow()
    for stop in stops:
        cal.add_component(_event(stop, zone, moment))
    if zone is not None:
        cal.add_missing_timezones()
    return cal.to_ical()


def export_calendar(
    db: Database,
    out: Path,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    staff_id: str | None = None,
    timezone: str | None = None,
) -> CalendarExport:
    """Write planned visits and meetings starting in [start, end) to `out`.

    `start` defaults to now (local wall clock), so only future plans are written; `end` to no limit.
    """
    begin = start or dt.datetime.now().replace(second=0, microsecond=0)
    if end is not None and end <= begin:
        raise ValidationError("The end of the date range must be after its start.")
    with db.read_session() as s:
        stops = planned_stops(s, begin, end, staff_id)
    data = build_calendar(stops, timezone)
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise SectorError(f"Cannot write {out}: {exc.strerror or exc}") from exc
    visits = sum(1 for s in stops if s.kind == "visit")
    return CalendarExport(out, visits, len(stops) - visits, timezone)
