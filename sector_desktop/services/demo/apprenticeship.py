"""Demo apprenticeship programs: a dozen sponsors spread over every pipeline stage, with their
paperwork in a believable state and small generated scans and photos attached."""

from __future__ import annotations

import datetime as dt
import io
import random
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.models import ApprenticeshipProgram, Organization, StageChange
from sector_desktop.services.apprenticeship.pipeline import refresh_checklist
from sector_desktop.services.apprenticeship.programs import (
    ProgramInput,
    WageStepInput,
    add_apprentice,
    save_program,
)
from sector_desktop.services.attachments import add_attachment
from sector_desktop.store import Database, ProfilePaths

# (occupation, O*NET-SOC, RAPIDS code, sector, term hours, RTI hours/year, journeyworker wage)
OCCUPATIONS = (
    ("CNC Machinist", "51-4041.00", "0296", "manufacturing", 8000, 144, 31.50),
    ("Industrial Maintenance Mechanic", "49-9041.00", "1034", "manufacturing", 8000, 160, 33.00),
    ("Welder, Combination", "51-4121.00", "0623", "manufacturing", 6000, 144, 28.75),
    ("Pharmacy Technician", "29-2052.00", "1051CB", "healthcare", 2000, 150, 22.40),
    ("Medical Assistant", "31-9092.00", "1067CB", "healthcare", 2000, 144, 21.10),
    ("Certified Nursing Assistant", "31-1131.00", "0824", "healthcare", 2000, 144, 19.80),
    ("IT Support Specialist", "15-1232.00", "2026CB", "it", 4000, 180, 29.60),
    ("Cybersecurity Support Technician", "15-1212.00", "2042HY", "it", 4000, 200, 38.00),
    ("Electrician", "47-2111.00", "0159", "construction", 8000, 144, 36.20),
    ("HVAC Technician", "49-9021.00", "0253", "construction", 6000, 144, 32.10),
    ("Heavy Truck Driver", "53-3032.00", "1094", "logistics", 2000, 144, 27.30),
    ("Line Cook", "35-2014.00", "0954", "hospitality", 2000, 144, 18.90),
)
STAGES = (
    "interest", "intake", "drafting", "drafting", "submitted", "submitted",
    "registered", "active", "active", "active", "interest", "inactive",
)  # fmt: skip
ORDER = ("interest", "intake", "drafting", "submitted", "registered", "active")
FIRST = ("Jordan", "Aaliyah", "Marcus", "Priya", "Diego", "Keisha", "Tyrell", "Mei", "Andre", "Fatima",
         "Connor", "Imani", "Luis", "Shanice", "Devon", "Grace")  # fmt: skip
LAST = ("Brooks", "Okafor", "Nguyen", "Ramirez", "Coleman", "Patel", "Harris", "Kim", "Sanders", "Mensah",
        "Lopez", "Whitaker")  # fmt: skip
STATUS_AT_STAGE = {
    "interest": ("missing",),
    "intake": ("missing", "missing", "draft"),
    "drafting": ("draft", "received", "missing", "returned"),
    "submitted": ("submitted",),
    "registered": ("approved",),
    "active": ("approved",),
    "inactive": ("approved",),
}


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    today = clock.today()
    with db.read_session() as s:
        employers = {
            sector: list(s.scalars(select(Organization.id).where(
                Organization.kind == "employer", Organization.sector == sector).limit(40)))
            for sector in {o[3] for o in OCCUPATIONS}
        }  # fmt: skip
        colleges = list(s.scalars(select(Organization.name).where(Organization.kind == "community_college")))
    colleges = colleges or ["Community College of Baltimore County"]
    made, attached = 0, 0
    for (title, onet, rapids, sector, term, rti, wage), stage in zip(OCCUPATIONS, STAGES, strict=True):
        if not employers.get(sector):
            continue
        started = today - dt.timedelta(
            days=rng.randint(60, 400) if stage != "interest" else rng.randint(3, 30)
        )
        data = _program_input(rng, employers[sector], title, onet, rapids, term, rti, wage, colleges)
        pid, _ = save_program(db, data, started)
        if stage in ("registered", "active", "inactive", "submitted"):
            for _ in range(rng.choice((2, 3, 5, 6)) if stage == "active" else rng.randint(1, 3)):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                add_apprentice(db, pid, name, started + dt.timedelta(days=rng.randint(30, 90)), started)
        _advance(db, rng, pid, stage, started, today)
        attached += _attach_scans(db, paths, rng, pid)
        made += 1
    return f"Apprenticeship: {made} programs across every stage, {attached} attached scans and photos."


