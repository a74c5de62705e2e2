"""The Visits section: the visit list, its detail panel and the visit editor."""
