"""Alembic migrations create exactly the models' schema, run in code, and fail clearly."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.store.db import DatabaseUnavailable, check_database, make_engine
from bot.store.migrate import MIGRATIONS_DIR, alembic_config, current_revision, head_revision, upgrade
from bot.store.models import Base

TABLES = {"cases", "handoff_requests", "handoff_messages", "staff_users", "staff_sessions", "audit_events", "login_throttle",
          "complaints", "handoff_notes", "canned_replies"}
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def file_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    yield engine
    engine.dispose()


def test_upgrade_creates_the_schema_at_head(file_engine):
    assert current_revision(engine=file_engine) is None
    assert upgrade(engine=file_engine) == head_revision() == "0008"
    assert TABLES | {"alembic_version"} == set(sa.inspect(file_engine).get_table_names())
    assert current_revision(engine=file_engine) == "0008"


def test_migrations_match_the_models(file_engine):
    upgrade(engine=file_engine)
    with file_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_downgrade_drops(file_engine):
    upgrade(engine=file_engine)
    upgrade(engine=file_engine)
    cfg = alembic_config()
    with file_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(sa.inspect(file_engine).get_table_names()) == {"alembic_version"}


def test_upgrade_by_url_uses_the_configured_default(tmp_path, monkeypatch):
    from bot.store.db import dispose_engines

    monkeypatch.setenv("KAYOU_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("KAYOU_CASE_DB_URL", raising=False)
    try:
        assert upgrade() == "0008"
    finally:
        dispose_engines()
    assert (tmp_path / "var" / "cases.db").exists()


def test_concurrent_upgrades_migrate_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    results, errors = [], []

    def run():
        engine = make_engine(url)  # its own engine, as a second replica would have
        try:
            results.append(upgrade(engine=engine))
        except Exception as exc:  # noqa: BLE001 — the test reports it
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == ["0008"] * 3


def test_unreachable_database_is_one_clear_line_without_password():
    engine = make_engine("postgresql://kayou:s3cret@127.0.0.1:1/kayou?connect_timeout=2")
    try:
        for call in (lambda: upgrade(engine=engine), lambda: check_database(engine)):
            with pytest.raises(DatabaseUnavailable) as info:
                call()
            message = str(info.value)
            assert "\n" not in message and "s3cret" not in message
            assert "postgresql://kayou:***@127.0.0.1:1/kayou" in message
            assert "KAYOU_CASE_DB_URL" in message
    finally:
        engine.dispose()


def test_migration_files_ship_in_the_package():
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert (MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
    assert not (ROOT / "alembic.ini").exists()  # the app's config is built in code
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"*.mako"' in pyproject and '"*.ini"' in pyproject


def test_developer_alembic_command_works(tmp_path):
    env = {**os.environ, "KAYOU_VAR_DIR": str(tmp_path)}
    alembic = Path(sys.executable).with_name("alembic")
    out = subprocess.run(
        [str(alembic), "-c", "bot/store/alembic.ini", "-x", f"url=sqlite:///{tmp_path / 'dev.db'}", "upgrade", "head"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'dev.db'}")
    try:
        assert current_revision(engine=engine) == "0008"
    finally:
        engine.dispose()


def test_importing_the_store_touches_nothing(tmp_path):
    """Engines are built lazily: importing the modules creates no engine, file or directory."""
    code = (
        "import bot.store.db as db, bot.store.models, bot.store.repository, bot.store.migrate, "
        "bot.store.cli; assert db._engines == {}"
    )
    env = {**os.environ, "KAYOU_VAR_DIR": str(tmp_path / "var")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert not (tmp_path / "var").exists()


def test_0003_merges_duplicate_open_tickets_before_the_unique_index(file_engine):
    """Before 0003 every 「转人工」 filed a ticket: the one in progress stays, else the oldest; the others
    are closed as duplicates."""
    upgrade(engine=file_engine, revision="0002")
    with file_engine.begin() as conn:
        for sender, status in (("alice", "open"), ("alice", "in_progress"), ("alice", "open"), ("bob", "open"),
                               ("carol", "closed"), ("carol", "open")):
            conn.exec_driver_sql(
                "INSERT INTO handoff_requests (sender_id, channel, reason, created_at, status) "
                "VALUES (?, 'rest', '', '2026-11-30 08:00:00', ?)", (sender, status))
    assert upgrade(engine=file_engine) == "0008"
    with file_engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, sender_id, status, outcome FROM handoff_requests ORDER BY id").fetchall()
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("alice", "closed", "duplicate"), ("alice", "in_progress", None), ("alice", "closed", "duplicate"),
        ("bob", "open", None), ("carol", "closed", None), ("carol", "open", None)]
