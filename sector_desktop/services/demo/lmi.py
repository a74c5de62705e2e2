"""Demo labour-market figures, written to the same tables as a real BLS import (fictional numbers).

An OEWS release for the Baltimore MSA with the demo's occupations, the national staffing patterns
of the six sectors, and five years of QCEW quarters per sector plus the private annual totals.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import Connection

from sector_desktop.models import LmiRelease, OewsEstimate, QcewFigure
from sector_desktop.services.lmi.occupations import COMMON_TITLES
from sector_desktop.services.lmi.sectors import NAICS_SECTORS, TEAM_SECTORS

from . import vocab
from .rows import bulk_insert, uuid7

AREAS = ["msa:12580", "state:24", "county:24510"]
MSA_TITLE = "Baltimore-Columbia-Towson, MD"
SOC_TITLES = {
    "31-1131": "Nursing Assistants",
    "29-1141": "Registered Nurses",
    "31-9092": "Medical Assistants",
    "31-9097": "Phlebotomists",
    "29-2052": "Pharmacy Technicians",
    "31-9093": "Medical Equipment Preparers",
    "29-2055": "Surgical Technologists",
    "29-2061": "Licensed Practical and Licensed Vocational Nurses",
    "37-2011": "Janitors and Cleaners, Except Maids and Housekeeping Cleaners",
    "51-9161": "Computer Numerically Controlled Tool Operators",
    "51-4041": "Machinists",
    "51-4121": "Welders, Cutters, Solderers, and Brazers",
    "51-2090": "Miscellaneous Assemblers and Fabricators",
    "49-9071": "Maintenance and Repair Workers, General",
    "51-9061": "Inspectors, Testers, Sorters, Samplers, and Weighers",
    "53-7051": "Industrial Truck and Tractor Operators",
    "47-2111": "Electricians",
    "51-4031": "Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic",
    "17-3026": "Industrial Engineering Technologists and Technicians",
    "15-1232": "Computer User Support Specialists",
    "15-1252": "Software Developers",
    "15-1212": "Information Security Analysts",
    "15-1244": "Network and Computer Systems Administrators",
    "15-2051": "Data Scientists",
    "15-1231": "Computer Network Support Specialists",
    "15-1253": "Software Quality Assurance Analysts and Testers",
    "47-2031": "Carpenters",
    "49-9021": "Heating, Air Conditioning, and Refrigeration Mechanics and Installers",
    "47-2061": "Construction Laborers",
    "47-2073": "Operating Engineers and Other Construction Equipment Operators",
    "47-2152": "Plumbers, Pipefitters, and Steamfitters",
    "13-1051": "Cost Estimators",
    "35-2014": "Cooks, Restaurant",
    "43-4081": "Hotel, Motel, and Resort Desk Clerks",
    "37-2012": "Maids and Housekeeping Cleaners",
    "35-3031": "Waiters and Waitresses",
    "35-1011": "Chefs and Head Cooks",
    "35-9021": "Dishwashers",
    "43-1011": "First-Line Supervisors of Office and Administrative Support Workers",
    "53-3032": "Heavy and Tractor-Trailer Truck Drivers",
    "53-7062": "Laborers and Freight, Stock, and Material Movers, Hand",
    "49-3031": "Bus and Truck Mechanics and Diesel Engine Specialists",
    "43-5032": "Dispatchers, Except Police, Fire, and Ambulance",
    "43-5071": "Shipping, Receiving, and Inventory Clerks",
    "13-1081": "Logisticians",
    "53-1047": "First-Line Supervisors of Transportation and Material Moving Workers",
}
# Demo sector size in the MSA: (establishments, employment, weekly wage) in the latest quarter.
SECTOR_SIZE = {
    "62": (4300, 231000, 1390),
    "31-33": (1750, 55400, 1620),
    "51": (1100, 31500, 2110),
    "23": (6400, 83100, 1510),
    "72": (6100, 118400, 560),
    "48-49": (2100, 74300, 1190),
}


def _release(rng: random.Random, now: dt.datetime, **fields: Any) -> dict[str, Any]:
    return {
        "id": uuid7(rng, now),
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "imported_at": now,
        "imported_by": None,
        "areas": AREAS,
        **fields,
    }


def insert_demo_lmi(conn: Connection, rng: random.Random, now: dt.datetime) -> int:
    """Write the demo releases and their figures; returns how many figures."""
    oews = _release(
        rng,
        now,
        dataset="oews",
        period="May 2024",
        released_on=dt.date(2025, 4, 2),
        source="U.S. Bureau of Labor Statistics, OEWS (fictional demo figures)",
        file_name="demo data",
        file_sha256="demo-oews-2024",
        row_count=0,
        notes=None,
    )
    qcew = _release(
        rng,
        now,
        dataset="qcew",
        period="2020 Q2 – 2025 Q1",
        released_on=dt.date(2025, 9, 3),
        source="U.S. Bureau of Labor Statistics, QCEW (fictional demo figures)",
        file_name="demo data",
        file_sha256="demo-qcew-2025q1",
        row_count=0,
        notes=None,
    )
    estimates = list(_estimates(rng, oews["id"], now))
    figures = list(_quarters(rng, qcew["id"], now))
    oews["row_count"], qcew["row_count"] = len(estimates), len(figures)
    bulk_insert(conn, LmiRelease, [oews, qcew])
    return bulk_insert(conn, OewsEstimate, estimates) + bulk_insert(conn, QcewFigure, figures)


def _stamp(rng: random.Random, now: dt.datetime) -> dict[str, Any]:
    return {"id": uuid7(rng, now), "created_at": now, "updated_at": now, "deleted_at": None}


def _estimates(rng: random.Random, release_id: str, now: dt.datetime):
    for sector_key, info in vocab.SECTOR_VOCAB.items():
        naics = TEAM_SECTORS[sector_key]
        for title, lo, hi in info["occupations"]:
            soc = COMMON_TITLES.get(title.lower())
            if soc is None:
                continue
            emp = rng.randint(8, 160) * 100
            median = round((lo + hi) / 2 + rng.uniform(-1.5, 1.5), 2)
            wages = [round(median * f, 2) for f in (0.72, 0.85, 1.0, 1.18, 1.38)]
            base = {
                **_stamp(rng, now),
                "release_id": release_id,
                "year": 2024,
                "occ_code": soc,
                "occ_title": SOC_TITLES[soc],
                "o_group": "detailed",
                "own_code": "1235",
                "emp_prse": 3.1,
                "h_mean": round(median * 1.06, 2),
                "a_mean": round(median * 1.06 * 2080),
                "mean_prse": 1.2,
                "h_pct10": wages[0],
                "h_pct25": wages[1],
                "h_median": wages[2],
                "h_pct75": wages[3],
                "h_pct90": wages[4],
                "a_pct10": round(wages[0] * 2080),
                "a_pct25": round(wages[1] * 2080),
                "a_median": round(wages[2] * 2080),
                "a_pct75": round(wages[3] * 2080),
                "a_pct90": round(wages[4] * 2080),
                "annual_only": False,
                "hourly_only": False,
                "markers": {},
                "pct_total": None,
                "pct_rpt": None,
                "naics_title": "Cross-industry",
            }
            yield {
                **base,
                "area_kind": "msa",
                "area_code": "12580",
                "area_title": MSA_TITLE,
                "naics": "000000",
                "tot_emp": emp,
                "jobs_1000": round(emp / 1376.9, 2),
                "loc_quotient": round(rng.uniform(0.7, 1.6), 2),
            }
            yield {
                **base,
                **_stamp(rng, now),
                "area_kind": "national",
                "area_code": "US",
                "area_title": "U.S.",
                "naics": naics if "-" in naics else f"{naics}0000",
                "naics_title": NAICS_SECTORS[naics],
                "own_code": "5",
                "tot_emp": emp * 190,
                "jobs_1000": None,
                "loc_quotient": None,
                "pct_total": round(rng.uniform(1, 14), 2),
                "pct_rpt": round(rng.uniform(5, 60), 1),
            }


def _quarters(rng: random.Random, release_id: str, now: dt.datetime):
    base = {
        "release_id": release_id,
        "area_fips": "C1258",
        "area_kind": "msa",
        "area_code": "12580",
        "own_code": "5",
        "agglvl_code": "44",
        "size_code": "0",
        "disclosure_code": None,
        "suppressed": False,
        "month1_emplvl": None,
        "month2_emplvl": None,
        "annual_avg_emplvl": None,
        "avg_annual_pay": None,
        "lq_employment": None,
        "oty_suppressed": False,
        "oty_estabs_chg": None,
        "oty_estabs_pct_chg": None,
        "oty_emplvl_chg": None,
        "oty_emplvl_pct_chg": None,
        "oty_avg_wkly_wage_chg": None,
        "oty_avg_wkly_wage_pct_chg": None,
    }
    quarters = [(2020 + (q + 1) // 4, (q + 1) % 4 + 1) for q in range(20)]  # 2020 Q2 .. 2025 Q1
    for code, (estabs, emp, wage) in SECTOR_SIZE.items():
        for i, (year, qtr) in enumerate(quarters):
            back = 19 - i
            e = round(emp * (1 - 0.006 * back) * (1 + rng.uniform(-0.01, 0.01)) * (0.97 if qtr == 1 else 1))
            yield {
                **base,
                **_stamp(rng, now),
                "industry_code": code,
                "year": year,
                "qtr": str(qtr),
                "establishments": round(estabs * (1 - 0.004 * back)),
                "month3_emplvl": e,
                "total_wages": float(e * wage * 13),
                "avg_wkly_wage": round(wage * (1 - 0.009 * back)),
                "agglvl_code": "44",
            }
    for year, count in ((2023, 61120), (2024, 62480)):
        yield {
            **base,
            **_stamp(rng, now),
            "industry_code": "10",
            "agglvl_code": "41",
            "year": year,
            "qtr": "A",
            "establishments": count,
            "annual_avg_emplvl": 1_210_000,
            "month3_emplvl": None,
            "total_wages": 1_210_000 * 1380 * 52.0,
            "avg_wkly_wage": 1380,
            "avg_annual_pay": 1380 * 52,
        }
