"""The central sync server: a FastAPI app over SQLAlchemy that stores field changes and serves the feed."""
