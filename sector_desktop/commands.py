"""Headless subcommands of `sector-desktop`: each opens the profile and calls one service."""

from __future__ import annotations

import argparse
import sys

from sector_desktop.errors import SectorError
from sector_desktop.store import Database, ProfilePaths, open_profile
from sector_desktop.store.settings import load_settings


def demo_data(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.demo import fill_demo_profile

    db = open_profile(paths)
    summary = fill_demo_profile(db, paths, scale=args.scale, seed=args.seed, if_empty=args.if_empty)
    print(summary)
    return 0


def import_file(args: argparse.Namespace, paths: ProfilePaths) -> int:
    if args.kind == "lmi":  # publishers' files, streamed by services/lmi (the all-data file is big)
        return import_lmi(args, paths)
    if args.kind == "training-programs":
        return import_programs(args, paths)
    from sector_desktop.services.spreadsheets import open_table

    # A file that cannot be read (too big, a zip bomb, binary, empty) is refused before the
    # profile is opened, so the refusal takes well under a second whatever the database holds.
    with open_table(args.file, sheet=args.sheet):
        pass
    from sector_desktop.services.importing import apply_import, preview_import, refusal
    from sector_desktop.services.profile_settings import my_staff_id

    db = open_profile(paths)
    preview = preview_import(db, args.kind, args.file, sheet=args.sheet)
    if len(preview.sheets) > 1:
        others = ", ".join(repr(s) for s in preview.sheets if s != preview.sheet)
        print(f"Read the sheet {preview.sheet!r} (the workbook also has {others}; choose with --sheet NAME).")
    if not preview.ok:
        raise refusal(preview)
    if preview.ignored_columns:
        print(f"Ignored columns: {', '.join(preview.ignored_columns)}")
    owner = my_staff_id(db, paths)  # who imports plans the retention checks (None: not here)
    print(apply_import(db, preview, duplicates=args.duplicates, owner_id=owner))
    return 0


def import_programs(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`import training-programs FILE`: the inventory, checked whole first; any bad row refuses the file."""
    from sector_desktop.services.programs import apply_programs, preview_programs
    from sector_desktop.services.programs.importing import refusal

    db = open_profile(paths)
    preview = preview_programs(db, args.file, sheet=args.sheet)
    print(f"Read {preview.file_name}: {preview.summary()}.")
    if not preview.ok:
        raise refusal(preview)
    if preview.new_providers:
        print(f"New providers (added as training providers): {', '.join(preview.new_providers)}")
    if preview.ignored_columns:
        print(f"Ignored columns: {', '.join(preview.ignored_columns)}")
    print(apply_programs(db, preview))
    db.close()
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


def backup(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`backup create|list|restore NAME`: restore closes nothing (the command holds no connection)."""
    from sector_desktop.store import backups

    if args.action == "restore":
        from sector_desktop.sync.client.restored import restore_from_backup

        open_profile(paths).close()  # the key, and a readable database, before anything changes
        print(restore_from_backup(paths, args.name))
        return 0
    db = open_profile(paths)
    try:
        if args.action == "create":
            made = backups.back_up(db.path, paths.backups_dir, kind="manual", key=db.key)
            print(f"Backed up to {made}")
            return 0
        found = backups.list_backups(db.path, paths.backups_dir)
    finally:
        db.close()
    if args.json:
        import json

        rows = [
            {"name": b.name, "kind": b.kind, "taken_at": b.taken_at.isoformat(), "size_bytes": b.size_bytes}
            for b in found
        ]
        print(json.dumps(rows))
    for b in [] if args.json else found:
        print(f"{b.name}  {b.kind:<14} {b.size_bytes / 1e6:8.1f} MB")
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


def status(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.sync.client.status import sync_status

    db = open_profile(paths)
    found = sync_status(db)
    db.close()
    print(found.to_json() if args.json else "\n".join(found.lines()))
    return 0


def conflicts(args: argparse.Namespace, paths: ProfilePaths) -> int:
    import dataclasses
    import json

    from sector_desktop.sync.client import open_conflicts, resolve_conflict

    db = open_profile(paths)
    try:
        if args.action == "resolve":
            value = resolve_conflict(db, args.conflict_id, args.keep)
            answer = {"id": args.conflict_id, "kept": args.keep, "value": value}
            print(json.dumps(answer, ensure_ascii=False) if args.json else f"Kept {args.keep}: {value!r}.")
            return 0
        found = open_conflicts(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in found], ensure_ascii=False))
        return 0
    if not found:
        print("No open conflicts.")
    for c in found:
        who = "yours" if c.mine_is_current else c.current_author
        print(
            f"{c.id}  {c.record} · {c.field}: now {c.current!r} ({who}); other {c.other!r} ({c.other_author})"
        )
    return 0


def connect(args: argparse.Namespace, paths: ProfilePaths) -> int:
    import getpass
    import sys

    from sector_desktop.services.staff import link_after_sign_in
    from sector_desktop.store.settings import me_setting
    from sector_desktop.sync.client import connect as sign_in

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    db = open_profile(paths)
    try:
        before = me_setting(paths)
        name = sign_in(db, paths, args.url, args.user, password, insecure=args.insecure)
        # One person, one staff record: the one this laptop worked as is linked to the account's.
        link = link_after_sign_in(db, before, me_setting(paths), merge=getattr(args, "merge_me", None))
    finally:
        db.close()
    print(f"Signed in to {args.url} as {name}. Run `sector-desktop sync` to sync now.")
    if link.message():
        print(link.message())
    return 0


def report(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop import clock
    from sector_desktop.services import documents
    from sector_desktop.store.settings import office_name

    if args.document == "sector":
        return sector_brief(args, paths)
    if args.document in ("performance", "outcomes-template"):
        return performance_report(args, paths)
    if args.document == "invitations":
        return invitations_report(args, paths)
    if args.document in ("inventory", "initiative"):
        return program_report(args, paths)
    db = open_profile(paths)
    today = clock.today()  # on the profile's calendar, known once the profile is open
    day = getattr(args, "date", None) or today
    office = office_name(paths)  # every page's header
    if args.document == "packet":
        pdf = documents.briefing_pdf(db, args.organization, day, office_name=office)
    elif args.document == "day":
        pdf = documents.day_pdf(db, day, args.staff or _me_for_day(db, paths), office_name=office)
    elif args.document == "apprenticeship":
        pdf = documents.checklist_pdf(db, args.program, today, office_name=office)
    else:
        from sector_desktop.services.lmi import office_areas

        pdf = documents.meeting_pdf(db, args.document, args.meeting, office_areas(paths), office_name=office)
    out = documents.write_pdf(pdf, args.out)
    print(f"Wrote {out} ({len(pdf) / 1024:,.0f} KB).")
    return 0


def _me_for_day(db: Database, paths: ProfilePaths) -> str:
    """Whose day `report day` prints without --staff: "me", when that staff record is live here."""
    from sector_desktop.services.profile_settings import my_staff_id

    me = my_staff_id(db, paths)
    if me is None:
        raise SectorError(
            "This laptop does not know who you are: choose yourself with `settings set me NAME` or on"
            " the Team page, or say whose day it is with --staff NAME."
        )
    return me


def invitations_report(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`report invitations --meeting ID --letter employer|partner --out F.pdf [--eml-dir DIR]`."""
    from sector_desktop.services.invitation_documents import invite_roster_and_write

    db = open_profile(paths)
    try:
        done = invite_roster_and_write(db, paths, args.meeting, args.letter, args.out, args.eml_dir)
    finally:
        db.close()
    letters = "1 letter" if done.letters == 1 else f"{done.letters} letters"
    print(f"Invited {done.letters} ({done.newly_invited} new); wrote {done.pdf} ({letters}).")
    if args.eml_dir is not None:
        print(f"Wrote {len(done.drafts)} e-mail drafts to {args.eml_dir}.")
    if done.without_email:
        print("No e-mail draft (print their letter): " + "; ".join(done.without_email))
    return 0


def program_report(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`report inventory --sector S` and `report initiative --initiative ID`: PDF or XLSX by suffix."""
    from sector_desktop.services import program_documents as docs
    from sector_desktop.services.performance_documents import file_format, write_file
    from sector_desktop.store.settings import office_name

    fmt = file_format(args.out, None, ("pdf", "xlsx"))
    db = open_profile(paths)
    if args.document == "inventory":
        data = docs.inventory_document(db, docs.sector_of(args.sector), fmt, office_name(paths))
    else:
        data = docs.initiative_document(db, args.initiative, fmt, office_name(paths))
    db.close()
    out = write_file(data, args.out)
    print(f"Wrote {out} ({len(data) / 1024:,.0f} KB, {fmt.upper()}).")
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


# What changes staff records: on a laptop that syncs with a server, a manager's or an administrator's
# to do (the server refuses a staff account's changes to staff records; the Team page hides them).
STAFF_CHANGES = ("add", "edit", "deactivate", "merge")


def staff(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`staff list|add|edit|deactivate|merge|reassign`."""
    from sector_desktop.services.staff_commands import run_staff

    db = open_profile(paths)
    try:
        if args.action in STAFF_CHANGES:
            _check_manages_team(db, paths, args.action, getattr(args, "staff", ""))
        print("\n".join(run_staff(db, paths, args)))
    finally:
        db.close()
    return 0


def _check_manages_team(db: Database, paths: ProfilePaths, action: str, args_staff: str) -> None:
    """Refuse `staff ACTION` before it changes anything, as the server would after: a laptop signed in
    to a server changes staff records only as a manager or an administrator. Anyone merges a duplicate
    that never left this laptop (`args_staff`: the record named on the command line)."""
    from sector_desktop.services.profile_settings import my_staff_id
    from sector_desktop.services.staff import find_staff, get_staff, merge_preview
    from sector_desktop.sync.client.state import read_state

    if not read_state(db.engine).connected:
        return  # no server: the laptop's own team, anyone keeps it
    if action == "merge" and merge_preview(db, find_staff(db, args_staff).id).local_only:
        return  # a record no server has heard of (the sign-in's advice for a first-run "me")
    me_id = my_staff_id(db, paths)
    me = get_staff(db, me_id) if me_id else None
    if me is None or me.role not in ("manager", "admin"):
        who = f"you are {me.name}, {me.role_label}" if me else "this laptop does not know who you are"
        raise SectorError(
            f"Not done: `staff {action}` changes staff records, which only a manager or an administrator"
            f" does on a laptop that syncs with a server ({who}). Ask your manager."
        )


def settings(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`settings get KEY` and `settings set KEY VALUE` (office-name, timezone, me)."""
    from sector_desktop.services.staff_commands import run_settings

    db = open_profile(paths)
    try:
        print(run_settings(db, paths, args))
    finally:
        db.close()
    return 0


def lmi(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`lmi areas [AREA ...]` and `lmi mapping NAME ...`."""
    return lmi_mapping(args, paths) if args.what == "mapping" else lmi_areas(args, paths)


def import_lmi(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.lmi import apply_lmi, office_areas, preview_lmi, refusal

    db = open_profile(paths)
    areas = office_areas(paths)
    staff = _my_name(db, paths)
    if args.dataset == "mapped":
        from sector_desktop.services.lmi.mapped import apply_mapped, preview_mapped

        if not args.mapping:
            raise SectorError("Say which saved column mapping to use: --mapping NAME.")
        mapped = preview_mapped(db, args.file, args.mapping, areas=areas, released=args.released)
        print(mapped.summary())
        print(apply_mapped(db, mapped, imported_by=staff))
        db.close()
        return 0

    def show(done: int, _total: int, message: str) -> None:
        print(f"  {message}", file=sys.stderr, flush=True)

    preview = preview_lmi(
        db, args.dataset, args.file, areas=areas, period=args.period, released=args.released, progress=show
    )
    print(preview.summary())
    if not areas:
        print("No office areas are set (`sector-desktop lmi areas`): every area in the file is kept.")
    if not preview.ok:
        raise refusal(preview)
    print(apply_lmi(db, preview, imported_by=staff))
    db.close()
    return 0


def _my_name(db: Database, paths: ProfilePaths) -> str | None:
    from sector_desktop.models import StaffUser

    staff_id = load_settings(paths).get("current_staff_id")
    if not staff_id:
        return None
    with db.read_session() as session:
        me = session.get(StaffUser, staff_id)
        return me.name if me is not None else None


def lmi_mapping(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.lmi.mapped import FIELDS, save_mapping

    columns: dict[str, object] = {}
    for pair in args.column or []:
        field, _, header = pair.partition("=")
        if field not in FIELDS or not header:
            raise SectorError(f"--column {pair!r}: write FIELD=Header with FIELD one of {', '.join(FIELDS)}.")
        columns[field] = header
    measures = {}
    for pair in args.measure or []:
        name, _, rest = pair.partition("=")
        header, _, unit = rest.partition(":")
        if not name or not header:
            raise SectorError(f"--measure {pair!r}: write 'Measure name=Header[:unit]'.")
        measures[name] = {"column": header, "unit": unit or None}
    columns["measures"] = measures
    db = open_profile(paths)
    print(save_mapping(db, args.name, args.source, columns))
    db.close()
    return 0


def lmi_areas(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.lmi import office_areas, parse_area, set_office_areas

    if args.areas:
        try:
            chosen = [parse_area(text) for text in args.areas]
        except ValueError as exc:
            raise SectorError(str(exc)) from None
        set_office_areas(paths, chosen)
    shown = office_areas(paths)
    listed = ", ".join(map(str, shown)) if shown else "none set (imports keep every area)"
    print(f"The office's areas: {listed}")
    return 0


def sector_brief(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`report sector --sector S [--area A] --out F.pdf|F.xlsx`."""
    from sector_desktop.services.documents import sector_document, write_pdf
    from sector_desktop.services.lmi import office_areas, parse_area
    from sector_desktop.services.lmi.sectors import sector_code
    from sector_desktop.store.settings import office_name

    try:
        sector = sector_code(args.sector)
        area = parse_area(args.area) if args.area else None
    except ValueError as exc:
        raise SectorError(str(exc)) from None
    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise SectorError(f"--out {args.out.name}: a sector brief is a .pdf or an .xlsx file.")
    db = open_profile(paths)
    office = office_name(paths)
    data = sector_document(
        db, sector, area, office_areas(paths), suffix[1:], args.partnership, office_name=office
    )
    db.close()
    out = write_pdf(data, args.out)
    print(f"Wrote {out} ({len(data) / 1024:,.0f} KB).")
    return 0


def performance_report(args: argparse.Namespace, paths: ProfilePaths) -> int:
    """`report performance` and `report outcomes-template`: PDF or XLSX by --out's suffix, or JSON."""
    import json

    from sector_desktop.services import performance_documents as docs
    from sector_desktop.services.lmi import office_areas
    from sector_desktop.store.settings import office_name

    db = open_profile(paths)
    areas, office = office_areas(paths), office_name(paths)
    if args.document == "outcomes-template":
        fmt = docs.file_format(args.out, None, ("xlsx", "pdf"))
        data = docs.outcomes_template(
            db, args.partnership, fmt, year=args.year, areas=areas, office=office
        )
    else:
        period = docs.period_from(args.year, args.quarter)
        scope = {"staff": args.staff, "sector": args.sector, "partnership": args.partnership, "areas": areas}
        fmt = docs.file_format(args.out, args.format, ("pdf", "xlsx", "json"))
        if fmt == "json":
            text = json.dumps(docs.performance_json_data(db, period, **scope), indent=1, ensure_ascii=False)
            if args.out is None:
                print(text)
                return 0
            data = (text + "\n").encode()
        else:
            data = docs.performance_document(db, period, fmt, **scope, office=office)
    out = docs.write_file(data, args.out)
    print(f"Wrote {out} ({len(data) / 1024:,.0f} KB, {fmt.upper()}).")
    return 0
