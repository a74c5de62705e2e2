"""The Meetings screen: the meeting list, scheduling, the agenda builder and live minutes."""
