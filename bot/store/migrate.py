"""Schema migrations of the case store, run in code (no alembic.ini needed at the repository root).

The application calls `upgrade()` once at start, before serving:

    from bot.store.migrate import upgrade
    upgrade()            # KAYOU_CASE_DB_URL, or SQLite $KAYOU_VAR_DIR/cases.db

It raises `bot.store.db.DatabaseUnavailable` (one line, URL without password) when the database is down.
Several replicas may call it at the same moment: the migration runs under a lock (a PostgreSQL advisory
lock, SQLite's write lock), so one replica migrates and the others find the schema at head.
"""
from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from bot.store.db import connect, get_engine, safe_url

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# any constant shared by every replica; "kayou" in ASCII
_PG_ADVISORY_LOCK_KEY = 0x6B61796F75


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found in " + str(MIGRATIONS_DIR)
    return head


def current_revision(url: str | None = None, *, engine: Engine | None = None) -> str | None:
    """The revision the database is at; None when it has never been migrated."""
    engine = engine or get_engine(url)
    with connect(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str | None = None, *, engine: Engine | None = None, revision: str = "head") -> str:
    """Migrates the case store to `revision` (default: head) and returns the revision it is at.

    `url` defaults to the configured case store; pass `engine` instead to migrate a database you already
    hold (an in-memory SQLite in tests).
    """
    engine = engine or get_engine(url)
    cfg = alembic_config()
    with connect(engine) as conn:
        _lock_for_migration(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        at = MigrationContext.configure(conn).get_current_revision()
        conn.commit()
    logger.info("case store %s at revision %s", safe_url(engine.url), at)
    return at


def _lock_for_migration(conn: sa.engine.Connection) -> None:
    """Takes the lock that serialises concurrent migrations; released when the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_ADVISORY_LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        # pysqlite does not open a transaction before DDL; take the write lock explicitly so that the
        # version check and the CREATE TABLEs are one transaction (waits up to the busy timeout)
        conn.exec_driver_sql("BEGIN IMMEDIATE")
