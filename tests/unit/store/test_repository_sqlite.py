"""The repository contract on SQLite (the embedded default), plus what only SQLite needs."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bot.store.repository import CaseRepository, forget

from .contract import RepositoryContract, add_case, raw_rows


class TestSqliteRepository(RepositoryContract):
    pass


def test_sqlite_pragmas(engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_free_text_never_reaches_the_database_file(engine, case_url):
    add_case(CaseRepository(engine), letter="卡号6222021234567894 手机13812345678")
    engine.dispose()
    path = Path(sa.engine.make_url(case_url).database)
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # with -wal, -shm
    assert b"6222021234567894" not in data and b"13812345678" not in data
    assert b"****7894" in data


def test_forget_creates_no_database(tmp_path):
    case_url = f"sqlite:///{tmp_path / 'nope' / 'cases.db'}"
    tracker_url = f"sqlite:///{tmp_path / 'nope' / 'tracker.db'}"
    removed = forget("alice", case_db_url=case_url, tracker_db_url=tracker_url)
    assert removed == {"tracker_events": 0, "cases": 0, "complaints": 0,
                       "handoffs": 0, "audit_events_redacted": 0}
    assert not (tmp_path / "nope").exists()


def test_forget_on_an_unmigrated_case_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    eng = sa.create_engine(url, future=True)
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE unrelated (x INTEGER)")
    eng.dispose()
    removed = forget("alice", case_db_url=url, tracker_db_url=url)
    assert removed == {"tracker_events": 0, "cases": 0, "complaints": 0,
                       "handoffs": 0, "audit_events_redacted": 0}


def test_in_memory_store(tmp_path):
    from bot.store.db import make_engine
    from bot.store.migrate import upgrade

    engine = make_engine("sqlite://")
    try:
        upgrade(engine=engine)
        repo = CaseRepository(engine)
        case = add_case(repo)
        assert repo.get_case(case.id) == case
        assert len(raw_rows(engine, "cases")) == 1
    finally:
        engine.dispose()


def test_complaints_are_masked_read_back_and_forgotten(engine, case_url):
    from bot.store.repository import ComplaintRepository

    repo = ComplaintRepository(engine)
    document = {"title": "投诉", "blocks": [{"kind": "paragraph", "text": "来电13812345678"}], "signature": []}
    record = repo.add_complaint("alice", channel="widget", document=document)
    other = repo.add_complaint("bob", channel="wechat", document=document)
    assert len(record.id) == 32 and record.id != other.id
    stored = repo.get_complaint(record.id)
    assert stored.sender_id == "alice" and stored.channel == "widget"
    assert stored.document["blocks"][0]["text"] == "来电****5678" and repo.get_complaint("nope") is None
    no_tracker = f"sqlite:///{Path(sa.engine.make_url(case_url).database).parent / 'none.db'}"
    removed = forget("alice", case_db_url=case_url, tracker_db_url=no_tracker)
    assert removed["complaints"] == 1
    assert repo.get_complaint(record.id) is None and repo.get_complaint(other.id) is not None
