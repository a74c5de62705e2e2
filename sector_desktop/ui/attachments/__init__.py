"""Attaching files and photos to a record (dialog or drag-and-drop) and previewing them."""
