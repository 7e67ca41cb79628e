"""The case update's plan readings (bot/nlu/case_update.py): a typed payment day / method and the
statement balance; and the one function that applies plan options (bot/plan_options.py)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot import plan_options
from bot.case import Card, Case
from bot.nlu.case_update import update_case

D = Decimal
ZS, GF, JS = "招商银行", "广发银行", "建设银行"
ONE_CARD = Case(cards=(Card(bank=ZS, amount=D(30000), overdue_days=40),))
TWO_CARDS = Case(cards=(Card(bank=ZS, amount=D(30000)), Card(bank=GF, amount=D(12000))))


# ---- the payment day and method ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "values"), [
    ("每月15号还", ("day:15",)),
    ("15号还款", ("day:15",)),
    ("16号还款", ("day:16",)),
    ("还款日改成20号", ("day:20",)),
    ("还款日是每月8号", ("day:8",)),
    ("每月21日", ("day:21",)),
    ("每个月3号扣款吧", ("day:3",)),
    ("每月十五号还款", ("day:15",)),
    ("还款日改成二十八号", ("day:28",)),
    ("改成25号", ("day:25",)),
    ("每月30号还款", ("day:30",)),  # read as said; bot.plan_options refuses 29–31 with its reason
    ("自动扣款", ("method:auto_debit",)),
    ("绑卡自动扣吧", ("method:auto_debit",)),
    ("我自己还", ("method:self",)),
    ("主动还款就行", ("method:self",)),
    ("每月12号还，自动扣款", ("day:12", "method:auto_debit")),
    ("自己还，还款日改成9号", ("method:self", "day:9")),
])
def test_a_typed_day_or_method_is_an_option_value(text, values):
    result = update_case(ONE_CARD, text)
    assert result.plan_options == values
    assert result.case == ONE_CARD  # the day's number is no amount, no days, no periods


@pytest.mark.parametrize("text", [
    "分15期", "逾期15天", "逾期15日了", "上个月15号还款日没还上", "每月15号发工资", "如果每月15号还款呢",
    "不是每月15号还", "3月15号还款", "100号还", "一百二十号还", "我自己还不起", "自己还了五千", "不要自动扣款", "15号还不上", "每月最多能还1500",
])
def test_periods_days_and_other_dates_are_no_option(text):
    assert update_case(ONE_CARD, text).plan_options == ()


def test_periods_and_days_stay_what_they_are_beside_a_day():
    result = update_case(ONE_CARD, "分18期，每月15号还")
    assert result.plan_options == ("day:15",) and result.case.situation.installments == 18
    result = update_case(ONE_CARD, "逾期50天了")
    assert result.plan_options == () and result.case.cards[0].overdue_days == 50


@pytest.mark.parametrize(("slot", "text"), [
    ("monthly_budget", "每月15号还款"), ("overdue_days", "每月20日"), ("installments", "还款日改成12号"),
])
def test_a_day_answering_a_form_question_answers_nothing(slot, text):
    result = update_case(ONE_CARD, text, requested_slot=slot)
    assert result.case == ONE_CARD and result.plan_options


def test_apply_takes_days_1_to_28_and_the_known_methods():
    assert plan_options.apply(None, ["day:1"]) == ({"payment_day": 1}, ("plan_option:payment_day",))
    assert plan_options.apply({}, ["day:28"])[0] == {"payment_day": 28}
    assert plan_options.apply({"payment_day": 5}, ["method:self"]) == (
        {"payment_day": 5, "payment_method": "self"}, ("plan_option:payment_method",))
    assert plan_options.apply({}, ["method:auto_debit"])[0] == {"payment_method": "auto_debit"}
    assert plan_options.apply({}, ["method:cash", "day:x", "menu"]) == ({}, ())


@pytest.mark.parametrize("day", ["0", "29", "30", "31"])
def test_apply_refuses_a_day_outside_1_to_28_and_keeps_the_old_one(day):
    stored = {"payment_day": 7}
    assert plan_options.apply(stored, [f"day:{day}"]) == ({"payment_day": 7}, ("invalid:payment_day",))
    assert stored == {"payment_day": 7}


# ---- the statement balance --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "balance"), [
    ("账单应还三万二", D(32000)),
    ("账单上写的应还款32000", D(32000)),
    ("本期应还32,000.50", D("32000.50")),
    ("本期账单33500", D(33500)),
])
def test_the_statement_balance_is_not_the_principal(text, balance):
    result = update_case(ONE_CARD, text)
    card = result.case.cards[0]
    assert card.statement_balance == balance and isinstance(card.statement_balance, Decimal)
    assert card.amount == D(30000) and card.overdue_days == 40 and len(result.case.cards) == 1
    assert "debt_amount" not in result.changed


def test_the_statement_balance_of_the_bank_named():
    case = update_case(TWO_CARDS, "广发账单应还一万三").case
    assert [(c.bank, c.amount, c.statement_balance) for c in case.cards] == [
        (ZS, D(30000), None), (GF, D(12000), D(13000))]
    case = update_case(case, "招行的账单应还三万一").case
    assert [c.statement_balance for c in case.cards] == [D(31000), D(13000)]


def test_without_a_bank_the_only_or_last_card():
    assert update_case(TWO_CARDS, "账单应还一万四").case.cards[1].statement_balance == D(14000)
    assert update_case(TWO_CARDS, "账单应还一万四").case.cards[0].statement_balance is None
    case = update_case(Case(), "账单应还八千").case
    assert case.cards == (Card(amount=D(8000), statement_balance=D(8000)),)
    assert case.contract_slots()["debt_amount"] == 8000.0  # the one debt known: the answers still compute
    case = update_case(Case(), "建行欠了两万，账单应还两万一").case
    assert case.cards == (Card(bank=JS, amount=D(20000), statement_balance=D(21000)),)


def test_the_minimum_payment_is_no_statement_balance():
    assert update_case(ONE_CARD, "最低应还1600").case.cards[0].statement_balance is None


def test_the_statement_balance_is_corrected_like_the_other_facts():
    case = update_case(ONE_CARD, "账单应还三万二").case
    later = update_case(case, "不对，账单应还是三万四").case
    assert later.cards[0].statement_balance == D(34000) and later.cards[0].amount == D(30000)
    negated = update_case(case, "账单应还不是三万二，是三万六")
    assert negated.case.cards[0].statement_balance == D(36000) and negated.case.cards[0].amount == D(30000)
    assert "corrected:statement_balance" in negated.notes
    hypothetical = update_case(case, "如果账单应还四万呢").case
    assert hypothetical.cards[0].statement_balance == D(32000)


def test_an_implausible_statement_balance_is_refused():
    result = update_case(ONE_CARD, "账单应还两千万")
    assert result.case == ONE_CARD and "invalid:statement_balance" in result.notes


def test_the_statement_balance_survives_the_slot():
    case = update_case(ONE_CARD, "本期应还32,000.50").case
    assert Case.from_slot(case.to_slot()).cards[0].statement_balance == D("32000.50")
    assert case.to_slot()["cards"][0]["statement_balance"] == "32000.5"  # a decimal string, never a float


def test_a_balance_without_a_principal_is_the_amount_until_a_principal_is_said():
    case = update_case(Case(), "账单应还三万二").case
    case = update_case(case, "不对，账单应还是三万四").case
    assert case.cards == (Card(amount=D(34000), statement_balance=D(34000)),)
    case = update_case(case, "本金是三万一").case  # recorded as the principal too (issue 23, truth2)
    assert case.cards == (Card(amount=D(31000), statement_balance=D(34000), principal=D(31000)),)
    case = update_case(case, "账单应还三万五").case
    assert case.cards == (Card(amount=D(31000), statement_balance=D(35000), principal=D(31000)),)
