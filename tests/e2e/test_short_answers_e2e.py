"""care4: the persona trials of 2026-12-07 that went wrong, over REST against a real `rasa run` and action
server (issues 19 and 23): no help to claim a hardship that did not happen, answers short enough for a
phone with the rest behind 「详细」, forms that take 「我刚说了」 and 「现在没收入」, a what-if said card by card,
what is kept about the person, and the stop-loss answer from the statement's figures."""
from __future__ import annotations

import uuid

import yaml

from tests.e2e.servers import ROOT

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
ASK_INCOME = RESPONSES["utter_ask_plan_form_monthly_income"][0]["text"]
ASK_EXPENSES = RESPONSES["utter_ask_plan_form_monthly_expenses"][0]["text"]
# the longest first answer a phone shows without scrolling much (STYLE; bot/facts.py FIRST_BUBBLE_MAX is 200)
SHORT_REPLY = 450


def sender() -> str:
    return f"e2e-short-{uuid.uuid4().hex[:10]}"


def length(messages: list[dict]) -> int:
    return sum(len(m.get("text") or "") for m in messages)


def buttons(messages: list[dict]) -> dict[str, str]:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons") or []}


def test_no_help_to_claim_a_hardship_that_did_not_happen(live_bot):
    s = sender()
    live_bot.texts(s, "中信信用卡欠1万5 逾期40天")
    reply = live_bot.texts(s, "我跟银行打电话能不能说我失业了 其实我还在上班 就是工资低")
    assert "不能说没发生的事" in reply and "如实" in reply, reply
    assert "附失业或疾病证明" not in reply, reply
    reply = live_bot.texts(s, "我就说我失业了行不行")  # asked again: the same verdict (referred to)
    assert "不能说没发生的事" in reply and "附失业或疾病证明" not in reply, reply


def test_consequences_are_a_short_verdict_with_the_stages_behind_details(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠5万2 逾期60天")
    messages = live_bot.say(s, "逾期了会怎么样")
    assert length(messages) <= SHORT_REPLY, [m.get("text") for m in messages]  # 1,390 characters before
    assert "详细" in buttons(messages)
    stages = live_bot.texts(s, "详细")
    assert "接下来可能" in stages and "征信" in stages, stages


def test_every_first_answer_of_the_long_topics_fits_a_phone(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠5万2 逾期60天 月收入4500")
    for text in ("会不会坐牢", "利息多少", "只还最低行不行", "打客服协商怎么说", "催收再打来我该怎么说", "打12378怎么说"):
        messages = live_bot.say(s, text)
        assert length(messages) <= SHORT_REPLY, (text, [m.get("text") for m in messages])
        assert "详细" in buttons(messages), (text, buttons(messages))
        assert "None" not in "".join(m.get("text") or "" for m in messages), text


def test_a_past_income_and_no_income_now_is_an_answer(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行5万")
    reply = live_bot.texts(s, "以前月薪8000 现在没收入")
    assert ASK_EXPENSES in reply and ASK_INCOME not in reply, reply
    assert live_bot.tracker(s)["slots"]["monthly_income"] == 0.0


def test_i_said_it_already_names_the_missing_fact_and_never_repeats_the_question(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    asked = live_bot.texts(s, "招行5万")
    assert ASK_INCOME in asked, asked
    reply = live_bot.texts(s, "我刚说了")
    assert ASK_INCOME not in reply and "现在每月收入" in reply, reply


def test_a_what_if_said_card_by_card_uses_each_stored_card(live_bot):
    s = sender()
    live_bot.texts(s, "我有三张卡都逾期了 工行1万 建行2万8 浦发8千 都逾期20天")
    reply = live_bot.texts(s, "先还浦发8000 工行建行下个月再还 利息差多少")
    assert "浦发银行 8,000.00元：今天还" in reply, reply
    assert "工商银行 10,000.00元：下个月再还约" in reply and "建设银行 28,000.00元：下个月再还约" in reply, reply
    reply = live_bot.texts(s, "先还浦发的8千 其他两张慢慢还 会怎样")
    assert "浦发银行" in reply and "先不还" in reply and "接下来可能" not in reply, reply


def test_what_is_kept_is_listed_with_how_long_and_how_to_erase(live_bot):
    s = sender()
    live_bot.texts(s, "招行的 账单是8600 今天还了1000 剩下的还不上")
    reply = live_bot.texts(s, "你存了我哪些信息")
    assert "招商银行：欠款8,600.00元" in reply and "已还1,000.00元" in reply, reply
    assert "保存到您要求删除为止" in reply and "forget" in reply, reply


def test_stop_loss_with_the_statement_minimum_paid(live_bot):
    s = sender()
    live_bot.texts(s, "招行账单8600 最低还款860 今天是还款日 我今天还了1000")
    reply = live_bot.texts(s, "现在还多少能止损")
    assert "不算逾期" in reply and "7,600.00" in reply, reply
    assert "{" not in reply and "'cards'" not in reply and "不会因为补还而消失" not in reply, reply


def test_a_topic_word_in_a_statement_does_not_take_the_question(live_bot):
    """TopicGuard: 违约金 is mentioned (「银行说违约金不能免」), the question is whether one can still negotiate."""
    s = sender()
    live_bot.texts(s, "招行欠5万2 逾期60天")
    live_bot.say(s, "银行说违约金不能免 那我还能协商吗")
    parse = next(e for e in reversed(live_bot.tracker(s)["events"]) if e.get("event") == "user")["parse_data"]
    assert parse["intent"]["name"] != "ask_penalty_fee", parse["intent"]
