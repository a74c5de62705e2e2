"""Small files in the publishers' exact layouts (BLS OEWS, BLS QCEW, O*NET) for the LMI tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

OEWS_HEADER = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]
MSA = [
    "12580",
    "Baltimore-Columbia-Towson, MD",
    "4",
    "MD",
    "000000",
    "Cross-industry",
    "cross-industry",
    "1235",
]
STATE = ["24", "Maryland", "2", "MD", "000000", "Cross-industry", "cross-industry", "1235"]
OTHER = [
    "47900",
    "Washington-Arlington-Alexandria, DC-VA-MD-WV",
    "4",
    "DC",
    "000000",
    "Cross-industry",
    "cross-industry",
    "1235",
]
US_ALL = ["99", "U.S.", "1", "US", "000000", "Cross-industry", "cross-industry", "1235"]
US_HEALTH = ["99", "U.S.", "1", "US", "620000", "Health Care and Social Assistance", "sector", "5"]
US_HOSPITALS = ["99", "U.S.", "1", "US", "622000", "Hospitals", "3-digit", "5"]


def oews_row(
    area: list[str], code: str, title: str, group: str, emp: str, wages: list[str], **extra: str
) -> list:
    """One data row: area columns, occupation, employment, then the wage columns as given."""
    prse, jobs, lq = extra.get("prse", "1.2"), extra.get("jobs", "12.5"), extra.get("lq", "1.10")
    pct_total, pct_rpt = extra.get("pct_total", ""), extra.get("pct_rpt", "")
    h_mean, a_mean, h10, h25, h50, h75, h90, a10, a25, a50, a75, a90 = wages
    return [
        *area,
        code,
        title,
        group,
        emp,
        prse,
        jobs,
        lq,
        pct_total,
        pct_rpt,
        h_mean,
        a_mean,
        "0.8",
        h10,
        h25,
        h50,
        h75,
        h90,
        a10,
        a25,
        a50,
        a75,
        a90,
        extra.get("annual", ""),
        extra.get("hourly", ""),
    ]


RN = [
    "45.98",
    "95640",
    "33.71",
    "38.55",
    "45.10",
    "52.90",
    "61.04",
    "70110",
    "80180",
    "93800",
    "110030",
    "126960",
]
NA = [
    "19.04",
    "39600",
    "15.20",
    "17.11",
    "18.65",
    "20.87",
    "23.40",
    "31620",
    "35590",
    "38790",
    "43410",
    "48670",
]
SURGEON = ["#", "#", "55.10", "90.00", "#", "#", "#", "114610", "187200", "#", "#", "#"]
ALL = [
    "33.61",
    "69910",
    "15.10",
    "18.20",
    "26.50",
    "41.00",
    "60.75",
    "31400",
    "37850",
    "55120",
    "85280",
    "126360",
]
TEACHER = ["*", "71230", "*", "*", "*", "*", "*", "49010", "58120", "69900", "83210", "99000"]


def oews_rows() -> list[list[str]]:
    return [
        oews_row(MSA, "00-0000", "All Occupations", "total", "1376930", ALL),
        oews_row(MSA, "29-1141", "Registered Nurses", "detailed", "38720", RN),
        oews_row(MSA, "31-1131", "Nursing Assistants", "detailed", "11950", NA, lq="0.95"),
        oews_row(MSA, "29-1248", "Surgeons, Except Ophthalmologists", "detailed", "**", SURGEON, lq="**"),
        oews_row(
            MSA,
            "25-2021",
            "Elementary School Teachers, Except Special Education",
            "detailed",
            "12800",
            TEACHER,
            annual="TRUE",
        ),
        oews_row(MSA, "29-1000", "Healthcare Diagnosing or Treating Practitioners", "minor", "60000", RN),
        oews_row(STATE, "29-1141", "Registered Nurses", "detailed", "58810", RN, lq="1.05"),
        oews_row(OTHER, "29-1141", "Registered Nurses", "detailed", "52100", RN),
        oews_row(US_ALL, "29-1141", "Registered Nurses", "detailed", "3282010", RN, jobs="", lq=""),
        oews_row(
            US_HEALTH,
            "29-1141",
            "Registered Nurses",
            "detailed",
            "2910220",
            RN,
            jobs="",
            lq="",
            pct_total="13.81",
            pct_rpt="~",
        ),
        oews_row(
            US_HEALTH,
            "31-1131",
            "Nursing Assistants",
            "detailed",
            "1300000",
            NA,
            jobs="",
            lq="",
            pct_total="6.17",
            pct_rpt="31.4",
        ),
        oews_row(US_HOSPITALS, "29-1141", "Registered Nurses", "detailed", "1800000", RN, jobs="", lq=""),
    ]


def write_oews_xlsx(path: Path, rows: list[list[str]] | None = None, footnotes: bool = True) -> Path:
    """An OEWS workbook as BLS ships it: numbers as numbers, marks as text, footnotes below."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "All May 2024 data"
    sheet.append(OEWS_HEADER)
    for row in rows if rows is not None else oews_rows():
        sheet.append([_typed(v) for v in row])
    if footnotes:
        sheet.append([])
        sheet.append(["Footnotes:"])
        sheet.append(["* = indicates that a wage estimate is not available"])
        sheet.append(["# = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year"])
    book.save(path)
    return path


