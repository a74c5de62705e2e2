"""The Organizations section: the lazy list, the detail panel and the editors."""
