"""Sector Desktop: offline-first client and sync server for a sector-partnership team."""

__version__ = "0.1.0"
