"""The education and training program inventory: edit, import, and which programs serve an occupation
that employers named in hiring needs or skill gaps."""

from .demand import (
    NamedOccupation,
    named_occupations,
    occupation_titles,
    programs_for_occupation,
    serves_named,
)
from .importing import ProgramsImported, ProgramsPreview, apply_programs, preview_programs
from .inventory import ProgramInput, delete_program, problems_of, save_program, soc_codes_from

__all__ = [
    "NamedOccupation",
    "ProgramInput",
    "ProgramsImported",
    "ProgramsPreview",
    "apply_programs",
    "delete_program",
    "named_occupations",
    "occupation_titles",
    "preview_programs",
    "problems_of",
    "programs_for_occupation",
    "save_program",
    "serves_named",
    "soc_codes_from",
]
