"""Importing organizations and contacts from CSV or XLSX: preview (check, find duplicates), then apply.

The column mapping is documented in docs/import-format.md.
"""

from .applying import POLICIES, ROW_CHOICES, ImportResult, apply_import, refusal
from .preview import KINDS, preview_import
from .rows import DuplicateOf, ImportPreview, ImportRow, RowError

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
