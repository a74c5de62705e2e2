"""Labour-market information: importing BLS OEWS and QCEW and O*NET files, and the office's areas.

Layouts supported: docs/lmi-formats.md.
"""

from .areas import Area, office_areas, parse_area, set_office_areas
from .common import LmiPreview
from .importing import DATASETS, LmiImportResult, apply_lmi, preview_lmi, refusal

__all__ = [
    "DATASETS",
    "Area",
    "LmiImportResult",
    "LmiPreview",
    "apply_lmi",
    "office_areas",
    "parse_area",
    "preview_lmi",
    "refusal",
    "set_office_areas",
]
