"""bot.whatif: scenario parsing (table-driven) and each figure checked against the finance engine."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot import finance, whatif
from bot.finance.penalty import penalty_amount
from bot.whatif import CardFacts, Scenario, parse_scenario

TODAY = date(2026, 12, 1)
D = Decimal


@pytest.mark.parametrize("text, expected", [
    ("先还5000利息能少多少", Scenario(whatif.PAY_NOW, amount=D("5000.00"))),
    ("还五千能少多少利息", Scenario(whatif.PAY_NOW, amount=D("5000.00"))),
    ("现在先还1.2万会少多少", Scenario(whatif.PAY_NOW, amount=D("12000.00"))),
    ("拖到下个月会多多少", Scenario(whatif.PAY_LATER, delay_days=30, delay_label="下个月")),
    ("下周再还呢", Scenario(whatif.PAY_LATER, delay_days=7, delay_label="下周")),
    ("明天再还会多多少", Scenario(whatif.PAY_LATER, delay_days=1, delay_label="明天")),
    ("过两周再还会怎样", Scenario(whatif.PAY_LATER, delay_days=14, delay_label="2周后")),
    ("推迟10天还会多多少", Scenario(whatif.PAY_LATER, delay_days=10, delay_label="10天后")),
    ("拖到月底再还", Scenario(whatif.PAY_LATER, delay_days=30, delay_label="月底")),  # 1 Dec → 31 Dec
    ("现在一次还清要多少", Scenario(whatif.PAY_OFF)),
    ("今天全部还清一共多少钱", Scenario(whatif.PAY_OFF)),
    ("分36期每月多少", Scenario(whatif.INSTALMENTS, periods=36)),
    ("分三十六期每个月还多少", Scenario(whatif.INSTALMENTS, periods=36)),
    ("分三年每月多少", Scenario(whatif.INSTALMENTS, periods=36)),
    ("3万分12期每期还多少", Scenario(whatif.INSTALMENTS, periods=12, amount=D("30000.00"))),
    ("分期每月还多少", Scenario(whatif.INSTALMENTS)),
    ("只还最低会怎样", Scenario(whatif.MIN_ONLY)),
    ("那如果只还最低呢", Scenario(whatif.MIN_ONLY)),
    ("一直还最低会怎样", Scenario(whatif.MIN_ONLY)),
    ("月底还3000够最低吗", Scenario(whatif.COVERS_MIN, amount=D("3000.00"))),
    ("还五千够不够最低还款", Scenario(whatif.COVERS_MIN, amount=D("5000.00"))),
    ("最低还款额2000 我还了1500算不算逾期", Scenario(whatif.COVERS_MIN, amount=D("1500.00"), minimum=D("2000.00"))),
    ("先还哪张", Scenario(whatif.WHICH_FIRST)),
    ("招行和广发先还哪个", Scenario(whatif.WHICH_FIRST)),
    ("两张卡哪张先还", Scenario(whatif.WHICH_FIRST)),
    ("ｆｕｌｌ　先还５０００能少多少", Scenario(whatif.PAY_NOW, amount=D("5000.00"))),  # full-width
    ("逾期45 先还5000能少多少", Scenario(whatif.PAY_NOW, amount=D("5000.00"))),  # a bare count is not money
])
def test_scenarios_are_read(text, expected):
    assert parse_scenario(text, TODAY) == expected


@pytest.mark.parametrize("text", [
    "", "招行欠了两万五 逾期45天", "利息多少", "还清后征信保留多久", "每月能还2000", "分60期", "晚了两天",
    "广发2万8 晚了50天 要付多少利息", "晚还一天有事吗", "最低还款额是多少", "分期剩余的可以一次还清吗",
    "协商的时候银行要求我先还一部分", "先还最低还款行不行", "还了最低 下个月要还多少", "晚了两个月 征信会变成几",
])
def test_statements_and_other_questions_are_not_what_ifs(text):
    assert parse_scenario(text, TODAY) is None


def test_month_end_depends_on_today():
    assert parse_scenario("拖到月底再还", date(2026, 12, 20)).delay_days == 11
    assert parse_scenario("拖到月底再还", None) is None  # 「月底」 alone cannot be placed without a date


@pytest.mark.parametrize("raw, value", [("36", 36), ("三十六", 36), ("十二", 12), ("十", 10), ("两", 2), ("二十", 20),
                                        ("九十九", 99), ("x十", None), ("三四", None)])
def test_small_numbers(raw, value):
    assert whatif.small_number(raw) == value


CMB = CardFacts("招商银行", D(25000), 45)


@pytest.mark.parametrize("delay", [1, 7, 30, 60])
def test_pay_later_is_the_difference_of_two_projections(delay):
    r = whatif.pay_later(CMB, delay)
    now = finance.project_overdue(D(25000), 45, bank="招商银行")
    later = finance.project_overdue(D(25000), 45 + delay, bank="招商银行")
    assert r.extra_total == later.total_owed - now.total_owed > 0
    assert r.extra_interest == later.total_interest - now.total_interest
    assert r.extra_penalty == later.total_penalty - now.total_penalty
    assert (r.owed_today, r.owed_later) == (now.total_owed, later.total_owed)
    assert r.code_today == finance.credit_code(45, 3) == "2"
    assert r.code_later == finance.credit_code(45 + delay, 3)


def test_pay_later_within_grace_costs_nothing():
    r = whatif.pay_later(CardFacts("招商银行", D(5000), 1), 2)  # day 3 is the last day of 招商's 3 grace days
    assert r.within_grace_later and r.extra_total == 0
    r = whatif.pay_later(CardFacts("招商银行", D(5000), 1), 3)
    assert not r.within_grace_later and r.extra_total > 0


def test_pay_later_uses_the_cards_bank():
    icbc = whatif.pay_later(CardFacts("工商银行", D(12000), 2), 5)
    expected = finance.project_overdue(D(12000), 7, bank="工商银行")
    assert icbc.owed_later == expected.total_owed and not icbc.within_grace_today  # 工行: no grace


def test_pay_off_is_todays_projection_and_a_month_of_waiting():
    r = whatif.pay_off(CMB)
    now = finance.project_overdue(D(25000), 45, bank="招商银行")
    assert (r.owed, r.interest, r.penalty, r.principal) == (
        now.total_owed, now.total_interest, now.total_penalty, D(25000))
    assert r.owed == r.principal + r.interest + r.penalty
    assert r.wait_cost == finance.project_overdue(D(25000), 75, bank="招商银行").total_owed - now.total_owed


def test_pay_now_saves_a_share_of_the_next_cycles_interest():
    r = whatif.pay_now(CMB, D(5000))
    now = finance.project_overdue(D(25000), 45, bank="招商银行")
    later = finance.project_overdue(D(25000), 75, bank="招商银行")
    bearing = now.rows[-1].opening_balance
    window = later.total_interest - now.total_interest
    assert r.to_fees == now.total_penalty  # fees are settled first and bear no interest
    assert r.interest_saved == finance.money.round_money(window * (D(5000) - now.total_penalty) / bearing)
    assert r.remaining == now.total_owed - D(5000)
    minimum, estimated = whatif.current_minimum(CMB)
    assert estimated and r.minimum == minimum and not r.covers_minimum
    # the fee avoided is the bank's rule on the unpaid minimum, before and after this payment (DOMAIN §2)
    assert r.penalty_saved == penalty_amount(CMB.schedule, minimum, principal=D(25000)) - penalty_amount(
        CMB.schedule, minimum - D(5000), principal=D(25000))


def test_pay_now_covering_the_minimum_saves_the_whole_next_fee():
    minimum, _ = whatif.current_minimum(CMB)
    r = whatif.pay_now(CMB, minimum)
    assert r.covers_minimum and r.penalty_saved == penalty_amount(CMB.schedule, minimum, principal=D(25000)) > 0


@pytest.mark.parametrize("paid, saved", [(None, D("150.00")), (D(500), D("125.00"))])
def test_pay_now_penalty_avoided_is_computed_on_the_unpaid_minimum(paid, saved):
    # persona trial C5: 工行 30,000, 60 days, statement minimum 3,000 (500 already paid), 「这个月还5000」:
    # the fee avoided is 5 % of the unpaid minimum (≤ 150), never the projection's 496.10
    card = CardFacts("工商银行", D(30000), 60, min_payment=D(3000), paid=paid)
    r = whatif.pay_now(card, D(5000))
    assert r.covers_minimum and r.penalty_saved == saved
    partial = whatif.pay_now(card, D(1000))
    unpaid = D(3000) - (paid or 0)
    assert not partial.covers_minimum and partial.penalty_saved == D("50.00")  # 5 % of the 1,000 paid on it
    assert unpaid - 1000 > 0


def test_paying_more_than_owed_clears_everything():
    r = whatif.pay_now(CMB, D(30000))
    assert r.clears_all and r.remaining == 0
    assert r.owed_today == finance.project_overdue(D(25000), 45, bank="招商银行").total_owed


def test_more_money_saves_more():
    assert whatif.pay_now(CMB, D(8000)).interest_saved > whatif.pay_now(CMB, D(5000)).interest_saved


def test_instalments_both_ways_from_the_engine():
    r = whatif.instalments(CMB, 36, TODAY)
    owed = finance.project_overdue(D(25000), 45, bank="招商银行").total_owed
    bill = finance.installment(D(25000), 36, D("0.006"))
    personal = finance.plan([finance.Debt(amount=owed)], periods=36, today=TODAY)
    assert r.bill.per_period == bill.per_period and r.bill.total_fee == bill.total_fee
    assert r.personal_monthly == personal.monthly_payment and r.balance == owed
    assert not r.capped and r.periods == 36


def test_instalments_published_examples():
    # DOMAIN §8: 30,000 × 12 at 0.6% → 2,680.00; 个性化分期 60,000 over 60 → 1,000.00
    r = whatif.instalments(CardFacts(None, D(30000)), 12, TODAY)
    assert (r.bill.per_period, r.bill.total_fee) == (D("2680.00"), D("2160.00"))
    assert whatif.instalments(CardFacts(None, D(60000)), 60, TODAY).personal_monthly == D("1000.00")


def test_instalments_are_capped_at_60_periods():
    r = whatif.instalments(CardFacts(None, D(60000)), 72, TODAY)
    assert r.capped and r.periods == 60 and r.requested_periods == 72


def test_minimum_only_against_not_paying():
    r = whatif.minimum_only(CMB)
    owed = finance.project_overdue(D(25000), 45, bank="招商银行").total_owed
    engine = finance.project_minimum_only(owed, 12, bank="招商银行")
    unpaid = finance.project_overdue(D(25000), 45 + 360, bank="招商银行").total_owed
    assert (r.first_minimum, r.total_interest, r.remaining) == (
        engine.first_min_payment, engine.total_interest, engine.remaining_balance)
    assert r.saved_against_unpaid == unpaid - engine.total_paid - engine.remaining_balance > 0
    assert r.overdue


def test_minimum_only_without_days_uses_the_principal():
    r = whatif.minimum_only(CardFacts("招商银行", D(10000)))
    assert r.balance == D(10000) and r.first_minimum == D("1000.00") and not r.overdue


@pytest.mark.parametrize("card, amount, minimum, estimated, covers", [
    (CardFacts("招商银行", D(20000)), D(3000), D("2000.00"), True, True),  # 10% of the principal
    (CardFacts("招商银行", D(20000)), D("1999.99"), D("2000.00"), True, False),
    (CardFacts("招商银行", D(20000), min_payment=D(3500)), D(3000), D(3500), False, False),  # the statement's
    (CardFacts("招商银行", D(20000), min_payment=D(3000)), D(3000), D(3000), False, True),  # inclusive
])
def test_covers_minimum(card, amount, minimum, estimated, covers):
    r = whatif.covers_minimum(card, amount)
    assert (r.minimum, r.estimated, r.covers) == (minimum, estimated, covers)
    assert r.shortfall == max(D(0), minimum - amount)


def test_overdue_minimum_carries_the_past_due_minimums():
    minimum, estimated = whatif.current_minimum(CMB)
    billed = [row for row in finance.project_overdue(D(25000), 45, bank="招商银行").rows if row.billed]
    assert estimated and minimum == billed[-1].min_payment > D(2500)
    r = whatif.covers_minimum(CMB, D(3000))
    assert r.overdue and not r.covers


def test_each_cards_minimum_on_that_card():
    cards = [CardFacts("招商银行", D(20000), 45), CardFacts("中信银行", D(1000), 45)]
    r = whatif.which_first(cards)
    for p in r.order:
        minimum, _ = whatif.current_minimum(p.card)
        assert p.minimum == minimum
        assert p.penalty_if_missed == penalty_amount(p.card.schedule, minimum, principal=p.card.principal)
    assert r.total_minimum == sum(p.minimum for p in r.order)
    # 中信's floor is 20 (DOMAIN §2): a card priced by another bank's rule would show less
    citic = next(p for p in r.order if p.card.bank == "中信银行")
    assert citic.penalty_if_missed >= D(20)


def test_which_first_smallest_when_days_are_equal():
    r = whatif.which_first([CardFacts("招商银行", D(20000), 45), CardFacts("广发银行", D(8000), 45)])
    assert [p.card.bank for p in r.order] == ["广发银行", "招商银行"]
    assert r.order[0].reason == whatif.REASON_SMALLEST and not r.days_differ
    assert r.below_threshold_gap is None and r.total_principal == D(28000)


def test_which_first_most_overdue_first():
    r = whatif.which_first([CardFacts("招商银行", D(8000), 30), CardFacts("广发银行", D(40000), 100)])
    assert r.order[0].card.bank == "广发银行" and r.order[0].reason == whatif.REASON_MOST_OVERDUE


@pytest.mark.parametrize("amounts, gap", [
    ((D(30000), D(20000)), D("0.01")),  # exactly 5万 meets the threshold (≥)
    ((D(30000), D(25000)), D("5000.01")),
    ((D(30000), D("19999.99")), None),
])
def test_total_principal_against_the_criminal_threshold(amounts, gap):
    r = whatif.which_first([CardFacts("招商银行", amounts[0], 45), CardFacts("广发银行", amounts[1], 45)])
    assert r.total_principal == sum(amounts) and r.below_threshold_gap == gap


def test_several_cards_are_summed_card_by_card():
    cards = [CardFacts("招商银行", D(25000), 45), CardFacts("中信银行", D(1000), 20)]
    later = whatif.pay_later_all(cards, 30)
    parts = [whatif.pay_later(c, 30) for c in cards]
    assert later.extra_total == sum(p.extra_total for p in parts)
    assert later.extra_penalty == sum(p.extra_penalty for p in parts)
    assert later.code_later == max(p.code_later for p in parts) and later.code_today == "2"
    off = whatif.pay_off_all(cards)
    assert off.owed == sum(whatif.pay_off(c).owed for c in cards) and off.principal == D(26000)
    # each bank's own rules: 中信's 违约金 floor is 20, 招商's 10 (DOMAIN §2)
    assert whatif.pay_off(CardFacts("招商银行", D(1000), 20)).owed != whatif.pay_off(cards[1]).owed


def test_worst_code():
    assert whatif._worst_code(["N", "2", "1"]) == "2" and whatif._worst_code(["N"]) == "N"


# ---- issue 19 (whatif2): a monthly amount against 60 periods; a long delay's report ------------------

def test_budget_fit_figures():
    r = whatif.budget_fit(D(130000), D(1000))
    assert (r.fits, r.needed_monthly, r.periods_needed, r.monthly_gap, r.total_gap) == (
        False, D("2166.67"), 130, D("1166.67"), D("70000.00"))
    ok = whatif.budget_fit(D(60000), D(1000))
    assert ok.fits and ok.periods_needed == 60 and ok.monthly_gap == 0
    assert not whatif.budget_fit(D(60001), D(1000)).fits
    assert whatif.budget_fit(D(30000), D(1000), 24).periods == 24 and not whatif.budget_fit(D(30000), D(1000), 24).fits


@pytest.mark.parametrize("text, amount, periods", [
    ("每月1000的话 招行建行能给我分几年", D(1000), None),
    ("13万 每月1000 60期 够不够", D(1000), 60),
    ("每月1000要还多少年", D(1000), None),
    ("每个月最多还两千 要多久才能还完", D(2000), None),
])
def test_budget_what_ifs_are_read(text, amount, periods):
    assert whatif.parse_scenario(text, date(2026, 12, 7)) == whatif.Scenario(whatif.BUDGET_FIT, amount=amount,
                                                                              periods=periods)


def test_delay_report_criminal_time():
    card = whatif.CardFacts("广发银行", D(80000), 110)
    assert whatif.delay_report([card], 90).criminal_time == "crossed"
    assert whatif.delay_report([card], 11).criminal_time is None  # day 121: not yet
    assert whatif.delay_report([card], 12).criminal_time == "crossed"  # day 122
    assert whatif.delay_report([whatif.CardFacts("广发银行", D(80000), 130)], 30).criminal_time == "already"
    assert whatif.delay_report([whatif.CardFacts("广发银行", D(49999), 110)], 90).criminal_time is None


@pytest.mark.parametrize("text, amount", [
    ("账单上最低还款写的是520不是500 那我今天还500够不够", "500.00"),
    ("最低还款写的是520不是500 我今天还450够不够", "450.00"),
])
def test_the_minimum_said_as_written_on_the_bill_is_the_minimum_and_a_figure_said_wrong_is_no_payment(text, amount):
    """Persona trial s11 Q4 #14: 520 was taken for the payment and the answer was 「够」 against an estimated 500."""
    scenario = parse_scenario(text)
    assert scenario == Scenario(whatif.COVERS_MIN, amount=D(amount), minimum=D("520.00"))
    card = CardFacts(bank="招商银行", principal=D("5000"), overdue_days=3, min_payment=scenario.minimum)
    assert not whatif.covers_minimum(card, scenario.amount).covers
