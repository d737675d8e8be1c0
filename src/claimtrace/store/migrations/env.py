"""Alembic environment: migrations run on the connection claimtrace hands over.

Run them with ``claimtrace.store.db.upgrade`` (which every write command
does first); there is no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from claimtrace.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by hand
    raise RuntimeError("claimtrace's migrations run through claimtrace.store.db.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
