"""One reading of each message, visible changes and forms that listen, over REST against a real `rasa run`
and action server (issue 19): each example of the trials that went wrong."""
from __future__ import annotations

import uuid
from decimal import Decimal

import yaml

from actions.common import today
from bot import finance, whatif
from tests.e2e.servers import ROOT
from tests.e2e.talk import case

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def text_of(response: str) -> str:
    return RESPONSES[response][0]["text"]


CHANGED = text_of("utter_fact_changed").split("{")[0]  # 「已改：」
ASK_INCOME = text_of("utter_ask_plan_form_monthly_income")


def sender() -> str:
    return f"e2e-reading-{uuid.uuid4().hex[:10]}"


def test_income_from_a_change_then_a_visible_correction_and_undo(live_bot):
    s = sender()
    live_bot.texts(s, "工资从九千多降到六千五")
    assert case(live_bot, s)["situation"]["monthly_income"] == "6500"
    reply = live_bot.texts(s, "不对，收入是6000")
    assert "已改：月收入 6,500 → 6,000" in reply, reply
    assert case(live_bot, s)["situation"]["monthly_income"] == "6000"
    reply = live_bot.texts(s, "撤销")
    assert "已撤销：月收入 6,000 → 6,500" in reply, reply
    assert case(live_bot, s)["situation"]["monthly_income"] == "6500"


def test_nothing_changed_says_no_change(live_bot):
    s = sender()
    live_bot.texts(s, "月收入9000")
    reply = live_bot.texts(s, "收入9000")
    assert CHANGED not in reply and "已更新" not in reply, reply


