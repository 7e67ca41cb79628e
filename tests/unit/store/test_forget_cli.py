"""`python -m bot forget <sender>`: the subcommand, its JSON, its errors, and Rasa's real tracker store."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store.cli import add_forget_command
from bot.store.repository import CaseRepository, HandoffRepository

from .contract import add_case, make_events_table

ROOT = Path(__file__).resolve().parents[3]


def run(argv, capsys):
    parser = argparse.ArgumentParser(prog="python -m bot")
    add_forget_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status = args.func(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_forget_prints_what_it_removed(engine, case_url, tracker_url, capsys):
    make_events_table(tracker_url)
    add_case(CaseRepository(engine), sender="wx-张三")
    HandoffRepository(engine).request("wx-张三", channel="wechat", reason="人工")
    status, out, err = run(
        ["forget", "wx-张三", "--case-db-url", case_url, "--tracker-db-url", tracker_url], capsys
    )
    assert status == 0 and err == ""
    assert json.loads(out) == {
        "sender": "wx-张三",
        "removed": {"tracker_events": 0, "cases": 1, "complaints": 0, "handoffs": 1},
        "redacted": {"audit_events": 0},
    }


@pytest.mark.parametrize("sender", ["", "   "])
def test_empty_sender_exits_2_with_one_line(sender, tmp_path, capsys):
    status, out, err = run(["forget", sender, "--case-db-url", f"sqlite:///{tmp_path}/c.db"], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "sender" in err
    assert not (tmp_path / "c.db").exists()


def test_unreachable_database_exits_3_with_one_line(tmp_path, capsys):
    url = "postgresql://kayou:s3cret@127.0.0.1:1/kayou?connect_timeout=2"
    status, out, err = run(
        ["forget", "alice", "--case-db-url", url, "--tracker-db-url", f"sqlite:///{tmp_path}/t.db"], capsys
    )
    assert status == 3 and out == ""
    assert err.count("\n") == 1 and "s3cret" not in err and "127.0.0.1:1" in err


def test_module_entry_point_uses_the_environment(engine, case_url, tracker_url):
    add_case(CaseRepository(engine), sender="alice")
    env = {**os.environ, "KAYOU_CASE_DB_URL": case_url, "KAYOU_TRACKER_DB_URL": tracker_url}
    out = subprocess.run(
        [sys.executable, "-m", "bot.store.cli", "forget", "alice"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["removed"] == {"tracker_events": 0, "cases": 1, "complaints": 0,
                                                 "handoffs": 0}


def test_forget_empties_rasas_own_sql_tracker_store(engine, case_url, tmp_path, capsys):
    """Against the real `rasa.core.tracker_store.SQLTrackerStore`, not a look-alike table."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    db = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))

    async def save_and_forget():
        for sender in ("alice", "bob"):
            tracker = DialogueStateTracker.from_events(
                sender, [ActionExecuted("action_listen"), UserUttered("你好", {"name": "greet"})]
            )
            await store.save(tracker)
        status, out, _ = run(
            ["forget", "alice", "--case-db-url", case_url, "--tracker-db-url", f"sqlite:///{db}"], capsys
        )
        return status, json.loads(out), await store.retrieve("alice"), await store.retrieve("bob")

    try:
        status, out, alice, bob = asyncio.run(save_and_forget())
    finally:
        store.engine.dispose()
    assert status == 0 and out["removed"]["tracker_events"] == 2
    assert alice is None
    assert [e.as_dict()["event"] for e in bob.events] == ["action", "user"]


def test_a_namespaced_conversation_id_forgets_that_channel_only(engine, case_url, tracker_url, capsys):
    # conversation ids are "<channel>:<id>" (issue 14): the same sender on two channels is two people
    make_events_table(tracker_url)
    for sender in ("rest:alice", "widget:alice", "alice"):
        add_case(CaseRepository(engine), sender=sender)
    status, out, err = run(["forget", "rest:alice", "--case-db-url", case_url, "--tracker-db-url", tracker_url],
                           capsys)
    assert status == 0 and err == ""
    assert json.loads(out)["sender"] == "rest:alice" and json.loads(out)["removed"]["cases"] == 1
    assert CaseRepository(engine).list_cases_for("rest:alice") == []
    assert len(CaseRepository(engine).list_cases_for("widget:alice")) == 1
    assert len(CaseRepository(engine).list_cases_for("alice")) == 1


def test_forget_deletes_the_internal_notes_of_a_conversations_tickets(engine, case_url, tracker_url, capsys):
    import sqlalchemy as sa

    make_events_table(tracker_url)
    handoffs = HandoffRepository(engine)
    ticket = handoffs.request("wx-李四", channel="wechat", reason="人工")
    other = handoffs.request("wx-王五", channel="wechat", reason="人工")
    handoffs.add_note(ticket.id, "agent-1", "客户电话 13812345678 说下周还")
    handoffs.add_note(other.id, "agent-1", "别的客户")
    assert "13812345678" not in handoffs.notes_of(ticket.id)[0].text  # masked when stored
    status, _, _ = run(["forget", "wx-李四", "--case-db-url", case_url, "--tracker-db-url", tracker_url], capsys)
    assert status == 0
    with engine.connect() as conn:
        left = conn.execute(sa.text("SELECT sender_id FROM handoff_notes")).scalars().all()
    assert left == ["wx-王五"]
