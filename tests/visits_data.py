"""A small world for visit tests: two staff, two organizations and their contacts, and visit inputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sector_desktop.models import Contact, Organization, StaffUser
from sector_desktop.services.visits import ActionItemInput, HiringNeedInput, SkillGapInput, VisitInput
from sector_desktop.store import Database


@dataclass
class World:
    ana: str
    ben: str
    clinic: str
    plant: str
    nurse: str
    manager: str
    foreman: str


def make_world(db: Database) -> World:
    with db.session() as s:
        ana = StaffUser(name="Ana Ortiz", username="ana")
        ben = StaffUser(name="Ben Li", username="ben")
        clinic = Organization(name="Riverside Clinic", sector="healthcare", kind="employer", city="Dayton")
        plant = Organization(name="Delta Metal Works", sector="manufacturing", kind="employer")
        s.add_all([ana, ben, clinic, plant])
        s.flush()
        nurse = Contact(organization_id=clinic.id, name="Nia Nurse", is_primary=True)
        manager = Contact(organization_id=clinic.id, name="Max Manager")
        foreman = Contact(organization_id=plant.id, name="Fay Foreman")
        s.add_all([nurse, manager, foreman])
        s.flush()
        return World(ana.id, ben.id, clinic.id, plant.id, nurse.id, manager.id, foreman.id)


def full_input(w: World, **changes) -> VisitInput:
    v = VisitInput(
        organization_id=w.clinic,
        starts_at=dt.datetime(2026, 3, 4, 10, 30),
        visit_type="site_visit",
        status="completed",
        duration_minutes=60,
        staff_id=w.ana,
        purpose="Talk about CNA hiring",
        notes="They need twelve CNAs by summer.",
        attendee_ids=[w.nurse, w.manager],
        hiring_needs=[HiringNeedInput("Certified nursing assistant", 12, 18.5, 22.0, "by June")],
        skill_gaps=[SkillGapInput("Dementia care", "new hires lack it")],
        services=["training", "recruitment"],
        action_items=[ActionItemInput("Send the CNA cohort schedule", w.ben, dt.date(2026, 3, 11))],
    )
    for k, val in changes.items():
        setattr(v, k, val)
    return v
