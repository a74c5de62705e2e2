"""The malformed-file corpus (tests/bad_files.py): each file is refused or read as docs/import-format.md
says, a refusal writes nothing, and the command line tells the user the same as the service."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from bad_files import CORPUS, Case
from sqlalchemy import func, select

from sector_desktop.cli import main
from sector_desktop.errors import ImportRefused
from sector_desktop.models import Organization
from sector_desktop.services.importing import apply_import, preview_import
from sector_desktop.store import Database, ProfilePaths

MB = 1_000_000


def _count(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Organization)) or 0


def _told(exc: ImportRefused) -> str:
    return "\n".join([str(exc), *map(str, exc.errors)])


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_each_bad_file_is_refused_or_read_as_documented(
    db: Database, bad_files: dict[str, Path], case: Case
) -> None:
    path = bad_files[case.name]
    if not case.refused:
        preview = preview_import(db, "organizations", path, sheet=case.sheet)
        assert preview.ok, preview.errors
        assert apply_import(db, preview).created == case.rows == _count(db)
        return
    with pytest.raises(ImportRefused) as info:
        apply_import(db, preview_import(db, "organizations", path, sheet=case.sheet))
    told = _told(info.value)
    for words in case.says:
        assert words in told
    assert _count(db) == 0


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_the_command_line_says_the_same_and_writes_nothing_on_refusal(
    paths: ProfilePaths, bad_files: dict[str, Path], case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--profile", str(paths.data_dir.parent), "import", "organizations", str(bad_files[case.name])]
    code = main(args + (["--sheet", case.sheet] if case.sheet else []))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if case.refused:
        assert code == 1
        for words in case.says:
            assert words in err
        assert "created" not in out
    else:
        assert code == 0, err
        assert f"{case.rows} created" in out


def test_the_values_read_from_each_readable_file(db: Database, bad_files: dict[str, Path]) -> None:
    def names(case: str) -> list[tuple[str, str | None]]:
        preview = preview_import(db, "organizations", bad_files[case])
        return [(r.values["name"], r.values.get("city")) for r in preview.rows]

    cafe = [("Café Olé", "Montréal"), ("Æbleskiver Ltd", "Ørsted")]
    assert names("UTF-16 with BOM") == names("UTF-16 without BOM") == cafe
    assert names("UTF-8 with BOM") == [("Café", "Montréal")]
    mixed = preview_import(db, "organizations", bad_files["mixed line endings"])
    assert [(r.row_number, r.values["name"]) for r in mixed.rows] == [(2, "Acme"), (3, "Beta"), (4, "Gamma")]
    saved = preview_import(db, "organizations", bad_files["formulas with saved results"])
    assert saved.rows[0].values == {"name": "Acme Co", "sites_count": 3}
    sheet2 = preview_import(db, "organizations", bad_files["data on sheet 2"])
    assert (sheet2.sheet, sheet2.sheets) == ("Employers", ["Notes", "Employers"])
    assert names("data on sheet 2") == [("Acme", "Boston")]
    assert preview_import(db, "organizations", bad_files["UTF-16 with BOM"]).encoding == "UTF-16"


def test_the_zip_bomb_is_refused_before_it_is_unpacked(db: Database, bad_files: dict[str, Path]) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match=r"would unpack to 33. MB, more than the 200 MB"):
            preview_import(db, "organizations", bad_files["XLSX zip bomb"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB  # the sheet's 330 MB were never unpacked (bench/bad_files.py measures the process)


def test_the_command_line_refuses_an_unreadable_file_before_opening_the_profile(
    tmp_path: Path, bad_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "fresh"
    assert main(["--profile", str(profile), "import", "organizations", str(bad_files["XLSX zip bomb"])]) == 1
    assert "would unpack to" in capsys.readouterr().err
    assert list(profile.rglob("*.db")) == []  # no database was opened (or made) to refuse it
