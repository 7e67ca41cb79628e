"""Persona trial s10 P4 (issue 19): a first-card user, not overdue (statement 6,000, minimum 600, has 400). Her
questions about a figure and her plan to pay the minimum in two parts are no new facts; what they ask is read."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot import whatif
from bot.case import Card, Case
from bot.nlu.reading import TurnContext, read_turn

D = Decimal
TODAY = date(2026, 12, 8)
HERS = Case(cards=(Card(bank=None, amount=D(6000), overdue_days=0, statement_balance=D(6000), min_payment=D(600)),))


@pytest.mark.parametrize("text", [
    "分期的话 每个月536 这536是不是就是我每个月要还的全部了",  # P4 #12: 已改：每月能还 600 → 536
    "我是问分期后每个月是不是只还536就行了 还要不要另外还最低",  # P4 #13
    "好的谢谢 那我先还400 再想办法凑200 在还款日前还上 这样可以吧",  # P4 #15: 已改：每月能还 536 → 200
    "我问的是 在还款日之前分两次还 400和200 可以吗",  # P4 #16
    "你还是没回答我 还款日前先还400 过两天再还200 总共600 这样算不算按时还了最低",  # P4 #17: 已改：欠款 6,000 → 600
    "我现在有400 是先还400还是等凑够600再还",  # P4 #7: 每月能还600 stored silently
    "不是问哪张卡 我就一张卡 我是问手上400块 是现在先还进去 还是等凑够600一起还 有区别吗",  # P4 #8
])
def test_her_questions_and_payment_plans_change_no_fact(text):
    reading = read_turn(text, HERS, TODAY, TurnContext())
    assert reading.changes == (), [(c.fact, c.before, c.after) for c in reading.changes]
    card = reading.case.cards[0]
    assert (card.amount, card.min_payment, card.statement_balance) == (D(6000), D(600), D(6000))
    assert reading.case.situation.monthly_budget is None


def test_a_budget_she_never_said_is_not_taken():
    with_budget = Case(cards=HERS.cards, situation=HERS.situation.__class__(monthly_budget=D(600)))
    reading = read_turn("我没说每月能还536", with_budget, TODAY, TurnContext())
    assert reading.case.situation.monthly_budget == D(600)


@pytest.mark.parametrize("text, budget", [
    ("我每个月能还536", D(536)),  # said as a fact it is still a fact
    ("每月最多还2000", D(2000)),
])
def test_a_monthly_amount_said_plainly_is_still_the_budget(text, budget):
    assert read_turn(text, HERS, TODAY, TurnContext()).case.situation.monthly_budget == budget


@pytest.mark.parametrize("text, amounts, budget", [
    ("招行欠了8000 最低800 先还500 再还300 可以吗", [D(8000)], None),
    ("欠招行2万 建行3万 一起还的话每月多少", [D(20000), D(30000)], None),
    ("招行两万 建行三万 我想一起还 每月能还3000", [D(20000), D(30000)], D(3000)),
])
def test_debts_and_budget_said_with_a_split_payment_are_still_facts(text, amounts, budget):
    reading = read_turn(text, Case(), TODAY, TurnContext())
    assert [c.amount for c in reading.case.cards] == amounts
    assert reading.case.situation.monthly_budget == budget


@pytest.mark.parametrize("text, expected", [
    ("那我先还400 再想办法凑200 在还款日前还上 这样可以吧",
     whatif.SplitPayment(parts=(D(400), D(200)), before_due=True)),
    ("还款日前先还400 过两天再还200 总共600 这样算不算按时还了最低",
     whatif.SplitPayment(parts=(D(400), D(200)), later_days=2)),
    ("我现在有400 是先还400还是等凑够600再还", whatif.SplitPayment(parts=(D(400),), wait=True, target=D(600))),
    ("我是问手上400块 是现在先还进去 还是等凑够600一起还 有区别吗",
     whatif.SplitPayment(parts=(D(400),), wait=True, target=D(600))),
])
def test_a_split_payment_is_read(text, expected):
    assert whatif.parse_split(text) == expected


@pytest.mark.parametrize("text", ["我现在有400 是先还400还是等凑够600再还", "先还400还是等凑够600再还"])
def test_paying_part_now_or_waiting_is_not_which_card_first(text):
    scenario = whatif.parse_scenario(text)
    assert scenario is None or scenario.kind != whatif.WHICH_FIRST


@pytest.mark.parametrize("text", ["先还招行还是建行", "我手上有5000 先还招行还是先还建行"])
def test_which_card_first_is_still_read(text):
    assert whatif.parse_scenario(text).kind == whatif.WHICH_FIRST


@pytest.mark.parametrize("text, asked", [
    ("分期以后还要还最低还款吗", True),
    ("我问的是分期以后 那分期的部分还有没有最低还款 你一直回一样的", True),
    ("算了 那账单分期会不会影响征信 分期以后还用还最低还款吗", True),
    ("分期的话 每个月536 这536是不是就是我每个月要还的全部了", True),
    ("6000分12期大概多少手续费", False),
    ("只还最低会怎样", False),
])
def test_what_is_due_after_an_instalment_is_asked(text, asked):
    assert whatif.asks_after_instalment(text) is asked
