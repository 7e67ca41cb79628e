"""The audit log's hash chain (issue 22): changed, deleted, reordered or secretly blanked rows are found;
forget keeps the chain verifiable; concurrent writers never fork it; `python -m bot audit verify`."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from bot.cli import main as cli_main
from bot.store import audit_chain
from bot.store.migrate import upgrade
from bot.store.models import AuditEvent
from bot.store.repository import forget, open_store

T = AuditEvent.__table__


def verdict(engine) -> audit_chain.Verdict:
    with engine.connect() as conn:
        return audit_chain.verify(conn, T)


def five_rows(engine):
    store = open_store(engine=engine)
    for i in range(5):
        store.audit.record(f"agent{i % 2}", "view_case", {"n": i}, sender_id=f"rest:c{i}")
    return store


def raw(engine, sql: str, **params) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(sql), params)


def test_an_untouched_log_verifies_and_names_its_head(engine):
    five_rows(engine)
    v = verdict(engine)
    assert v.ok and v.rows == 5 and v.head_seq == 5
    with engine.connect() as conn:
        rows = conn.execute(sa.select(T).order_by(T.c.seq)).all()
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5] and rows[0].prev_hash == audit_chain.GENESIS
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
    assert v.head_hash == rows[-1].row_hash


def test_a_changed_detail_is_found_at_its_row(engine):
    five_rows(engine)
    raw(engine, "UPDATE audit_events SET detail = :d WHERE seq = 3", d=json.dumps({"n": 99}))
    v = verdict(engine)
    assert not v.ok and v.broken.seq == 3 and "content changed" in v.broken.reason


def test_a_changed_staff_member_time_or_action_is_found(engine):
    five_rows(engine)
    raw(engine, "UPDATE audit_events SET staff_username = 'someone_else' WHERE seq = 2")
    assert verdict(engine).broken.seq == 2
    raw(engine, "UPDATE audit_events SET staff_username = 'agent1' WHERE seq = 2")
    assert verdict(engine).ok  # put back: the chain holds again
    with engine.begin() as conn:
        conn.execute(sa.update(T).where(T.c.seq == 4).values(
            created_at=datetime.now(timezone.utc) - timedelta(days=3)))
    assert verdict(engine).broken.seq == 4
    raw(engine, "UPDATE audit_events SET action = 'search' WHERE seq = 1")
    assert verdict(engine).broken.seq == 1


def test_a_deleted_row_is_found(engine):
    five_rows(engine)
    raw(engine, "DELETE FROM audit_events WHERE seq = 3")
    v = verdict(engine)
    assert not v.ok and v.broken.seq == 4 and "seq 3 missing" in v.broken.reason
    # renumbering the rows after it does not hide it: the link to the row before breaks
    raw(engine, "UPDATE audit_events SET seq = seq - 1 WHERE seq > 3")
    v = verdict(engine)
    assert not v.ok and v.broken.seq == 3 and "prev_hash" in v.broken.reason


def test_reordered_rows_are_found(engine):
    five_rows(engine)
    raw(engine, "UPDATE audit_events SET seq = -2 WHERE seq = 2")
    raw(engine, "UPDATE audit_events SET seq = 2 WHERE seq = 3")
    raw(engine, "UPDATE audit_events SET seq = 3 WHERE seq = -2")
    v = verdict(engine)
    assert not v.ok and v.broken.seq == 2


def test_forget_keeps_the_chain_verifiable_and_accounts_for_the_blanking(engine, case_url, tracker_url):
    store = open_store(engine=engine)
    store.audit.record("agent0", "view_case", {"said": "客户原话"}, sender_id="rest:alice")
    store.audit.record("agent0", "view_case", {"said": "bob"}, sender_id="rest:bob")
    store.audit.record("agent1", "search", {"q": "rest:alice"})
    store.audit.record("agent1", "send", {"text": "您好"}, sender_id="rest:alice")
    counts = forget("rest:alice", case_db_url=case_url, tracker_db_url=tracker_url)
    assert counts["audit_events_redacted"] == 3
    v = verdict(engine)
    assert v.ok and v.rows == 5, v
    with engine.connect() as conn:
        rows = conn.execute(sa.select(T).order_by(T.c.seq)).all()
    blanked = [r for r in rows if r.subject_forgotten]
    assert [r.seq for r in blanked] == [1, 3, 4]
    assert all(r.sender_id is None and r.detail == {} and r.salt is None for r in blanked)
    assert rows[-1].action == "forget" and rows[-1].detail == {"redacted_seqs": [1, 3, 4]}
    assert "alice" not in repr(rows)
    # after forget, a change to what is left of a blanked row (who, what, when) is still found
    raw(engine, "UPDATE audit_events SET staff_username = 'agent1' WHERE seq = 1")
    assert verdict(engine).broken.seq == 1


def test_a_row_blanked_without_forget_is_found(engine):
    five_rows(engine)
    raw(engine, "UPDATE audit_events SET sender_id = NULL, detail = '{}', salt = NULL, subject_forgotten = :t "
                "WHERE seq = 2", t=True)
    v = verdict(engine)
    assert not v.ok and v.broken.seq == 2 and "without a forget row" in v.broken.reason


def test_concurrent_writers_never_fork_the_chain(engine):
    store = open_store(engine=engine)
    threads, per_thread, errors = 8, 25, []
    barrier = threading.Barrier(threads)

    def write(t: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                store.audit.record(f"agent{t}", "view_case", {"i": i}, sender_id=f"rest:c{t}")
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    v = verdict(engine)
    assert v.ok and v.rows == threads * per_thread == v.head_seq


def test_the_migration_chains_an_existing_log(tmp_path):
    from bot.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine=engine, revision="0005")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with engine.begin() as conn:
        for i, forgotten in enumerate([False, True, False]):
            conn.execute(sa.text(
                "INSERT INTO audit_events (created_at, staff_username, action, detail, sender_id, "
                "subject_forgotten) VALUES (:t, 'agent', 'view_case', :d, :s, :f)"),
                {"t": now + timedelta(seconds=i), "d": "{}" if forgotten else json.dumps({"i": i}),
                 "s": None if forgotten else f"rest:c{i}", "f": forgotten})
    upgrade(engine=engine)
    v = verdict(engine)
    assert v.ok and v.rows == 4, v  # the three, and a forget row naming the one blanked before
    open_store(engine=engine).audit.record("agent", "search", {"q": "x"})
    assert verdict(engine).ok and verdict(engine).head_seq == 5
    engine.dispose()


def test_the_verify_command_reports_the_first_broken_row(engine, case_url, capsys):
    five_rows(engine)
    assert cli_main(["audit", "verify", "--case-db-url", case_url]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["rows"] == 5 and out["head"]["seq"] == 5
    raw(engine, "DELETE FROM audit_events WHERE seq = 2")
    assert cli_main(["audit", "verify", "--case-db-url", case_url]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["first_broken"]["seq"] == 3 and "seq 2 missing" in out["first_broken"]["reason"]
