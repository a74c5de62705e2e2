"""The `sector-desktop` command: the GUI by default, plus subcommands for headless work.

Library errors (`SectorError`) become one clear line on stderr and exit code 1 here, at the
boundary; nothing below this module prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sector_desktop import __version__
from sector_desktop.errors import SectorError
from sector_desktop.store import ProfilePaths, keys, profile_paths


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sector-desktop", description="Sector Desktop: the sector-partnership team's desk."
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--profile", metavar="DIR", help="keep the database, config, logs and cache under DIR")
    p.add_argument("--screenshot", metavar="FILE.png", type=Path, help="render a view to PNG and exit")
    p.add_argument(
        "--view",
        default="today",
        help="the view for --screenshot (default: today); 'all': a PNG per view in the --screenshot folder",
    )
    if not commands:  # just the window: its start-up does not build the subcommands' parsers
        p.set_defaults(command=None)
        return p
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo-data", help="fill the profile with a realistic fictional dataset")
    demo.add_argument("--scale", type=float, default=1.0, help="multiply the dataset's size")
    demo.add_argument("--if-empty", action="store_true", help="do nothing if the profile has data")
    demo.add_argument("--seed", type=int, default=20261121, help="random seed (same seed, same data)")

    imp = sub.add_parser("import", help="import organizations, contacts, placements or labour-market files")
    kinds = imp.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in ("organizations", "contacts", "placements"):
        records = kinds.add_parser(kind, help=f"{kind} from CSV or XLSX")
        records.add_argument("file", type=Path)
        records.add_argument(
            "--sheet", metavar="NAME", help="the .xlsx sheet to read (default: the first with data)"
        )
        records.add_argument(
            "--duplicates",
            choices=["refuse", "skip", "create", "merge"],
            default="refuse",
            help="what to do with rows that look like existing records or earlier rows: refuse the file "
            "(default), skip them, create them anyway, or merge them into the record they match",
        )
    programs = kinds.add_parser("training-programs", help="the education and training program inventory")
    programs.add_argument("file", type=Path, help="CSV or XLSX; columns in docs/import-format.md")
    programs.add_argument("--sheet", metavar="NAME", help="the .xlsx sheet to read (default: the first)")
    _add_lmi_parsers(sub, kinds)

    exp = sub.add_parser("export", help="export records to CSV, XLSX or JSON, or the calendar to .ics")
    exp.add_argument("kind", choices=["organizations", "contacts", "visits", "calendar"])
    exp.add_argument("--format", choices=["csv", "xlsx", "json"], default=None)
    exp.add_argument("--out", type=Path, required=True)

    search = sub.add_parser(
        "search", help="search organizations, contacts, visit notes, meetings, partnerships and programs"
    )
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)

    sync = sub.add_parser("sync", help="sync with the team's server and print a summary")
    sync.add_argument("--no-attachments", action="store_true", help="sync records only")
    sync.add_argument(
        "--export-unsent", type=Path, metavar="FILE.json", help="only write the unsent changes to FILE"
    )
    status = sub.add_parser("status", help="sync status: changes waiting, failed records, conflicts, clock")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    conflicts = sub.add_parser("conflicts", help="list or resolve sync conflicts")
    conflict_actions = conflicts.add_subparsers(dest="action", required=True, metavar="ACTION")
    conflict_actions.add_parser("list", help="the open conflicts").add_argument("--json", action="store_true")
    resolve = conflict_actions.add_parser("resolve", help="settle one conflict")
    resolve.add_argument("conflict_id", metavar="ID")
    resolve.add_argument("--keep", required=True, choices=["mine", "theirs", "both"])
    resolve.add_argument("--json", action="store_true")
    conn = sub.add_parser("connect", help="sign this profile in to a sync server (token goes to the keyring)")
    conn.add_argument("url", help="server address, e.g. https://sync.example.org")
    conn.add_argument("--user", required=True, help="your user name on the server")
    conn.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    conn.add_argument(
        "--insecure", action="store_true", help="allow plain http:// off this computer (testing)"
    )
    who = conn.add_mutually_exclusive_group()
    who.add_argument(
        "--merge-me",
        dest="merge_me",
        action="store_const",
        const=True,
        help="the person this laptop worked as (added on it) is the account's: merge them",
    )
    who.add_argument(
        "--keep-me",
        dest="merge_me",
        action="store_const",
        const=False,
        help="keep the person this laptop worked as as a separate staff member",
    )
    backup = sub.add_parser("backup", help="back up the database, list the backups, or restore one")
    backup_actions = backup.add_subparsers(dest="action", required=True, metavar="ACTION")
    backup_actions.add_parser("create", help="a backup now (encrypted like the database)")
    listing = backup_actions.add_parser("list", help="the backups, newest first")
    listing.add_argument("--json", action="store_true")
    backup_actions.add_parser("restore", help="put a backup in the database's place").add_argument("name")
    _add_report_parser(sub)
    _add_meetings_parser(sub)
    _add_team_parsers(sub)
    return p


def _add_team_parsers(sub: argparse._SubParsersAction) -> None:
    staff = sub.add_parser("staff", help="the team: list, add, edit or deactivate staff members")
    action = staff.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = action.add_parser("list", help="every staff member (* marks me)")
    listing.add_argument("--json", action="store_true", help="one JSON list")
    listing.add_argument("--active-only", action="store_true", help="leave out inactive staff")
    add = action.add_parser("add", help="add a staff member")
    edit = action.add_parser("edit", help="change a staff member's details")
    edit.add_argument("staff", metavar="NAME|USERNAME|ID")
    for parser in (add, edit):
        parser.add_argument("--name", required=parser is add, help="full name")
        parser.add_argument("--username", help="default: made from the name (maria.lopez)")
        parser.add_argument("--title", help="job title, e.g. 'Business Services Representative'")
        parser.add_argument("--email")
        parser.add_argument("--phone")
        parser.add_argument("--role", choices=["staff", "manager", "admin"])
    edit.add_argument("--active", choices=["yes", "no"])
    action.add_parser("deactivate", help="mark a staff member as no longer active").add_argument(
        "staff", metavar="NAME|USERNAME|ID"
    )
    move = action.add_parser(
        "reassign", help="give a staff member's organizations and open action items to another"
    )
    move.add_argument("staff", metavar="FROM")
    move.add_argument("--to", required=True, metavar="NAME|USERNAME|ID")
    move.add_argument(
        "--only", choices=["organizations", "action-items", "planned-visits"], help="default: all three"
    )
    merge = action.add_parser(
        "merge", help="make two staff records one person (all their records move to the one kept)"
    )
    merge.add_argument("staff", metavar="DUPLICATE")
    merge.add_argument("--into", required=True, metavar="NAME|USERNAME|ID", help="the record kept")
    settings = sub.add_parser("settings", help="read or change office-name, timezone or me")
    what = settings.add_subparsers(dest="action", required=True, metavar="ACTION")
    what.add_parser("get", help="print a setting").add_argument("key", metavar="KEY")
    change = what.add_parser("set", help="change a setting ('' clears me)")
    change.add_argument(
        "key", metavar="KEY", help="office-name, timezone (an IANA name) or me (a staff member)"
    )
    change.add_argument("value", metavar="VALUE")


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-24") from None


def _local_time(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time like \"2026-11-25 15:00\"") from None


def _add_meetings_parser(sub: argparse._SubParsersAction) -> None:
    meetings = sub.add_parser("meetings", help="schedule and list meetings (times in the profile's zone)")
    action = meetings.add_subparsers(dest="action", required=True, metavar="ACTION")
    plan = action.add_parser("schedule", help="schedule a meeting, or a monthly or quarterly series")
    plan.add_argument("--partnership", required=True, metavar="NAME|ID")
    plan.add_argument("--title", required=True)
    when = '"YYYY-MM-DD HH:MM"'
    plan.add_argument("--starts", required=True, type=_local_time, metavar=when, help="in the profile's zone")
    plan.add_argument("--minutes", type=int, default=90, help="length (default 90)")
    plan.add_argument("--location", metavar="PLACE")
    plan.add_argument("--video-link", metavar="URL")
    plan.add_argument("--type", dest="meeting_type", default="workgroup", help="default: workgroup")
    plan.add_argument("--repeat", choices=("monthly", "quarterly"), help="make it a series")
    plan.add_argument(
        "--by",
        choices=("weekday", "date"),
        default="weekday",
        help="repeat on the same weekday of the month (the second Tuesday; default) or the same date",
    )
    ends = plan.add_mutually_exclusive_group()
    ends.add_argument("--count", type=int, metavar="N", help="how many meetings in the series")
    ends.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="the series' last day")
    listing = action.add_parser("list", help="meetings from a day to a day (default: from today on)")
    listing.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="included")
    listing.add_argument("--json", action="store_true", help="one JSON list, times as ISO 8601 with offset")


def _add_lmi_parsers(sub: argparse._SubParsersAction, kinds: argparse._SubParsersAction) -> None:
    lmi = kinds.add_parser("lmi", help="BLS OEWS or QCEW, O*NET, or another table through a saved mapping")
    lmi.add_argument("dataset", choices=["oews", "qcew", "onet", "mapped"])
    lmi.add_argument("file", type=Path)
    lmi.add_argument("--mapping", metavar="NAME", help="the saved column mapping (for `mapped`)")
    lmi.add_argument("--period", help="the reference period when the file does not say it, e.g. 'May 2024'")
    lmi.add_argument("--released", type=_iso_date, help="the publisher's release date, e.g. 2025-04-02")
    areas = sub.add_parser("lmi", help="labour-market settings").add_subparsers(dest="what", required=True)
    office = areas.add_parser("areas", help="show or set the office's areas (imports keep only these)")
    office.add_argument("areas", nargs="*", metavar="AREA", help="US, state:24, msa:12580, county:24510")
    saved = areas.add_parser("mapping", help="save a column mapping for `import lmi mapped`")
    saved.add_argument("name")
    saved.add_argument("--source", required=True, help="the publisher and product, e.g. 'Lightcast 2025.3'")
    saved.add_argument("--column", action="append", metavar="FIELD=Header", help="area, occupation_code, ...")
    saved.add_argument("--measure", action="append", metavar="NAME=Header[:unit]", help="a figure column")


def _add_report_parser(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="print a document to PDF, offline, from the local database")
    docs = rep.add_subparsers(dest="document", required=True, metavar="DOCUMENT")
    packet = docs.add_parser("packet", help="the briefing packet for one organization")
    packet.add_argument("--organization", required=True, metavar="ID|NAME")
    day = docs.add_parser("day", help="a route sheet and a briefing packet per planned visit")
    day.add_argument(
        "--staff", metavar="NAME|USERNAME|ID", help="whose day (default: the signed-in staff member)"
    )
    for name, what in (
        ("agenda", "a meeting's agenda"),
        ("signin", "a meeting's sign-in sheet"),
        ("minutes", "a meeting's minutes"),
    ):
        docs.add_parser(name, help=what).add_argument("--meeting", required=True, metavar="ID")
    docs.add_parser("apprenticeship", help="a program's paperwork checklist").add_argument(
        "--program", required=True, metavar="ID"
    )
    sector = docs.add_parser("sector", help="a sector brief for a workgroup (PDF, or XLSX by --out's suffix)")
    sector.add_argument("--sector", required=True, metavar="S", help="NAICS sector (62, 31-33) or healthcare")
    sector.add_argument("--area", metavar="A", help="an area such as msa:12580 (default: the office's first)")
    sector.add_argument("--partnership", metavar="ID", help="the demand of this partnership's members")
    invitations = docs.add_parser(
        "invitations", help="invite the roster to a meeting: the letters (PDF) and e-mail drafts (.eml)"
    )
    invitations.add_argument("--meeting", required=True, metavar="ID")
    invitations.add_argument(
        "--letter", required=True, choices=["employer", "partner"], help="the employers or the partners"
    )
    invitations.add_argument("--eml-dir", type=Path, metavar="DIR", help="also an unsent .eml per recipient")
    for parser in docs.choices.values():
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
        if parser in (packet, day):
            parser.add_argument("--date", type=_iso_date, default=None, help="default: today")
    _add_performance_parsers(docs)
    inventory = docs.add_parser("inventory", help="the education and training program inventory of a sector")
    inventory.add_argument("--sector", required=True, metavar="S", help="healthcare, it, ... or all")
    inventory.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx")
    initiative = docs.add_parser("initiative", help="an initiative's budget, burn rate and milestones")
    initiative.add_argument("--initiative", required=True, metavar="ID|NAME")
    initiative.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx")


def _add_performance_parsers(docs: argparse._SubParsersAction) -> None:
    perf = docs.add_parser(
        "performance", help="the performance report (WIOA employer measures, outcomes) as PDF, XLSX or JSON"
    )
    perf.add_argument(
        "--year", type=int, metavar="YYYY", help="the program year (PY 2025: Jul 2025–Jun 2026)"
    )
    perf.add_argument("--quarter", metavar="Q", help="one quarter of it: 1 (Jul–Sep) to 4 (Apr–Jun)")
    perf.add_argument("--staff", metavar="NAME|USERNAME|ID", help="only this staff member's work")
    perf.add_argument("--sector", metavar="SECTOR", help="only this sector (healthcare, manufacturing, ...)")
    perf.add_argument("--partnership", metavar="NAME|ID", help="only this partnership's members")
    perf.add_argument("--format", choices=["pdf", "xlsx", "json"], help="default: from --out's suffix")
    perf.add_argument("--out", type=Path, metavar="FILE.pdf|FILE.xlsx", help="required unless --format json")
    template = docs.add_parser("outcomes-template", help="a partnership's outcomes template (Ohio tool kit)")
    template.add_argument("--partnership", required=True, metavar="NAME|ID")
    template.add_argument("--year", type=int, metavar="YYYY", help="outcomes from this program year on")
    template.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx|FILE.pdf")


def _run_command(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop import commands

    # `import` is a Python keyword, so those handlers have other names.
    renamed = {"import": "import_file", "export": "export_file"}
    handler = getattr(commands, renamed.get(args.command, args.command.replace("-", "_")))
    return handler(args, paths)


def _ask_passphrase(exc: keys.KeyUnavailable | keys.WrongKey) -> bool:
    """Ask for the profile's passphrase on the terminal (a new profile: twice); False if we cannot."""
    if not sys.stdin.isatty():
        return False
    import getpass

    print(exc, file=sys.stderr)
    first = getpass.getpass("Passphrase: ")
    if isinstance(exc, keys.KeyUnavailable) and exc.new and getpass.getpass("Again: ") != first:
        print("error: the two passphrases differ.", file=sys.stderr)
        return False
    keys.use_passphrase(first)
    return bool(first)


