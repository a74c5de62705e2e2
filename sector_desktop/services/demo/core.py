"""The core demo data: staff, organizations with contacts, two years of visits, LMI and training.

Rows go in through SQLAlchemy Core executemany in one transaction, so the FTS and any
change-capture triggers on the normal tables still fire, and 100,000 organizations with
500,000 visits take minutes, not hours.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Connection

from sector_desktop import clock
from sector_desktop.models import Contact, LmiFigure, Organization, StaffUser, TrainingProgram
from sector_desktop.models.base import utcnow
from sector_desktop.models.choices import SECTORS
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import update_settings

from . import text, vocab
from .lmi import AREAS as DEMO_AREAS
from .lmi import insert_demo_lmi
from .rows import bulk_insert, capture_triggers_off, fts_deferred, uuid7
from .visits import VisitPlan, insert_visits

SECTOR_WEIGHTS = {"healthcare": 24, "manufacturing": 18, "it": 14, "construction": 16, "hospitality": 14,
                  "logistics": 14}  # fmt: skip
KIND_WEIGHTS = {"employer": 76, "training_provider": 7, "community_college": 3, "community_organization": 6,
                "workforce_agency": 3, "association": 3, "government": 2}  # fmt: skip
BULK_CACHE_KIB = 256 * 1024
FTS_TABLES = ("organization", "contact", "visit")
SUBURBS = (("Towson", "21204"), ("Glen Burnie", "21061"), ("Columbia", "21044"), ("Dundalk", "21222"),
           ("Catonsville", "21228"))  # fmt: skip


@dataclass(frozen=True)
class DemoCounts:
    organizations: int
    visits: int
    planned_visits: int

    @classmethod
    def for_scale(cls, scale: float) -> DemoCounts:
        return cls(max(12, round(300 * scale)), max(40, round(2000 * scale)), max(8, round(30 * scale)))


@dataclass
class OrgInfo:
    """What the visit generator needs to know about an organization, without the ORM."""

    id: str
    kind: str
    sector: str
    name: str
    staff_id: str
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (id, name), primary first


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    return generate(db, paths, rng, DemoCounts.for_scale(scale))


def generate(
    db: Database, paths: ProfilePaths, rng: random.Random, counts: DemoCounts, now: dt.datetime | None = None
) -> str:
    """Fill an empty profile with `counts` of data and sign the profile in as a staff member."""
    now = now or utcnow()
    with db.engine.begin() as conn:
        # A large page cache keeps the indexes in memory while half a million rows go in.
        conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        with fts_deferred(conn, FTS_TABLES), capture_triggers_off(conn):
            staff_ids = _insert_staff(conn, rng, now)
            orgs = _make_organizations(rng, counts.organizations, staff_ids, now)
            bulk_insert(conn, Organization, (row for row, _info in orgs))
            infos = [info for _row, info in orgs]
            n_contacts = bulk_insert(conn, Contact, _contact_rows(rng, orgs, now))
            plan = VisitPlan(
                counts.visits, counts.planned_visits, staff_ids, staff_ids[vocab.CURRENT_STAFF], now
            )
            made = insert_visits(conn, rng, infos, plan)
            partners = [i for i in infos if i.kind in ("training_provider", "community_college")]
            n_reference = _insert_reference(conn, rng, partners, now) + insert_demo_lmi(conn, rng, now)
        conn.exec_driver_sql("PRAGMA cache_size = -2000")  # back to SQLite's default
    update_settings(paths, current_staff_id=staff_ids[vocab.CURRENT_STAFF], lmi_areas=DEMO_AREAS)
    me = vocab.STAFF[vocab.CURRENT_STAFF][0]
    return (
        f"Demo data: {len(staff_ids)} staff users (signed in as {me}), {len(infos):,} organizations, "
        f"{n_contacts:,} contacts, {made.visits:,} visits ({made.planned:,} planned), "
        f"{made.action_items:,} action items, {made.hiring_needs:,} hiring needs, "
        f"{made.skill_gaps:,} skill gaps, {n_reference} LMI figures and training programs."
    )


def _stamp(rng: random.Random, when: dt.datetime) -> dict[str, object]:
    return {"id": uuid7(rng, when), "created_at": when, "updated_at": when, "deleted_at": None}


def _insert_staff(conn: Connection, rng: random.Random, now: dt.datetime) -> list[str]:
    joined = now - dt.timedelta(days=900)
    rows = [
        {**_stamp(rng, joined + dt.timedelta(minutes=i)), "name": name, "username": user,
         "email": f"{user}@workforce.city.example", "role": role, "active": True,
         "title": "Sector Partnership Manager" if role == "manager" else "Business Services Representative",
         "phone": f"(410) 555-01{10 + i:02d}"}
        for i, (name, user, role) in enumerate(vocab.STAFF)
    ]  # fmt: skip
    bulk_insert(conn, StaffUser, rows)
    return [str(r["id"]) for r in rows]


def _name_key(name: str) -> str:
    """A name without its legal form, so "Bayline Electronics Co." and "... Inc." count as one."""
    words = name.split(" ")
    return " ".join(words[:-1] if words[-1] in vocab.LEGAL_FORMS else words).lower()


def _unique_name(rng: random.Random, kind: str, sector: str, used: set[str]) -> str:
    # A few fresh draws first; at benchmark scale the combinations run out, so number them.
    for _ in range(6):
        name = _org_name(rng, kind, sector)
        if _name_key(name) not in used:
            used.add(_name_key(name))
            return name
    while _name_key(name) in used:
        name = f"{_org_name(rng, kind, sector)} – {rng.choice(vocab.PLACES)} {rng.randint(2, 999)}"
    used.add(_name_key(name))
    return name


def _org_name(rng: random.Random, kind: str, sector: str) -> str:
    if kind == "employer":
        core = rng.choice(vocab.SECTOR_VOCAB[sector]["cores"])
        form = rng.choice(vocab.LEGAL_FORMS)
        form = "" if core.endswith(form) else form  # not "Restaurant Group Group"
        return f"{rng.choice(vocab.PLACES)} {core} {form}".strip()
    sector_label = dict(SECTORS)[sector].split(" and ")[0].replace("Information technology", "Technology")
    pattern = rng.choice(vocab.PARTNER_NAMES[kind])
    return pattern.format(place=rng.choice(vocab.PLACES), sector=sector_label)


def _make_organizations(
    rng: random.Random, n: int, staff_ids: list[str], now: dt.datetime
) -> list[tuple[dict[str, object], OrgInfo]]:
    used_names: set[str] = set()
    used_feins: set[str] = set()
    kinds, kind_w = zip(*KIND_WEIGHTS.items(), strict=True)
    sectors, sector_w = zip(*SECTOR_WEIGHTS.items(), strict=True)
    out = []
    for _ in range(n):
        kind = rng.choices(kinds, kind_w)[0]
        sector = rng.choices(sectors, sector_w)[0]
        name = _unique_name(rng, kind, sector, used_names)
        created = now - dt.timedelta(days=rng.uniform(760, 1100))
        staff_id = rng.choice(staff_ids)
        out.append((_org_row(rng, kind, sector, name, staff_id, created, used_feins),
                    OrgInfo(id="", kind=kind, sector=sector, name=name, staff_id=staff_id)))  # fmt: skip
    out.sort(key=lambda pair: pair[0]["created_at"])  # type: ignore[arg-type,return-value]
    for row, info in out:
        row.update(_stamp(rng, row["created_at"]))  # type: ignore[arg-type]
        info.id = str(row["id"])
    return out


def _fein(rng: random.Random, used: set[str]) -> str:
    while True:
        fein = f"{rng.choice((52, 52, 20, 26, 45, 81))}-{rng.randint(1_000_000, 9_999_999)}"
        if fein not in used:
            used.add(fein)
            return fein


def _org_row(
    rng: random.Random,
    kind: str,
    sector: str,
    name: str,
    staff_id: str,
    created: dt.datetime,
    feins: set[str],
) -> dict[str, object]:
    words = vocab.SECTOR_VOCAB[sector]
    employer = kind == "employer"
    slug = "".join(ch for ch in name.lower().split(" – ")[0] if ch.isalnum())[:28]
    city, zip_code = rng.choice(SUBURBS) if rng.random() < 0.2 else (vocab.CITY, None)
    size = rng.choices(("1-9", "10-49", "50-249", "250-999", "1000+"), (12, 34, 30, 16, 8))[0]
    tags = rng.sample(words["tags"], rng.randint(0, 2)) if employer else [kind.replace("_", " ")]
    dba = None
    if employer and rng.random() < 0.25:
        dba = " ".join(name.split(" – ")[0].split(" ")[:2])
    return {
        "name": name,
        "dba": dba,
        "kind": kind,
        "status": rng.choices(("active", "prospect", "inactive"), (60, 30, 10))[0],
        "sector": sector,
        "fein": _fein(rng, feins),
        "state_ui_number": f"{rng.randint(0, 9_999_999_999):010d}" if employer else None,
        "naics": rng.choice(words["naics"]) if employer else vocab.PARTNER_NAICS[kind],
        "address_line1": f"{rng.randint(100, 9800)} {rng.choice(vocab.STREETS)}",
        "address_line2": rng.choice(("Suite 200", "Floor 3", "Building B", "Unit 4"))
        if rng.random() < 0.2
        else None,
        "city": city,
        "state": vocab.STATE,
        "zip": zip_code or rng.choice(vocab.ZIPS),
        "phone": f"({rng.choice((410, 443, 667))}) 555-{rng.randint(0, 9999):04d}",
        "website": f"https://www.{slug}.example",
        "size_band": size,
        "sites_count": rng.choices((1, 2, 3, 5, 8), (60, 20, 10, 6, 4))[0],
        "assigned_staff_id": staff_id,
        "tags": tags,
        "notes": _org_note(rng, kind, sector) if rng.random() < 0.6 else None,
        "created_at": created,
    }


def _org_note(rng: random.Random, kind: str, sector: str) -> str:
    occupation = rng.choice(vocab.SECTOR_VOCAB[sector]["occupations"])[0]
    if kind != "employer":
        return f"Partner for {dict(SECTORS)[sector].lower()} pathways; strong on {occupation} preparation."
    return rng.choice((
        f"Steady hirer of {text.plural(occupation)}; prefers referrals screened by our team.",
        f"Met at the {dict(SECTORS)[sector].lower()} roundtable. Interested in apprenticeship.",
        "Decision-maker is the owner; call mornings before 10.",
        f"Union shop. Talk to HR before approaching supervisors about {occupation} hiring.",
        "Parking is behind the building; sign in at the security desk.",
    ))  # fmt: skip


def _contact_rows(rng: random.Random, orgs: list[tuple[dict[str, object], OrgInfo]], now: dt.datetime):
    for row, info in orgs:
        titles = vocab.CONTACT_TITLES["employer" if info.kind == "employer" else "partner"]
        domain = str(row["website"]).removeprefix("https://www.")
        for i in range(rng.choices((1, 2, 3, 4), (25, 40, 25, 10))[0]):
            first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
            created = cast(dt.datetime, row["created_at"]) + dt.timedelta(days=rng.uniform(0, 30) * i)
            contact = {
                **_stamp(rng, created),
                "organization_id": info.id,
                "name": f"{first} {last}",
                "title": rng.choice(titles),
                "email": f"{first[0].lower()}{last.lower()}@{domain}",
                "phone": f"({rng.choice((410, 443))}) 555-{rng.randint(0, 9999):04d}",
                "is_primary": i == 0,
                "notes": None,
            }
            info.contacts.append((str(contact["id"]), str(contact["name"])))
            yield contact


def _insert_reference(conn: Connection, rng: random.Random, partners: list[OrgInfo], now: dt.datetime) -> int:
    released = clock.local_day(now - dt.timedelta(days=75))
    lmi = [
        {
            **_stamp(rng, now),
            "sector": sector,
            "area": vocab.AREA,
            "occupation": occupation,
            "measure": measure,
            "value": value,
            "unit": unit,
            "source": vocab_source(i),
            "released_on": released - dt.timedelta(days=31 * (i % 3)),
        }
        for i, (sector, occupation, measure, value, unit) in enumerate(text.LMI_ROWS)
    ]
    programs = []
    for sector, name, credential, weeks in text.TRAINING_ROWS:
        providers = [p for p in partners if p.sector == sector] or partners
        provider = rng.choice(providers).id if providers else None
        programs.append(
            {
                **_stamp(rng, now),
                "sector": sector,
                "provider_id": provider,
                "name": name,
                "credential": credential,
                "duration_weeks": weeks,
                "notes": "Cohorts start quarterly; tuition covered for eligible residents.",
            }
        )
    return bulk_insert(conn, LmiFigure, lmi) + bulk_insert(conn, TrainingProgram, programs)


def vocab_source(i: int) -> str:
    return text.LMI_SOURCES[i % len(text.LMI_SOURCES)]
