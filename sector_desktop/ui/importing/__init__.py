"""File → Import… and File → Export…: previewing and importing spreadsheets, exporting records."""
