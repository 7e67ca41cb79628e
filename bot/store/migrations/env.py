"""Alembic environment of the case store.

Called two ways:
- by `bot.store.migrate.upgrade()`, which passes an open connection in `config.attributes["connection"]`
  (and holds a lock so that several replicas starting together migrate once);
- by the `alembic` command for developers (`-c bot/store/alembic.ini`), with the URL from `-x url=...` or
  else from the configuration (`KAYOU_CASE_DB_URL`).
Logging is left alone on purpose: `logging.config.fileConfig` would disable the application's loggers.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from bot.store.db import default_url, make_engine
from bot.store.models import Base, Money, UtcDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    # a migration must not change when a model's Python type changes later: render the plain column type
    if type_ == "type" and isinstance(obj, Money):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: sa.engine.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=render_item,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode copies the table instead
        render_as_batch=connection.dialect.name == "sqlite",
    )


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    ) or default_url()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(), target_metadata=target_metadata, render_item=render_item, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
