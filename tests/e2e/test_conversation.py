"""Conversations over REST against a real `rasa run` and a real action server (SQLite tracker store)."""
from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
import requests

from bot import finance

CJK = re.compile(r"[\u4e00-\u9fff]")


def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def money_in(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*\.\d{2}", text))


def test_greeting_in_chinese(live_bot):
    reply = live_bot.texts(sender(), "你好")
    assert "卡友助手" in reply


def test_interest_question_with_every_fact_at_once(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠了两万五 逾期45天了 利息多少")
    expected = finance.project_overdue(Decimal(25000), 45, bank="招商银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply
    assert f"{expected.total_penalty:,.2f}" in money_in(reply), reply
    slots = live_bot.tracker(s)["slots"]
    assert (slots["bank"], slots["debt_amount"], slots["overdue_days"]) == ("招商银行", 25000.0, 45.0)


def test_form_asks_only_for_what_is_missing_then_computes(live_bot):
    s = sender()
    first = live_bot.texts(s, "我信用卡逾期了，利息怎么算")
    assert "哪家银行" in first
    second = live_bot.texts(s, "建行")
    assert "欠款" in second
    third = live_bot.texts(s, "1.2万")
    assert "逾期多久" in third
    final = live_bot.texts(s, "两个月")
    expected = finance.project_overdue(Decimal(12000), 60, bank="建设银行")
    assert f"{expected.total_interest:,.2f}" in money_in(final), final
    slots = live_bot.tracker(s)["slots"]
    assert (slots["bank"], slots["debt_amount"], slots["overdue_days"]) == ("建设银行", 12000.0, 60.0)


def test_follow_up_reuses_what_was_said(live_bot):
    s = sender()
    live_bot.texts(s, "工行欠了3w，逾期一个月了，利息多少")
    reply = live_bot.texts(s, "那如果只还最低呢")
    assert "30,000.00" in reply and "最低" in reply


def test_question_in_the_middle_of_the_plan_form_is_answered_and_the_form_resumes(live_bot):
    s = sender()
    assert "欠多少" in live_bot.texts(s, "帮我做个还款计划")
    assert "收入" in live_bot.texts(s, "民生银行欠了五万二")
    reply = live_bot.texts(s, "会上征信吗")
    # the question is answered, then the form asks its pending question again
    assert "征信" in reply and "5年" in reply
    assert reply.rstrip().endswith("（没有收入请回复“0”）"), reply


def test_complete_plan_over_rest(live_bot):
    s = sender()
    live_bot.texts(s, "帮我写个协商还款的申请")
    live_bot.texts(s, "民生欠了五万二")
    live_bot.texts(s, "月薪3800")
    live_bot.texts(s, "房租加吃饭一个月1500")
    messages = live_bot.say(s, "每月最多能还900")
    texts = "\n".join(m.get("text", "") for m in messages)
    assert "原因" in texts
    summary = live_bot.texts(s, "去年公司裁员失业了，现在打零工收入不稳定")
    # issue 13: the facts first, for confirmation; the letter only after 「确认」
    assert "我记下的情况" in summary and "本人去年因裁员失业，现在打零工收入不稳定。" in summary
    messages = live_bot.say(s, "/affirm")
    texts = "\n".join(m.get("text", "") for m in messages)
    custom = next(m["custom"] for m in messages if "custom" in m)
    # periods = ceil(52000 / 900) = 58, then the payment that clears the debt in 58 months
    assert custom["periods"] == 58
    assert Decimal(str(custom["monthly_payment"])) == (Decimal(52000) / 58).quantize(Decimal("0.01"))
    assert custom["feasible"] is True and len(custom["schedule"]) == 58
    assert "个性化分期" in texts and "第七十条" in custom["letter"] and "本人去年因裁员失业" in custom["letter"]
    assert "第七十条" not in texts  # the letter is not pasted into the chat (issue 23 item 19)
    slots = live_bot.tracker(s)["slots"]
    assert slots["monthly_income"] == 3800.0 and slots["monthly_budget"] == 900.0


def test_the_user_can_stop_a_form(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    reply = live_bot.texts(s, "算了，不填了")
    assert "先不填" in reply
    assert live_bot.tracker(s)["active_loop"] in ({}, None) or not live_bot.tracker(s)["active_loop"].get("name")


def test_distress_comes_before_any_figure(live_bot):
    reply = live_bot.texts(sender(), "欠了八万还不上，真的不想活了")
    assert "12356" in reply and not money_in(reply)


@pytest.mark.parametrize("message", [
    "我刚才差点从阳台跳下去",  # the classifier alone was unsure of this one (bench/RESULTS.md)
    "招行欠两万 逾期45天 不想活了 利息多少",  # a debt question with every fact: still the crisis line first
])
def test_self_harm_phrase_gets_the_crisis_line_whatever_the_classifier_says(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "12356" in reply and not money_in(reply) and "您是想问" not in reply
    assert live_bot.tracker(s)["latest_message"]["intent"]["name"] == "express_distress"


def test_distress_in_the_middle_of_a_form_pauses_it_until_the_person_asks(live_bot):
    # DOMAIN §7: no form question in the crisis turn; the form resumes only on 「继续」 (tests/e2e/test_care_e2e.py)
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    reply = live_bot.texts(s, "我在楼顶 不想下去了")
    assert "12356" in reply and "欠多少" not in reply
    assert not (live_bot.tracker(s)["active_loop"] or {}).get("name")
    live_bot.texts(s, "继续")
    assert live_bot.tracker(s)["active_loop"].get("name") == "plan_form"


def test_not_a_credit_card_is_out_of_scope(live_bot):
    reply = live_bot.texts(sender(), "花呗逾期了怎么办")
    # the out_of_scope answer (reworded in issue 19 so that it also reads right for other-domain chatter)
    assert "花呗" in reply and "不在我能回答的范围" in reply and "规则不同" in reply


@pytest.mark.parametrize(
    "message",
    ["", "   ", "😭😭😭", "字" * 10_000, "How much interest do I owe on my credit card?",
     "<script>alert(1)</script>", "'; DROP TABLE events; --", "{\"a\": [1, 2, 3]}", "\u0000\u0001"],
    ids=["empty", "blank", "emoji", "10k-chars", "english", "markup", "sql", "json", "control"],
)
def test_bad_input_gets_a_polite_chinese_reply(live_bot, message):
    r = requests.post(f"{live_bot.url}/webhooks/rest/webhook", json={"sender": sender(), "message": message},
                      timeout=60)
    assert r.status_code == 200, r.text
    texts = " ".join(m.get("text", "") for m in r.json())
    assert CJK.search(texts), r.json()


def test_malformed_body_is_a_clear_400(live_bot):
    r = requests.post(f"{live_bot.url}/webhooks/rest/webhook", data=b"not json",
                      headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 400 and "JSON" in r.json()["error"]


def test_card_and_phone_numbers_never_reach_the_tracker(live_bot):
    s = sender()
    live_bot.texts(s, "我的卡号是6222 0212 3456 7890 128，手机13812345678，欠了两万")
    dumped = str(live_bot.tracker(s))
    assert "6222021234567890128" not in dumped.replace(" ", "") and "13812345678" not in dumped
    assert "5678" in dumped  # the last four digits stay, for the person to recognise


def test_conversations_are_namespaced_per_channel_and_not_forgeable(live_bot):
    # issue 14: a REST caller cannot continue a widget (or WeChat) user's conversation, and vice versa
    s = sender()
    live_bot.texts(s, "招行欠了两万五")
    assert live_bot.tracker(s)["sender_id"] == f"rest:{s}"
    assert live_bot.tracker(s)["slots"]["debt_amount"] == 25000.0
    # the same id through the widget's endpoint is another conversation
    r = requests.post(f"{live_bot.url}/webhooks/widget/webhook", json={"sender": s, "message": "你好"}, timeout=60)
    assert r.status_code == 200 and r.json()[0]["recipient_id"] == s
    assert live_bot.tracker(s, channel="widget")["slots"]["debt_amount"] is None
    for forged in (f"widget:{s}", "wechat:oE2Eforged000000000000000000", f"rest:{s}"):
        r = requests.post(f"{live_bot.url}/webhooks/rest/webhook", json={"sender": forged, "message": "你好"},
                          timeout=10)
        assert r.status_code == 400 and r.json()["field"] == "sender", r.text


def test_a_rest_call_without_sender_is_a_clear_400(live_bot):
    r = requests.post(f"{live_bot.url}/webhooks/rest/webhook", json={"message": "你好"}, timeout=10)
    assert r.status_code == 400 and "缺少 sender" in r.json()["error"]


def test_an_oversized_body_is_a_clear_413(live_bot):
    r = requests.post(f"{live_bot.url}/webhooks/rest/webhook", timeout=30,
                      data=b'{"sender": "me", "message": "' + b"x" * (11 * 1024 * 1024) + b'"}')
    assert r.status_code == 413 and "请求体过大" in r.json()["error"]
