"""Engines and sessions of the case store, built lazily (never at import time).

SQLAlchemy 1.4 with the 2.0-style API (`future=True`). One engine per URL per process, cached; the URL
comes from the caller or from `KAYOU_CASE_DB_URL` (SQLite `$KAYOU_VAR_DIR/cases.db` when unset).

SQLite gets `foreign_keys=ON` (off by default in SQLite, so `ON DELETE` rules would silently not apply),
WAL (readers do not block the one writer, which matters when the Rasa server, the action server and the
console share the file) and a busy timeout instead of an immediate "database is locked".
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bot.config import settings

SQLITE_BUSY_TIMEOUT_MS = 5000

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class DatabaseUnavailable(RuntimeError):
    """The case store cannot be reached; `str()` is one line naming the URL without its password."""


def default_url() -> str:
    return settings().default_case_db_url


def safe_url(url: str | URL) -> str:
    """The URL with its password replaced by `***`, fit for logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparseable database URL>"


def is_sqlite_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and for in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or is_sqlite_memory(parsed):
        return None
    return Path(parsed.database)


def _json_serializer(value: object) -> str:
    # Chinese stays readable in the database; digits are masked before they get here either way
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _switch_to_wal(cursor) -> None:
    """`PRAGMA journal_mode=WAL` (answers "memory" for in-memory databases), retried while locked.

    Switching a new file to WAL needs its exclusive lock, and SQLite reports "database is locked" at
    once, without the busy handler, when several connections (replicas migrating at the same start)
    switch it together; so wait here, up to the busy timeout like any other lock.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable enough with WAL, much faster than FULL
    finally:
        cursor.close()


def make_engine(url: str | URL | None = None, *, echo: bool = False) -> Engine:
    """A new engine (not cached). Creates the directory of a SQLite file; does not connect."""
    parsed = make_url(url or default_url())
    kwargs: dict = {"future": True, "echo": echo, "json_serializer": _json_serializer}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if is_sqlite_memory(parsed):
            # one connection shared by every session, or each would see its own empty database
            kwargs["poolclass"] = StaticPool
        else:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_pre_ping"] = True  # a restarted PostgreSQL must not cost the next request an error
    engine = sa.create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def get_engine(url: str | URL | None = None) -> Engine:
    """The process-wide engine for `url` (default: the configured case store), created on first use."""
    parsed = make_url(url or default_url())
    key = parsed.render_as_string(hide_password=False)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(parsed)
        return engine


def dispose_engines() -> None:
    """Closes every cached engine (tests, and forked workers which must not share sockets)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def session_factory(engine: Engine) -> sessionmaker:
    # expire_on_commit=False: repositories read attributes after commit to build their records
    return sessionmaker(bind=engine, future=True, expire_on_commit=False, class_=Session)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls back when it raises."""
    with session_factory(engine).begin() as session:
        yield session


def unavailable_message(
    url: str | URL, exc: BaseException, what: str = "case store", variable: str = "KAYOU_CASE_DB_URL"
) -> str:
    detail = exc.orig if isinstance(exc, sa.exc.DBAPIError) and exc.orig is not None else exc
    first_line = (str(detail).strip().splitlines() or [""])[0].strip()
    return (
        f"the {what} database {safe_url(url)} is not reachable "
        f"({type(detail).__name__}: {first_line}); start it or fix {variable}"
    )


def connect(
    engine: Engine, what: str = "case store", variable: str = "KAYOU_CASE_DB_URL"
) -> sa.engine.Connection:
    """`engine.connect()`, turning "cannot connect" (only that, not a failing statement later) into
    `DatabaseUnavailable` with one clear line."""
    try:
        return engine.connect()
    except sa.exc.DBAPIError as exc:
        raise DatabaseUnavailable(unavailable_message(engine.url, exc, what, variable)) from exc


def check_database(engine: Engine) -> None:
    """Raises `DatabaseUnavailable` (one clear line) when the engine cannot run `SELECT 1`."""
    with connect(engine) as conn:
        conn.execute(sa.text("SELECT 1"))
