"""Benchmark: printing offline. A briefing packet for the organization with the most history in the
100,000-organization profile, and a day packet with 8 stops, each from the database to PDF bytes; the
performance report (PDF, XLSX and the measures alone) of the last whole program year, on that profile
with ten years of visits (bench/_history.py).

For comparison, when LibreOffice is installed, the time to turn a comparable 5-page .docx into a PDF
with `libreoffice --headless --convert-to pdf` (the mail-merge route staff use today), in the same run.
Prints one JSON object on stdout; progress goes to stderr. `--quick` uses the 10,000-organization profile;
`--performance` times only the performance report (making the ten-year profile first if it is missing:
about 15 minutes); `--make-history` only makes that profile. Without them (as bench/run_all.py runs it),
the performance report is timed only when the ten-year profile is already made, so the default run
stays bounded.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _history import ensure_history, history_made
from _profile import LARGE, QUICK, ensure_profile
from pypdf import PdfReader

RUNS = 7
TARGET_DAY_SECONDS = 2.0
TARGET_PERFORMANCE_SECONDS = 2.0


CONTENT_TYPES = (
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
    "<Default Extension='rels' ContentType='application/vnd.openxmlformats-package.relationships+xml'/>"
    "<Default Extension='xml' ContentType='application/xml'/>"
    "<Override PartName='/word/document.xml' "
    "ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>"
)
RELS = (
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
    "<Relationship Id='rId1' Target='word/document.xml' "
    "Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument'/></Relationships>"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(fn, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _most_history(db) -> str:
    from sqlalchemy import func, select

    from sector_desktop.models import Visit

    with db.read_session() as s:
        return s.scalar(
            select(Visit.organization_id)
            .group_by(Visit.organization_id)
            .order_by(func.count().desc())
            .limit(1)
        )


def _eight_stops(db, day: dt.date) -> tuple[str, list[str]]:
    """A staff member with eight planned visits on `day` (added for the run, removed afterwards)."""
    from sqlalchemy import select

    from sector_desktop.models import Organization, StaffUser, Visit
    from sector_desktop.store.capture import capture_suspended

    with capture_suspended(db.engine, "benchmark stops"), db.session() as s:
        staff = s.scalar(select(StaffUser.id).limit(1))
        orgs = list(s.scalars(select(Organization.id).where(Organization.kind == "employer").limit(8)))
        visits = [
            Visit(
                organization_id=o,
                staff_id=staff,
                status="planned",
                visit_type="site_visit",
                purpose="Bench stop",
                starts_at=dt.datetime.combine(day, dt.time(8 + i)),
            )
            for i, o in enumerate(orgs)
        ]
        s.add_all(visits)
        s.flush()
        return staff, [v.id for v in visits]


def _docx(pages: int = 5) -> bytes:
    """A plain .docx of `pages` pages of tables and text, like a mail-merged briefing packet."""
    para = "<w:p><w:r><w:t xml:space='preserve'>{}</w:t></w:r></w:p>"
    brk = "<w:p><w:r><w:br w:type='page'/></w:r></w:p>"
    body = []
    for page in range(pages):
        body.append(para.format(f"Briefing packet page {page + 1}: Copperfield Analytics Inc."))
        rows = "".join(
            f"<w:tr><w:tc><w:p><w:r><w:t>Row {r}</w:t></w:r></w:p></w:tc>"
            f"<w:tc><w:p><w:r><w:t>Visit notes and follow-ups for row {r}</w:t></w:r></w:p></w:tc></w:tr>"
            for r in range(18)
        )
        body.append(f"<w:tbl>{rows}</w:tbl>")
        body += [para.format("Spoke with the HR director about openings and the next cohort. " * 4)] * 6
        body.append(brk)
    document = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
        + "".join(body)
        + "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def libreoffice_seconds() -> dict[str, object]:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return {
            "libreoffice_5_page_docx_seconds": None,
            "libreoffice_note": "LibreOffice is not installed here",
        }
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "packet.docx"
        src.write_bytes(_docx())
        profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
        for _ in range(4):  # the first run also creates LibreOffice's profile: count it apart
            started = time.perf_counter()
            done = subprocess.run(
                [office, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0:
                return {
                    "libreoffice_5_page_docx_seconds": None,
                    "libreoffice_note": f"LibreOffice failed: {(done.stderr or done.stdout).strip()[:200]}",
                }
            times.append(time.perf_counter() - started)
        pages = len(PdfReader(Path(tmp) / "packet.pdf").pages)
    return {
        "libreoffice_5_page_docx_seconds": round(statistics.median(times[1:]), 3),
        "libreoffice_first_run_seconds": round(times[0], 3),
        "libreoffice_pdf_pages": pages,
    }


def performance_figures(root: Path) -> dict[str, object]:
    """The performance report of the last whole program year, from the ten-year profile."""
    from sqlalchemy import func, select

    from sector_desktop.models import Placement, Visit
    from sector_desktop.services.performance.loading import window
    from sector_desktop.services.performance.periods import Period, program_year_of
    from sector_desktop.services.performance.rows import Scope
    from sector_desktop.services.performance_documents import performance_document, performance_json_data
    from sector_desktop.services.report_data.performance import performance_data
    from sector_desktop.store import open_profile, profile_paths

    db = open_profile(profile_paths(root))
    period = Period(program_year_of(dt.date.today()) - 1)
    with db.read_session() as s:
        first, last, visits = s.execute(
            select(func.min(Visit.starts_at), func.max(Visit.starts_at), func.count())
        ).one()
        placements = s.scalar(select(func.count()).select_from(Placement))
        start, end = window(period)
        read = s.scalar(select(func.count()).where(Visit.starts_at >= start, Visit.starts_at <= end))
    performance_document(db, period, "pdf")  # warm up: fonts, caches
    log(f"timing the performance report of {period.label} ...")
    measures_s, (_records, result) = timed(lambda: performance_data(db, period, Scope()), runs=5)
    pdf_s, pdf = timed(lambda: performance_document(db, period, "pdf"), runs=5)
    xlsx_s, _xlsx = timed(lambda: performance_document(db, period, "xlsx"), runs=5)
    json_s, _json = timed(lambda: json.dumps(performance_json_data(db, period)), runs=5)
    db.close()
    return {
        "performance_profile_visits": visits,
        "performance_profile_years": round((last - first).days / 365.25, 1),
        "performance_profile_placements": placements,
        "performance_period": period.label,
        "performance_visits_in_window": read,
        "performance_establishments_served": result.measure("establishments_served").numerator,
        "performance_measures_seconds": round(measures_s, 3),
        "performance_pdf_seconds": round(pdf_s, 3),
        "performance_pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "performance_xlsx_seconds": round(xlsx_s, 3),
        "performance_json_seconds": round(json_s, 3),
        "performance_target_seconds": TARGET_PERFORMANCE_SECONDS,
        "performance_target_met": pdf_s < TARGET_PERFORMANCE_SECONDS and xlsx_s < TARGET_PERFORMANCE_SECONDS,
    }


def main() -> None:
    from sqlalchemy import delete

    from sector_desktop.models import Visit
    from sector_desktop.services import documents
    from sector_desktop.store import open_profile, profile_paths
    from sector_desktop.store.capture import capture_suspended

    quick = "--quick" in sys.argv
    root = ensure_profile("quick" if quick else "large", QUICK if quick else LARGE)
    if "--make-history" in sys.argv:
        print(json.dumps({"benchmark": "reports", "history_profile": str(ensure_history(root))}))
        return
    if "--performance" in sys.argv or history_made(root):
        history = performance_figures(ensure_history(root))
    else:
        skipped = "no ten-year profile yet: run reports.py --make-history once (about 15 minutes)"
        history = {"performance_skipped": skipped}
    if "--performance" in sys.argv:
        print(json.dumps({"benchmark": "reports", "load_average": os.getloadavg()[0], **history}, indent=2))
        return
    db = open_profile(profile_paths(root))
    today = dt.date.today()
    org = _most_history(db)
    documents.briefing_pdf(db, org, today)  # warm up: fonts, caches
    log("timing the briefing packet ...")
    packet_s, pdf = timed(lambda: documents.briefing_pdf(db, org, today))
    packet_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    day = today + dt.timedelta(days=400)  # a day with nothing else planned
    staff, added = _eight_stops(db, day)
    try:
        log("timing the day packet ...")
        day_s, day_pdf = timed(lambda: documents.day_pdf(db, day, staff))
    finally:
        with capture_suspended(db.engine, "benchmark stops"), db.session() as s:
            s.execute(delete(Visit).where(Visit.id.in_(added)))
    result = {
        "benchmark": "reports",
        "organizations": (QUICK if quick else LARGE)["organizations"],
        "briefing_packet_seconds": round(packet_s, 3),
        "briefing_packet_pages": packet_pages,
        "day_packet_8_stops_seconds": round(day_s, 3),
        "day_packet_pages": len(PdfReader(io.BytesIO(day_pdf)).pages),
        "day_packet_target_seconds": TARGET_DAY_SECONDS,
        "day_packet_target_met": day_s < TARGET_DAY_SECONDS,
        "runs": RUNS,
        "load_average": os.getloadavg()[0],
    }
    result.update(history)
    result.update(libreoffice_seconds())
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
