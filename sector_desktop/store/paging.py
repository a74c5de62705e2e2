"""Keyset paging for the big lists: ORDER BY columns that end in a unique one, and windows after a row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

# A column of an ORDER BY: a mapped attribute or an expression (coalesce, is_(None), desc()).
SortColumn = ColumnElement[Any] | InstrumentedAttribute[Any]
