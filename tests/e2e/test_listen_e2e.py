"""Persona trials of 7 December (issues 19 and 23) over REST against a real `rasa run` and action server:
a handoff can be cancelled, crisis signals are read in context, complaints say only what happened, a
relative is answered in their own position, an agency victim is told what to do now, and the routing
the trials found wrong."""
from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.e2e import settings as e2e_settings


def sender() -> str:
    return f"e2e-listen-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def staff(live_bot):
    http = requests.Session()
    r = http.post(f"{live_bot.url}/webhooks/console/login",
                  json={"username": e2e_settings.STAFF_USER, "password": e2e_settings.STAFF_PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    yield http
    http.close()


def queue(live_bot, staff) -> list[dict]:
    r = staff.get(f"{live_bot.url}/webhooks/console/api/queue", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["tickets"]


def ticket_of(live_bot, staff, s: str) -> dict | None:
    return next((t for t in queue(live_bot, staff) if t["sender_id"].endswith(s)), None)


# ---- 1. a handoff can be cancelled (persona A3) ------------------------------------------------------


@pytest.mark.parametrize("cancel", ["算了算了 不用人工了 我自己再问问", "取消人工", "人工那个排队帮我取消掉 谢谢"])
def test_a_cancel_closes_the_waiting_ticket_and_the_bot_goes_on(live_bot, staff, cancel):
    s = sender()
    filed = live_bot.texts(s, "转人工")
    number = re.search(r"编号 (H\d{6})", filed).group(1)
    assert ticket_of(live_bot, staff, s) is not None
    reply = live_bot.texts(s, cancel)
    assert f"已取消转人工（编号 {number}）" in reply and "您已经在排队" not in reply, reply
    assert "找真人客服" not in reply  # no 「您是想问“找真人客服”吗」
    assert ticket_of(live_bot, staff, s) is None  # out of the agents' queue
    # the bot answers again, and a new 「转人工」 is a new ticket, not 「您已经在排队了」
    assert "利息约" in live_bot.texts(s, "招行欠两万 逾期45天 利息多少")
    again = live_bot.texts(s, "转人工")
    assert "您已经在排队" not in again and re.search(r"编号 H\d{6}", again).group(0) != f"编号 {number}"


def test_a_cancel_in_a_new_conversation_files_no_ticket(live_bot, staff):
    s = sender()
    reply = live_bot.texts(s, "取消转人工")
    assert "没有在排队" in reply and not re.search(r"编号 H\d{6}", reply), reply
    assert ticket_of(live_bot, staff, s) is None


# ---- 2. crisis in context (persona A4) ---------------------------------------------------------------


def test_the_debt_after_death_after_a_signal_and_a_plan_with_a_time_and_a_place(live_bot, staff):
    s = sender()
    other = sender()
    live_bot.texts(other, "转人工")  # someone already waiting (persona A3's ticket)
    first = live_bot.texts(s, "欠了六七万 三张卡 每天都被催 我要是人没了 这些钱是不是就不用还了")
    assert "12356" in first
    assert "12356" in live_bot.texts(s, "说说而已 没事")
    asked = live_bot.texts(s, "真没事 就是想问问 人死了信用卡欠款家里人要还吗")
    assert asked.index("12356") < asked.index("遗产"), asked  # the lines first, then the fact with care
    assert "一般不用还" not in asked and "您是想问" not in asked, asked
    plan = live_bot.texts(s, "唉 反正活着也是拖累家里 这周末就去江边走走 想清楚了就不麻烦大家了")
    assert "现在就拨打110或120" in plan and re.search(r"编号 H\d{6}", plan), plan
    assert "您前面还有" not in plan
    mine = ticket_of(live_bot, staff, s)
    assert mine["distress"] is True and mine["distress_label"]
    waiting = [t for t in queue(live_bot, staff) if t["status"] == "open"]
    assert waiting[0]["sender_id"] == mine["sender_id"], waiting[:3]