def test_a_total_is_the_debt_not_expenses_in_the_plan_form(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行5万")
    live_bot.texts(s, "月收入8000")
    reply = live_bot.texts(s, "一共15万")
    c = case(live_bot, s)
    assert "monthly_expenses" not in c["situation"], (c, reply)
    assert live_bot.tracker(s)["slots"]["debt_amount"] == 150000.0


def test_three_cards_stay_three(live_bot):
    s = sender()
    live_bot.texts(s, "招行2万 工行3万 建行1万")
    live_bot.texts(s, "都逾期20天了")
    assert [(c["bank"], c["amount"]) for c in case(live_bot, s)["cards"]] == [
        ("招商银行", "20000"), ("工商银行", "30000"), ("建设银行", "10000")]


def test_expenses_correction_replaces(live_bot):
    s = sender()
    live_bot.texts(s, "每月支出6500")
    reply = live_bot.texts(s, "支出4500 不是6500")
    assert case(live_bot, s)["situation"]["monthly_expenses"] == "4500"
    assert "已改：月必要支出 6,500 → 4,500" in reply, reply


def test_correcting_the_amount_keeps_20_days_overdue(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期20天")
    reply = live_bot.texts(s, "不对 欠款是25000")
    assert "已改：欠款 20,000 → 25,000" in reply, reply
    assert case(live_bot, s)["cards"] == [{"bank": "招商银行", "amount": "25000", "overdue_days": 20}]
    assert "宽限期内" not in live_bot.texts(s, "利息多少")


def test_a_hypothetical_130_days_is_not_saved_and_counts_from_today(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期20天")
    reply = live_bot.texts(s, "如果拖到130天会怎样")
    assert case(live_bot, s)["cards"][0]["overdue_days"] == 20, reply
    assert live_bot.tracker(s)["slots"]["overdue_days"] == 20.0


def test_drag_three_months_is_todays_days_plus_90(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期20天")
    reply = live_bot.texts(s, "拖3个月呢")
    assert case(live_bot, s)["cards"][0]["overdue_days"] == 20
    card = whatif.CardFacts("招商银行", Decimal(20000), 20)
    expected = whatif.pay_later_all([card], 90)
    assert expected.delay_days == 90 and f"{expected.extra_total:,.2f}" in reply, reply


def test_a_debt_settled_in_2022_is_not_current(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期20天")
    live_bot.texts(s, "交通银行欠的2022年已经还清了")
    c = case(live_bot, s)
    assert [card["bank"] for card in c["cards"]] == ["招商银行"] and c["settled"] == ["交通银行"]


def test_paid_on_the_due_date_is_recorded(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期20天")
    live_bot.texts(s, "还款日那天已经还了1000")
    assert case(live_bot, s)["cards"][0]["paid"] == "1000"


def test_pay_5000_first_is_a_payment_what_if(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期20天")
    reply = live_bot.texts(s, "先还5000")
    assert case(live_bot, s)["cards"][0]["amount"] == "20000"
    expected = whatif.pay_now(whatif.CardFacts("招商银行", Decimal(20000), 20), Decimal(5000))
    assert f"{expected.remaining:,.2f}" in reply and "5,000.00" in reply, reply


def test_income_halved_is_asked_when_unknown_and_computed_when_known(live_bot):
    s = sender()
    reply = live_bot.texts(s, "工资降了一半")
    assert text_of("utter_ask_unsure_monthly_income") in reply, reply
    assert "monthly_income" not in case(live_bot, s)["situation"]
    live_bot.texts(s, "月收入9000")
    reply = live_bot.texts(s, "工资降了一半")
    assert case(live_bot, s)["situation"]["monthly_income"] == "4500"
    assert "已改：月收入 9,000 → 4,500" in reply, reply


def test_dates_give_the_days_overdue(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万")
    live_bot.texts(s, "3月5号账单日 23号还款日 今天4月10号")
    assert case(live_bot, s)["cards"][0]["overdue_days"] == 18


def _plan_until_income(bot, s: str) -> None:
    bot.texts(s, "帮我做个还款计划")
    bot.texts(s, "招行欠了两万")
    assert ASK_INCOME in bot.texts(s, "招商银行") or ASK_INCOME in bot.texts(s, "逾期20天")


def test_stop_asking_income_is_a_stop_for_the_conversation(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    reply = live_bot.texts(s, "招行欠了两万")
    assert ASK_INCOME in reply, reply
    reply = live_bot.texts(s, "别问我收入了")
    assert text_of("utter_question_stopped") in reply and ASK_INCOME not in reply, reply
    assert live_bot.tracker(s)["active_loop"].get("name") == "plan_form"
    for answer in ("4000", "3000", "孩子生病花了很多钱"):
        assert ASK_INCOME not in live_bot.texts(s, answer)


def test_no_more_is_an_answer_not_a_cancel(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行欠了两万")
    live_bot.texts(s, "月收入5000")
    live_bot.texts(s, "支出4000")
    reply = live_bot.texts(s, "每月最多1000 再多真没有了")
    assert text_of("utter_form_stopped") not in reply, reply
    assert case(live_bot, s)["situation"]["monthly_budget"] == "1000"


def test_a_request_for_a_person_is_a_handoff_never_a_yes(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行欠了两万")
    reply = live_bot.texts(s, "能不能找个真人帮我弄")
    assert "申请书" not in reply, reply
    events = live_bot.tracker(s)["events"]
    assert any(e.get("event") == "action" and e.get("name") == "action_request_human" for e in events), reply


def test_the_plan_just_made_gives_its_monthly_amount(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    for answer in ("招行欠了两万", "月收入6000", "支出3000", "每月能还2000", "失业了"):
        reply = live_bot.texts(s, answer)
    reply = live_bot.texts(s, "确认")
    result = finance.plan([{"bank": "招商银行", "amount": Decimal(20000)}], monthly_income=Decimal(6000),
                          monthly_expenses=Decimal(3000), monthly_budget=Decimal(2000), today=today())
    reply = live_bot.texts(s, "刚才的计划每月还多少？")
    assert f"每月还 {result.monthly_payment:,.2f} 元" in reply, reply


def test_a_request_for_a_person_at_the_summary_is_a_handoff_not_a_confirmation(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    for answer in ("招行欠了两万", "月收入6000", "支出3000", "每月能还2000"):
        reply = live_bot.texts(s, answer)
    reply = live_bot.texts(s, "失业了")
    assert "确认" in reply, reply  # the summary waits for a confirmation
    reply = live_bot.texts(s, "能不能找个真人帮我弄")
    assert "申请书（" not in reply and live_bot.tracker(s)["slots"].get("plan_case_id") is None, reply
    events = live_bot.tracker(s)["events"]
    assert any(e.get("event") == "action" and e.get("name") == "action_request_human" for e in events), reply


def test_after_distress_the_facts_are_noted_without_selling_a_plan(live_bot):
    s = sender()
    live_bot.texts(s, "不想活了")
    reply = live_bot.texts(s, "招行欠了两万 逾期20天")
    assert "招商银行" in reply and "还款计划" not in reply and "申请书" not in reply, reply
