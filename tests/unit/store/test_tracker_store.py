"""KayouTrackerStore on a real SQLite file: what is stored, what is read back, which queries run."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.tracker import STORED_ROWS, KayouTrackerStore

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def store(domain, tracker_url):
    store = KayouTrackerStore(domain=domain, host=tracker_url)
    yield store
    store.engine.dispose()


@pytest.fixture
def statements(store):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(store.engine, "before_cursor_execute", record)


def run(coro):
    return asyncio.run(coro)


def rows(store, sender: str) -> list[str]:
    with store.engine.connect() as conn:
        return [r.type_name for r in conn.execute(
            sa.text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})]


def stored_then_retrieved(store, sender: str) -> DialogueStateTracker:
    """A conversation with one stored event, as the next turn's processing gets it."""
    tracker = DialogueStateTracker(sender, store.domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    return run(store.retrieve(sender))


def user(text: str) -> UserUttered:
    return UserUttered(text, {"name": "inform", "confidence": 1.0})


def test_a_conversation_is_stored_once_and_read_back_in_order(store, statements):
    tracker = DialogueStateTracker("u1", store.domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(user("招行欠了两万五"))
    run(store.save(tracker))
    assert rows(store, "u1") == ["action", "user"]

    again = run(store.retrieve("u1"))
    assert getattr(again, STORED_ROWS) == (id(store), 2)
    again.update(SlotSet("debt_amount", 25000.0))
    again.update(ActionExecuted("action_listen"))
    statements.clear()
    run(store.save(again))
    # the noted row count replaces Rasa's COUNT query; only the inserts ran
    assert not [s for s in statements if "count(" in s.lower()], statements
    assert rows(store, "u1") == ["action", "user", "slot", "action"]
    final = run(store.retrieve("u1"))
    assert [e.as_dict()["event"] for e in final.events] == ["action", "user", "slot", "action"]
    assert final.get_slot("debt_amount") == 25000.0


def test_a_second_save_of_the_same_tracker_adds_only_what_came_after_the_first(store, statements):
    tracker = stored_then_retrieved(store, "u2")
    tracker.update(user("你好"))
    run(store.save(tracker))
    assert getattr(tracker, STORED_ROWS) == (id(store), 2)
    statements.clear()
    tracker.update(ActionExecuted("utter_greet"))
    run(store.save(tracker))  # the save moved the note: still no count
    assert not [s for s in statements if "count(" in s.lower()], statements
    assert rows(store, "u2") == ["action", "user", "action"]
    run(store.save(tracker))
    assert rows(store, "u2") == ["action", "user", "action"]


def test_a_tracker_without_a_note_falls_back_to_rasas_count(store, statements):
    stored_then_retrieved(store, "u6")
    elsewhere = DialogueStateTracker("u6", store.domain.slots)  # e.g. PUT /conversations/u6/tracker
    elsewhere.update(ActionExecuted("action_listen"))
    elsewhere.update(user("重新来"))
    statements.clear()
    run(store.save(elsewhere))
    assert [s for s in statements if "count(" in s.lower()]
    assert rows(store, "u6") == ["action", "user"]


def test_a_note_of_another_store_is_not_trusted(store, domain, tracker_url):
    tracker = stored_then_retrieved(store, "u7")
    other = KayouTrackerStore(domain=domain, host=tracker_url)
    try:
        tracker.update(user("换个进程"))
        setattr(tracker, STORED_ROWS, (id(other), 0))  # would write the stored event again
        run(store.save(tracker))
        assert rows(store, "u7") == ["action", "user"]
    finally:
        other.engine.dispose()


def test_a_new_session_after_a_retrieve_is_appended_not_duplicated(store):
    tracker = DialogueStateTracker("u3", store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  user("逾期了怎么办")):
        tracker.update(event)
    run(store.save(tracker))
    tracker = run(store.retrieve("u3"))
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  user("还是我")):
        tracker.update(event)
    run(store.save(tracker))
    assert len(rows(store, "u3")) == 8
    latest = run(store.retrieve("u3"))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["还是我"]
    full = run(store.retrieve_full_tracker("u3"))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["逾期了怎么办", "还是我"]
    assert not hasattr(full, STORED_ROWS)


def test_personal_numbers_are_masked_on_the_noted_path_too(store, tracker_url):
    tracker = stored_then_retrieved(store, "u4")
    tracker.update(user("我的卡号6222021234567890123 电话13812345678"))
    run(store.save(tracker))
    raw = sqlite3.connect(tracker_url.removeprefix("sqlite:///")).execute("SELECT data FROM events").fetchall()
    text = " ".join(r[0] for r in raw)
    assert "6222021234567890123" not in text and "13812345678" not in text
    assert "5678" in text


def test_the_sqlite_file_uses_the_write_ahead_log(store, tracker_url):
    stored_then_retrieved(store, "u5")
    path = tracker_url.removeprefix("sqlite:///")
    # the log outlives each session's connection (no checkpoint + fsync of the file on every turn)
    assert Path(path + "-wal").exists()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA synchronous")).scalar() == 1  # NORMAL