def write_oews_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(OEWS_HEADER)
        writer.writerows(rows if rows is not None else oews_rows())
    return path


def _typed(value: str) -> object:
    if value.startswith("0") and not value.startswith("0."):
        return value  # codes such as 000000 are text in the workbook
    try:
        return int(value) if value.isdigit() else float(value)
    except ValueError:
        return value


QCEW_QUARTERLY = [
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "size_code",
    "year",
    "qtr",
    "disclosure_code",
    "qtrly_estabs",
    "month1_emplvl",
    "month2_emplvl",
    "month3_emplvl",
    "total_qtrly_wages",
    "taxable_qtrly_wages",
    "qtrly_contributions",
    "avg_wkly_wage",
    "lq_disclosure_code",
    "lq_qtrly_estabs",
    "lq_month1_emplvl",
    "lq_month2_emplvl",
    "lq_month3_emplvl",
    "lq_total_qtrly_wages",
    "lq_taxable_qtrly_wages",
    "lq_qtrly_contributions",
    "lq_avg_wkly_wage",
    "oty_disclosure_code",
    "oty_qtrly_estabs_chg",
    "oty_qtrly_estabs_pct_chg",
    "oty_month1_emplvl_chg",
    "oty_month1_emplvl_pct_chg",
    "oty_month2_emplvl_chg",
    "oty_month2_emplvl_pct_chg",
    "oty_month3_emplvl_chg",
    "oty_month3_emplvl_pct_chg",
    "oty_total_qtrly_wages_chg",
    "oty_total_qtrly_wages_pct_chg",
    "oty_taxable_qtrly_wages_chg",
    "oty_taxable_qtrly_wages_pct_chg",
    "oty_qtrly_contributions_chg",
    "oty_qtrly_contributions_pct_chg",
    "oty_avg_wkly_wage_chg",
    "oty_avg_wkly_wage_pct_chg",
]
QCEW_ANNUAL = [
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "size_code",
    "year",
    "qtr",
    "disclosure_code",
    "annual_avg_estabs",
    "annual_avg_emplvl",
    "total_annual_wages",
    "taxable_annual_wages",
    "annual_contributions",
    "annual_avg_wkly_wage",
    "avg_annual_pay",
    "lq_disclosure_code",
    "lq_annual_avg_estabs",
    "lq_annual_avg_emplvl",
    "lq_total_annual_wages",
    "lq_taxable_annual_wages",
    "lq_annual_contributions",
    "lq_annual_avg_wkly_wage",
    "lq_avg_annual_pay",
    "oty_disclosure_code",
    "oty_annual_avg_estabs_chg",
    "oty_annual_avg_estabs_pct_chg",
    "oty_annual_avg_emplvl_chg",
    "oty_annual_avg_emplvl_pct_chg",
    "oty_total_annual_wages_chg",
    "oty_total_annual_wages_pct_chg",
    "oty_taxable_annual_wages_chg",
    "oty_taxable_annual_wages_pct_chg",
    "oty_annual_contributions_chg",
    "oty_annual_contributions_pct_chg",
    "oty_annual_avg_wkly_wage_chg",
    "oty_annual_avg_wkly_wage_pct_chg",
    "oty_avg_annual_pay_chg",
    "oty_avg_annual_pay_pct_chg",
]


