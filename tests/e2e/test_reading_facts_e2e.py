"""Stored facts change only when the person states a fact of theirs, over REST against a real `rasa run` and action
server (issue 19, persona trials of 2026-12-07 on main): each conversation below went wrong there."""
from __future__ import annotations

import uuid
from decimal import Decimal

from bot import facts as F
from bot import finance
from tests.e2e.talk import case


def sender() -> str:
    return f"e2e-facts-{uuid.uuid4().hex[:10]}"


def amounts(bot, s: str) -> list[tuple[str, str]]:
    return [(c.get("bank"), c.get("amount")) for c in case(bot, s)["cards"]]


def days(bot, s: str) -> list[int | None]:
    return [c.get("overdue_days") for c in case(bot, s)["cards"]]


# 1. a what-if or a question never changes a stored fact; paying does not erase the days overdue

def test_pay_5000_first_at_one_card_keeps_its_debt(live_bot):
    s = sender()
    live_bot.texts(s, "招行32000 建行18000 逾期55天 两张都是")
    reply = live_bot.texts(s, "先还招行5000")
    assert amounts(live_bot, s) == [("招商银行", "32000"), ("建设银行", "18000")], reply
    assert "已改" not in reply, reply


def test_paying_this_month_does_not_make_60_days_overdue_0(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我工行信用卡逾期了 欠3万 两个月了 咋整啊")
    reply = live_bot.texts(s, "要是我這個月先還5000 能不能不算逾期了")
    assert days(live_bot, s) == [60], reply
    assert "已改" not in reply and "今天是到期还款日" not in reply, reply
    reply = live_bot.texts(s, "还了是不是就不算逾期了")
    assert days(live_bot, s) == [60] and live_bot.tracker(s)["slots"]["overdue_days"] == 60.0, reply
    assert "已改" not in reply, reply
    assert "不会让已经逾期的60天" in reply and F.text("credit_retention") in reply, reply  # the answer: it stays


def test_the_20_days_already_late_still_count_after_paying_the_minimum(live_bot):
    s = sender()
    live_bot.texts(s, "交通银行信用卡欠1.2万 逾期20天了 会上征信吗")
    reply = live_bot.texts(s, "那我现在只还最低还款行不行 最低是1200 还了是不是就不算逾期了")
    assert days(live_bot, s) == [20] and "不会让已经逾期的20天" in reply, reply
    assert case(live_bot, s)["cards"][0]["min_payment"] == "1200"


# 2. 「一天多少利息」 asks the interest of one day

def test_interest_of_one_day_is_the_principal_times_the_daily_rate(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我工行信用卡逾期了 欠3万 两个月了 咋整啊")
    reply = live_bot.texts(s, "我问的是一天多少利息 直接说个数")
    assert days(live_bot, s) == [60], reply
    assert "已改" not in reply, reply
    daily = Decimal(30000) * finance.get_schedule("工商银行").rate
    assert f"{daily:,.2f}" in reply and "15.00" in reply, reply
    reply = live_bot.texts(s, "一天利息多少")
    assert days(live_bot, s) == [60] and "15.00" in reply, reply


# 3. several cards: a total is a total; a correction of one card leaves the others

def test_three_cards_stay_three_and_a_total_changes_none(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我有三张卡都逾期了 招行2万 平安1.5万 中信3万")
    three = [("招商银行", "20000"), ("平安银行", "15000"), ("中信银行", "30000")]
    assert amounts(live_bot, s) == three, reply
    reply = live_bot.texts(s, "中信那张会不会被起诉 三张加起来6万5 超过5万了会坐牢吗")
    assert amounts(live_bot, s) == three and "已改" not in reply, reply
    reply = live_bot.texts(s, "中信是3万 我说的是三张加起来超过5万 招商2万 平安1.5万 中信3万 都是本金")
    assert amounts(live_bot, s) == three and "已改" not in reply, reply


def test_one_and_a_half_wan_of_a_card_is_not_the_monthly_budget(live_bot):
    s = sender()
    live_bot.texts(s, "我有三张卡都逾期了 招行2万 平安1.5万 中信3万")
    live_bot.texts(s, "工资6500 房租吃饭4500 能帮我做个还款计划吗")
    live_bot.texts(s, "不对 是三张 招商2万 平安1万5 中信3万 一共6万5")
    assert live_bot.tracker(s)["slots"]["monthly_budget"] is None
    assert amounts(live_bot, s) == [("招商银行", "20000"), ("平安银行", "15000"), ("中信银行", "30000")]


# 4. a third party's number is not the person's

def test_the_agencys_threshold_is_not_the_debt_and_43000_is_kept(live_bot):
    s = sender()
    live_bot.texts(s, "我欠建行4万3 逾期五个月了 多久会被起诉啊")
    reply = live_bot.texts(s, "那个公司说我欠的超过5万就要坐牢 让我赶紧再交2000加急 真的假的")
    assert amounts(live_bot, s) == [("建设银行", "43000")], reply
    assert "已改" not in reply and "50,000" not in reply, reply
    reply = live_bot.texts(s, "不是 我欠4万3 5万是那个公司吓唬我说的 你别改我的数")
    assert amounts(live_bot, s) == [("建设银行", "43000")], reply
    assert live_bot.tracker(s)["slots"]["debt_amount"] == 43000.0


# 5. free text is no figure

def test_free_text_is_no_income_nor_days_and_the_corrected_days_are_applied(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划 招行32000 建行18000")
    live_bot.texts(s, "现在一个月也就跑个三千多吧 以前七八千")
    assert all(d is None for d in days(live_bot, s)), case(live_bot, s)
    reply = live_bot.texts(s, "平台派单少了 收入掉了一半多 电动车还被偷过一次")
    assert case(live_bot, s)["situation"].get("monthly_income") != "1", reply
    assert "→ 1" not in reply, reply
    live_bot.texts(s, "逾期30天")
    reply = live_bot.texts(s, "逾期不是30天 是55天左右 两张都是")
    assert days(live_bot, s) == [55, 55], reply


def test_expenses_listed_in_a_correction_never_replace_the_debt(live_bot):
    s = sender()
    live_bot.texts(s, "招行32000 建行18000 逾期30天")
    live_bot.texts(s, "每月支出500")
    reply = live_bot.texts(s, "支出不是500 房租1200加吃饭两千五加寄给我妈500 一共四千二 还有我没说逾期30天啊 是快两个月了")
    assert amounts(live_bot, s) == [("招商银行", "32000"), ("建设银行", "18000")], reply
    assert case(live_bot, s)["situation"]["monthly_expenses"] == "4200", reply
    assert live_bot.tracker(s)["slots"]["debt_amount"] == 50000.0
    assert "4,200" in reply and "欠款 50,000 → 4,200" not in reply, reply


# 6. a vague count gives a bound, never a confident 「不满足」

def test_a_hundred_and_some_days_gives_no_confident_negative_conclusion(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我开小店的 广发信用卡欠了8万 逾期一百多天了 会不会坐牢啊 好害怕")
    card = case(live_bot, s)["cards"][0]
    assert card.get("overdue_days") is None and card.get("overdue_more_than") == 100, card
    assert "明确不满足" not in reply, reply


# 7. an instalment rate is no principal

def test_instalments_of_the_stored_12000_with_the_rate_said(live_bot):
    s = sender()
    live_bot.texts(s, "交通银行信用卡欠1.2万 逾期20天了 会上征信吗")
    reply = live_bot.texts(s, "如果分12期 手续费每期0.6% 每个月还多少 一共多少手续费 年化多少啊")
    assert "1,072.00" in reply and "864.00" in reply, reply
    assert "0.60元" not in reply and "0.05元" not in reply, reply
    reply = live_bot.texts(s, "0.6元每月？？是12000分12期 不是0.6元")
    assert "1,072.00" in reply and "0.60元" not in reply, reply  # recomputed on the pushback
    assert amounts(live_bot, s) == [("交通银行", "12000")]
    reply = live_bot.texts(s, "要是手续费每期0.75% 分12期 每个月还多少")
    bill = finance.installment(Decimal(12000), 12, Decimal("0.0075"))
    assert f"{bill.per_period:,.2f}" in reply and "1,090.00" in reply and "0.75%" in reply, reply


# 8. already paid is recorded and used

def test_paid_500_is_recorded_and_the_penalty_is_on_the_minimum_left(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我工行信用卡逾期了 欠3万 两个月了 咋整啊")
    live_bot.texts(s, "最低还款3000")
    live_bot.texts(s, "我之前还了500 你算进去没有")
    c = case(live_bot, s)["cards"][0]
    assert c["paid"] == "500" and c["min_payment"] == "3000", c
    reply = live_bot.texts(s, "违约金要交多少")
    expected = finance.penalty("工商银行", Decimal(2500)).penalty
    assert expected == Decimal("125.00") and "125.00" in reply and "2,500.00" in reply, reply
