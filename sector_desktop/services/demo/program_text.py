"""The demo inventory's programs per sector: name, credential, SOC codes, hours, weeks, cost in dollars,
modality and schedule. The first of each sector's names repeat the core seeder's programs, which are
filled in rather than added again."""

from __future__ import annotations

# (name, credential, SOC codes, hours, weeks, cost in whole dollars, modality, schedule)
Spec = tuple[str, str, tuple[str, ...], int, int, int, str, str]

# fmt: off
PROGRAMS: dict[str, tuple[Spec, ...]] = {
    "healthcare": (
        ("Certified Nursing Assistant course", "State CNA certification", ("31-1131",), 120, 8,
         1450, "in_person", "Weekdays 8 AM–2 PM"),
        ("Pharmacy Technician program", "PTCB certification", ("29-2052",), 320, 16,
         2900, "hybrid", "Tue/Thu evenings, online labs"),
        ("Sterile Processing bootcamp", "CRCST", ("31-9093",), 240, 12,
         2400, "in_person", "Weekdays 9 AM–3 PM"),
        ("Medical Assistant certificate", "CCMA", ("31-9092",), 600, 30,
         4800, "hybrid", "Mon–Thu evenings, clinical Saturdays"),
        ("Phlebotomy technician course", "NHA CPT", ("31-9097",), 110, 8,
         1200, "in_person", "Mon/Wed 5:30–9:30 PM"),
        ("Patient Care Technician pathway", "NHA CPCT/A", ("31-1131", "31-9097"), 280, 14,
         2600, "in_person", "Weekdays 8 AM–1 PM"),
        ("Practical Nursing diploma", "NCLEX-PN eligibility", ("29-2061",), 1400, 52,
         14500, "in_person", "Full time, days"),
        ("Surgical Technology certificate", "CST", ("29-2055",), 1100, 44,
         11800, "in_person", "Full time, days"),
        ("Environmental services training", "CHESP fundamentals", ("37-2011",), 40, 2,
         0, "in_person", "Two weeks, days"),
        ("Dental Assistant certificate", "DANB RHS", ("31-9091",), 420, 24,
         3900, "hybrid", "Tue/Thu evenings"),
    ),
    "manufacturing": (
        ("CNC Machining fundamentals", "NIMS Measurement, Materials & Safety", ("51-4041", "51-9161"),
         360, 14, 3900, "in_person", "Mon–Thu 4–9 PM"),
        ("Welding pre-apprenticeship", "AWS D1.1 structural", ("51-4121",), 480, 20,
         5200, "in_person", "Weekdays 7 AM–1 PM"),
        ("Industrial maintenance technician", "MSSC Certified Production Technician", ("49-9071",), 400, 16,
         4100, "hybrid", "Tue/Thu evenings, Saturday labs"),
        ("Quality inspection certificate", "ASQ CQI preparation", ("51-9061",), 120, 8,
         1600, "online", "Self-paced with weekly live session"),
        ("Forklift and production associate course", "OSHA forklift operator", ("53-7051", "51-2090"), 40, 2,
         350, "in_person", "Two weeks, days"),
        ("Mechatronics certificate", "Siemens Mechatronic Systems Level 1", ("17-3026", "49-9071"), 720, 32,
         7600, "in_person", "Mon–Thu evenings"),
    ),
    "it": (
        ("Web development bootcamp", "Certificate of completion", ("15-1254",), 480, 16,
         9500, "online", "Full time, live online"),
        ("IT Support bootcamp", "CompTIA A+", ("15-1232",), 300, 12,
         3500, "hybrid", "Mon–Thu 6–9 PM"),
        ("Cybersecurity analyst track", "CompTIA Security+", ("15-1212",), 400, 16,
         5500, "online", "Mon/Wed/Thu 6–9 PM live online"),
        ("Network administration certificate", "CCNA", ("15-1244",), 360, 18,
         4200, "hybrid", "Tue/Thu evenings, Saturday labs"),
        ("Data analytics certificate", "Google Data Analytics", ("15-2051",), 240, 16,
         2200, "online", "Self-paced with mentor calls"),
        ("Cloud support associate program", "AWS Certified Cloud Practitioner", ("15-1231",), 180, 10,
         1900, "online", "Evenings, live online"),
        ("Software QA tester course", "ISTQB Foundation", ("15-1253",), 200, 12,
         2800, "hybrid", "Mon/Wed evenings"),
    ),
    "construction": (
        ("Solar PV installer course", "NABCEP PV Associate", ("47-2231",), 160, 8,
         2200, "in_person", "Weekdays"),
        ("Construction pre-apprenticeship", "NCCER Core and OSHA 10", ("47-2061",), 200, 10,
         0, "in_person", "Weekdays 7 AM–3:30 PM"),
        ("HVAC technician program", "EPA Section 608", ("49-9021",), 600, 24,
         6800, "in_person", "Mon–Thu 5–9 PM"),
        ("Electrical pre-apprenticeship", "NCCER Electrical Level 1", ("47-2111",), 240, 12,
         1800, "in_person", "Weekdays 8 AM–2 PM"),
        ("Plumbing fundamentals", "NCCER Plumbing Level 1", ("47-2152",), 240, 12,
         1900, "in_person", "Tue/Thu evenings, Saturdays"),
        ("Heavy equipment operator course", "NCCER Heavy Equipment Level 1", ("47-2073",), 320, 8,
         8900, "in_person", "Weekdays, field site"),
        ("Carpentry certificate", "NCCER Carpentry Level 1", ("47-2031",), 300, 15,
         2500, "in_person", "Weekdays 7 AM–12 PM"),
    ),
    "hospitality": (
        ("Culinary skills academy", "ServSafe Food Handler", ("35-2014",), 240, 10,
         900, "in_person", "Weekdays 9 AM–3 PM"),
        ("Hotel operations pathway", "AHLEI Guest Service Gold", ("43-4081",), 90, 6,
         650, "hybrid", "Mon/Wed mornings, online modules"),
        ("Food service supervisor course", "ServSafe Manager", ("35-1011",), 40, 3,
         300, "in_person", "Two evenings a week"),
        ("Banquet and catering server training", "TIPS certification", ("35-3031",), 30, 2,
         150, "in_person", "Weekdays 10 AM–2 PM"),
    ),
    "logistics": (
        ("CDL Class A training", "Commercial Driver's License, Class A", ("53-3032",), 160, 6,
         5500, "in_person", "Weekdays 7 AM–4 PM"),
        ("Warehouse and forklift certificate", "OSHA forklift operator", ("53-7051", "53-7062"), 40, 3,
         400, "in_person", "Weekdays 8 AM–12 PM"),
        ("Diesel technician program", "ASE Medium/Heavy Truck T2", ("49-3031",), 900, 36,
         9800, "in_person", "Weekdays 7:30 AM–2:30 PM"),
        ("Logistics coordinator certificate", "CLTD preparation", ("13-1081", "43-5071"), 150, 12,
         2100, "online", "Evenings, live online"),
        ("Dispatcher training", "Certified dispatcher (NDA)", ("43-5032",), 60, 4,
         700, "online", "Self-paced"),
    ),
}
# fmt: on

ETPL = (("eligible", 70), ("pending", 12), ("not_listed", 18))
CONTACT_TITLES = ("Enrollment coordinator", "Program director", "Workforce liaison", "Admissions advisor")