def qcew_quarter(
    fips: str,
    own: str,
    industry: str,
    agglvl: str,
    year: int,
    qtr: int,
    estabs: int,
    employment: int,
    weekly: int,
    disclosure: str = "",
) -> list[str]:
    """A quarterly row as the API slice prints it: codes quoted, numbers bare (zeros when suppressed)."""
    if disclosure == "N":
        estabs_s, emp, wages, wk = str(estabs), "0", "0", "0"
    else:
        estabs_s, emp, wages, wk = str(estabs), str(employment), str(employment * weekly * 13), str(weekly)
    return [
        fips,
        own,
        industry,
        agglvl,
        "0",
        str(year),
        str(qtr),
        disclosure,
        estabs_s,
        str(int(emp) - 40) if emp != "0" else "0",
        str(int(emp) - 20) if emp != "0" else "0",
        emp,
        wages,
        "0",
        "0",
        wk,
        "",
        "1.10",
        "1.2",
        "1.2",
        "1.21",
        "1.3",
        "0.9",
        "0.9",
        "1.05",
        disclosure,
        "12",
        "0.8",
        "350",
        "1.1",
        "360",
        "1.1",
        "370",
        "1.2",
        "1000",
        "2.0",
        "0",
        "0.0",
        "0",
        "0.0",
        "21",
        "1.9",
    ]


