"""Benchmark: our sync against its anchors, in one run: PouchDB replication and plain executemany.

    .venv/bin/python bench/sync_anchor.py            # 100,000 records, 2 alternated rounds (~6-10 min)
    .venv/bin/python bench/sync_anchor.py --quick    # 10,000 records, 1 round, to check the script
    .venv/bin/python bench/sync_anchor.py --records N --rounds R --backends sqlite,postgresql
    .venv/bin/python bench/sync_anchor.py --edits-only --edit-rounds 9   # only the 100-edit figure
    .venv/bin/python bench/sync_anchor.py --baseline DIR ...   # also DIR's sector_desktop, alternated

Figures, each a ratio from runs alternated in this one process tree (A, B, C, A, B, C ...):
  initial pull      N records into an empty profile through the real `sector-server serve`
                    (SQLite, and PostgreSQL when it answers), records/s, with the profile encrypted
                    (SQLCipher, as shipped) and not; against plain sqlite3 `executemany` of the same
                    rows (target >= 0.25) and PouchDB's pull of N documents of the same mean size at
                    the same page size (express-pouchdb on 127.0.0.1, LevelDB; target >= 5x)
  100 edits         one sync_once after 100 edits on the laptop holding the N records (push, then
                    its changes pulled back), ms, against PouchDB's 100-edit push (target <= 1x)
                    (--edits-only: one pull per laptop to fill it, no pull figures; --edit-rounds R)

--baseline DIR (a folder holding another version of the package, e.g. `git archive main
sector_desktop | tar -x -C DIR`) adds a server and laptops running that code (PYTHONPATH=DIR),
seeded alike and alternated with the others: "before" figures from the same process tree.

PouchDB lives in ../shared/peers/pouchdb (read-only here); it is copied to bench/out/pouchdb-peer
and installed there with `npm ci` (once; node and npm must be on the machine). Without node the
PouchDB figures are null and the run says why. PostgreSQL: SECTOR_BENCH_PG_URL (default
postgresql://postgres@127.0.0.1:5432/test), a fresh schema per run, dropped at the end.
Each (backend, encryption) runs in a worker process of its own (encryption off patches the
store's factory, bench/_plaintext.py). Prints one JSON object; progress on stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PEER_SRC = HERE.parent.parent / "shared" / "peers" / "pouchdb"
PEER = OUT / "pouchdb-peer"
PG_URL = os.environ.get("SECTOR_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "bench password 2026"
EDITS = 100


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- PouchDB ----------------------------------------------------------------------------------
def install_peer() -> str | None:
    """Copy the peer and `npm ci` it once; None when ready, else why not."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node/npm not installed"
    if not (PEER_SRC / "alt.js").exists():
        return f"{PEER_SRC} not found"
    lock = PEER_SRC / "package-lock.json"
    stamp = PEER / ".installed"
    if stamp.exists() and stamp.read_text() == lock.read_text():
        return None
    shutil.rmtree(PEER, ignore_errors=True)
    PEER.mkdir(parents=True)
    for f in PEER_SRC.iterdir():
        if f.is_file():
            shutil.copyfile(f, PEER / f.name)
    log("npm ci in bench/out/pouchdb-peer ...")
    proc = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER, capture_output=True, text=True, timeout=600
    )
    if proc.returncode:
        return f"npm ci failed: {proc.stderr[-500:]}"
    stamp.write_text(lock.read_text())
    return None


