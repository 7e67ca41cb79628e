"""The tracker store's save when another process wrote the same conversation in between.

The lock store keeps that from happening; these are the cases where it could anyway (a turn that
outlives its 60 s ticket) or where the same tracker is saved twice. Two store instances on one database
are two replicas. On a SQLite file and on a real PostgreSQL; Rasa's stock `SQLTrackerStore` (a count
of stored rows decides what is new) runs the same cases as strict xfail.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.tracker import KayouTrackerStore
from tests.e2e.pg import temporary_pg_database

ROOT = Path(__file__).resolve().parents[3]
STOCK = pytest.mark.xfail(strict=True, reason="Rasa 3.6: the stored-row count decides what is new")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def pg_url():
    with temporary_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=["kayou", pytest.param("stock", marks=STOCK)])
def replicas(request, domain, db_url):
    cls = KayouTrackerStore if request.param == "kayou" else SQLTrackerStore
    stores = [cls(domain=domain, host=db_url) for _ in range(2)]
    yield stores
    for store in stores:
        store.engine.dispose()


def run(coro):
    return asyncio.run(coro)


def stored(store, sender: str) -> list[tuple[str, str | None]]:
    with store.engine.connect() as conn:
        result = conn.execute(sa.text(
            "SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
        import json

        return [(r.type_name, json.loads(r.data).get("text") or json.loads(r.data).get("name"))
                for r in result]


def turn(tracker: DialogueStateTracker, text: str, reply: str) -> None:
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_x"))
    tracker.update(BotUttered(reply))
    tracker.update(ActionExecuted("action_listen"))


def session(sender: str, domain: Domain, at: float) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    start(tracker, at)
    return tracker


def start(tracker: DialogueStateTracker, at: float) -> None:
    # explicit, increasing timestamps: Rasa's session query compares them
    tracker.update(ActionExecuted("action_session_start", timestamp=at))
    tracker.update(SessionStarted(timestamp=at + 0.001))
    tracker.update(ActionExecuted("action_listen", timestamp=at + 0.002))


def test_two_replicas_saving_one_conversation_both_keep_their_turn(replicas, domain):
    a, b = replicas
    sender = "race-two-saves"
    run(a.save(session(sender, domain, 1000.0)))
    mine, theirs = run(a.retrieve(sender)), run(b.retrieve(sender))
    turn(mine, "招行欠了两万五", "收到")
    turn(theirs, "逾期45天了", "好的")
    run(a.save(mine))
    run(b.save(theirs))
    users = [text for kind, text in stored(a, sender) if kind == "user"]
    assert users == ["招行欠了两万五", "逾期45天了"]
    assert len(stored(a, sender)) == 3 + 4 + 4


def test_a_new_conversation_created_by_two_replicas_keeps_both_turns(replicas, domain):
    a, b = replicas
    sender = "race-new"
    mine = run(a.get_or_create_tracker(sender, append_action_listen=False))
    theirs = run(b.get_or_create_tracker(sender, append_action_listen=False))
    start(mine, 2000.0)
    turn(mine, "你好", "您好")
    start(theirs, 2000.5)
    turn(theirs, "我要转人工", "正在转接")
    run(a.save(mine))
    run(b.save(theirs))
    users = [text for kind, text in stored(a, sender) if kind == "user"]
    assert users == ["你好", "我要转人工"]


def test_saving_twice_after_a_new_session_writes_the_old_session_once(replicas, domain):
    a, _ = replicas
    sender = "two-saves-new-session"
    old = session(sender, domain, 3000.0)
    turn(old, "上个月的问题", "好的")
    run(a.save(old))
    tracker = run(a.retrieve(sender))
    start(tracker, 9000.0)  # the session expired: Rasa starts a new one in the same tracker
    turn(tracker, "又来了", "欢迎回来")
    run(a.save(tracker))
    tracker.update(BotUttered("还有别的吗"))
    run(a.save(tracker))
    users = [text for kind, text in stored(a, sender) if kind == "user"]
    assert users == ["上个月的问题", "又来了"]
    assert len(stored(a, sender)) == 7 + 7 + 1
