"""Facts misread in the persona trials s6 of 2026-12-07 (bench/records/2026-12-07/trials-s6, personas I and J), each
message through `read_turn` as the case hook reads it (issue 19: one reading per message; facts change only visibly, a
correction replaces, a reading the code is unsure of is asked and not stored, hypotheticals are never stored)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from actions.case_slots import unsure_events
from bot import whatif
from bot.case import Card, Case, Situation
from bot.nlu.extract import extract_entities
from bot.nlu.reading import Change, TurnContext, read_turn

TODAY = date(2026, 12, 7)
ZS, JS, GF, NY, YZ, ZG, JT, PA, PF = ("招商银行", "建设银行", "广发银行", "农业银行", "邮储银行", "中国银行", "交通银行",
                                      "平安银行", "浦发银行")


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def cards(r) -> list[tuple]:
    return [(c.bank, c.amount, c.overdue_days) for c in r.case.cards]


def entities(text: str) -> list[tuple[str, str]]:
    return [(e["entity"], e["value"]) for e in extract_entities(text)]


# ---- I1 #2/#3: the wage now is no card's debt; 建行20天 is 建行's days; the correction moves 5500 to the income ------

I1_FIRST = "招行欠18000 建行欠9000 招行逾期40天了 建行20天 我以前工资九千 现在科室调岗只有5500了"


def test_the_wage_now_after_the_wage_before_is_the_income_and_each_bank_keeps_its_days():
    r = read(I1_FIRST)
    assert cards(r) == [(ZS, D(18000), 40), (JS, D(9000), 20)]
    assert r.case.situation.monthly_income == D(5500)


@pytest.mark.parametrize("text, days", [("招行逾期40天了 建行20天", ["40", "20"]), ("建行逾期30天 工行也是15天", ["30", "15"])])
def test_days_right_after_a_bank_are_days_beside_cued_ones(text, days):
    assert [v for e, v in entities(text) if e == "overdue_days"] == days


def test_the_correction_moves_the_wage_out_of_the_debt_visibly():
    wrong = Case(cards=(Card(ZS, D(18000), 40), Card(JS, D(5500))))
    r = read("不对 建行是欠9000 5500是我现在的工资 建行逾期20天", wrong)
    assert cards(r) == [(ZS, D(18000), 40), (JS, D(9000), 20)]
    assert r.case.situation.monthly_income == D(5500)
    assert Change("debt_amount", JS, "5500", "9000") in r.changes


def test_a_figure_said_as_my_wage_now_is_the_income():
    assert ("monthly_income", "5500") in entities("5500是我现在的工资")


# ---- I1 #6: expenses kept as items, so one item is corrected and one added -----------------------------------------

I1_CARDS = (Card(ZS, D(18000), 40), Card(JS, D(9000), 20))


def test_expense_items_are_kept_and_one_is_corrected_and_one_added():
    listed = read("我每月房租1800 吃饭一千五 还有给我妈寄1000", Case(cards=I1_CARDS))
    assert listed.case.situation.monthly_expenses == D(4300)
    assert [label for label, _ in listed.case.situation.expense_items] == ["房租", "吃饭", "家里"]
    r = read("不对 给我妈的是500不是1000 还有每月交通费300", listed.case)
    assert r.case.situation.monthly_expenses == D(4100)
    assert dict(r.case.situation.expense_items) == {"房租": D(1800), "吃饭": D(1500), "家里": D(500), "交通": D(300)}
    assert r.changes == (Change("expense_item:家里", None, "1000", "500"), Change("expense_item:交通", None, None, "300"),
                         Change("monthly_expenses", None, "4300", "4100"))
    # the items go through the slot and back
    assert Case.from_slot(r.case.to_slot()).situation.expense_items == r.case.situation.expense_items


def test_one_item_changed_keeps_the_others():
    listed = read("房租1800 吃饭一千五 给我妈寄1000", Case(cards=I1_CARDS), requested_slot="monthly_expenses")
    r = read("房租涨到2000了", listed.case)
    assert r.case.situation.monthly_expenses == D(4500)


def test_expenses_said_as_one_figure_drop_the_items():
    listed = read("我每月房租1800 吃饭一千五 还有给我妈寄1000", Case(cards=I1_CARDS))
    r = read("每月支出3000", listed.case)
    assert r.case.situation.monthly_expenses == D(3000) and r.case.situation.expense_items == ()


def test_an_age_beside_an_item_word_is_no_item():
    listed = read("我每月房租1800 吃饭一千五 还有给我妈寄1000", Case(cards=I1_CARDS))
    r = read("孩子3岁了", listed.case)
    assert r.case.situation.monthly_expenses == D(4300) and r.changes == ()


# ---- J2 #5: the wage is never the principal of an instalment what-if -------------------------------------------------

def test_the_wage_is_no_principal_of_the_instalments_asked():
    # the message as the pipeline hands it on (its traditional characters normalised)
    r = read("我每个月工资4500 房租加吃饭要3000 最多能还一千 这样能分60期吗", Case(cards=(Card(JS, D(80000), 90),)))
    assert r.scenario is not None and r.scenario.kind == whatif.INSTALMENTS
    assert r.scenario.amount is None  # the stored 80,000 is split
    assert r.case.situation.monthly_income == D(4500) and cards(r) == [(JS, D(80000), 90)]
    # a debt said with the periods is still the principal
    assert read("3万分12期每期多少").scenario.amount == D(30000)


# ---- J2 #14, I4 #10: a month of a plan or a month's budget is no days overdue ----------------------------------------

J2 = Case(cards=(Card(JS, D(80000), 90),), situation=Situation(D(4500), D(3000), D(1000), 60))


@pytest.mark.parametrize("text", ["我是問簽了協議以後 有一個月實在還不上 會怎樣", "如果签了协议 中间有一个月还不上怎么办"])
def test_a_month_of_the_plan_is_no_days(text):
    r = read(text, J2)
    assert cards(r) == [(JS, D(80000), 90)] and r.changes == ()


def test_the_most_a_month_is_the_budget_and_no_days():
    case = Case(cards=(Card(NY, D(30000), 150), Card(YZ, D(20000), 150)))
    r = read("那我咋个跟银行谈嘛 我一个月最多拿得出两千", case)
    assert [c.overdue_days for c in r.case.cards] == [150, 150]
    assert r.case.situation.monthly_budget == D(2000)
    assert not any(c.fact == "overdue_days" for c in r.changes)


def test_a_duration_with_no_word_of_being_late_never_replaces_the_days_stored():
    r = read("现在都三个月了", J2)
    assert cards(r) == [(JS, D(80000), 90)] and r.changes == ()
    r = read("现在都四个月了", J2)
    assert cards(r) == [(JS, D(80000), 90)] and r.unsure == ("overdue_days",)  # said as a fact: asked
    assert unsure_events("overdue_days", r.notes)[0]["text"].startswith("逾期天数我先没改")
    # said with a word of being late it changes, visibly; a new card named gets its days
    assert read("逾期四个月了", J2).changes == (Change("overdue_days", None, "90", "120"),)
    r = read("工行欠1万 10天", J2)
    assert ("工商银行", D(10000), 10) in cards(r)


# ---- J3 #14: the wage said again with 一个月 is the income, never the budget ------------------------------------------

def test_a_monthly_figure_equal_to_the_income_is_the_income_again():
    case = Case(cards=(Card(GF, D(40000), 150),), situation=Situation(monthly_income=D(3000)))
    r = read("我现在一个月3000 广发欠4万5左右 能分期吗 每个月能还多少合适", case)
    assert r.case.situation.monthly_budget is None and r.case.situation.monthly_income == D(3000)
    assert r.changes == (Change("debt_amount", None, "40000", "45000"),)
    r = read("分60期", r.case)
    assert r.case.situation.monthly_budget is None and r.case.situation.installments == 60


def test_a_monthly_figure_beside_the_budget_asked_is_asked():
    r = read("我现在一个月3000 广发欠4万5左右 能分期吗 每个月能还多少合适", Case(cards=(Card(GF, D(40000), 150),)))
    assert r.case.situation.monthly_budget is None and r.unsure == ("per_month",)
    assert "月收入" in unsure_events("per_month", r.notes)[0]["text"]


# ---- J5 #4/#6: the bot's projection quoted back is no debt; 还了一年 is no days ------------------------------------------

J5 = Case(cards=(Card(ZG, D(12000), 0),))
J5_REPLY = ("按欠款12,000.00元估算：第一期最低还款约1,200.00元；如果连续12个月只还最低，共付利息约1,261.73元，"
            "12个月后仍欠约3,444.16元。")


def test_the_bots_projection_said_back_is_no_debt_and_no_delay():
    r = read("12个月后还欠3444 那我还了一年还欠这么多？利息怎么算的", J5, last_reply=J5_REPLY)
    assert cards(r) == [(ZG, D(12000), 0)] and r.changes == ()
    assert r.scenario is None  # never 「360天后再还」
    # the figure quoted back in a question, without the time
    r = read("还欠3444 那我还了一年还欠这么多？", J5, last_reply=J5_REPLY)
    assert cards(r) == [(ZG, D(12000), 0)] and r.changes == ()


@pytest.mark.parametrize("text", ["为什么还了一年还欠那么多", "我都还了大半年了还欠这么多"])
def test_time_spent_repaying_is_no_days(text):
    assert read(text, J5).changes == ()


def test_a_question_about_a_year_of_repaying_is_no_answer_to_the_days_question():
    case = Case(cards=(Card(ZG, D(12000)),))
    assert read("为什么还了一年还欠那么多", case, requested_slot="overdue_days").case.cards[0].overdue_days is None
    assert read("两个月了", case, requested_slot="overdue_days").case.cards[0].overdue_days == 60
    assert read("逾期多久了我也记不清 大概两个月吧", case, requested_slot="overdue_days").case.cards[0].overdue_days == 60


def test_being_late_a_day_stays_days():
    assert ("overdue_days", "1") in entities("我晚还了一天有没有事")


# ---- J4 #7: a fee paid to an agency is no debt -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["我找了个债务优化公司 交了3800服务费 他们说能帮我停息挂账", "给中介交了5000块的代理费"])
def test_an_agency_fee_is_no_debt(text):
    r = read(text)
    assert r.case.cards == () and entities(text) == []


# ---- J1 #7: a total that the cards do not add up to is asked ---------------------------------------------------

J1 = Case(cards=(Card(ZS, D(52000), 60), Card(JT, D(28000), 30), Card(GF, D(15000), 30), Card(PA, D(23000), 30)))


def test_a_total_the_cards_do_not_add_up_to_is_asked_not_stored():
    r = read("信用卡总共16万", J1)
    assert r.case == J1 and r.changes == () and r.unsure == ("debt_total",)
    text = unsure_events("debt_total", r.notes)[0]["text"]
    assert "160,000" in text and "118,000" in text and "42,000" in text
    # the total the cards add up to, or a total given as a correction, is stored
    assert read("信用卡一共11万8", J1).unsure == ()
    assert read("不对 一共是16万", J1).case.declared_total == D(160000)


# ---- 「不对 本金是五万二 不是六万」, 「四万七要还多久」 -------------------------------------------------------------------------

def test_the_principal_corrected_replaces_the_debt_visibly():
    r = read("不对 本金是五万二 不是六万", Case(cards=(Card(GF, D(60000), 120),)))
    assert cards(r) == [(GF, D(52000), 120)]
    assert r.changes == (Change("debt_amount", None, "60000", "52000"),)


def test_a_sum_asked_how_long_to_repay_is_the_debt_never_the_budget():
    case = Case(cards=(Card(PF, D(47000), 150),))
    r = read("我老公说他每个月能还一千 四万七要还多久 银行会同意吗", case)
    assert r.case.situation.monthly_budget == D(1000) and cards(r) == [(PF, D(47000), 150)]
    assert r.scenario == whatif.Scenario(whatif.BUDGET_FIT, amount=D("1000.00"))  # never 10,047,000
    assert ("debt_amount", "47000") in entities("四万七要还多久")


# ---- issue 23 item 13: dates with today's date ------------------------------------------------------------------

@pytest.mark.parametrize("text, days", [
    ("招行欠两万 到期日3月5号 今天3月20号", 15),
    ("到期日是3月5号 今天是3月20号", 15),
    ("招行欠两万 3月5号账单日 23号还款日 今天4月10号", 18),
])
def test_days_counted_from_the_due_date_to_today(text, days):
    assert read(text).case.cards[0].overdue_days == days


# ---- a resumed reason question: thanks are no reason -------------------------------------------------------------

@pytest.mark.parametrize("text", ["谢谢", "好的谢谢", "好的 谢谢你", "嗯嗯", "ok"])
def test_thanks_are_no_hardship_reason(text):
    r = read(text, J2, requested_slot="hardship_reason")
    assert r.case.situation.hardship_reason is None


def test_a_reason_is_still_the_reason():
    r = read("老公被裁员了 谢谢", J2, requested_slot="hardship_reason")
    assert r.case.situation.hardship_reason == "老公被裁员了 谢谢"
