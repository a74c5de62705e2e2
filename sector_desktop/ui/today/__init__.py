"""The Today section: the start page with the day's route, my follow-ups and recent activity."""
