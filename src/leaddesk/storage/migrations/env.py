"""Alembic environment: runs on the vault's own (already keyed) engine, never a URL."""

from __future__ import annotations

from alembic import context

from leaddesk.storage.tables import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
    )
    context.run_migrations()