def _program_input(
    rng: random.Random, sponsors: list[str], title: str, onet: str, rapids: str, term: int, rti: int,
    wage: float, colleges: list[str],
) -> ProgramInput:  # fmt: skip
    n = 4
    hours = [term // n] * (n - 1) + [term - (term // n) * (n - 1)]
    duties = (
        "Safety and orientation",
        "Core equipment and tools",
        "Production work",
        "Quality and documentation",
    )
    steps = [
        WageStepInput(after_hours=i * term // 4, percent_of_journeyworker=p)
        for i, p in enumerate((55, 65, 75, 85))
    ]
    return ProgramInput(
        sponsor_id=rng.choice(sponsors),
        occupation_title=title,
        onet_code=onet,
        rapids_code=rapids,
        program_type="competency_based"
        if rapids.endswith("CB")
        else "hybrid"
        if rapids.endswith("HY")
        else "time_based",
        term_hours=term,
        rti_provider_name=rng.choice(colleges),
        rti_hours_per_year=rti,
        ratio_apprentices=1,
        ratio_journeyworkers=rng.choice((1, 1, 2, 3)),
        journeyworker_wage=wage,
        probation_hours=min(term // 4, 1000),
        wage_steps=steps,
        work_processes=list(zip(duties, hours, strict=True)),
    )


def _advance(
    db: Database, rng: random.Random, pid: str, stage: str, started: dt.date, today: dt.date
) -> None:
    with db.session() as s:
        p = s.get_one(ApprenticeshipProgram, pid)
        refresh_checklist(s, p, started)
        reached = ORDER[: ORDER.index(stage) + 1] if stage in ORDER else ORDER
        day, previous = started, None
        for step in reached[1:]:
            day = min(today, day + dt.timedelta(days=rng.randint(10, 40)))
            s.add(
                StageChange(program_id=pid, from_stage=previous or "interest", to_stage=step, changed_on=day)
            )
            previous = step
        if stage == "inactive":
            s.add(StageChange(program_id=pid, from_stage="active", to_stage="inactive", changed_on=today,
                              override_reason=None))  # fmt: skip
        p.stage = stage
        p.intake_on = started + dt.timedelta(days=7) if "intake" in reached else None
        if "submitted" in reached:
            p.submitted_on = started + dt.timedelta(days=45)
        if "registered" in reached:
            p.registered_on = started + dt.timedelta(days=90)
            p.registration_number = f"MD-{rng.randint(2024, 2026)}-{rng.randint(100, 999)}"
        if stage == "submitted":
            p.reviewer_comments = (
                "Wage schedule received; reviewer asked for the RTI syllabus hours by topic."
            )
        for doc in p.documents:
            doc.status = rng.choice(STATUS_AT_STAGE[stage])
            if stage in ("interest", "intake") and rng.random() < 0.4:
                doc.due_date = today - dt.timedelta(days=rng.randint(1, 12))  # some paperwork is late


def _pdf_scan(title: str, sponsor: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 700, title)
    c.setFont("Helvetica", 11)
    c.drawString(72, 675, f"Sponsor: {sponsor}")
    c.drawString(72, 200, "Signature: ______________________        Date: ____________")
    c.showPage()
    c.save()
    return buf.getvalue()


def _photo(title: str) -> bytes:
    img = Image.new("RGB", (480, 640), (246, 243, 236))
    draw = ImageDraw.Draw(img)
    draw.text((30, 30), title, fill=(20, 20, 20))
    for y in range(80, 600, 24):
        draw.line((30, y, 450, y), fill=(200, 200, 210))
    draw.line((60, 560, 260, 540), fill=(20, 40, 120), width=3)  # a signature stroke
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _attach_scans(db: Database, paths: ProfilePaths, rng: random.Random, pid: str) -> int:
    with db.read_session() as s:
        p = s.get_one(ApprenticeshipProgram, pid)
        sponsor = s.get_one(Organization, p.sponsor_id).name
        docs = [(d.id, d.title) for d in p.documents if d.status in ("received", "submitted", "approved")]
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for doc_id, title in docs[:4]:
            photo = rng.random() < 0.3
            stem = title.split(" — ")[0].lower().replace(" ", "-").replace("/", "")
            name = f"{stem}.{'jpg' if photo else 'pdf'}"
            path = Path(tmp) / name
            path.write_bytes(_photo(title) if photo else _pdf_scan(title, sponsor))
            add_attachment(db, paths, "program_document", doc_id, path, caption="Signed copy")
            count += 1
    return count
