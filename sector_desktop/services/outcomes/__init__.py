"""Recording outcomes without personal data: training cohorts, placements and their retention checks."""

from .cohorts import CohortInput, delete_cohort, save_cohort
from .placements import (
    PlacementInput,
    clean_soc,
    delete_placement,
    record_check,
    save_placement,
    validate_placement,
)

__all__ = [
    "CohortInput",
    "PlacementInput",
    "clean_soc",
    "delete_cohort",
    "delete_placement",
    "record_check",
    "save_cohort",
    "save_placement",
    "validate_placement",
]
