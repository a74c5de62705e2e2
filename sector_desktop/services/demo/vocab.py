"""Word lists for the demo profile: fictional names, places, occupations and skills per sector.

Everything here is invented or generic; no real employer or person is named.
"""

from __future__ import annotations

CITY = "Baltimore"
STATE = "MD"
AREA = "Baltimore–Columbia–Towson, MD"
ZIPS = (
    "21201", "21202", "21205", "21206", "21207", "21209", "21210", "21211", "21212", "21213",
    "21214", "21215", "21216", "21217", "21218", "21223", "21224", "21225", "21226", "21227",
    "21229", "21230", "21231", "21234", "21236", "21237", "21239",
)  # fmt: skip
STREETS = (
    "Eastern Ave", "Pratt St", "Charles St", "Light St", "Calvert St", "Harford Rd", "Belair Rd",
    "Frederick Ave", "Edmondson Ave", "Greenmount Ave", "Key Hwy", "Boston St", "Holabird Ave",
    "Wilkens Ave", "Washington Blvd", "Hanover St", "Falls Rd", "Reisterstown Rd", "Park Heights Ave",
    "Moravia Rd", "Broening Hwy", "Caton Ave", "Lombard St", "Fayette St", "Howard St", "Monument St",
    "North Ave", "Northern Pkwy", "Loch Raven Blvd", "Patapsco Ave", "Russell St", "Fort Ave",
)  # fmt: skip
PLACES = (
    "Harborline", "Brightwater", "Ironbridge", "Old Mill", "Bayline", "Northpoint", "Stonecrest",
    "Greenmount", "Fallsway", "Clipper", "Tidewater", "Riverbend", "Beacon", "Keystone", "Lanternhill",
    "Cedar Row", "Marblehead", "Copperfield", "Westport", "Linden", "Oriole", "Chesapeake Bay",
    "Sandtown", "Patapsco", "Gunpowder", "Elm Court", "Ashburton", "Belvedere", "Hollins", "Wyman",
    "Mount Royal", "Pier Five", "Crescent", "Union Square", "Federal Hill", "Locust Point",
)  # fmt: skip
FIRST_NAMES = (
    "Aaliyah", "Andre", "Angela", "Brandon", "Carmen", "Darnell", "Denise", "Diego", "Ebony", "Elena",
    "Farah", "Gabriel", "Grace", "Hector", "Imani", "Isaac", "Jamal", "Janelle", "Jasmine", "Keisha",
    "Kevin", "Latoya", "Luis", "Malik", "Maria", "Marcus", "Mei", "Monique", "Nadia", "Nathan", "Olivia",
    "Omar", "Priya", "Quentin", "Rachel", "Raymond", "Rosa", "Samuel", "Sofia", "Tamika", "Terrence",
    "Tiffany", "Vanessa", "Victor", "Wei", "Whitney", "Xavier", "Yolanda", "Zora", "Bernard", "Colleen",
)  # fmt: skip
LAST_NAMES = (
    "Abernathy", "Alvarez", "Banks", "Bhatt", "Brooks", "Carter", "Chen", "Coleman", "Dawson", "Diaz",
    "Ellison", "Fitzgerald", "Freeman", "Gaines", "Gonzalez", "Greene", "Harris", "Hollis", "Ibrahim",
    "Jackson", "Jenkins", "Kim", "Kowalski", "Lam", "Lawson", "Mahoney", "Mendez", "Mitchell", "Nguyen",
    "Okafor", "Ortiz", "Patel", "Pierce", "Quinn", "Ramirez", "Reyes", "Robinson", "Sanders", "Shah",
    "Simmons", "Sullivan", "Tate", "Thompson", "Underwood", "Vance", "Walker", "Washington", "Young",
)  # fmt: skip
STAFF = (
    ("Renée Whitfield", "rwhitfield", "manager"),
    ("Marcus Odom", "modom", "staff"),
    ("Priya Raman", "praman", "staff"),
    ("Luis Carrasco", "lcarrasco", "staff"),
    ("Tanya Greer", "tgreer", "staff"),
    ("Daniel Osei", "dosei", "staff"),
)
# The demo profile signs in as this staff member (index into STAFF).
CURRENT_STAFF = 1
LEGAL_FORMS = ("LLC", "Inc.", "Co.", "Group", "Corp.", "")