_WINDOW_OPTIONS = ("--profile", "--screenshot", "--view")


def only_window_options(argv: list[str]) -> bool:
    """True when `argv` names no subcommand (nor help or version): only the window's own options."""
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token in _WINDOW_OPTIONS and rest:
            rest.pop(0)
        elif not token.startswith(tuple(f"{o}=" for o in _WINDOW_OPTIONS)):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    # The subcommands' parsers cost about as much as the window's shell: build them only when needed.
    args = build_parser(commands=not only_window_options(given)).parse_args(given)
    paths = profile_paths(args.profile).ensure()
    if args.command or args.screenshot:  # the window sets up its log after its first paint
        from sector_desktop.logs import configure_logging

        configure_logging(paths.log_file)
    for _attempt in range(3):
        try:
            if args.command:
                return _run_command(args, paths)
            from sector_desktop.ui.app import run_gui

            return run_gui(paths, screenshot=args.screenshot, view=args.view)
        except (keys.KeyUnavailable, keys.WrongKey) as exc:
            if args.command and _ask_passphrase(exc):
                continue  # the GUI asks in a dialog of its own
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except SectorError as exc:
            print(f"error: {exc}", file=sys.stderr)
            for problem in getattr(exc, "problems", []) or getattr(exc, "errors", []):
                print(f"  {problem}", file=sys.stderr)
            return 1
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
