"""Facts misread in the persona trials of 2026-12-07 (bench/records/2026-12-07/trials-s3, personas C and D), each
message through `read_turn` as the case hook reads it (issue 19): the total across cards, income said as earnings,
corrections that move a figure between facts, days said of a rest, a one-off sum, already paid, what-if incomes,
vague amounts, a card list after a total, a monthly what-if, 「一个月要还多少」 and the interest of one more day."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.case import Card, Case, Situation
from bot.nlu.extract import extract_entities
from bot.nlu.reading import Change, TurnContext, read_turn, requests

TODAY = date(2026, 12, 7)
ZS, JS, GF, GS, JT, PA, ZX = "招商银行", "建设银行", "广发银行", "工商银行", "交通银行", "平安银行", "中信银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def cards(case: Case) -> list[tuple]:
    return [(c.bank, c.amount) for c in case.cards]


# ---- 1. a total across the cards named is a total, no card's balance (C1 #2) --------------------------------

def test_a_total_across_two_cards_is_no_cards_balance():
    r = read("招行和建行两张卡 一共欠了大概5万")
    assert cards(r.case) == [(ZS, None), (JS, None)]
    assert r.case.declared_total == D(50000) and r.case.total_debt() == D(50000)


def test_the_amounts_of_both_cards_then_replace_the_total_visibly():
    before = read("招行和建行两张卡 一共欠了大概5万").case
    r = read("不对 招行是3万2 建行1万6", before)
    assert cards(r.case) == [(ZS, D(32000)), (JS, D(16000))] and r.case.declared_total is None
    assert r.changes == (Change("debt_total", None, "50000", "48000"),)


def test_one_bank_with_a_total_is_that_cards_debt():
    assert cards(read("招行一共欠了5万").case) == [(ZS, D(50000))]


# ---- 2. earning per month is income (C1 #6) ------------------------------------------------------------------

def test_what_a_courier_earns_a_month_is_income_also_while_the_budget_is_asked():
    case = Case(cards=(Card(ZS, D(32000)), Card(JS, D(16000))), situation=Situation(monthly_expenses=D(2700)))
    r = read("现在跑单一个月也就三千五左右", case, requested_slot="monthly_budget")
    assert r.case.situation.monthly_income == D(3500) and r.case.situation.monthly_budget is None
    assert r.case.cards == case.cards


# ---- 3. a correction moves a figure between facts; the debt is corrected; the cards answer their question ----

C1_WRONG = Case(cards=(Card(ZS, D(32000), 15), Card(JS, D(16000), 15)),
                situation=Situation(monthly_income=D(0), monthly_expenses=D(2700), monthly_budget=D(3500)))


def test_three_and_a_half_thousand_moved_from_budget_to_income_never_into_the_debt():
    r = read("不对 三千五是我收入 不是能还的 每个月最多还800", C1_WRONG)
    s = r.case.situation
    assert (s.monthly_income, s.monthly_budget) == (D(3500), D(800))
    assert r.case.cards == C1_WRONG.cards and r.case.declared_total is None
    assert set(r.changes) == {Change("monthly_income", None, "0", "3500"),
                              Change("monthly_budget", None, "3500", "800")}


def test_a_figure_moved_to_income_clears_the_budget_it_was_wrongly_stored_as():
    r = read("不对 三千五是我收入 不是能还的", C1_WRONG)
    assert r.case.situation.monthly_income == D(3500) and r.case.situation.monthly_budget is None


C1_TOTAL_WRONG = Case(cards=(Card(ZS, D(32000), 40), Card(JS, D(16000), 40)),
                      situation=Situation(monthly_income=D(3500), monthly_expenses=D(2700), monthly_budget=D(800)),
                      declared_total=D(3500))


def test_the_debt_questioned_and_restated_replaces_the_wrong_total_not_the_income():
    r = read("欠款怎么变成3500了 是4万8啊 收入是3500", C1_TOTAL_WRONG)
    assert r.case.total_debt() == D(48000) and r.case.declared_total is None
    assert r.case.situation.monthly_income == D(3500)
    assert r.changes == (Change("debt_total", None, "3500", "48000"),)


def test_both_cards_given_to_the_change_debt_question_replace_the_total():
    r = read("招行32000 建行16000", C1_TOTAL_WRONG, pending_correction="debt_amount")
    assert cards(r.case) == [(ZS, D(32000)), (JS, D(16000))] and r.case.declared_total is None
    assert r.changes == (Change("debt_total", None, "3500", "48000"),)


def test_cards_and_a_different_total_said_together_keep_the_total():
    r = read("招行2万 建行3万 一共6万", Case(cards=(Card(ZS, D(20000)), Card(JS, D(30000))), declared_total=D(1000)))
    assert r.case.declared_total == D(60000)


# ---- 4. days nobody said; a correction of days shared by both cards (C1 #10, #12) ----------------------------

@pytest.mark.parametrize("reason", ["平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月", "收入下降 摔车受伤休息半个月"])
def test_a_rest_of_half_a_month_in_the_reason_is_no_days_overdue(reason):
    case = Case(cards=(Card(ZS, D(32000)), Card(JS, D(16000))), situation=Situation(monthly_income=D(3500)))
    r = read(reason, case, requested_slot="hardship_reason")
    assert [c.overdue_days for c in r.case.cards] == [None, None]
    assert r.case.situation.hardship_reason == reason  # the reason, with its figures, is stored as said


def test_half_a_month_of_rest_is_no_duration_overdue():
    assert [e for e in extract_entities("摔车受伤休息了半个月") if e["entity"].startswith("overdue")] == []


def test_days_denied_for_both_cards_are_corrected_on_both():
    r = read("还有我没说逾期15天啊 是逾期40多天了", C1_WRONG)
    assert [c.overdue_days for c in r.case.cards] == [40, 40]
    assert {(c.bank, c.after) for c in r.changes} == {(ZS, "40"), (JS, "40")}


# ---- 5. a sum available once is no monthly budget (C3 #10, #14) ---------------------------------------------

C3 = Case(cards=(Card(GF, D(80000), 110),))


def test_a_sum_scraped_together_once_is_no_monthly_budget():
    r = read("我现在手里能凑一万 先还一万有用吗 还有利息现在多少了", C3)
    assert r.case == C3
    assert r.scenario is not None and r.scenario.amount == D("10000.00")


def test_not_every_month_but_once_corrects_the_budget():
    case = Case(cards=C3.cards, situation=Situation(monthly_budget=D(10000)))
    r = read("不是每个月能还一万 就这一次凑一万 每个月最多两千", case)
    assert r.case.situation.monthly_budget == D(2000)
    assert r.changes == (Change("monthly_budget", None, "10000", "2000"),)
    r = read("不是每个月能还一万 就这一次凑一万", case)
    assert r.case.situation.monthly_budget is None


def test_a_monthly_figure_scraped_together_stays_the_budget():
    assert read("每个月能凑2000", C3).case.situation.monthly_budget == D(2000)
    assert read("能凑2000", C3, requested_slot="monthly_budget").case.situation.monthly_budget == D(2000)


# ---- 6. already paid (C5 #2, #4) ------------------------------------------------------------------------------

C5 = Case(cards=(Card(GS, D(30000), 60),))


def test_paid_last_month_is_stored_with_the_minimum():
    r = read("账单日是每月5号 还款日25号 最低还款3000 我上个月还了500", C5)
    card = r.case.cards[0]
    assert (card.min_payment, card.paid, card.overdue_days, card.amount) == (D(3000), D(500), 60, D(30000))


def test_not_paid_0_but_500_is_stored():
    r = read("不是已还0 我还了500的", C5)
    assert r.case.cards[0].paid == D(500) and "invalid:paid" not in r.notes


@pytest.mark.parametrize("text", ["我还500行不行", "要是我还了500呢"])
def test_an_offer_or_a_what_if_is_not_paid(text):
    assert read(text, C5).case.cards[0].paid is None


# ---- 7. a what-if income is never the stored income (C4 #5, #6, #8) ------------------------------------------

C4 = Case(cards=(Card(ZS, D(20000)), Card(PA, D(15000)), Card(ZX, D(30000))),
          situation=Situation(monthly_income=D(6500), monthly_expenses=D(4500), monthly_budget=D(2000)))


@pytest.mark.parametrize("text, income", [
    ("要是下个月工资降到5000呢 还能按这个还吗", 5000.0),
    ("如果收入只有5000 计划会变成怎样", 5000.0),
    ("那就按收入5000算一下 开销还是4500", 5000.0),
    ("要是工资降了一半呢", 3250.0),      # read outside extract (relative change): same clause check
    ("万一我失业了没收入 会怎样", 0.0),   # read outside extract (no income): same clause check
])
def test_a_what_if_income_is_hypothetical_and_the_stored_income_stays(text, income):
    r = read(text, C4)
    assert r.case.situation.monthly_income == D(6500) and r.changes == ()
    assert r.hypothetical["monthly_income"] == income


def test_compute_with_a_figure_that_is_stored_anyway_or_not_yet_known_is_a_fact():
    assert read("按收入5000算", Case(cards=C4.cards)).case.situation.monthly_income == D(5000)
    assert read("收入5000", C4).case.situation.monthly_income == D(5000)  # a plain statement still corrects


# ---- 8, 9. a vague amount is asked; a card list after a total replaces the total (D3 #1, #4) ------------------

@pytest.mark.parametrize("text", ["欠了十几万信用卡 每天都被催", "一共十几万", "欠了十来万"])
def test_ten_and_some_wan_is_asked_not_stored_as_100000(text):
    r = read(text)
    assert r.case.cards == () and r.case.declared_total is None
    assert r.unsure == ("debt_amount",)


def test_a_vague_amount_answering_the_debt_question_is_asked_again():
    r = read("十几万吧", requested_slot="debt_amount")
    assert r.case.total_debt() is None and r.unsure == ("debt_amount",)


def test_two_cards_after_a_bankless_total_replace_it_and_keep_both():
    before = Case(cards=(Card(None, D(100000), 30),))
    r = read("嗯 我没事 那我欠的是招行8万 建行5万 能不能分期慢慢还", before)
    assert cards(r.case) == [(ZS, D(80000)), (JS, D(50000))] and r.case.declared_total is None
    assert [c.overdue_days for c in r.case.cards] == [30, 30]  # the days said of the debt stay
    assert r.changes == (Change("debt_total", None, "100000", "130000"),)


def test_a_bank_given_to_the_one_debt_keeps_its_amount():
    r = read("招行的 还有建行1万", Case(cards=(Card(None, D(25000)),)))
    assert cards(r.case) == [(ZS, D(25000)), (JS, D(10000))]
    assert all(c.fact != "debt_total" for c in r.changes)


# ---- 10. a monthly figure in a what-if is the budget, never a debt (D3 #11) -----------------------------------

D3 = Case(cards=(Card(ZS, D(80000)), Card(JS, D(50000))), situation=Situation(monthly_income=D(4500)))


def test_1000_a_month_in_a_what_if_is_the_monthly_budget():
    r = read("每月1000的话 招行建行能给我分几年 一共要多久还完", D3)
    assert r.case == D3 and r.hypothetical == {"monthly_budget": 1000.0}


def test_1000_a_month_said_plainly_is_the_budget_and_no_card_changes():
    r = read("每个月1000 招行建行能分几年", D3)
    assert cards(r.case) == cards(D3) and r.case.situation.monthly_budget == D(1000)


def test_a_monthly_figure_answering_the_income_question_is_the_income():
    assert read("每月3500", Case(cards=D3.cards), requested_slot="monthly_income").case.situation.monthly_income \
        == D(3500)


# ---- 11. 「一个月要还多少」 asks per month; it says no days (D4 #5) -----------------------------------------------

def test_how_much_a_month_is_no_30_days_overdue():
    case = Case(cards=(Card(JT, D(12000), 20),))
    r = read("那如果我做账单分期分12期 手续费每期0.6% 一个月要还多少", case)
    assert r.case.cards[0].overdue_days == 20 and r.changes == ()
    assert not [e for e in extract_entities("分12期 一个月要还多少") if e["entity"] == "overdue_days"]
    assert [e["value"] for e in extract_entities("逾期一个月了") if e["entity"] == "overdue_days"] == ["30"]


# ---- 12. what one more day costs is the interest of one day (C1 #18) -----------------------------------------

@pytest.mark.parametrize("text", ["那我这样每天要多出来多少利息啊", "每天会多出多少利息", "一天多少利息"])
def test_more_interest_each_day_asks_the_interest_of_one_day(text):
    assert requests(text).per_day


def test_interest_in_total_is_not_per_day():
    assert not requests("一共要多少利息").per_day


# ---- money sent home is an expense, never the answer to the income question (C1 #5) --------------------------

def test_money_sent_home_is_an_expense_item_not_the_income():
    case = Case(cards=(Card(ZS, D(32000), 40), Card(JS, D(16000), 40)))
    r = read("房租1200 吃饭1000 还要给家里寄500", case, requested_slot="monthly_income")
    assert r.case.situation.monthly_income is None and r.case.situation.monthly_expenses == D(2700)
