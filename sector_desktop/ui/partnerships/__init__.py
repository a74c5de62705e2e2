"""The Partnerships screen: sector partnerships, their rosters, workgroups, priorities and action teams."""
