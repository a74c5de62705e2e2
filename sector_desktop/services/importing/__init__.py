"""Importing organizations and contacts from CSV or XLSX: preview (check, find duplicates), then apply.

The column mapping is documented in docs/import-format.md.
"""

from .applying import POLICIES, ROW_CHOICES, ImportResult, apply_import, refusal
from .matching import DuplicateOf
from .preview import KINDS, ImportPreview, ImportRow, RowError, preview_import

__all__ = [
    "KINDS",
    "POLICIES",
    "ROW_CHOICES",
    "DuplicateOf",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
    "RowError",
    "apply_import",
    "preview_import",
    "refusal",
]
