"""Calendar export: planned visits and meetings as an iCalendar (.ics) file for Outlook or Google.

Times are written in the profile's zone (design rule 8): each event carries its TZID and the file
the zone's VTIMEZONE, so a calendar in another zone shows the right instant (a profile in UTC writes
UTC times). Visits and meetings in the range that were cancelled or deleted are written with
STATUS:CANCELLED and a higher SEQUENCE, so a calendar that imported them earlier removes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import icalendar

from sector_desktop import __version__, clock
from sector_desktop.errors import SectorError, ValidationError
from sector_desktop.store import Database
from sector_desktop.store.today import RouteStop, planned_stops

UID_DOMAIN = "sector-desktop"
PRODID = f"-//Sector Desktop//sector-desktop {__version__}//EN"
_SEQUENCE_EPOCH = dt.datetime(2020, 1, 1)


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    visits: int
    meetings: int
    timezone: str
    cancelled: int = 0

    @property
    def events(self) -> int:
        return self.visits + self.meetings

    def summary(self) -> str:
        gone = f"; {self.cancelled:,} cancelled, marked for removal" if self.cancelled else ""
        return (
            f"Wrote {self.events:,} events ({self.visits:,} planned visits, "
            f"{self.meetings:,} meetings{gone}) to {self.path} (times in {self.timezone})."
        )


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


def _in_zone(stored: dt.datetime, timezone: str) -> dt.datetime:
    if clock.is_utc(timezone):
        return stored.replace(tzinfo=dt.UTC)  # written as 'Z' times, with no VTIMEZONE
    return clock.local(stored, timezone)


def _sequence(stop: RouteStop) -> int:
    """Grows with every edit, so calendars take a changed or cancelled event over the one they have:
    twice the seconds since 2020 of the last edit, plus one when cancelled (a cancellation made in the
    same second as the export before it still outranks it). Stays below 2**31 until 2054."""
    if stop.updated_at is None:
        return 1 if stop.cancelled else 0
    seconds = max(0, int((stop.updated_at - _SEQUENCE_EPOCH).total_seconds()))
    return 2 * seconds + (1 if stop.cancelled else 0)


def _event(stop: RouteStop, timezone: str, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{stop.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.replace(tzinfo=dt.UTC))
    event.add("dtstart", _in_zone(stop.starts_at, timezone))
    event.add("dtend", _in_zone(stop.ends_at, timezone))
    event.add("sequence", _sequence(stop))
    if stop.updated_at is not None:
        event.add("last-modified", stop.updated_at.replace(tzinfo=dt.UTC))
    event.add("status", "CANCELLED" if stop.cancelled else "CONFIRMED")
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


def build_calendar(stops: list[RouteStop], timezone: str, *, stamp: dt.datetime | None = None) -> bytes:
    """The .ics bytes: one VEVENT per stop, in `timezone` (an IANA name), with its VTIMEZONE."""
    clock.check_zone(timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Sector Desktop: planned visits and meetings")
    cal.add("x-wr-timezone", timezone)
    moment = stamp or clock.now()
    for stop in stops:
        cal.add_component(_event(stop, timezone, moment))
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
    """Write planned (and cancelled) visits and meetings starting in [start, end) to `out`.

    `start` and `end` are instants as stored (naive UTC); `start` defaults to now, so only future
    plans are written, and `end` to no limit. Times are written in `timezone`, default the profile's.
    """
    zone = clock.check_zone(timezone) if timezone else clock.zone_name()
    begin = start or clock.now().replace(second=0, microsecond=0)
    if end is not None and end <= begin:
        raise ValidationError("The end of the date range must be after its start.")
    with db.read_session() as s:
        stops = planned_stops(s, begin, end, staff_id, with_cancelled=True)
    data = build_calendar(stops, zone)
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise SectorError(f"Cannot write {out}: {exc.strerror or exc}") from exc
    live = [s for s in stops if not s.cancelled]
    visits = sum(1 for s in live if s.kind == "visit")
    return CalendarExport(out, visits, len(live) - visits, zone, len(stops) - len(live))
