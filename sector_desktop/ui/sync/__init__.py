"""Sync in the window: the Sync page, the Connect dialog, the status indicator and the worker."""