class Pouch:
    """alt.js driven over stdin: one JSON line per command."""

    def __init__(self, n: int, data: Path) -> None:
        env = {**os.environ, "POUCH_DATA": str(data)}
        self.proc = subprocess.Popen(
            ["node", "alt.js", str(n)],
            cwd=PEER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.ready = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("PouchDB peer exited")
        return dict(json.loads(line))

    def cmd(self, line: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise RuntimeError(f"PouchDB: {answer['error']}")
        return answer

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.cmd("quit")
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# -- servers (the parent seeds them; workers sync with them) ----------------------------------
@contextlib.contextmanager
def pg_schema() -> Any:
    import psycopg

    schema = f"sector_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def start_server(out: Path, backend: str, url: str, n: int, code: str | None = None) -> Any:
    from _sync_data import Server, seed_records

    server = Server(out / f"server-{backend}{'-baseline' if code else ''}")
    server.database_url = url or server.database_url
    before = os.environ.get("PYTHONPATH")
    if code:
        os.environ["PYTHONPATH"] = code  # the server process runs the baseline's code
    try:
        server.start()
    finally:
        if code and before is None:
            os.environ.pop("PYTHONPATH", None)
        elif code and before is not None:
            os.environ["PYTHONPATH"] = before
    try:
        server.create_user("ana", PASSWORD, "staff")
        server.create_user("ben", PASSWORD, "staff")
        node, author = server.login("ben", PASSWORD)
        started = time.perf_counter()
        seeded = seed_records(server.database_url, 0, n, node, author)
    except BaseException:
        server.stop()  # never leave the server process behind
        raise
    seconds = time.perf_counter() - started
    log(f"  {backend}: seeded {n:,} records ({seeded['fields']:,} fields) in {seconds:.1f} s")
    return server, seeded


# -- the worker: one (backend, encryption) ----------------------------------------------------
def worker(server_url: str, encrypted: bool, out: Path) -> int:
    """Answers `pull`, `inc` and `quit` on stdin, one JSON line each."""
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    if not encrypted:
        import _plaintext  # noqa: F401  (patches the store's factory: no key)
    from _sync_data import install_memory_keyring

    from sector_desktop.store import open_database, profile_paths
    from sector_desktop.sync.client import connect, sync_once

    try:  # one client across a laptop's rounds, as the app's sync controller keeps one
        from sector_desktop.sync.client.transport import SyncSession
    except ImportError:  # code from before the kept connection (an A/B run against older code)
        SyncSession = None
    install_memory_keyring()
    out.mkdir(parents=True, exist_ok=True)
    template = out / "template.db"
    db = open_database(template)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    laptop: Any = None
    n_pull = 0

    def say(obj: dict[str, Any]) -> None:
        print(json.dumps(obj), flush=True)

    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        try:
            if cmd[0] == "pull":
                if laptop is not None:
                    laptop[0].close()
                    if laptop[3] is not None:
                        laptop[3].close()
                    shutil.rmtree(laptop[2], ignore_errors=True)
                n_pull += 1
                root = out / f"laptop-{n_pull}"
                paths = profile_paths(root).ensure()
                shutil.copy(template, paths.database)
                db = open_database(paths.database)
                connect(db, paths, server_url, "ana", PASSWORD, device_name=f"bench {n_pull}")
                started = time.perf_counter()
                report = sync_once(db, paths, attachments=False)
                seconds = time.perf_counter() - started
                if not report.ok:
                    raise RuntimeError(report.summary())
                with db.engine.connect() as conn:
                    held = sum(
                        int(conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() or 0)
                        for t in ("organization", "contact", "visit")
                    )
                    found = int(
                        conn.exec_driver_sql(
                            "SELECT count(*) FROM visit_fts WHERE visit_fts MATCH 'hiring'"
                        ).scalar()
                        or 0
                    )
                laptop = (db, paths, root, SyncSession() if SyncSession else None)
                say({"seconds": seconds, "records": held, "fields": report.received, "search_hits": found})
            elif cmd[0] == "inc":
                assert laptop is not None, "pull first"
                db, paths, _root, _session = laptop
                round_no = int(cmd[1])
                with db.engine.begin() as conn:
                    ids = [
                        r[0]
                        for r in conn.exec_driver_sql(
                            'SELECT id FROM "visit" ORDER BY id LIMIT ? OFFSET ?', (EDITS, round_no * EDITS)
                        )
                    ]
                    conn.exec_driver_sql(
                        'UPDATE "visit" SET notes = ?, updated_at = ? WHERE id = ?',
                        [
                            (
                                f"Edited, round {round_no}, #{i}",
                                f"2026-11-24 10:{round_no % 60:02d}:00.{i:06d}",
                                rid,
                            )
                            for i, rid in enumerate(ids)
                        ],
                    )
                kept = {} if laptop[3] is None else {"session": laptop[3]}
                started = time.perf_counter()
                report = sync_once(db, paths, attachments=False, **kept)
                seconds = time.perf_counter() - started
                if not report.ok or report.sent != 2 * EDITS:
                    raise RuntimeError(f"sent {report.sent}: {report.summary()}")
                say({"seconds": seconds, "sent": report.sent, "received": report.received})
            elif cmd[0] == "quit":
                break
        except Exception as exc:  # the parent reports it
            say({"error": f"{type(exc).__name__}: {exc}"})
    if laptop is not None:
        laptop[0].close()
        if laptop[3] is not None:
            laptop[3].close()
    return 0


class Worker:
    def __init__(
        self, name: str, server_url: str, encrypted: bool, out: Path, code: str | None = None
    ) -> None:
        self.name = name
        argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            server_url,
            "on" if encrypted else "off",
        ]
        env = {**os.environ, "SECTOR_PASSPHRASE": os.environ.get("SECTOR_PASSPHRASE") or "bench passphrase"}
        if code:
            env["PYTHONPATH"] = code
        self.proc = subprocess.Popen(
            [*argv, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )

    def cmd(self, line: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"{self.name}: worker exited")
        result = dict(json.loads(answer))
        if "error" in result:
            raise RuntimeError(f"{self.name}: {result['error']}")
        return result

    def close(self) -> None:
        with contextlib.suppress(Exception):
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# -- the run ----------------------------------------------------------------------------------
def executemany_rate(out: Path, batch: list[Any]) -> float:
    from _sync_data import executemany_seconds

    return len(batch) / executemany_seconds(out / "template-unused.db", out / "baseline.db", batch, "plain")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--worker"]:
        return worker(args[1], args[2] == "on", Path(args[3]))
    quick = "--quick" in args
    edits_only = "--edits-only" in args  # the 100-edit figure only: one unmeasured pull per laptop
    baseline: str | None = None
    n = 10_000 if quick else 100_000
    rounds = 1 if quick else 2
    inc_rounds = 3 if quick else 5
    backends = ["sqlite", "postgresql"]
    for i, a in enumerate(args):
        if a == "--records":
            n = int(args[i + 1])
        elif a == "--rounds":
            rounds = int(args[i + 1])
        elif a == "--backends":
            backends = args[i + 1].split(",")
        elif a == "--edit-rounds":
            inc_rounds = int(args[i + 1])
        elif a == "--baseline":
            baseline = str(Path(args[i + 1]).resolve())
    if edits_only:
        rounds = 1
    n -= n % 10
    sys.path.insert(0, str(HERE))
    from _sync_data import install_memory_keyring, records

    from sector_desktop.sync.protocol import MAX_PULL_LIMIT

    install_memory_keyring()
    out = OUT / f"sync-anchor-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    result: dict[str, Any] = {
        "bench": "sync_anchor",
        "quick": quick,
        "records": n,
        "rounds": rounds,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg": os.getloadavg()},
        "code": _code_version(),
    }
    stack = contextlib.ExitStack()
    try:
        servers: dict[str, Any] = {}
        for backend in backends:
            for code in (baseline, None) if baseline else (None,):
                url = ""
                if backend == "postgresql":
                    try:
                        url = stack.enter_context(pg_schema())
                    except Exception as exc:  # no PostgreSQL here: say so and go on
                        result.setdefault("skipped", {})[backend] = f"{type(exc).__name__}: {exc}"
                        continue
                name = f"baseline {backend}" if code else backend
                log(f"starting and seeding the {name} server ...")
                server, seeded = start_server(out, backend, url, n, code)
                stack.callback(server.stop)
                servers[name] = (server, seeded, code)
        if baseline:
            result["baseline"] = baseline
        workers: list[Worker] = []
        for name, (server, _seeded, code) in servers.items():
            for enc in (True, False):
                w = Worker(
                    f"{name}/{'encrypted' if enc else 'plain'}",
                    server.url,
                    enc,
                    out / f"w-{name.replace(' ', '-')}-{enc}",
                    code,
                )
                stack.callback(w.close)
                workers.append(w)
        fields = next(iter(servers.values()))[1]["fields"]
        page_docs = max(1, round(MAX_PULL_LIMIT / (fields / n)))  # our page, in records
        why_not = install_peer()
        pouch: Pouch | None = None
        if why_not is None:
            log(f"PouchDB: loading {n:,} docs into express-pouchdb ...")
            pouch = Pouch(n, out / "pouch")
            stack.callback(pouch.close)
            result["pouchdb"] = {"load": pouch.ready, "batch_size": page_docs}
        else:
            result["pouchdb"] = {"unavailable": why_not}
        batch = list(records(0, n))
        pulls: dict[str, list[float]] = {w.name: [] for w in workers}
        checks: dict[str, Any] = {}
        pouch_pulls: list[float] = []
        em: list[float] = []
        for r in range(rounds):
            log(f"round {r + 1}/{rounds}: pulls ...")
            if pouch is not None and not edits_only:
                a = pouch.cmd(f"pull {page_docs}")
                pouch_pulls.append(n / a["seconds"])
                log(f"  PouchDB pull {n / a['seconds']:,.0f} docs/s")
            if not edits_only:
                em.append(executemany_rate(out, batch))
                log(f"  executemany {em[-1]:,.0f} rows/s")
            for w in workers:
                a = w.cmd("pull")
                if a["records"] != n or a["fields"] < fields:
                    raise RuntimeError(f"{w.name}: pulled {a['records']} records, {a['fields']} fields")
                pulls[w.name].append(n / a["seconds"])
                checks[w.name] = {"search_hits_hiring": a["search_hits"]}
                log(f"  {w.name} pull {n / a['seconds']:,.0f} records/s")
        log("100 edits, alternated ...")
        incs: dict[str, list[float]] = {w.name: [] for w in workers}
        pouch_incs: list[float] = []
        for r in range(inc_rounds):
            if pouch is not None:
                pouch_incs.append(pouch.cmd(f"inc {page_docs}")["seconds"] * 1000)
            for w in workers:
                incs[w.name].append(w.cmd(f"inc {r + 1}")["seconds"] * 1000)
        em_rate = median(em) if em else float("nan")
        pouch_rate = median(pouch_pulls) if pouch_pulls else None
        pouch_inc = median(pouch_incs) if pouch_incs else None
        result["executemany_plain_rows_per_second"] = round(em_rate) if em else None
        result["executemany_runs"] = [round(x) for x in em]
        result["pouchdb_pull_docs_per_second"] = round(pouch_rate) if pouch_rate else None
        result["pouchdb_pull_runs"] = [round(x) for x in pouch_pulls]
        result["pouchdb_100_edit_push_ms"] = round(pouch_inc, 1) if pouch_inc else None
        result["pouchdb_100_edit_push_runs_ms"] = [round(x, 1) for x in pouch_incs]
        result["page"] = {"our_limit_fields": MAX_PULL_LIMIT, "records_per_page": page_docs}
        figures = {}
        for w in workers:
            rate = median(pulls[w.name])
            inc = median(incs[w.name])
            pull_figures = {
                "pull_records_per_second": round(rate),
                "pull_runs": [round(x) for x in pulls[w.name]],
                "pull_vs_executemany": round(rate / em_rate, 3),
                "pull_vs_executemany_met": rate / em_rate >= 0.25,
                "pull_vs_pouchdb": round(rate / pouch_rate, 2) if pouch_rate else None,
                "pull_vs_pouchdb_met": (rate / pouch_rate >= 5) if pouch_rate else None,
            }
            figures[w.name] = {
                **({} if edits_only else pull_figures),
                "edits_100_push_pull_ms": round(inc, 1),
                "edits_100_runs_ms": [round(x, 1) for x in incs[w.name]],
                "edits_100_vs_pouchdb": round(inc / pouch_inc, 2) if pouch_inc else None,
                "edits_100_met": (inc <= pouch_inc) if pouch_inc else None,
                **checks.get(w.name, {}),
            }
        result["figures"] = figures
    finally:
        stack.close()
        shutil.rmtree(out, ignore_errors=True)
    result["notes"] = [
        "Records: per ten, 2 organizations (23 fields), 3 contacts (10), 5 visits (12); PouchDB documents "
        "are alt.js's, of the same mean JSON size (483 bytes).",
        "PouchDB pulls with batch_size equal to our pull page in records (our page is a number of field "
        "changes, MAX_PULL_LIMIT).",
        "The 100-edit figure is a whole sync_once: push, then the pull that brings the edits back; "
        "PouchDB's is its push only (PouchDB.replicate local -> remote).",
        "Servers are seeded directly (bench/_sync_data.seed_records), not by HTTP pushes.",
    ]
    result["machine"]["load_avg_end"] = os.getloadavg()
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2))
    return 0


def _code_version() -> str:
    root = HERE.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "sector_desktop"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' with uncommitted changes' if dirty else ''}"


if __name__ == "__main__":
    raise SystemExit(main())
