"""One side of a before/after comparison of the performance report: `PROFILE RUNS [measures,pdf,xlsx,json]`
times each on the profile (wall and CPU time) and prints JSON with the headline figures, so two code
trees' answers can be compared too. Run it alternately for the old tree (`PYTHONPATH=<old worktree>`,
from outside the worktree, on a copy of the profile at the old revision) and the new one.
"""

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import sector_desktop
from sector_desktop.services.performance.periods import Period, program_year_of
from sector_desktop.services.performance.rows import Scope
from sector_desktop.services.performance_documents import performance_document, performance_json_data
from sector_desktop.services.report_data.performance import performance_data
from sector_desktop.store import open_profile, profile_paths

root, runs = Path(sys.argv[1]), int(sys.argv[2])
kinds = sys.argv[3].split(",") if len(sys.argv) > 3 else ["measures", "pdf"]

started = time.perf_counter()
db = open_profile(profile_paths(root))
opened = time.perf_counter() - started
period = Period(program_year_of(dt.date.today()) - 1)
out = {
    "code": str(Path(sector_desktop.__file__).parent.parent),
    "open_s": round(opened, 2),
    "load_before": os.getloadavg()[0],
}
fns = {
    "measures": lambda: performance_data(db, period, Scope()),
    "pdf": lambda: performance_document(db, period, "pdf"),
    "xlsx": lambda: performance_document(db, period, "xlsx"),
    "json": lambda: json.dumps(performance_json_data(db, period)),
}
for kind in kinds:
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        result = fns[kind]()
        times.append(round(time.perf_counter() - t, 3))
        cpu.append(round(time.process_time() - c, 3))
    out[kind] = times
    out[kind + "_cpu"] = cpu
    if kind == "measures":
        out["served"] = result[1].measure("establishments_served").numerator
        out["repeat"] = [
            result[1].measure("repeat_business").numerator,
            result[1].measure("repeat_business").denominator,
        ]
        out["new"] = result[1].measure("new_employers").numerator
        out["visits"] = result[1].measure("visits").numerator
        out["quarters"] = [(q.establishments, q.services, q.placements) for q in result[1].quarters]
out["load_after"] = os.getloadavg()[0]
db.close()
print(json.dumps(out))
