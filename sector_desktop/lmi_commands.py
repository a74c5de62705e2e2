"""Headless labour-market commands: `import lmi DATASET FILE` and `lmi areas`."""

from __future__ import annotations

import argparse
import sys

from sector_desktop.errors import SectorError
from sector_desktop.store import Database, ProfilePaths, open_profile
from sector_desktop.store.settings import load_settings


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


def mapping(args: argparse.Namespace, paths: ProfilePaths) -> int:
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


def areas(args: argparse.Namespace, paths: ProfilePaths) -> int:
    if args.what == "mapping":
        return mapping(args, paths)
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

    try:
        sector = sector_code(args.sector)
        area = parse_area(args.area) if args.area else None
    except ValueError as exc:
        raise SectorError(str(exc)) from None
    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise SectorError(f"--out {args.out.name}: a sector brief is a .pdf or an .xlsx file.")
    db = open_profile(paths)
    data = sector_document(db, sector, area, office_areas(paths), suffix[1:], args.partnership)
    db.close()
    out = write_pdf(data, args.out)
    print(f"Wrote {out} ({len(data) / 1024:,.0f} KB).")
    return 0
