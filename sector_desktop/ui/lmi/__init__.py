"""The Labour market section: a sector's snapshot in an area, the team's demand, and LMI imports."""
