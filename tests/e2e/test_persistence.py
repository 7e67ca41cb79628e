"""Nothing lost, nothing leaked, more than one server (issue 6), against real servers and databases."""
from __future__ import annotations

import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.e2e.pg import require_redis, temporary_pg_database
from tests.e2e.servers import ROOT, action_server, base_env, ensure_model, rasa_server, start_live_bot

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


def test_two_replicas_share_postgres_and_redis_every_turn_once_and_in_order(tmp_path):
    redis_url = require_redis()
    turns = ["你好", "招行欠了两万五", "逾期45天了", "会有什么后果", "谢谢"]
    with temporary_pg_database() as pg_url:
        ensure_model()
        env = {"KAYOU_TRACKER_DB_URL": pg_url, "KAYOU_REDIS_URL": redis_url,
               "KAYOU_CASE_DB_URL": pg_url, "SANIC_WORKERS": "2"}
        actions = action_server(tmp_path, **env)
        action_url = actions.health_url.rsplit("/", 1)[0] + "/webhook"
        replicas = [rasa_server(tmp_path, action_url, **env) for _ in range(2)]
        servers = [actions, *replicas]
        try:
            for server in servers:
                server.start()
            for server in servers:
                server.wait_ready()
            urls = [r.url for r in replicas]
            senders = [sender() for _ in range(20)]

            def send(i: int, c: int) -> int:
                r = requests.post(f"{urls[(i + c) % 2]}/webhooks/rest/webhook",
                                  json={"sender": senders[c], "message": turns[i]}, timeout=60)
                return r.status_code

            with ThreadPoolExecutor(max_workers=8) as pool:
                for i in range(len(turns)):
                    codes = list(pool.map(lambda c, i=i: send(i, c), range(len(senders))))
                    assert codes == [200] * len(senders)
            time.sleep(0.5)
            for s in senders:
                for replica in replicas:
                    tracker = replica.tracker(f"rest:{s}")
                    assert user_texts(tracker) == turns, (s, replica.url, user_texts(tracker))
                    assert tracker["slots"]["debt_amount"] == 25000.0
        finally:
            for server in servers:
                server.stop()