def write_qcew_quarterly(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        handle.write(",".join(f'"{h}"' for h in QCEW_QUARTERLY) + "\n")
        writer.writerows(rows)
    return path


def write_qcew_annual(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(",".join(f'"{h}"' for h in QCEW_ANNUAL) + "\n")
        csv.writer(handle).writerows(rows)
    return path


def qcew_annual(
    fips: str,
    own: str,
    industry: str,
    year: int,
    estabs: int,
    employment: int,
    weekly: int,
    disclosure: str = "",
) -> list[str]:
    wages = employment * weekly * 52
    return [
        fips,
        own,
        industry,
        "71",
        "0",
        str(year),
        "A",
        disclosure,
        str(estabs),
        str(employment),
        str(wages),
        "0",
        "0",
        str(weekly),
        str(weekly * 52),
        "",
        "1.0",
        "1.0",
        "1.0",
        "1.0",
        "1.0",
        "1.0",
        "1.0",
        "",
        "40",
        "1.7",
        "900",
        "1.1",
        "1",
        "1.0",
        "0",
        "0.0",
        "0",
        "0.0",
        "30",
        "2.3",
        "1500",
        "2.3",
    ]


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


ONET_OCCUPATIONS = ["O*NET-SOC Code", "Title", "Description"]
ONET_TASKS = [
    "O*NET-SOC Code",
    "Task ID",
    "Task",
    "Task Type",
    "Incumbents Responding",
    "Date",
    "Domain Source",
]
ONET_SKILLS = [
    "O*NET-SOC Code",
    "Element ID",
    "Element Name",
    "Scale ID",
    "Data Value",
    "N",
    "Standard Error",
    "Lower CI Bound",
    "Upper CI Bound",
    "Recommend Suppress",
    "Not Relevant",
    "Date",
    "Domain Source",
]
ONET_TECH = ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"]


def write_onet(folder: Path) -> dict[str, Path]:
    """The four O*NET text files of a database release folder (db_29_1_text)."""
    return {
        "occupations": write_tsv(
            folder / "Occupation Data.txt",
            ONET_OCCUPATIONS,
            [
                ["29-1141.00", "Registered Nurses", "Assess patient health problems and needs."],
                ["29-1141.01", "Acute Care Nurses", "Provide advanced nursing care for acute conditions."],
                ["31-1131.00", "Nursing Assistants", "Provide or assist with basic care or support."],
            ],
        ),
        "tasks": write_tsv(
            folder / "Task Statements.txt",
            ONET_TASKS,
            [
                [
                    "29-1141.00",
                    "2708",
                    "Monitor, record, and report symptoms or changes in patients' conditions.",
                    "Core",
                    "226",
                    "08/2023",
                    "Incumbent",
                ],
                [
                    "29-1141.00",
                    "2709",
                    "Maintain accurate, detailed reports and records.",
                    "Core",
                    "226",
                    "08/2023",
                    "Incumbent",
                ],
                [
                    "31-1131.00",
                    "3331",
                    "Turn or reposition bedridden patients.",
                    "Supplemental",
                    "n/a",
                    "08/2023",
                    "Analyst",
                ],
            ],
        ),
        "skills": write_tsv(
            folder / "Skills.txt",
            ONET_SKILLS,
            [
                [
                    "29-1141.00",
                    "2.A.1.a",
                    "Reading Comprehension",
                    "IM",
                    "4.00",
                    "8",
                    "0.19",
                    "3.63",
                    "4.37",
                    "N",
                    "n/a",
                    "08/2023",
                    "Analyst",
                ],
                [
                    "29-1141.00",
                    "2.A.1.a",
                    "Reading Comprehension",
                    "LV",
                    "4.12",
                    "8",
                    "0.13",
                    "3.87",
                    "4.38",
                    "N",
                    "N",
                    "08/2023",
                    "Analyst",
                ],
                [
                    "29-1141.00",
                    "2.B.1.e",
                    "Service Orientation",
                    "IM",
                    "4.25",
                    "8",
                    "0.16",
                    "3.93",
                    "4.57",
                    "N",
                    "n/a",
                    "08/2023",
                    "Analyst",
                ],
                [
                    "29-1141.00",
                    "2.B.1.e",
                    "Service Orientation",
                    "LV",
                    "4.50",
                    "8",
                    "0.19",
                    "4.13",
                    "4.87",
                    "Y",
                    "N",
                    "08/2023",
                    "Analyst",
                ],
            ],
        ),
        "technology": write_tsv(
            folder / "Technology Skills.txt",
            ONET_TECH,
            [
                ["29-1141.00", "Epic Systems", "43231601", "Accounting software", "Y", "Y"],
                ["29-1141.00", "Microsoft Excel", "43232110", "Spreadsheet software", "Y", "N"],
                ["29-1141.00", "MEDITECH software", "43231601", "Medical software", "N", "N"],
            ],
        ),
    }


def import_sample(db: Any, paths: Any, tmp_path: Path) -> None:
    """A profile with the office areas set, the sample OEWS and QCEW files imported, and two
    healthcare employers with hiring needs and skill gaps."""
    import datetime as dt

    from sector_desktop.models import HiringNeed, Organization, SkillGap, Visit
    from sector_desktop.services.lmi import apply_lmi, parse_area, preview_lmi, set_office_areas

    county, msa = parse_area("county:24510"), parse_area("msa:12580")
    set_office_areas(paths, [county, msa])
    quarters = [
        qcew_quarter(
            "24510", "5", "62", "74", 2024 + (q > 4), (q - 1) % 4 + 1, 1200 + q, 70000 + 100 * q, 1400 + q
        )
        for q in range(1, 6)
    ]
    quarters.append(qcew_quarter("24510", "5", "31-33", "74", 2025, 1, 400, 0, 0, disclosure="N"))
    for dataset, path in (
        ("oews", write_oews_xlsx(tmp_path / "all_data_M_2024.xlsx")),
        ("qcew", write_qcew_quarterly(tmp_path / "24510.csv", quarters)),
    ):
        apply_lmi(
            db,
            preview_lmi(
                db,
                dataset,
                path,
                areas=[county, msa],
                released=None if dataset == "oews" else dt.date(2025, 9, 3),
            ),
        )
    with db.session() as s:
        clinic = Organization(name="Harbor Clinic", kind="employer", sector="healthcare", tags=[])
        home = Organization(name="Bay Home Health", kind="employer", naics="621610", tags=[])
        s.add_all([clinic, home])
        s.flush()
        visit = Visit(organization_id=clinic.id, starts_at=dt.datetime(2026, 10, 1, 10), services=[])
        s.add(visit)
        s.flush()
        s.add_all(
            [
                HiringNeed(
                    visit_id=visit.id,
                    organization_id=clinic.id,
                    occupation="Registered Nurse",
                    openings=5,
                    wage_min=40,
                    wage_max=44,
                ),
                HiringNeed(organization_id=home.id, occupation="RN", openings=2, wage_min=42, wage_max=42),
                HiringNeed(organization_id=home.id, occupation="Home care scheduler", openings=1),
                SkillGap(organization_id=clinic.id, skill="Epic charting"),
                SkillGap(organization_id=home.id, skill="epic charting "),
            ]
        )
