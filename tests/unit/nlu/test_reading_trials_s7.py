"""Facts misread in the persona trials s7 of 2026-12-08 (personas K1 and K5), each message through `read_turn` as the
case hook reads it: a correction 「X不是A 是B」 sets the fact named to B, a figure said again is no second item, a total
after the items is no item, last month's wage is history beside no income now, a due date to come is no days overdue."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from actions.case_slots import change_line
from bot.case import Card, Case, Situation
from bot.nlu.extract import extract_entities
from bot.nlu.reading import Change, TurnContext, read_turn

TODAY = date(2026, 12, 8)
ZS, JS, GF, NY = "招商银行", "建设银行", "广发银行", "农业银行"
K1_CARDS = (Card(ZS, D(38000), 40), Card(JS, D(15000), 40), Card(GF, D(8000), 40))


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def entities(text: str) -> list[tuple[str, str]]:
    return [(e["entity"], e["value"]) for e in extract_entities(text)]


def money(r) -> tuple:
    s = r.case.situation
    return s.monthly_income, s.monthly_expenses, s.monthly_budget


# ---- K1 #6: the expenses and the budget of one message are two facts (the summary said 支出 6,000) ------------------

K1_T6 = "帮我做个还款计划吧 店里以前一个月能挣1万2 现在也就6千 家里开销要4千左右 一个月最多拿2千出来"


def test_expenses_and_the_most_a_month_are_two_facts():
    r = read(K1_T6, Case(cards=K1_CARDS))
    assert money(r) == (D(6000), D(4000), D(2000))
    assert r.unsure == () and [c.overdue_days for c in r.case.cards] == [40, 40, 40]


@pytest.mark.parametrize("text", ["一个月最多拿2千出来", "一个月顶多拿两千"])
def test_the_most_taken_out_a_month_is_the_budget_and_no_days(text):
    assert entities(text) == [("monthly_budget", "2000")]


# ---- K1 #9: 「支出不是6千 是4千 我说了开销4千」 sets the expenses to 4,000 (it made 8,000) ---------------------------------

K1_WRONG = Case(cards=K1_CARDS, situation=Situation(D(6000), D(6000), D(2000)))


@pytest.mark.parametrize("text", ["支出不是6千 是4千 我说了开销4千", "支出不是6千是4千", "开销不是6千 而是4千",
                                  "支出是4千不是6千", "我说了开销4千 不是6千"])
def test_a_correction_of_the_expenses_sets_them_to_the_figure_said(text):
    r = read(text, K1_WRONG)
    assert money(r) == (D(6000), D(4000), D(2000))
    assert r.changes == (Change("monthly_expenses", None, "6000", "4000"),)


@pytest.mark.parametrize("text, fact, after", [("收入不是6千 是5千", "monthly_income", "5000"),
                                                ("能还的不是2千 是1500", "monthly_budget", "1500")])
def test_a_correction_sets_the_fact_named(text, fact, after):
    r = read(text, K1_WRONG)
    assert r.changes == (Change(fact, None, "6000" if fact == "monthly_income" else "2000", after),)


def test_the_figure_after_a_negated_one_is_no_item():
    assert entities("支出不是6千 是4千 我说了开销4千") == [
        ("monthly_expenses", "6000"), ("amount", "4000"), ("monthly_expenses", "4000")]


def test_other_expenses_are_still_an_item():
    r = read("房租1500 吃饭1000 其他开销500", Case(cards=K1_CARDS))
    assert r.case.situation.monthly_expenses == D(3000)


# ---- K5 #10/#11: income 0 now (8,000 was last month), expenses 2,500 + 1,500 = 4,000 (the bot had 8,000 and 8,000) ----

K5_CASE = Case(cards=(Card(NY, D(12000), 0, statement_balance=D(12000)),))


def test_no_income_now_beside_last_months_wage_is_an_income_of_0():
    r = read("现在0 上个月是8000 下个月开始就没工资了", K5_CASE, requested_slot="monthly_income")
    assert r.case.situation.monthly_income == D(0)


def test_zero_now_answering_the_income_is_0():
    assert read("现在0 上个月是8000", K5_CASE, requested_slot="monthly_income").case.situation.monthly_income == D(0)


def test_last_months_wage_alone_is_still_the_answer():
    r = read("上个月是8000", K5_CASE, requested_slot="monthly_income")
    assert r.case.situation.monthly_income == D(8000)


@pytest.mark.parametrize("text", ["房租2500 吃饭什么的1500 大概4000", "房租2500 吃饭1500 差不多4000"])
def test_a_total_after_the_items_is_their_total(text):
    r = read(text, K5_CASE, requested_slot="monthly_expenses")
    assert r.case.situation.monthly_expenses == D(4000)
    assert dict(r.case.situation.expense_items) == {"房租": D(2500), "吃饭": D(1500)}


def test_a_larger_total_after_the_items_is_kept():
    r = read("房租2500 吃饭1500 大概5000", K5_CASE, requested_slot="monthly_expenses")
    assert r.case.situation.monthly_expenses == D(5000)


# ---- K5 #2: not overdue yet, due next month: no 30 days -------------------------------------------------------------

K5_T2 = "农行的卡 账单1万2 下个月15号还款日 我这个月工资是最后一个月了 下个月还不上会怎么样"


@pytest.mark.parametrize("before", [Case(cards=(Card(None, None, 0),)), Case()])
def test_a_due_date_next_month_is_not_overdue(before):
    r = read(K5_T2, before)
    assert [(c.bank, c.amount, c.overdue_days) for c in r.case.cards] == [(NY, D(12000), 0)]
    assert r.changes == ()


def test_the_last_month_of_a_wage_is_no_duration():
    assert entities("我这个月工资是最后一个月了") == []
    assert read("招行欠3万 逾期了 这个月工资是最后一个月了").case.cards[0].overdue_days is None


def test_a_due_date_past_still_counts_the_days():
    assert read("招行欠3万 15号还款日 没还上").case.cards[0].overdue_days == 23


def test_a_bank_naming_the_bankless_card_keeps_its_days_from_an_uncued_duration():
    r = read("农行的卡 账单1万2 两个月了", Case(cards=(Card(None, None, 0),)))
    assert r.case.cards[0].overdue_days == 0 and "overdue_days" in r.unsure


# ---- read10's leftover: the change line names the item that changed -----------------------------------------------

def test_the_change_line_names_the_item():
    listed = read("我每月房租1800 吃饭一千五 还有给我妈寄1000", Case(cards=K1_CARDS))
    r = read("不对 给我妈的是500不是1000 还有每月交通费300", listed.case)
    assert change_line(r.changes) == "给家里 1,000 → 500；加上交通费 300；月必要支出 4,300 → 4,100"
    assert change_line(read("房租涨到2000了", listed.case).changes) == "房租 1,800 → 2,000；月必要支出 4,300 → 4,500"
