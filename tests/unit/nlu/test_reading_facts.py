"""Stored facts change only when the person states a fact of theirs (issue 19, persona trials of 2026-12-07):
what-ifs, questions, thresholds, someone else's figures and free text never overwrite them; vague figures are
bounds; several cards stay several cards. Each test is a message of the trials, through `read_turn`."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from actions.case_slots import still_overdue_events
from actions.finance_answers import _penalty_after_paid
from bot import facts as F
from bot import whatif
from bot.case import Card, Case, Situation
from bot.nlu.reading import Change, TurnContext, read_turn, requests

TODAY = date(2026, 12, 7)
ZS, JS, GS, PA, ZX = "招商银行", "建设银行", "工商银行", "平安银行", "中信银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def cards(case: Case) -> list[tuple]:
    return [(c.bank, c.amount) for c in case.cards]


# ---- 1. what-ifs and questions never change a stored fact ----------------------------------------------

def test_pay_5000_first_at_a_named_card_is_a_payment_not_its_debt():
    case = Case(cards=(Card(ZS, D(32000), 55), Card(JS, D(18000), 55)))
    r = read("先还招行5000", case)
    assert r.case == case and r.changes == ()
    assert r.scenario.kind == whatif.PAY_NOW and r.scenario.amount == D("5000.00")


def test_the_payment_of_the_what_if_is_the_amount_offered_not_the_debt_restated():
    case = Case(cards=(Card(ZS, D(32000), 55), Card(JS, D(18000), 55)))
    r = read("不是欠5000 是欠32000我先还5000 剩下27000 一天利息多少", case)
    assert r.case == case and r.changes == ()  # no total of 32,000 over two cards owing 50,000
    assert r.scenario.amount == D("5000.00")


@pytest.mark.parametrize("text", ["要是我先借点钱还招行5000呢 会好点吗", "要是我先找我姐借5000还招行 其他先放着 行不行"])
def test_a_payment_in_a_what_if_is_no_hypothetical_debt(text):
    case = Case(cards=(Card(ZS, D(32000), 55), Card(JS, D(18000), 55)))
    r = read(text, case)
    assert r.case == case and "debt_amount" not in (r.hypothetical or {})
    assert [f["role"] for f in r.facts if f["value"] == "5000"] == ["amount_offered"]
    assert read("如果欠5万还不上会怎样", case).hypothetical == {"debt_amount": 50000.0}


@pytest.mark.parametrize("text", ["要是我這個月先還5000 能不能不算逾期了", "还了是不是就不算逾期了",
                                  "那我现在只还最低还款行不行 还了是不是就不算逾期了"])
def test_a_question_whether_it_still_counts_as_overdue_keeps_the_days(text):
    case = Case(cards=(Card(GS, D(30000), 60),))
    r = read(text, case)
    assert r.case.cards[0].overdue_days == 60
    assert not any(c.fact == "overdue_days" for c in r.changes)


@pytest.mark.parametrize("text", ["还了是不是就不算逾期了", "之前那20天还算逾期吗", "逾期记录能消掉吗"])
def test_whether_paying_erases_the_days_is_asked_and_answered_they_stay(text):
    assert requests(text).still_overdue
    late = Case(cards=(Card(GS, D(30000), 60),))
    [event] = still_overdue_events(late)
    assert "已经逾期的60天" in event["text"] and F.text("credit_retention") in event["text"]
    assert still_overdue_events(Case(cards=(Card(ZS, D(30000), 2),))) == []  # within 招商's 3 grace days
    assert not requests("利息多少").still_overdue


# ---- 2. 「一天多少利息」 asks the daily interest ----------------------------------------------------------

@pytest.mark.parametrize("text", ["一天多少利息", "一天利息多少", "我问的是一天多少利息 直接说个数", "利息咋算的 一天多少钱"])
def test_one_day_of_interest_is_a_question_not_one_day_overdue(text):
    case = Case(cards=(Card(GS, D(30000), 60),))
    r = read(text, case)
    assert r.case == case and r.changes == ()
    assert r.requests.per_day and r.to_slot()["per_day"] is True


def test_one_day_overdue_is_still_one_day():
    assert read("逾期一天了").case.cards[0].overdue_days == 1
    assert not requests("利息多少").per_day


# ---- 3. several cards: a total is a total, a correction of one card leaves the others -------------------

def test_three_cards_with_ping_an_in_the_list():
    r = read("我有三张卡都逾期了 招行2万 平安1.5万 中信3万")
    assert cards(r.case) == [(ZS, D(20000)), (PA, D(15000)), (ZX, D(30000))]


def test_one_and_a_half_wan_of_a_card_is_no_monthly_budget():
    case = read("我有三张卡都逾期了 招行2万 平安1.5万 中信3万").case
    r = read("不对 是三张 招商2万 平安1万5 中信3万 一共6万5", case, requested_slot="monthly_budget")
    assert r.case.situation.monthly_budget is None
    assert cards(r.case) == [(ZS, D(20000)), (PA, D(15000)), (ZX, D(30000))] and r.changes == ()


@pytest.mark.parametrize("text", ["中信那张会不会被起诉 三张加起来6万5 超过5万了会坐牢吗",
                                  "中信是3万 我说的是三张加起来超过5万 招商2万 平安1.5万 中信3万 都是本金"])
def test_a_total_across_cards_and_a_threshold_change_no_card(text):
    case = Case(cards=(Card(ZS, D(20000)), Card(PA, D(15000)), Card(ZX, D(30000))))
    r = read(text, case)
    assert cards(r.case) == cards(case)
    assert not any(c.fact == "debt_amount" for c in r.changes)


# ---- 4. someone else's figure is not the person's --------------------------------------------------------

def test_what_the_agency_said_is_not_the_debt():
    case = Case(cards=(Card(JS, D(40000), 150),))
    r = read("那个公司说我欠的超过5万就要坐牢 让我赶紧再交2000加急 真的假的", case)
    assert r.case == case and r.changes == ()
    assert all(f["role"] in ("threshold", "hearsay") for f in r.facts if f["value"] == "50000")


def test_my_43000_replaces_and_the_agencys_50000_is_ignored():
    case = Case(cards=(Card(JS, D(50000), 150),))
    r = read("不是 我欠4万3 5万是那个公司吓唬我说的 你别改我的数", case)
    assert r.case.cards[0].amount == D(43000)
    assert r.changes == (Change("debt_amount", None, "50000", "43000"),)


# ---- 5. free text is no figure ----------------------------------------------------------------------------

def test_income_dropped_by_more_than_half_is_no_income_of_1():
    case = Case(situation=Situation(monthly_income=D(3000)))
    r = read("平台派单少了 收入掉了一半多 电动车还被偷过一次", case, requested_slot="hardship_reason")
    assert r.case.situation.monthly_income == D(3000)
    assert not any(c.fact == "monthly_income" for c in r.changes)


def test_earnings_of_a_month_are_no_30_days_overdue():
    case = Case(cards=(Card(ZS, D(30000)), Card(JS, D(20000))))
    r = read("现在一个月也就跑个三千多吧 以前七八千", case, requested_slot="monthly_income")
    assert all(c.overdue_days is None for c in r.case.cards)
    assert r.case.situation.monthly_income == D(3000)


def test_days_corrected_for_both_cards():
    case = Case(cards=(Card(ZS, D(32000), 30), Card(JS, D(18000), 30)))
    r = read("逾期不是30天 是55天左右 两张都是", case)
    assert [c.overdue_days for c in r.case.cards] == [55, 55]


def test_expenses_listed_in_a_correction_are_expenses_never_the_debt():
    case = Case(cards=(Card(ZS, D(32000), 30), Card(JS, D(18000), 30)),
                situation=Situation(monthly_expenses=D(500)))
    r = read("支出不是500 房租1200加吃饭两千五加寄给我妈500 一共四千二 还有我没说逾期30天啊 是快两个月了", case)
    assert cards(r.case) == [(ZS, D(32000)), (JS, D(18000))] and r.case.declared_total is None
    assert r.case.situation.monthly_expenses == D(4200)
    assert [c.overdue_days for c in r.case.cards] == [60, 60]


def test_expenses_answered_as_items_are_their_sum():
    r = read("房租1200 吃饭加电动车电池啥的 差不多两千五吧 还有个孩子在老家 每个月给我妈寄500",
             requested_slot="monthly_expenses")
    assert r.case.situation.monthly_expenses == D(4200)


# ---- 6. a vague count is a lower bound --------------------------------------------------------------------

def test_a_hundred_and_some_days_is_at_least_100_never_exactly_100():
    r = read("我开小店的 广发信用卡欠了8万 逾期一百多天了 会不会坐牢啊 好害怕")
    card = r.case.cards[0]
    assert card.overdue_days is None and card.overdue_more_than == 100
    assert read("逾期二十多天").case.cards[0].overdue_days == 20  # below 100 the count crosses no legal line


# ---- 7. a rate is no principal -----------------------------------------------------------------------------

def test_an_instalment_rate_is_no_principal_and_the_pushback_names_the_principal():
    case = Case(cards=(Card("交通银行", D(12000), 20),))
    r = read("如果分12期 手续费每期0.6% 每个月还多少 一共多少手续费 年化多少啊", case)
    assert r.scenario.kind == whatif.INSTALMENTS and r.scenario.amount is None and r.case == case
    again = read("0.6元每月？？是12000分12期 不是0.6元", case)
    assert again.scenario.amount == D("12000.00")
    bill = whatif.instalments(whatif.CardFacts("交通银行", D(12000), 20), 12, TODAY).bill
    assert (bill.per_period, bill.total_fee) == (D("1072.00"), D("864.00"))


def test_the_rate_said_is_the_rate_used():
    r = read("3万分12期 手续费每期0.75% 每月还多少")
    assert r.scenario.rate == D("0.0075") and r.scenario.amount == D("30000.00")
    assert read("12000元 账单分期12期 费率百分之零点六 每月还多少").scenario.rate == D("0.006")
    assert read("分12期每期还多少").scenario.rate is None  # the example rate, said to be one
    slot = r.to_slot()["scenario"]
    from bot.nlu.reading import scenario_from_slot
    assert scenario_from_slot({"scenario": slot}).rate == D("0.0075")


# ---- 8. already paid is recorded and used ------------------------------------------------------------------

def test_paid_before_is_recorded_and_the_penalty_is_on_the_minimum_left_unpaid():
    case = Case(cards=(Card(GS, D(30000), 60),))
    first = read("3月5号账单日 23号还款日 今天4月10号 最低还款3000", case)
    assert first.case.cards[0].min_payment == D(3000)
    r = read("我之前还了500 你算进去没有", first.case)
    assert r.case.cards[0].paid == D(500)
    card = r.case.cards[0]
    text = _penalty_after_paid(whatif.CardFacts(card.bank, card.amount, card.overdue_days, card.min_payment, card.paid))
    assert "未还的最低还款2,500.00元" in text and "违约金约125.00元" in text  # 5 % × (3,000 − 500), 工行 no floor


def test_asking_the_minimum_stores_none():
    case = Case(cards=(Card(GS, D(30000), 60),))
    assert read("那下期最低还款是多少", case).case == case
