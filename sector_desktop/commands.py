"""Headless subcommands of `sector-desktop`: each opens the profile and calls one service."""

from __future__ import annotations

import argparse

from sector_desktop.store import ProfilePaths, open_profile


def demo_data(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.demo import fill_demo_profile

    db = open_profile(paths)
    summary = fill_demo_profile(db, paths, scale=args.scale, seed=args.seed, if_empty=args.if_empty)
    print(summary)
    return 0


def import_file(args: argparse.Namespace, paths: ProfilePaths) -> int:
    if args.kind == "lmi":  # publishers' files, streamed by services/lmi (the all-data file is big)
        from sector_desktop.lmi_commands import import_lmi

        return import_lmi(args, paths)
    from sector_desktop.services.spreadsheets import open_table

    # A file that cannot be read (too big, a zip bomb, binary, empty) is refused before the
    # profile is opened, so the refusal takes well under a second whatever the database holds.
    with open_table(args.file, sheet=args.sheet):
        pass
    from sector_desktop.services.importing import apply_import, preview_import, refusal

    db = open_profile(paths)
    preview = preview_import(db, args.kind, args.file, sheet=args.sheet)
    if len(preview.sheets) > 1:
        others = ", ".join(repr(s) for s in preview.sheets if s != preview.sheet)
        print(f"Read the sheet {preview.sheet!r} (the workbook also has {others}; choose with --sheet NAME).")
    if not preview.ok:
        raise refusal(preview)
    if preview.ignored_columns:
        print(f"Ignored columns: {', '.join(preview.ignored_columns)}")
    print(apply_import(db, preview, duplicates=args.duplicates))
    return 0


def export_file(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.exporting import export_records

    if args.kind == "calendar":
        return export_calendar(args, paths)
    db = open_profile(paths)
    print(export_records(db, args.kind, args.out, args.format))
    return 0


def export_calendar(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`export calendar --out FILE.ics`: every future planned visit and meeting of the team."""
    from sector_desktop.errors import SectorError
    from sector_desktop.services.calendar_export import export_calendar

    if args.format is not None:
        raise SectorError("--format does not apply to a calendar; it is always an .ics file.")
    db = open_profile(paths)
    result = export_calendar(db, args.out)
    db.close()
    print(result.summary())
    return 0


def search(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.store.search import MARK_END, MARK_START
    from sector_desktop.store.search import search as run_search

    db = open_profile(paths)
    with db.read_session() as s:
        hits = run_search(s, args.query, args.limit)
    db.close()
    if not hits:
        print(f"No matches for {args.query!r}.")
    for hit in hits:
        print(f"{hit.kind:<12} {hit.title} — {hit.subtitle}  [{hit.id}]")
        if hit.snippet and hit.plain_snippet != hit.title:
            print(f"{'':12} {hit.snippet.replace(MARK_START, '[').replace(MARK_END, ']')}")
    return 0


def sync(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.sync.client import export_unsent, sync_once

    db = open_profile(paths)
    if args.export_unsent:
        count = export_unsent(db, args.export_unsent)
        db.close()
        print(f"Wrote {count:,} unsent changes to {args.export_unsent}.")
        return 0

    def show(done: int, total: int, message: str) -> None:
        print(f"  {message}: {done:,}", flush=True)

    report = sync_once(db, paths, progress=show, attachments=not args.no_attachments)
    db.close()
    print(report.summary())
    for problem in report.failed:
        print(f"  failed: {problem}")
    return 0 if report.ok else 1


def connect(args: argparse.Namespace, paths: ProfilePaths) -> int:
    import getpass
    import sys

    from sector_desktop.sync.client import connect as sign_in

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    db = open_profile(paths)
    name = sign_in(db, paths, args.url, args.user, password, insecure=args.insecure)
    db.close()
    print(f"Signed in to {args.url} as {name}. Run `sector-desktop sync` to sync now.")
    return 0


def report(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop import clock
    from sector_desktop.services import documents
    from sector_desktop.store.settings import load_settings

    if args.document == "sector":
        from sector_desktop.lmi_commands import sector_brief

        return sector_brief(args, paths)
    db = open_profile(paths)
    today = clock.today()  # on the profile's calendar, known once the profile is open
    day = getattr(args, "date", None) or today
    if args.document == "packet":
        pdf = documents.briefing_pdf(db, args.organization, day)
    elif args.document == "day":
        pdf = documents.day_pdf(db, day, args.staff or load_settings(paths).get("current_staff_id"))
    elif args.document == "apprenticeship":
        pdf = documents.checklist_pdf(db, args.program, today)
    else:
        pdf = documents.meeting_pdf(db, args.document, args.meeting)
    out = documents.write_pdf(pdf, args.out)
    print(f"Wrote {out} ({len(pdf) / 1024:,.0f} KB).")
    return 0


def meetings(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`meetings schedule ...` and `meetings list ...`; times are the profile's local times."""
    from sector_desktop.services import meeting_commands

    db = open_profile(paths)
    try:
        if args.action == "schedule":
            lines = meeting_commands.schedule(db, paths, args)
            print(f"Scheduled {len(lines)} meeting{'s' if len(lines) != 1 else ''}:")
            for line in lines:
                print(f"  {meeting_commands.text_of(line)}")
            return 0
        lines = meeting_commands.listed(db, args.date_from, args.date_to)
        print(meeting_commands.as_json(lines) if args.json else meeting_commands.as_text(lines))
        return 0
    finally:
        db.close()


def lmi(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.lmi_commands import areas

    return areas(args, paths)
