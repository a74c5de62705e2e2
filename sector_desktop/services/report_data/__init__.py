"""Assemble the plain data of each printed document from the local database (no reportlab here)."""