# Per sector: name cores, NAICS codes, occupations (title, low wage, high wage), skills, tags.
SECTOR_VOCAB: dict[str, dict[str, tuple]] = {
    "healthcare": {
        "cores": (
            "Medical Center",
            "Home Health",
            "Senior Living",
            "Family Health",
            "Rehabilitation",
            "Community Hospital",
            "Dental Partners",
            "Imaging",
            "Behavioral Health",
            "Care Network",
        ),
        "naics": ("622110", "621610", "623110", "621111", "621210", "621512", "623312", "621420"),
        "occupations": (
            ("Certified Nursing Assistant", 17, 21),
            ("Registered Nurse", 38, 52),
            ("Medical Assistant", 18, 23),
            ("Patient Care Technician", 18, 24),
            ("Phlebotomist", 19, 24),
            ("Pharmacy Technician", 18, 23),
            ("Sterile Processing Technician", 20, 26),
            ("Surgical Technologist", 25, 33),
            ("Licensed Practical Nurse", 27, 34),
            ("Environmental Services Aide", 16, 19),
        ),
        "skills": (
            "electronic health records",
            "patient communication",
            "infection control",
            "medical terminology",
            "de-escalation",
            "vital signs",
            "HIPAA compliance",
            "bilingual Spanish",
        ),
        "tags": ("hospital system", "long-term care", "CNA pipeline", "night shift", "union"),
    },
    "manufacturing": {
        "cores": (
            "Precision Machining",
            "Fabrication",
            "Metal Works",
            "Food Products",
            "Plastics",
            "Coatings",
            "Packaging",
            "Electronics",
            "Brewing Co",
            "Industrial Supply",
        ),
        "naics": ("332710", "332312", "311812", "326199", "325510", "322220", "334418", "312120"),
        "occupations": (
            ("CNC Machinist", 24, 32),
            ("Welder", 22, 30),
            ("Production Associate", 16, 20),
            ("Maintenance Mechanic", 27, 36),
            ("Quality Inspector", 20, 26),
            ("Forklift Operator", 18, 22),
            ("Industrial Electrician", 30, 40),
            ("Machine Operator", 17, 22),
            ("Process Technician", 23, 29),
        ),
        "skills": (
            "blueprint reading",
            "GD&T",
            "precision measurement",
            "MIG welding",
            "lean manufacturing",
            "PLC troubleshooting",
            "shop math",
            "OSHA 10",
            "forklift certification",
        ),
        "tags": ("advanced manufacturing", "food production", "second shift", "ISO 9001", "export"),
    },
    "it": {
        "cores": (
            "Software",
            "Data Systems",
            "Cyber Solutions",
            "Cloud Services",
            "Digital",
            "Tech Partners",
            "Analytics",
            "Networks",
            "IT Services",
            "Labs",
        ),
        "naics": ("541511", "541512", "541519", "518210", "541690", "517810"),
        "occupations": (
            ("Help Desk Technician", 21, 27),
            ("Software Developer", 45, 65),
            ("Cybersecurity Analyst", 42, 58),
            ("Network Administrator", 35, 46),
            ("Data Analyst", 33, 44),
            ("Cloud Support Associate", 30, 40),
            ("QA Tester", 28, 36),
            ("IT Support Specialist", 24, 31),
        ),
        "skills": (
            "CompTIA A+",
            "Security+",
            "Python",
            "SQL",
            "cloud fundamentals",
            "ticketing systems",
            "customer service",
            "Linux administration",
            "Agile practices",
        ),
        "tags": ("cyber", "federal contractor", "remote-friendly", "clearance required", "startup"),
    },
    "construction": {
        "cores": (
            "Builders",
            "Construction",
            "Electric",
            "Plumbing & Heating",
            "Mechanical",
            "Contracting",
            "Roofing",
            "Paving",
            "Utilities",
            "Infrastructure",
        ),
        "naics": ("236220", "238210", "238220", "237110", "237310", "238160", "236118", "238910"),
        "occupations": (
            ("Electrician Apprentice", 18, 24),
            ("Carpenter", 23, 31),
            ("HVAC Technician", 25, 34),
            ("Laborer", 18, 23),
            ("Heavy Equipment Operator", 26, 35),
            ("Plumber Apprentice", 18, 24),
            ("Pipefitter", 28, 38),
            ("Project Estimator", 32, 45),
        ),
        "skills": (
            "OSHA 30",
            "reading construction drawings",
            "NCCER Core",
            "valid driver's license",
            "confined space",
            "rigging and signaling",
            "hand and power tools",
            "flagger certification",
        ),
        "tags": ("registered apprenticeship", "public works", "MBE", "union", "prevailing wage"),
    },
    "hospitality": {
        "cores": (
            "Hotel",
            "Hospitality Group",
            "Catering",
            "Restaurant Group",
            "Events",
            "Inn & Suites",
            "Kitchen",
            "Food Service",
            "Conference Center",
            "Bistro",
        ),
        "naics": ("721110", "722511", "722320", "722310", "721191", "711310"),
        "occupations": (
            ("Line Cook", 17, 21),
            ("Front Desk Agent", 16, 19),
            ("Housekeeper", 15, 18),
            ("Banquet Server", 15, 19),
            ("Sous Chef", 23, 29),
            ("Dishwasher", 15, 17),
            ("Maintenance Engineer", 22, 28),
            ("Guest Services Supervisor", 20, 25),
        ),
        "skills": (
            "ServSafe",
            "knife skills",
            "customer service",
            "point-of-sale systems",
            "upselling",
            "food safety",
            "teamwork under pressure",
            "bilingual Spanish",
        ),
        "tags": ("seasonal", "convention business", "harbor district", "tipped roles", "weekend shifts"),
    },
    "logistics": {
        "cores": (
            "Logistics",
            "Freight",
            "Distribution",
            "Transport",
            "Warehousing",
            "Port Services",
            "Trucking",
            "Supply Chain",
            "Fulfillment",
            "Courier",
        ),
        "naics": ("493110", "484121", "488510", "488320", "484110", "492110", "423990"),
        "occupations": (
            ("CDL-A Driver", 25, 33),
            ("Warehouse Associate", 17, 21),
            ("Forklift Operator", 18, 22),
            ("Diesel Technician", 26, 35),
            ("Dispatcher", 22, 28),
            ("Inventory Control Clerk", 18, 22),
            ("Logistics Coordinator", 23, 30),
            ("Dock Supervisor", 24, 30),
        ),
        "skills": (
            "CDL Class A",
            "clean driving record",
            "warehouse management systems",
            "RF scanning",
            "forklift certification",
            "DOT regulations",
            "hazmat endorsement",
            "inventory accuracy",
        ),
        "tags": ("port", "3PL", "night shift", "last mile", "cold chain"),
    },
}

