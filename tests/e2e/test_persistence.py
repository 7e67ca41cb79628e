"""Nothing lost, nothing leaked, more than one server (issue 6), against real servers and databases."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests

from bot.channels.common import NO_REPLY_FALLBACK
from tests.e2e.pg import require_redis, temporary_pg_database
from tests.e2e.servers import (
    ROOT,
    START_TIMEOUT_S,
    LiveBot,
    Server,
    action_server,
    base_env,
    ensure_model,
    rasa_server,
    start_live_bot,
)

CARD = "6222 0212 3456 7890 128"  # Luhn-valid, 19 digits
PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"


def sender() -> str:
    return f"persist-{uuid.uuid4().hex[:10]}"


def user_texts(tracker: dict) -> list[str]:
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_restart_keeps_the_conversation_where_it_was(tmp_path):
    bot = start_live_bot(tmp_path)
    try:
        s = sender()
        bot.texts(s, "帮我做个还款计划")
        assert "收入" in bot.texts(s, "民生银行欠了五万二")
        bot.rasa.stop()
        bot.rasa.start()
        bot.rasa.wait_ready()
        slots = bot.tracker(s)["slots"]
        assert slots["debt_amount"] == 52000.0 and slots["bank"] == "民生银行"
        # the form goes on from its pending question (income), not from the start
        assert "支出" in bot.texts(s, "月薪3800")
    finally:
        bot.stop()


def test_dead_action_server_gets_a_polite_message_then_recovers(tmp_path):
    bot = start_live_bot(tmp_path)
    try:
        bot.actions.stop()
        s = sender()
        reply = bot.texts(s, "招行欠了两万五 逾期45天了 利息多少")
        assert "系统暂时出了点问题" in reply and "转人工" in reply
        bot.actions.start()
        bot.actions.wait_ready()
        assert "利息约" in bot.texts(sender(), "招行欠了两万五 逾期45天了 利息多少")
    finally:
        bot.stop()


def test_personal_numbers_are_masked_in_database_and_logs(tmp_path):
    bot = start_live_bot(tmp_path)
    s = sender()
    try:
        bot.texts(s, f"我的卡号{CARD}，身份证{ID_NUMBER}，手机{PHONE}，欠了两万逾期一个月")
        bot.texts(s, "帮我做个还款计划")
        assert "****" in str(bot.tracker(s))
    finally:
        bot.stop()
    raw = [CARD.replace(" ", ""), CARD, PHONE, ID_NUMBER]
    files = [p for p in tmp_path.iterdir() if p.is_file()]
    assert any(p.name == "tracker.db" for p in files) and any(p.suffix == ".log" for p in files)
    for path in files:
        content = path.read_bytes().decode("utf-8", errors="replace")
        for number in raw:
            assert number not in content, f"{number} found in {path.name}"


def test_forget_removes_a_conversation_and_says_what(tmp_path):
    bot = start_live_bot(tmp_path)
    s = sender()
    try:
        bot.texts(s, "我要转人工")
        assert user_texts(bot.tracker(s)) == ["我要转人工"]
        result = subprocess.run(
            [sys.executable, "-m", "bot", "forget", f"rest:{s}"], cwd=ROOT, env=base_env(tmp_path),
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert '"handoffs": 1' in result.stdout and '"tracker_events": 0' not in result.stdout
        assert user_texts(bot.tracker(s)) == []
    finally:
        bot.stop()


def test_unreachable_database_at_start_gives_a_clear_message(tmp_path):
    ensure_model()
    rasa = rasa_server(tmp_path, "http://127.0.0.1:9/webhook",
                       KAYOU_TRACKER_DB_URL="postgresql://postgres@127.0.0.1:1/nowhere")
    rasa.start()
    try:
        rasa.proc.wait(timeout=180)
    finally:
        rasa.stop()
    assert rasa.proc.returncode != 0
    log = rasa.log_path.read_text(errors="replace")
    assert "the tracker database postgresql://postgres@127.0.0.1:1/nowhere is not reachable" in log


def test_a_database_server_without_redis_is_refused_at_start(tmp_path):
    ensure_model()
    with temporary_pg_database() as pg_url:
        rasa = rasa_server(tmp_path, "http://127.0.0.1:9/webhook", KAYOU_TRACKER_DB_URL=pg_url)
        rasa.env.pop("KAYOU_REDIS_URL", None)
        rasa.env.pop("KAYOU_SINGLE_REPLICA", None)
        rasa.start()
        try:
            rasa.proc.wait(timeout=180)
        finally:
            rasa.stop()
    assert rasa.proc.returncode != 0
    log = rasa.log_path.read_text(errors="replace")
    assert "error: the tracker store is a database server (postgresql), so several replicas" in log


# --- several replicas on PostgreSQL + Redis (the README's production path) ---

# A ticket of a killed replica holds its conversation until it expires; 20 s instead of Rasa's 60 s
# keeps the kill test short, and is still far above a turn here (p99 < 5 s at 32 at a time).
LOCK_LIFETIME_S = 20


@dataclass
class Cluster:
    actions: Server
    replicas: list[LiveBot]  # [0]: SANIC_WORKERS=2, [1]: one worker

    def ensure_up(self) -> None:
        for bot in self.replicas:
            if bot.rasa.proc is None or bot.rasa.proc.poll() is not None:
                bot.rasa.start()
                bot.rasa.wait_ready()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    redis_url = require_redis()
    var_dir = tmp_path_factory.mktemp("cluster")
    with temporary_pg_database() as pg_url:
        ensure_model()
        env = {"KAYOU_TRACKER_DB_URL": pg_url, "KAYOU_REDIS_URL": redis_url, "KAYOU_CASE_DB_URL": pg_url,
               "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_S)}
        actions = action_server(var_dir, **env)
        rasas = [rasa_server(var_dir, actions.health_url.rsplit("/", 1)[0] + "/webhook", **env,
                             SANIC_WORKERS=workers) for workers in ("2", "1")]
        servers = [actions, *rasas]
        try:
            for server in servers:
                server.start()
            for server in servers:  # three servers loading at once on a busy 2-core machine
                server.wait_ready(timeout=2 * START_TIMEOUT_S)
            yield Cluster(actions, [LiveBot(var_dir=var_dir, actions=actions, rasa=r) for r in rasas])
        finally:
            for server in servers:
                server.stop()


def reply_texts(messages: list[dict]) -> list[str | None]:
    return [m.get("text") for m in messages]


def check_turns(tracker: dict, replies: dict[str, list[dict]], rounds: list[set[str]]) -> None:
    """Every user turn stored once, rounds in order, each turn's stored replies the ones it answered,
    and the events in the order they happened (one turn after the other, never interleaved)."""
    events = [e for e in tracker["events"] if e["event"] in ("user", "bot", "action", "slot")]
    said = [e["text"] for e in events if e["event"] == "user"]
    assert Counter(said) == Counter(replies.keys()), said
    expected_rounds = [set(r) for r in rounds]
    got_rounds, i = [], 0
    for r in expected_rounds:
        got_rounds.append(set(said[i:i + len(r)]))
        i += len(r)
    assert got_rounds == expected_rounds, said
    blocks: dict[str, list[str | None]] = {}
    current = None
    for e in events:
        if e["event"] == "user":
            current = e["text"]
            blocks[current] = []
        elif e["event"] == "bot" and current is not None:
            blocks[current].append(e.get("text"))
    for text, reply in replies.items():
        assert blocks[text] == reply_texts(reply), (text, blocks[text], reply)
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps), "events of two turns interleaved"


ROUNDS = [("你好", "招行欠了两万五"), ("逾期45天了", "会有什么后果"), ("利息怎么算", "谢谢")]


def same_moment_bursts(first: LiveBot, second: LiveBot, conversations: int = 16) -> None:
    """Each round: two turns of each conversation sent together, one to `first`, one to `second`."""
    senders = [sender() for _ in range(conversations)]
    replies: dict[str, dict[str, list[dict]]] = {s: {} for s in senders}
    with ThreadPoolExecutor(max_workers=2 * conversations) as pool:
        for round_texts in ROUNDS:
            gates = {s: threading.Barrier(2) for s in senders}

            def send(bot: LiveBot, s: str, text: str, gate: threading.Barrier) -> None:
                gate.wait()  # both turns of this conversation leave at the same moment
                replies[s][text] = bot.say(s, text, timeout=LOCK_LIFETIME_S * 3)

            jobs = [pool.submit(send, bot, s, text, gates[s])
                    for s in senders for bot, text in zip((first, second), round_texts, strict=True)]
            for job in jobs:
                job.result()
    time.sleep(0.3)
    for s in senders:
        check_turns(first.tracker(s), replies[s], [set(r) for r in ROUNDS])


def test_same_moment_turns_to_two_replicas_are_each_stored_once_in_order(cluster):
    cluster.ensure_up()
    a, b = cluster.replicas
    same_moment_bursts(a, b)


def test_same_moment_turns_to_two_workers_of_one_replica_are_each_stored_once_in_order(cluster):
    cluster.ensure_up()
    a, _ = cluster.replicas  # SANIC_WORKERS=2: the kernel hands the two connections to either worker
    same_moment_bursts(a, a)


def test_two_replicas_share_postgres_and_redis_every_turn_once_and_in_order(cluster):
    cluster.ensure_up()
    turns = ["你好", "招行欠了两万五", "逾期45天了", "会有什么后果", "谢谢"]
    bots = cluster.replicas
    senders = [sender() for _ in range(20)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for i in range(len(turns)):
            list(pool.map(lambda c, i=i: bots[(i + c) % 2].say(senders[c], turns[i], timeout=60),
                          range(len(senders))))
    time.sleep(0.3)
    for s in senders:
        for bot in bots:
            tracker = bot.tracker(s)
            assert user_texts(tracker) == turns, (s, user_texts(tracker))
            assert tracker["slots"]["debt_amount"] == 25000.0


def test_a_replica_killed_mid_traffic_loses_and_duplicates_nothing(cluster):
    """Clients alternate replicas; one replica is killed; what failed on it is sent again to the other.

    REST has no message id: a turn the killed replica stored, but whose answer it could not send any
    more, is stored twice by the retry. That window (commit to response) is well under a millisecond,
    so a duplicate is allowed only there: its first copy is older than the kill.
    """
    cluster.ensure_up()
    survivor, victim = cluster.replicas
    turns = ["你好", "招行欠了两万五", "逾期45天了", "会有什么后果", "利息怎么算", "谢谢"]
    senders = [sender() for _ in range(16)]
    answered = Counter()
    retried = Counter()
    lock = threading.Lock()
    killed_at: list[float] = []

    def answer_of_survivor(c: int, text: str) -> None:
        reply = survivor.say(senders[c], text, timeout=LOCK_LIFETIME_S * 3)
        # a turn the server could not run (e.g. a LockError) is answered 200 with the fallback and is
        # not stored: that is a lost turn, said here rather than found missing in the tracker later
        assert all(m.get("text") != NO_REPLY_FALLBACK for m in reply), (senders[c], text, "not run")

    def talk(c: int) -> None:
        for i, text in enumerate(turns):
            bot = (survivor, victim)[(i + c) % 2]
            if bot is survivor:
                answer_of_survivor(c, text)
            else:
                try:
                    victim.say(senders[c], text, timeout=LOCK_LIFETIME_S * 3)
                except (requests.RequestException, AssertionError):
                    with lock:
                        retried[senders[c]] += 1
                    answer_of_survivor(c, text)
            with lock:
                answered[c] += 1
                if sum(answered.values()) == len(senders) * 2 and not killed_at:
                    killed_at.append(time.time())
                    victim.rasa.proc.kill()  # SIGKILL: no clean-up, its tickets stay until they expire

    with ThreadPoolExecutor(max_workers=len(senders)) as pool:
        for job in [pool.submit(talk, c) for c in range(len(senders))]:
            job.result()
    assert killed_at and victim.rasa.proc.poll() is not None
    assert sum(retried.values()) > 0, "nothing was sent to the killed replica: the test proved nothing"
    for s in senders:
        events = [e for e in survivor.tracker(s)["events"] if e["event"] == "user"]
        said = [e["text"] for e in events]
        assert sorted(set(said), key=said.index) == turns, (s, said)  # nothing lost, in order
        for text, n in Counter(said).items():
            if n > 1:  # see the docstring: only a turn stored before the kill may come back once
                first = next(e for e in events if e["text"] == text)
                assert n == 2 and first["timestamp"] < killed_at[0], (s, said)
