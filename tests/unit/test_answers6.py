"""answers6 (persona trials s6 I3, I1, J5): the arithmetic of the grace days, of 先还X within them, and of a monthly
amount with interest running (DOMAIN §1, rate 0.05 %/day, Decimal, half-up to the fen)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot import whatif

D = Decimal
I3 = whatif.CardFacts("交通银行", D(12000), overdue_days=3, min_payment=D(1200), paid=D(500))


def test_i3_grace_state():
    s = whatif.grace_state(I3)
    assert (s.grace, s.days_left, s.unpaid_minimum, s.remaining) == (3, 0, D(700), D(11500))
    assert s.penalty_if_missed == D("35.00")  # 700 × 5 %, 交行 floor 10
    # 12,000 × 20 (posting .. day before due) + 11,500 × 3 (due .. day 2) + 10,800 × 8 (today .. next statement)
    assert s.next_interest == D("180.45") and s.balance_after == D(10800) and s.daily_after == D("5.40")


def test_grace_state_not_overdue_minimum_estimated():
    """J5: 中行 12,000, not overdue: the minimum 10 % = 1,200; 12,000 × 20 + 10,800 × 11 = 358,800 × 0.05 % = 179.40."""
    s = whatif.grace_state(whatif.CardFacts("中国银行", D(12000), overdue_days=0))
    assert s.minimum_estimated and s.unpaid_minimum == D("1200.00") and s.next_interest == D("179.40")


def test_grace_state_unpaid_part_bank_keeps_the_free_period_of_what_was_paid():
    s = whatif.grace_state(whatif.CardFacts("工商银行", D(10000), overdue_days=0, min_payment=D(1000)))
    assert s.next_interest == D("139.50")  # only the 9,000 left unpaid, 31 days


@pytest.mark.parametrize("card", [whatif.CardFacts("交通银行", D(12000), overdue_days=4, min_payment=D(1200)),
                                  whatif.CardFacts("交通银行", D(12000))])
def test_no_grace_state_past_grace_or_days_unknown(card):
    assert whatif.grace_state(card) is None


def test_i3_paying_5000_within_grace_saves_75():
    r = whatif.pay_now(I3, D(5000))
    assert r.interest_saved == D("75.00")  # 5,000 × 0.05 % × 30, not 129.90
    assert r.covers_minimum and r.remaining == D(6500)


def test_paying_past_grace_keeps_the_window_method():
    card = whatif.CardFacts("招商银行", D(10000), overdue_days=40)
    r = whatif.pay_now(card, D(5000))
    assert D("70") < r.interest_saved < D("85")  # about 5,000 × 0.05 % × 30 on a balance that compounds


def test_repay_with_interest_27000_at_1000():
    r = whatif.repay_with_interest(D(27000), D(1000), D("0.0005"))
    assert r.first_interest == D("405.00")  # 27,000 × 0.05 % × 30
    assert r.months == 35 and r.total_interest == D("7872.74") and r.years == D("2.9")


def test_repay_with_interest_never_when_the_payment_is_below_the_interest():
    r = whatif.repay_with_interest(D(80000), D(1000), D("0.0005"))
    assert r.months is None and r.first_interest == D("1200.00")


@pytest.mark.parametrize("text, asked", [("如果利息照算 每个月还1000 要还多久", True), ("要是银行不同意停息 那我每个月1000够不够", True),
                                         ("每月1000要还几年", False), ("利息继续算的话每月1000够吗", True)])
def test_asks_with_interest(text, asked):
    assert whatif.asks_with_interest(text) is asked


@pytest.mark.parametrize("text", ["交行信用卡 账单12000 最低还款1200 我到期那天只还了500 现在还要还多少", "现在还欠多少 账单12000"])
def test_still_owing_is_no_payment(text):
    assert whatif.parse_scenario(text) is None


def test_paying_now_is_still_a_payment():
    assert whatif.parse_scenario("现在还5000有用吗").kind == whatif.PAY_NOW


def test_the_general_grace_rule_says_what_the_minimum_within_grace_does():
    """One grace rule everywhere (DOMAIN §1): within grace the minimum avoids 违约金 and the overdue, never the interest
    on what stays unpaid (trial I3: 「过了容时期才算逾期，并从记账日起计息」 read as no interest within grace)."""
    from bot.finance import templates as t

    rule = t.grace_rule(3, "通常做法")
    assert "只还足最低还款额的，同样不收违约金、不算逾期，但没还清的部分从记账日起计息" in rule, rule