# Partner organizations by kind: name patterns ({place}, {sector} as the sector's label).
PARTNER_NAMES: dict[str, tuple[str, ...]] = {
    "training_provider": (
        "{place} {sector} Training Institute",
        "{place} Skills Academy",
        "{place} Career Training Center",
        "{sector} Pathways of {place}",
    ),
    "community_college": ("{place} Community College", "Community College of {place}"),
    "community_organization": (
        "{place} Neighborhood Alliance",
        "{place} Community Partnership",
        "{place} Youth Works",
        "Returning Citizens Network of {place}",
        "{place} Family Center",
    ),
    "workforce_agency": (
        "{place} Career Center",
        "{place} Workforce Connection",
        "{place} American Job Center",
    ),
    "association": (
        "{place} {sector} Association",
        "{place} {sector} Council",
        "{sector} Employers Roundtable of {place}",
    ),
    "government": (
        "City Office of {sector} Development",
        "{place} Economic Development Office",
        "County Department of Labor – {place} Office",
    ),
}
PARTNER_NAICS = {
    "training_provider": "611519", "community_college": "611210", "community_organization": "813319",
    "workforce_agency": "926150", "association": "813910", "government": "926110",
}  # fmt: skip
CONTACT_TITLES = {
    "employer": (
        "HR Director",
        "Talent Acquisition Manager",
        "Plant Manager",
        "Owner",
        "Operations Manager",
        "Recruiter",
        "Training Coordinator",
        "Chief Nursing Officer",
        "General Manager",
        "CEO",
    ),
    "partner": (
        "Program Director",
        "Executive Director",
        "Dean of Workforce Development",
        "Business Services Representative",
        "Career Coach",
        "Employer Relations Manager",
    ),
}
