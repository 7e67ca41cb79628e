"""The case model over REST against a real `rasa run` and action server: corrections, several cards,
hypotheticals, typos, traditional characters and 「超过3天」 (issue 11)."""
from __future__ import annotations

import re
import uuid
from decimal import Decimal

from bot import finance


def sender() -> str:
    return f"e2e-case-{uuid.uuid4().hex[:10]}"


def money_in(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*\.\d{2}", text))


def slots(bot, s: str) -> dict:
    return bot.tracker(s)["slots"]


def cards(bot, s: str) -> list[tuple]:
    case = slots(bot, s)["case"] or {"cards": []}
    return [(c.get("bank"), c.get("amount"), c.get("overdue_days")) for c in case["cards"]]


def test_correction_in_a_later_turn_takes(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期45天")
    live_bot.texts(s, "不对，是三万不是两万")
    assert slots(live_bot, s)["debt_amount"] == 30000.0
    reply = live_bot.texts(s, "利息多少")
    expected = finance.project_overdue(Decimal(30000), 45, bank="招商银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply
    assert cards(live_bot, s) == [("招商银行", "30000", 45)]


def test_bank_correction_gives_the_other_banks_rules(live_bot):
    s = sender()
    live_bot.texts(s, "工行欠了两万 逾期45天")
    live_bot.texts(s, "是建行不是工行")
    assert slots(live_bot, s)["bank"] == "建设银行"
    reply = live_bot.texts(s, "利息多少")
    assert "按建设银行的规则" in reply and "工商银行" not in reply
    expected = finance.project_overdue(Decimal(20000), 45, bank="建设银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply


def test_self_correction_in_one_message(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行五万二，广发三万，哦不对，广发是两万八")
    got = slots(live_bot, s)
    assert got["debt_amount"] == 80000.0 and got["bank"] == "招商银行、广发银行"
    assert cards(live_bot, s) == [("招商银行", "52000", None), ("广发银行", "28000", None)]
    assert "80,000" in reply and "110,000" not in reply


def test_a_card_named_twice_is_counted_once(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠两万")
    live_bot.texts(s, "广发欠三万")
    live_bot.texts(s, "招行那张欠两万")
    assert slots(live_bot, s)["debt_amount"] == 50000.0
    assert cards(live_bot, s) == [("招商银行", "20000", None), ("广发银行", "30000", None)]


def test_total_is_the_debt_not_the_income_inside_the_plan_form(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    assert "收入" in live_bot.texts(s, "招行五万二，广发三万")  # the form asks for the income next
    live_bot.texts(s, "不对，一共八万")
    got = slots(live_bot, s)
    assert got["debt_amount"] == 80000.0 and got["monthly_income"] is None


def test_hypothetical_then_a_later_question_uses_the_real_days(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 逾期30天 利息多少")
    live_bot.texts(s, "如果逾期40天呢")
    got = slots(live_bot, s)
    assert got["overdue_days"] == 30.0 and got["hypothetical"] == {"overdue_days": 40.0}
    reply = live_bot.texts(s, "利息多少")
    assert slots(live_bot, s)["hypothetical"] is None
    expected = finance.project_overdue(Decimal(20000), 30, bank="招商银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply
    assert "逾期40天" not in reply


def test_typo_of_a_card_term(live_bot):
    s = sender()
    reply = live_bot.texts(s, "会不会上争信")
    tracker = live_bot.tracker(s)
    assert tracker["latest_message"]["intent"]["name"] == "ask_credit_report"
    assert tracker["latest_message"]["text"] == "会不会上征信"
    assert "征信" in reply and "坐牢" not in reply


def test_traditional_characters(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠了一萬五，逾期兩個月了，利息多少")
    got = slots(live_bot, s)
    assert (got["bank"], got["debt_amount"], got["overdue_days"]) == ("招商银行", 15000.0, 60.0)
    expected = finance.project_overdue(Decimal(15000), 60, bank="招商银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply


def test_amounts_are_exact(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了一点一三万")
    assert slots(live_bot, s)["debt_amount"] == 11300.0
    assert cards(live_bot, s) == [("招商银行", "11300", None)]


def test_more_than_three_days_is_never_the_grace_period(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠了五千，超过3天了，利息多少")
    assert slots(live_bot, s)["overdue_days"] is None
    assert "超过3天" in reply and "容时" not in reply and "0.00" not in money_in(reply), reply
    final = live_bot.texts(s, "5天")
    expected = finance.project_overdue(Decimal(5000), 5, bank="招商银行")
    assert not expected.within_grace
    assert f"{expected.total_interest:,.2f}" in money_in(final), final
    assert slots(live_bot, s)["overdue_days"] == 5.0


def test_days_glued_to_overdue_are_not_a_second_debt(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠了两万五 逾期45了 利息多少")
    got = slots(live_bot, s)
    assert (got["debt_amount"], got["overdue_days"]) == (25000.0, 45.0)
    expected = finance.project_overdue(Decimal(25000), 45, bank="招商银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply


def test_days_said_of_all_cards_price_every_card(live_bot):
    """「…都逾期40天」 after three cards: each card is 40 days overdue, so the interest is computed, not asked for."""
    s = sender()
    live_bot.texts(s, "招行欠两万 广发欠三万 工行欠一万 都逾期40天")
    assert cards(live_bot, s) == [("招商银行", "20000", 40), ("广发银行", "30000", 40), ("工商银行", "10000", 40)]
    reply = live_bot.texts(s, "利息多少")
    assert "告诉我逾期多少天" not in reply, reply
    expected = finance.project_overdue(Decimal(30000), 40, bank="广发银行")
    assert f"{expected.total_interest:,.2f}" in money_in(reply), reply
