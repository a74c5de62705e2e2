"""Which SOC occupation a hiring need's free-text occupation means ("CNA" -> 31-1131).

In order: an SOC code typed in the text; a common field title below; then the best fuzzy match
(rapidfuzz token-set, plurals folded) among the occupation titles the profile holds.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

# Titles staff write on visits, and the SOC occupation BLS counts them under.
COMMON_TITLES: dict[str, str] = {
    "certified nursing assistant": "31-1131",
    "cna": "31-1131",
    "patient care technician": "31-1131",
    "registered nurse": "29-1141",
    "rn": "29-1141",
    "medical assistant": "31-9092",
    "phlebotomist": "31-9097",
    "pharmacy technician": "29-2052",
    "sterile processing technician": "31-9093",
    "surgical technologist": "29-2055",
    "licensed practical nurse": "29-2061",
    "lpn": "29-2061",
    "environmental services aide": "37-2011",
    "cnc machinist": "51-9161",
    "machinist": "51-4041",
    "welder": "51-4121",
    "production associate": "51-2090",
    "maintenance mechanic": "49-9071",
    "quality inspector": "51-9061",
    "forklift operator": "53-7051",
    "industrial electrician": "47-2111",
    "machine operator": "51-4031",
    "process technician": "17-3026",
    "help desk technician": "15-1232",
    "software developer": "15-1252",
    "cybersecurity analyst": "15-1212",
    "network administrator": "15-1244",
    "data analyst": "15-2051",
    "cloud support associate": "15-1231",
    "qa tester": "15-1253",
    "it support specialist": "15-1232",
    "electrician": "47-2111",
    "electrician apprentice": "47-2111",
    "carpenter": "47-2031",
    "hvac technician": "49-9021",
    "laborer": "47-2061",
    "heavy equipment operator": "47-2073",
    "plumber": "47-2152",
    "plumber apprentice": "47-2152",
    "pipefitter": "47-2152",
    "project estimator": "13-1051",
    "line cook": "35-2014",
    "front desk agent": "43-4081",
    "housekeeper": "37-2012",
    "banquet server": "35-3031",
    "sous chef": "35-1011",
    "dishwasher": "35-9021",
    "maintenance engineer": "49-9071",
    "guest services supervisor": "43-1011",
    "cdl-a driver": "53-3032",
    "cdl driver": "53-3032",
    "truck driver": "53-3032",
    "warehouse associate": "53-7062",
    "diesel technician": "49-3031",
    "dispatcher": "43-5032",
    "inventory control clerk": "43-5071",
    "logistics coordinator": "13-1081",
    "dock supervisor": "53-1047",
}
SOC = re.compile(r"\b(\d{2}-\d{4})\b")
MIN_SCORE = 90


def _fold(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def match_soc(text: str, titles: dict[str, str]) -> str | None:
    """The SOC code `text` means, given the known occupation `titles` (code -> title), or None."""
    typed = SOC.search(text)
    if typed:
        return typed.group(1)
    key = text.strip().lower()
    if key in COMMON_TITLES:
        return COMMON_TITLES[key]
    if not titles:
        return None
    folded = {code: _fold(title) for code, title in titles.items()}
    best = process.extractOne(_fold(text), folded, scorer=fuzz.token_set_ratio, score_cutoff=MIN_SCORE)
    return best[2] if best else None
