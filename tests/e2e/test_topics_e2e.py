"""Issue 19 ("Questions misrouted", "Unrequested blocks", item 6) and issue 23 items 11–18 over REST against a
real `rasa run` and action server: each question from the trials gets its own answer, and nothing it did not ask."""
from __future__ import annotations

import uuid

import pytest
from tests.e2e.talk import intent_of

CRIMINAL_CHECKLIST = ("恶意透支要四个条件", "两次有效催收", "非法占有")


def sender() -> str:
    return f"e2e-topics-{uuid.uuid4().hex[:12]}"


def no_checklist(reply: str) -> bool:
    return not any(words in reply for words in CRIMINAL_CHECKLIST)


# ---- Questions misrouted (issue 19) -------------------------------------------------------------------


@pytest.mark.parametrize("message", ["记住我卡号", "你存了我哪些信息"])
def test_privacy_questions_get_what_is_kept_and_how_to_erase(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "后四位" in reply and "forget" in reply and no_checklist(reply), reply
    assert intent_of(live_bot, s) == "ask_privacy"


def test_customer_service_number_comes_from_banks_yml_with_the_card_back_caveat(live_bot):
    s = sender()
    reply = live_bot.texts(s, "客服电话")
    assert "卡背面" in reply and no_checklist(reply), reply
    reply = live_bot.texts(s, "招行客服电话多少")
    assert "95555" in reply and "以卡背面为准" in reply, reply


def test_how_long_the_record_stays_is_a_credit_report_answer(live_bot):
    s = sender()
    reply = live_bot.texts(s, "这个记录挂到什么时候")
    assert "5年" in reply and "坐牢" not in reply and "您是想问" not in reply, reply


def test_what_to_say_when_calling_the_bank_is_the_bank_call_script(live_bot):
    s = sender()
    reply = live_bot.texts(s, "给银行打电话该怎么说")
    assert intent_of(live_bot, s) == "ask_bank_call_script", reply
    assert "12378" not in reply.split("\n")[0] and "我不太确定" not in reply, reply


def test_minimum_only_is_answered_not_asked_back(live_bot):
    s = sender()
    reply = live_bot.texts(s, "只还最低可以吗")
    assert reply.startswith("可以") and "需要知道欠款" not in reply, reply


def test_a_plan_request_for_two_cards_is_a_plan(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠3万 建行欠2万 两张卡都逾期了 帮我做个还款计划")
    assert "30,000" not in reply or "账单分期" not in reply
    assert "每期还" not in reply and "手续费一共" not in reply, reply  # not the 账单分期 example
    assert "收入" in reply or "每月" in reply, reply


@pytest.mark.parametrize("message", ["不是网贷 是信用卡！", "借网贷还信用卡 利息怎么算"])
def test_a_card_question_that_names_a_loan_is_not_refused(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "不属于信用卡" not in reply and "我只解答" not in reply, reply


@pytest.mark.parametrize("message", ["会不会被限制出境", "在机场被拦怎么办", "信用卡逾期还能出国吗"])
def test_exit_ban_questions_get_an_answer(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "限制出境" in reply and "被执行人" in reply and "自动" in reply, reply


# ---- Unrequested blocks (issue 19) --------------------------------------------------------------------


def test_no_prison_block_after_i_did_not_ask_about_prison(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我没问坐牢 我问征信多久能恢复")
    assert "5年" in reply and no_checklist(reply) and "不会坐牢" not in reply, reply


def test_a_credit_question_gets_no_prison_block(live_bot):
    s = sender()
    reply = live_bot.texts(s, "逾期了会上征信吗")
    assert no_checklist(reply) and "坐牢" not in reply, reply


# ---- Crisis signals in context (issue 19 item 6, issue 23 item 11) ----------------------------------------


@pytest.mark.parametrize("message", [
    "我要是不在了 信用卡的债怎么办",
    "我死了以后欠款谁还",
    "药已经买好了",
    "今晚就解脱了",
])
def test_indirect_signals_get_the_crisis_lines_first(live_bot, message):
    s = sender()
    messages = [m.get("text") or "" for m in live_bot.say(s, message)]
    assert "12356" in messages[0] and "打不通请拨110或120" in messages[0], messages
    assert "好的，祝您早日走出困境" not in "".join(messages)


def test_said_in_jest_after_a_signal_and_goodbye_get_the_crisis_lines(live_bot):
    s = sender()
    live_bot.texts(s, "活着好累")
    reply = live_bot.texts(s, "说说而已")
    assert "12356" in reply and "打不通请拨110或120" in reply, reply
    reply = live_bot.texts(s, "拜拜")
    assert "12356" in reply and "祝您早日走出困境" not in reply, reply


def test_the_crisis_answer_says_when_a_person_answers(live_bot):
    s = sender()
    reply = live_bot.texts(s, "不想活了")
    assert "打不通请拨110或120" in reply and "400-161-9995" in reply, reply
    assert "转人工" in reply and ("现在是工作时间" in reply or "现在不在" in reply), reply


# ---- issue 23 items 13–18 --------------------------------------------------------------------------------


def test_how_much_now_to_stop_the_loss(live_bot):
    s = sender()
    reply = live_bot.texts(s, "现在还多少才不算逾期")
    assert "不会因为补还而消失" in reply and "最低还款" in reply, reply


def test_a_relative_asking_for_someone_else(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我儿子信用卡逾期了 我要替他还吗")
    assert "担保人" in reply and "不用还" in reply and "不是债务人" in reply, reply


def test_a_victim_of_a_paid_agency(live_bot):
    s = sender()
    reply = live_bot.texts(s, "交了5000给停息挂账中介 现在联系不上了")
    assert "110" in reply and "12315" in reply and "12378" in reply, reply


def test_an_overdue_card_is_offered_personalised_instalments(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠三万 逾期40天")
    reply = live_bot.texts(s, "能办账单分期吗")
    assert "个性化分期" in reply and "一般办不了账单分期" in reply and "手续费一共" not in reply, reply
