"""The education and training program inventory: import (good and bad files, all or nothing, the next
term's file updating the same programs), editing rules, and which programs serve an occupation that
employers named in hiring needs or skill gaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from visits_data import make_world

from sector_desktop.cli import main
from sector_desktop.errors import ImportRefused, ValidationError
from sector_desktop.models import HiringNeed, Organization, SkillGap, TrainingProgram
from sector_desktop.services.programs import (
    ProgramInput,
    apply_programs,
    named_occupations,
    preview_programs,
    save_program,
    serves_named,
)
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.programs import program_rows

HEADER = [
    "Provider",
    "Program",
    "Sector",
    "Credential",
    "SOC codes",
    "Hours",
    "Length (weeks)",
    "Tuition",
    "Schedule",
    "Modality",
    "Next start",
    "ETPL",
    "Seats",
    "Contact",
    "Email",
    "Phone",
]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    [
        "Harbor City Community College",
        "Medical Coding certificate",
        "Healthcare",
        "CPC",
        "29-2072",
        300,
        20,
        3250.5,
        "Evenings",
        "Online",
        dt.datetime(2027, 1, 11),
        "yes",
        20,
        "Dana Ruiz",
        "druiz@hccc.example.edu",
        "(410) 555-0101",
    ],
    [
        "Riverside Clinic",
        "CNA course",
        "healthcare",
        "State CNA",
        "31-1131; 31-1131.00",
        120,
        8,
        "$1,450",
        "Days",
        "in-person",
        "01/25/2027",
        "pending",
        16,
        "",
        "",
        "",
    ],
]


def test_a_good_workbook_imports_every_program_with_its_columns(db: Database, tmp_path: Path) -> None:
    make_world(db)  # Riverside Clinic exists; the college does not yet
    preview = preview_programs(db, _xlsx(tmp_path / "inventory.xlsx", GOOD))
    assert preview.ok, preview.errors
    assert preview.new_providers == ["Harbor City Community College"]
    result = apply_programs(db, preview)
    assert (result.added, result.updated, result.providers_added) == (2, 0, 1)
    with db.read_session() as s:
        rows = {r.name: r for r in program_rows(s)}
        college = s.scalar(select(Organization).where(Organization.name == "Harbor City Community College"))
    coding = rows["Medical Coding certificate"]
    assert (coding.cost_cents, coding.hours, coding.duration_weeks, coding.capacity) == (325050, 300, 20, 20)
    assert (coding.modality, coding.etpl_status, coding.next_start) == (
        "online",
        "eligible",
        dt.date(2027, 1, 11),
    )
    assert coding.soc_codes == ("29-2072",) and coding.provider_id == college.id
    assert college.kind == "training_provider"
    cna = rows["CNA course"]
    assert (cna.soc_codes, cna.cost_cents, cna.modality) == (("31-1131",), 145000, "in_person")
    assert (cna.next_start, cna.etpl_status, cna.provider_name) == (
        dt.date(2027, 1, 25),
        "pending",
        "Riverside Clinic",
    )


def test_the_next_terms_file_updates_the_same_programs(db: Database, tmp_path: Path) -> None:
    apply_programs(db, preview_programs(db, _xlsx(tmp_path / "fall.xlsx", GOOD)))
    spring = [list(GOOD[0]), list(GOOD[1])]
    spring[0][7] = "3,400"
    preview = preview_programs(db, _xlsx(tmp_path / "spring.xlsx", spring))
    assert (preview.updates, preview.new_providers) == (2, [])
    assert (apply_programs(db, preview).added, preview.updates) == (0, 2)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingProgram)) == 2
        assert {r.name: r.cost_cents for r in program_rows(s)}["Medical Coding certificate"] == 340000


def test_a_bad_file_names_each_bad_row_and_writes_nothing(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [
        [
            "Harbor City CC",
            "Coding",
            "healthcare",
            "",
            "29-207",
            "",
            "",
            "12.345",
            "",
            "underwater",
            "2027-13-01",
            "maybe",
            -3,
            "",
            "not-an-email",
            "",
        ],
        ["", "Welding", "manufacturing", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["Harbor City CC", "Coding", "healthcare", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]
    path = _xlsx(tmp_path / "bad.xlsx", bad)
    preview = preview_programs(db, path)
    found = {(e.row_number, e.column) for e in preview.errors}
    assert {(2, "SOC codes"), (2, "Tuition"), (2, "Modality"), (2, "Next start"), (2, "ETPL"), (2, "Seats"),
            (2, "Email"), (3, "Provider"), (4, "Program")} <= found  # fmt: skip
    with pytest.raises(ImportRefused):
        apply_programs(db, preview)
    assert main(["--profile", str(db.path.parent.parent), "import", "training-programs", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column Tuition: an amount has at most 2 decimal places" in err
    assert "row 4, column Program: the same provider and program are on row 2" in err
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingProgram)) == 0
        assert s.scalar(select(func.count()).select_from(Organization)) == 0


def test_a_file_without_the_required_columns_is_refused_at_the_header(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("Program,Cost\nCNA,100\n", encoding="utf-8")
    preview = preview_programs(db, path)
    assert {e.column for e in preview.errors} == {"provider", "sector"} and preview.rows == []


def test_the_editor_refuses_what_breaks_a_rule_and_saves_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        save_program(
            db, ProgramInput(name=" ", sector="farming", soc_codes=("311131",), cost_cents=-1, hours=10**6)
        )
    text = " ".join(refused.value.problems)
    assert "program:" in text and "sector:" in text and "occupations:" in text and "cost:" in text
    assert "hours:" in text


def test_programs_serving_an_occupation_employers_named(db: Database, paths: ProfilePaths) -> None:
    world = make_world(db)
    with db.session() as s:
        s.add_all(
            [
                HiringNeed(organization_id=world.clinic, occupation="CNA", openings=6),
                HiringNeed(organization_id=world.clinic, occupation="Registered nurse", openings=2),
                SkillGap(organization_id=world.plant, skill="Welder"),
            ]
        )
    for name, sector, socs in (("CNA course", "healthcare", ("31-1131",)),
                               ("Welding basics", "manufacturing", ("51-4121",)),
                               ("Forklift course", "logistics", ("53-7051",))):  # fmt: skip
        save_program(db, ProgramInput(name=name, sector=sector, soc_codes=socs))
    with db.read_session() as s:
        named = named_occupations(s)
        rows = {r.name: r for r in program_rows(s)}
    assert named["31-1131"].openings == 6 and named["31-1131"].employers == ("Riverside Clinic",)
    assert named["51-4121"].gaps == 1 and named["51-4121"].employers == ("Delta Metal Works",)
    assert [n.soc for n in serves_named(rows["CNA course"], named)] == ["31-1131"]
    assert [n.soc for n in serves_named(rows["Welding basics"], named)] == ["51-4121"]
    assert serves_named(rows["Forklift course"], named) == []
