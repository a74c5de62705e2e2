"""The Action items section: every follow-up from visits and meetings, in one list with views."""
