"""Benchmark: importing labour-market files. A generated OEWS all-data workbook of 400,000 rows
(the published size and layout) filtered to the office's three areas, a QCEW area file with 20
quarters, and the Labour market page painting the sector snapshot from them.

Each import runs in a fresh interpreter so its peak memory (ru_maxrss) is its own. Prints one JSON
object on stdout; progress goes to stderr. `--quick` uses a 40,000-row file to check the script.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "lmi"
ROOT = HERE.parent
AREAS = ["county:24510", "msa:12580", "state:24"]  # the page opens on the first
TARGET_SECONDS, TARGET_MB, TARGET_PAINT_MS = 60.0, 500.0, 200.0
sys.path.insert(0, str(ROOT / "tests"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _occupations(n: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    codes = sorted({f"{rng.randint(11, 53):02d}-{rng.randint(1000, 9999)}" for _ in range(n * 2)})[:n]
    return [(c, f"Occupation {c}") for c in codes]


def _rows(total: int):
    """OEWS all-data rows in the file's order: national by industry, states, then MSAs."""
    from lmi_files import RN

    occupations = _occupations(830)
    wages = RN
    made = 0
    naics = [f"{s}0000" for s in ("62", "23", "51", "72", "52", "54", "56", "61", "42")] + [
        "31-33",
        "44-45",
        "48-49",
    ]
    industries = [(n, "sector") for n in naics] + [(f"{i:03d}000", "3-digit") for i in range(211, 999, 3)]
    national = [("99", "U.S.", "1", "US")]
    states = [(f"{s:02d}", f"State {s:02d}", "2", "ST") for s in range(1, 57)]
    msas = [(f"{10000 + 20 * i}", f"Metro area {i}", "4", "ST") for i in range(1, 460)] + [
        ("12580", "Baltimore-Columbia-Towson, MD", "4", "MD")
    ]
    national_share = total // 2
    for (code, i_group), (occ, title) in ((ind, o) for ind in industries for o in occupations):
        if made >= national_share:
            break
        made += 1
        yield [
            *national[0],
            code,
            f"Industry {code}",
            i_group,
            "5",
            occ,
            title,
            "detailed",
            "12340",
            "2.1",
            "",
            "",
            "1.2",
            "14",
            *wages[:2],
            "0.8",
            *wages[2:],
            "",
            "",
        ]
    per_area = max(50, (total - made) // (len(states) + len(msas)))
    for area in [*states, *msas]:
        for occ, title in occupations[:per_area]:
            if made >= total:
                return
            made += 1
            yield [
                *area,
                "000000",
                "Cross-industry",
                "cross-industry",
                "1235",
                occ,
                title,
                "detailed",
                "1230",
                "3.2",
                "1.5",
                "0.98",
                "",
                "",
                *wages[:2],
                "0.8",
                *wages[2:],
                "",
                "",
            ]


def make_oews(path: Path, total: int) -> Path:
    """An all-data workbook as BLS ships it (one sheet, header row 1), written streaming."""
    import openpyxl
    from lmi_files import OEWS_HEADER

    if path.exists():
        return path
    log(f"writing {total:,} OEWS rows to {path.name} ...")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("All May 2024 data")
    sheet.append(OEWS_HEADER)
    for row in _rows(total):
        sheet.append(
            [float(v) if v.replace(".", "", 1).isdigit() and not v.startswith("0") else v for v in row]
        )
    tmp = path.with_suffix(".tmp.xlsx")
    book.save(tmp)
    tmp.replace(path)
    return path


def make_qcew(path: Path) -> Path:
    """A QCEW area file for Baltimore City: 20 quarters × every ownership and industry level."""
    from lmi_files import qcew_quarter, write_qcew_quarterly

    if path.exists():
        return path
    rows = []
    industries = ["10", "101", "102", *[s for s in ("62", "23", "51", "72", "31-33", "48-49", "44-45", "52")]]
    industries += [f"{i}" for i in range(111, 999, 7)] + [f"{i}" for i in range(1111, 9999, 23)]
    industries += [f"{i}" for i in range(111110, 999999, 1703)]
    for q in range(20):
        year, qtr = 2020 + (q + 1) // 4, (q + 1) % 4 + 1
        for own in ("0", "1", "2", "3", "5"):
            for industry in industries:
                rows.append(
                    qcew_quarter("24510", own, industry, "75", year, qtr, 1200 + q, 70000 + 90 * q, 1400 + q)
                )
    return write_qcew_quarterly(path, rows)


IMPORT = """
import json, resource, sys, time
from pathlib import Path
from sector_desktop.services.lmi import apply_lmi, parse_area, preview_lmi
from sector_desktop.store import open_profile, profile_paths
import datetime as dt
paths = profile_paths(sys.argv[1]).ensure()
db = open_profile(paths)
start = time.perf_counter()
areas = [parse_area(a) for a in sys.argv[4:]]
preview = preview_lmi(db, sys.argv[2], Path(sys.argv[3]), areas=areas, released=dt.date(2025, 9, 3))
read = time.perf_counter() - start
result = apply_lmi(db, preview)
total = time.perf_counter() - start
with db.engine.connect() as c:
    outbox = c.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar()
peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps({"rows_read": preview.rows_read, "rows_kept": len(preview.rows), "read_s": round(read, 2),
                  "total_s": round(total, 2), "peak_mb": peak, "outbox_rows": outbox,
                  "errors": preview.error_count}))
"""


def xml_floor(path: Path) -> float:
    """The anchor for the workbook: decompress its sheet and run expat over it with no handlers,
    the least any XLSX reader must do, timed in this run on this machine."""
    import xml.parsers.expat
    import zipfile

    start = time.perf_counter()
    with zipfile.ZipFile(path) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
        parser = xml.parsers.expat.ParserCreate()
        while block := sheet.read(1 << 22):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    return time.perf_counter() - start


def csv_floor(path: Path) -> float:
    """The anchor for a CSV file: Python's csv module reading every row."""
    import csv

    start = time.perf_counter()
    with path.open(newline="") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - start


def run_import(profile: Path, dataset: str, path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT, str(profile), dataset, str(path), *AREAS],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


PAINT = """
import json, statistics, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from sector_desktop.store import open_profile, profile_paths
from sector_desktop.ui.context import AppContext
from sector_desktop.ui.lmi.page import LabourMarketPage
paths = profile_paths(sys.argv[1]).ensure()
ctx = AppContext(db=open_profile(paths), paths=paths)
times = []
for run in range(8):
    start = time.perf_counter()
    page = LabourMarketPage(ctx)
    page.resize(1196, 700)
    page.show()
    while page._loading:
        app.processEvents()
    assert len(page.chart.quarters) == 20, len(page.chart.quarters)
    page.grab()  # the snapshot painted, chart and tables
    if run:
        times.append((time.perf_counter() - start) * 1000)
    page.close()
    page.deleteLater()
    app.processEvents()
quarters = len(page.chart.quarters)
# The anchor, in the same process: a bare page with one 20-row table, built and painted the same way.
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget
anchor = []
for run in range(8):
    start = time.perf_counter()
    bare, model = QWidget(), QStandardItemModel(20, 6)
    for r in range(20):
        for c in range(6):
            model.setItem(r, c, QStandardItem(f"{r},{c}"))
    view = QTableView()
    view.setModel(model)
    QVBoxLayout(bare).addWidget(view)
    bare.resize(1196, 700)
    bare.show()
    app.processEvents()
    bare.grab()
    if run:
        anchor.append((time.perf_counter() - start) * 1000)
    bare.close()
paint, bare_ms = statistics.median(times), statistics.median(anchor)
print(json.dumps({"paint_ms_median": round(paint, 1), "quarters": quarters,
                  "anchor_ms_median": round(bare_ms, 1), "ratio_to_anchor": round(paint / bare_ms, 2)}))
"""


def main() -> int:
    quick = "--quick" in sys.argv
    total = 40_000 if quick else 400_000
    OUT.mkdir(parents=True, exist_ok=True)
    oews = make_oews(OUT / f"all_data_M_2024_{total}.xlsx", total)
    qcew = make_qcew(OUT / "qcew_24510_20_quarters.csv")
    profile = Path(tempfile.mkdtemp(prefix="lmi-bench-"))
    try:
        laptop = profile / "a"
        subprocess.run(
            [sys.executable, "-m", "sector_desktop", "--profile", str(laptop), "lmi", "areas", *AREAS],
            check=True,
            capture_output=True,
        )
        log("importing OEWS ...")
        oews_anchor = xml_floor(oews)
        oews_result = run_import(laptop, "oews", oews)
        oews_result |= {
            "anchor_s": round(oews_anchor, 2),
            "ratio_to_anchor": round(oews_result["total_s"] / oews_anchor, 1),
        }
        log(f"  {oews_result}")
        log("importing QCEW ...")
        qcew_anchor = csv_floor(qcew)
        qcew_result = run_import(laptop, "qcew", qcew)
        qcew_result |= {
            "anchor_s": round(qcew_anchor, 2),
            "ratio_to_anchor": round(qcew_result["total_s"] / qcew_anchor, 1),
        }
        log(f"  {qcew_result}")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env_run = subprocess.run(
            [sys.executable, "-c", PAINT, str(laptop)], capture_output=True, text=True, check=True, env=env
        )
        paint = json.loads(env_run.stdout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print(
        json.dumps(
            {
                "bench": "lmi",
                "oews_all_data": {
                    **oews_result,
                    "file_rows": total,
                    "file_mb": round(oews.stat().st_size / 1e6, 1),
                    "target_s": TARGET_SECONDS,
                    "target_mb": TARGET_MB,
                },
                "qcew_area_file": {**qcew_result, "file_mb": round(qcew.stat().st_size / 1e6, 1)},
                "sector_page": {**paint, "target_ms": TARGET_PAINT_MS},
                "met": oews_result["total_s"] < TARGET_SECONDS
                and oews_result["peak_mb"] < TARGET_MB
                and paint["paint_ms_median"] < TARGET_PAINT_MS,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
