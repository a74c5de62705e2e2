"""One person imports labour-market files; after a sync every laptop has the same figures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import lmi_files as files
import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from server_harness import BACKENDS, ServerProcess, running_server

from sector_desktop.services.lmi import apply_lmi, parse_area, preview_lmi
from sector_desktop.store.lmi import private_establishments

AREAS = [parse_area("msa:12580"), parse_area("county:24510")]


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path_factory.mktemp(f"lmi-srv-{request.param}")) as srv:
        srv.create_user("ana", PASSWORD, "admin")
        yield srv


def test_imported_figures_reach_the_other_laptop(
    tmp_path: Path, migrated_template: Path, server: ServerProcess
) -> None:
    install_memory_keyring()
    a, b = (make_laptop(tmp_path, migrated_template, server.url, name) for name in ("a", "b"))
    try:
        for lap in (a, b):
            lap.connect("ana")
        oews = files.write_oews_csv(tmp_path / "MSA_M2024_dl.csv")
        qcew = files.write_qcew_annual(
            tmp_path / "annual.csv",
            [
                files.qcew_annual("24510", "5", "10", 2024, 12950, 252000, 1490),
                files.qcew_annual("24510", "5", "31-33", 2024, 410, 0, 0, disclosure="N"),
            ],
        )
        onet = files.write_onet(tmp_path / "db_29_1_text")
        for dataset, path in (
            ("oews", oews),
            ("qcew", qcew),
            ("onet", onet["occupations"]),
            ("onet", onet["tasks"]),
        ):
            preview = preview_lmi(a.db, dataset, path, areas=AREAS, released=dt.date(2025, 9, 3))
            apply_lmi(a.db, preview)
        assert a.sync().ok and a.pending() == 0
        assert b.sync().ok
        columns = "area_code, occ_code, tot_emp, h_median, json(markers) AS markers"

        def estimates(lap: Laptop) -> list[dict]:
            return [{**r, "markers": json.loads(r["markers"])} for r in lap.rows("oews_estimate", columns)]

        assert estimates(b) == estimates(a) and len(estimates(b)) == 8
        surgeon = next(r for r in estimates(b) if r["occ_code"] == "29-1248")
        assert surgeon["tot_emp"] is None and surgeon["markers"]["h_median"] == "top_coded"
        made = next(
            r
            for r in b.rows("qcew_figure", "industry_code, suppressed, establishments")
            if r["industry_code"] == "31-33"
        )
        assert made == {"industry_code": "31-33", "suppressed": 1, "establishments": None}
        tasks = "onet_code, json(tasks) AS tasks"
        assert [json.loads(r["tasks"]) for r in b.rows("onet_occupation", tasks)] == [
            json.loads(r["tasks"]) for r in a.rows("onet_occupation", tasks)
        ]
        assert len(b.rows("lmi_release")) == 4
        with b.db.read_session() as s:
            found = private_establishments(s, "24510")
            assert found is not None and found.count == 12950
    finally:
        a.close()
        b.close()
