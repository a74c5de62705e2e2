"""Sync: the wire protocol, the client (outbox, push, pull, merge) and the server (ASGI app)."""
