"""Alembic migrations of the store (``Store.open`` upgrades every database to head)."""
