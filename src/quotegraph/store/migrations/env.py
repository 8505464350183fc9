"""Alembic environment: run by ``Store.open`` with an open connection in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from quotegraph.store.tables import metadata

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    """Migrate through the connection that ``Store.open`` passed in (or one made from the URL)."""
    connection = config.attributes.get("connection")
    if connection is None:
        import sqlalchemy as sa

        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("no connection passed in and no sqlalchemy.url configured")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds tables when needed.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("quotegraph migrations run online only (Store.open applies them)")
run_migrations_online()
