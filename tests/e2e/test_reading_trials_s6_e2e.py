"""Facts read from messages of the persona trials s6 of 2026-12-07 (bench/records/2026-12-07/trials-s6, personas I and
J), over REST against a real `rasa run` and action server (issue 19: one reading per message; facts change only
visibly, a correction replaces, a reading the code is unsure of is asked and not stored, hypotheticals never stored):
each conversation below stored a wrong fact, or kept a correction out, on main 22389fc."""
from __future__ import annotations

import uuid
from tests.e2e.talk import cards, case, situation


def sender() -> str:
    return f"e2e-trials-s6-{uuid.uuid4().hex[:10]}"


# I1 #2/#3: the wage now is no card's debt, 建行20天 is 建行's days; the correction of the debt is applied visibly

def test_the_wage_now_is_the_income_and_each_bank_keeps_its_figures(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠18000 建行欠9000 招行逾期40天了 建行20天 我以前工资九千 现在科室调岗只有5500了")
    assert cards(live_bot, s) == [("招商银行", "18000", 40), ("建设银行", "9000", 20)], reply
    assert situation(live_bot, s).get("monthly_income") == "5500", reply
    assert "5,500元 逾期" not in reply, reply


def test_the_correction_of_the_debt_and_the_wage_is_applied(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠18000 建行欠5500 招行逾期40天了")
    reply = live_bot.texts(s, "不对 建行是欠9000 5500是我现在的工资 建行逾期20天")
    assert cards(live_bot, s) == [("招商银行", "18000", 40), ("建设银行", "9000", 20)], reply
    assert situation(live_bot, s).get("monthly_income") == "5500", reply
    assert "已改：建设银行欠款 5,500 → 9,000" in reply, reply


# I1 #6: one item of the expenses corrected and one added

def test_one_expense_item_corrected_and_one_added(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠18000 建行欠9000 招行逾期40天了 建行逾期20天")
    live_bot.texts(s, "我每月房租1800 吃饭一千五 还有给我妈寄1000")
    assert situation(live_bot, s).get("monthly_expenses") == "4300"
    reply = live_bot.texts(s, "不对 给我妈的是500不是1000 还有每月交通费300")
    assert situation(live_bot, s).get("monthly_expenses") == "4100", reply
    assert "已改：给家里 1,000 → 500；加上交通费 300；月必要支出 4,300 → 4,100" in reply and "→ 800" not in reply, reply


# J2 #5: the wage is never split into 60 periods; J2 #14: a month of the plan is no days

def test_the_wage_is_no_principal_and_a_month_of_the_plan_no_days(live_bot):
    s = sender()
    live_bot.texts(s, "建行卡欠了八万多 已经逾期三个月")
    reply = live_bot.texts(s, "我每個月工資4500 房租加吃飯要3000 最多能還一千 這樣能分60期嗎")
    assert "本金 4,500.00" not in reply and "4,500.00 元每月" not in reply, reply
    assert "本金 80,000.00 元" in reply, reply
    assert cards(live_bot, s) == [("建设银行", "80000", 90)], reply
    reply = live_bot.texts(s, "我是問簽了協議以後 有一個月實在還不上 會怎樣")
    assert cards(live_bot, s) == [("建设银行", "80000", 90)], reply
    assert "已改" not in reply and "逾期30天" not in reply, reply


# I4 #10 (the I3 #10 family): the most a month is the budget, never 30 days

def test_the_most_a_month_is_the_budget_not_days(live_bot):
    s = sender()
    live_bot.texts(s, "农行3万 邮储2万 都逾期150天了")
    reply = live_bot.texts(s, "那我咋个跟银行谈嘛 我一个月最多拿得出两千")
    assert [c[2] for c in cards(live_bot, s)] == [150, 150], reply
    assert situation(live_bot, s).get("monthly_budget") == "2000", reply
    assert "已改" not in reply, reply


# J3 #14: the wage said again with 一个月 stays the income; 「分60期」 never makes it the budget

def test_the_wage_said_again_is_no_budget(live_bot):
    s = sender()
    live_bot.texts(s, "我现在一个月就挣3000 欠了广发4万多 逾期5个月了")
    reply = live_bot.texts(s, "我现在一个月3000 广发欠4万5左右 能分期吗 每个月能还多少合适")
    reply += live_bot.texts(s, "分60期")
    assert situation(live_bot, s).get("monthly_income") == "3000", reply
    assert situation(live_bot, s).get("monthly_budget") is None, reply
    assert "每月能还3,000元" not in reply, reply


# J5 #4/#6: the bot's projection said back is no debt; 还了一年 is no days

def test_the_bots_projection_and_a_year_of_repaying_are_no_facts(live_bot):
    s = sender()
    reply = live_bot.texts(s, "你好 我是退休的 退休金每月2600 中行信用卡欠了一万二 最低还款是多少")
    assert "12个月后仍欠约3,444.16元" in reply, reply
    reply = live_bot.texts(s, "12个月后还欠3444 那我还了一年还欠这么多？利息怎么算的")
    assert [c[:2] for c in cards(live_bot, s)] == [("中国银行", "12000")], reply
    assert "已改" not in reply and "360天后" not in reply and "365天" not in reply, reply
    reply = live_bot.texts(s, "为什么还了一年还欠那么多")
    assert "已改" not in reply and "365天" not in reply, reply


# J4 #7: the agency's fee is no card principal

def test_an_agency_fee_is_no_principal(live_bot):
    s = sender()
    live_bot.texts(s, "我找了个债务优化公司 交了3800服务费 他们说能帮我停息挂账 还让我把手机银行密码给他们了")
    assert cards(live_bot, s) == []
    reply = live_bot.texts(s, "催收天天打我妈电话 说我再不还就要坐牢 这样合法吗")
    assert "3,800" not in reply, reply


# J1 #7: a total the cards do not add up to is asked, nothing changes

def test_a_total_the_cards_do_not_add_up_to_is_asked(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了5万2 逾期快两个月了")
    live_bot.texts(s, "还有交行 两万八 逾期一个月左右")
    live_bot.texts(s, "广发 一万五 平安2万3 都是逾期一个多月")
    before = case(live_bot, s)
    reply = live_bot.texts(s, "信用卡总共16万")
    assert case(live_bot, s) == before, reply
    assert "160,000" in reply and "118,000" in reply and "哪个对" in reply, reply
    assert "合计160,000元" not in reply, reply


# 「不对 本金是五万二 不是六万」: the debt corrected visibly; 「四万七要还多久」: a debt, never the budget

def test_the_principal_corrected_and_a_sum_asked_how_long(live_bot):
    s = sender()
    live_bot.texts(s, "我有张广发信用卡逾期四个月了 欠款大概六万")
    reply = live_bot.texts(s, "不对 本金是五万二 不是六万")
    assert cards(live_bot, s) == [("广发银行", "52000", 120)], reply
    assert "已改：欠款 60,000 → 52,000" in reply, reply
    t = sender()
    live_bot.texts(t, "浦发欠四万七 逾期五个月")
    reply = live_bot.texts(t, "每个月能还一千 四万七要还多久")
    assert situation(live_bot, t).get("monthly_budget") == "1000", reply
    assert cards(live_bot, t) == [("浦发银行", "47000", 150)], reply
    assert "47,000" not in reply.split("每月能还")[-1][:12], reply


# issue 23 item 13: the days counted from dates with today's date

def test_days_from_the_due_date_and_today(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠两万 到期日3月5号 今天3月20号")
    assert cards(live_bot, s) == [("招商银行", "20000", 15)], reply
    t = sender()
    reply = live_bot.texts(t, "招行欠两万 3月5号账单日 23号还款日 今天4月10号")
    assert cards(live_bot, t) == [("招商银行", "20000", 18)], reply


# a resumed reason question: 「好的谢谢」 is no reason

def test_thanks_in_the_resumed_reason_question_are_no_reason(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠3万 逾期60天")
    live_bot.texts(s, "帮我做还款计划")
    live_bot.texts(s, "5000")
    live_bot.texts(s, "3000")
    reply = live_bot.texts(s, "1000")
    assert "原因" in reply, reply
    reply = live_bot.texts(s, "会不会坐牢")
    reply = live_bot.texts(s, "好的谢谢")
    assert situation(live_bot, s).get("hardship_reason") is None, reply
    assert "困难原因：好的谢谢" not in reply, reply
