"""The repository contract against a real PostgreSQL on 127.0.0.1:5432.

A throw-away database `kayou_test_<random>` is created for this module and dropped afterwards.
Skipped, with the reason, when PostgreSQL is not reachable — except under `CI=true`, where that is a
failure: CI's machine runs PostgreSQL, so a skip there would hide a broken production path.
`KAYOU_TEST_PG_URL` points the tests at another server (a database on it is created and dropped).
"""
from __future__ import annotations

import os
import secrets
import threading

import pytest
import sqlalchemy as sa

from bot.store.db import (
    DatabaseUnavailable,
    check_database,
    dispose_engines,
    get_engine,
    make_engine,
    unavailable_message,
)
from bot.store.migrate import current_revision, upgrade
from bot.store.models import Base
from tests.unit.store.contract import RepositoryContract

pytestmark = pytest.mark.postgres

ADMIN_URL = os.environ.get("KAYOU_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def unavailable(reason: str) -> None:
    """Skip, or fail under CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pg_url():
    admin = make_engine(sa.engine.make_url(ADMIN_URL).update_query_dict({"connect_timeout": "3"}))
    try:
        check_database(admin)
    except DatabaseUnavailable as exc:
        admin.dispose()
        unavailable(unavailable_message(ADMIN_URL, exc.__cause__, "test PostgreSQL", "KAYOU_TEST_PG_URL"))
    name = f"kayou_test_{secrets.token_hex(6)}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        dispose_engines()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def case_url(pg_url):
    return pg_url


@pytest.fixture
def tracker_url(pg_url):
    """Rasa's `events` table in the same database (as when both URLs name one PostgreSQL database)."""
    yield pg_url
    engine = sa.create_engine(pg_url, future=True)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS events")
    finally:
        engine.dispose()


@pytest.fixture
def engine(pg_url):
    """The migrated store, emptied before each test."""
    engine = get_engine(pg_url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return engine


class TestPostgresRepository(RepositoryContract):
    pass


# the audit chain on PostgreSQL: its advisory lock, RETURNING in forget, timestamptz in the hash
from tests.unit.store.test_audit_chain import (  # noqa: E402
    test_a_changed_detail_is_found_at_its_row,
    test_a_deleted_row_is_found,
    test_a_row_blanked_without_forget_is_found,
    test_an_untouched_log_verifies_and_names_its_head,
    test_concurrent_writers_never_fork_the_chain,
    test_forget_keeps_the_chain_verifiable_and_accounts_for_the_blanking,
    test_reordered_rows_are_found,
    test_the_verify_command_reports_the_first_broken_row,
)

__all__ = [  # collected here too, with this module's PostgreSQL fixtures
    "test_a_changed_detail_is_found_at_its_row", "test_a_deleted_row_is_found",
    "test_a_row_blanked_without_forget_is_found", "test_an_untouched_log_verifies_and_names_its_head",
    "test_concurrent_writers_never_fork_the_chain",
    "test_forget_keeps_the_chain_verifiable_and_accounts_for_the_blanking", "test_reordered_rows_are_found",
    "test_the_verify_command_reports_the_first_broken_row",
]


def test_schema_is_at_head(engine):
    assert current_revision(engine=engine) == "0008"
    columns = {c["name"]: c["type"] for c in sa.inspect(engine).get_columns("cases")}
    assert isinstance(columns["total_debt_fen"], sa.BigInteger)
    created = {c["name"]: c["type"] for c in sa.inspect(engine).get_columns("audit_events")}["created_at"]
    assert created.timezone is True  # timestamptz


def test_replicas_starting_together_migrate_once(pg_url):
    """Several replicas call upgrade() at start; the advisory lock makes the others wait and find head."""
    name = f"kayou_test_{secrets.token_hex(6)}"
    admin = make_engine(ADMIN_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(ADMIN_URL).set(database=name)
    results, errors = [], []

    def start_replica():
        engine = make_engine(url)
        try:
            results.append(upgrade(engine=engine))
        except Exception as exc:  # noqa: BLE001 — reported by the assertion
            errors.append(exc)
        finally:
            engine.dispose()

    try:
        threads = [threading.Thread(target=start_replica) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and results == ["0008"] * 3
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_ci_turns_an_unreachable_server_into_a_failure(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        unavailable("PostgreSQL is down")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        unavailable("PostgreSQL is down")
