"""Performance and outcomes: program years, the WIOA employer measures and the outcomes (docs/measures.md).

The measures are plain functions over plain rows (`measures.compute`); the store reads the rows.
"""

from .measures import compute
from .periods import Period, period_of, program_year_of, quarter_of
from .results import Measure, Performance
from .rows import Records, Scope

__all__ = [
    "Measure",
    "Performance",
    "Period",
    "Records",
    "Scope",
    "compute",
    "period_of",
    "program_year_of",
    "quarter_of",
]
