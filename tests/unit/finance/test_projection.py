from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import FinanceInputError, get_schedule, project_minimum_only, project_overdue
from bot.finance import templates as t
from bot.finance.money import round_money
from bot.finance.projection import COURT_REFERENCE_RATE, CYCLE_DAYS, DUE_GAP_DAYS, FEE_STOP_DAYS
from bot.finance.schedules import CAP_PRINCIPAL

D = Decimal


def test_45_days_by_hand():
    result = project_overdue(10000, 45, today=date(2024, 6, 1))
    # interest: 10000×31d = 155.00; 10155×30d = 152.325 → 152.33; 10307.33×4d = 20.61
    assert [row.interest for row in result.rows] == [D("155.00"), D("152.33"), D("20.61")]
    assert result.total_interest == D("327.94")
    # 违约金: due day 0 on 10% = 1000 → 50; due day 30 on 1000 + 155 + 1000 = 2155 → 107.75 (the first 违约金
    # is billed but not charged 5 % again: issue 23 item 9)
    assert [row.penalty for row in result.rows] == [D("50.00"), D("107.75"), D("0")]
    assert [row.penalty_base for row in result.rows] == [D("1000.00"), D("2155.00"), D("0")]
    assert result.total_penalty == D("157.75")
    assert result.total_owed == D("10485.69")
    assert result.rows[0].statement_date == date(2024, 4, 27)
    assert result.rows[-1].statement_date == date(2024, 6, 1) and not result.rows[-1].billed
    assert result.statements == 2 and result.missed_due_dates == 2


def test_penalty_never_bears_interest():
    # 中信 (floor 20) and the default (no floor) charge different 违约金 on the same debt; interest is equal
    low_fee = project_overdue(300, 200)
    high_fee = project_overdue(300, 200, bank="中信银行")
    assert high_fee.total_penalty > low_fee.total_penalty
    assert high_fee.total_interest == low_fee.total_interest


def test_interest_compounds_monthly():
    result = project_overdue(10000, 100)
    billed = [row for row in result.rows if row.billed]
    for previous, row in pairwise(billed):
        assert row.opening_balance == previous.opening_balance + previous.interest


@pytest.mark.parametrize(("days", "bank"), [(0, None), (3, None), (2, "农业银行")])
def test_within_grace_nothing_is_charged(days, bank):
    result = project_overdue(5000, days, bank=bank)
    assert result.within_grace and result.total_interest == 0 and result.total_penalty == 0
    assert result.total_owed == D(5000)


def test_icbc_has_no_grace_and_its_cap():
    result = project_overdue(200000, 365, bank="工商银行")
    assert not result.within_grace
    assert all(row.penalty <= 500 for row in result.rows)


def test_totals_and_assumptions():
    result = project_overdue(8000, 720)
    assert result.statements == 24
    assert result.total_owed == result.principal + result.total_interest + result.total_penalty
    assert sum(row.interest for row in result.rows) == result.total_interest
    assert sum(row.penalty for row in result.rows) == result.total_penalty
    text = "".join(result.assumptions)
    assert "复利" in text and "30天" in text and "不计利息" in text and "24%" in text
    assert result.to_dict()["rows"][0]["statement_date"] is None


def test_overrides():
    base = project_overdue(10000, 90)
    assert project_overdue(10000, 90, daily_rate="0.0004").total_interest < base.total_interest
    assert project_overdue(10000, 90, min_payment_ratio="0.05").total_penalty < base.total_penalty


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"principal": 0, "overdue_days": 10}, "principal"),
    ({"principal": 100, "overdue_days": -1}, "overdue_days"),
    ({"principal": 100, "overdue_days": 4000}, "overdue_days"),
    ({"principal": 100, "overdue_days": 10, "daily_rate": "0.5"}, "daily_rate"),
    ({"principal": 100, "overdue_days": 10, "min_payment_ratio": 0}, "min_payment_ratio"),
    ({"principal": 100, "overdue_days": 10, "today": "2024-13-01"}, "today"),
])
def test_bad_input(kwargs, field):
    with pytest.raises(FinanceInputError) as info:
        project_overdue(**kwargs)
    assert info.value.field == field


@given(st.decimals(min_value=D(100), max_value=D(1000000), places=2), st.integers(0, 1000), st.integers(1, 60),
       st.sampled_from([None, "招商银行", "工商银行", "中信银行"]))
def test_owed_is_monotone_in_days(principal, days, extra, bank):
    earlier = project_overdue(principal, days, bank=bank)
    later = project_overdue(principal, days + extra, bank=bank)
    assert later.total_interest >= earlier.total_interest >= 0
    assert later.total_penalty >= earlier.total_penalty >= 0
    assert later.total_owed >= earlier.total_owed


@given(st.decimals(min_value=D(100), max_value=D(1000000), places=2), st.decimals(min_value=D(1), max_value=D(1000), places=2),
       st.integers(0, 400))
def test_owed_is_monotone_in_amount(principal, extra, days):
    assert project_overdue(principal + extra, days).total_owed >= project_overdue(principal, days).total_owed


# ── minimum only ────────────────────────────────────────────────────────────────────────────────
def test_minimum_only_first_cycle_by_method():
    full = project_minimum_only(10000, 1, bank="招商银行")
    unpaid = project_minimum_only(10000, 1, bank="工商银行")
    assert full.first_min_payment == D("1000.00")
    # full: 10000×20 + 9000×11 days; unpaid only: 9000×31 days (at 0.05%/day)
    assert full.total_interest == D("149.50")
    assert unpaid.total_interest == D("139.50")


@given(st.decimals(min_value=D(1), max_value=D(1000000), places=2), st.integers(1, 120),
       st.sampled_from([None, "工商银行"]), st.sampled_from([None, "0.1", "0.5", "1"]))
def test_minimum_only_accounts_balance(principal, months, bank, ratio):
    result = project_minimum_only(principal, months, bank=bank, min_payment_ratio=ratio)
    assert result.total_paid + result.remaining_balance == principal + result.total_interest
    assert result.total_interest >= 0
    assert result.paid_off == (result.remaining_balance == 0)


def test_minimum_only_full_ratio_pays_off_at_once():
    result = project_minimum_only(5000, 12, min_payment_ratio=1)
    assert result.paid_off and result.months_to_payoff == 1 and result.total_interest == 0


def test_minimum_only_twelve_months_costs_interest_and_leaves_debt():
    result = project_minimum_only(10000, 12, bank="招商银行")
    assert result.months == 12 and not result.paid_off
    assert D(1000) < result.total_interest < D(1200)
    assert result.remaining_balance > D(2000)


# ── 违约金 over a long default (issue 23 item 9) ─────────────────────────────────────────────────────
BANKS = [None, "招商银行", "工商银行", "中信银行", "浦发银行", "华夏银行", "农业银行", "广发银行", "建设银行"]


def _rule(bank: str | None, base: Decimal, principal: Decimal) -> Decimal:
    """The bank's 违约金 rule, restated here: 5 % of the unpaid minimum, then the floor, then the cap."""
    schedule = get_schedule(bank)
    fee = base * schedule.penalty_rate.value
    if schedule.penalty_floor.value is not None:
        fee = max(fee, schedule.penalty_floor.value)
    cap = schedule.penalty_cap.value
    if cap is not None:
        fee = min(fee, principal if cap == CAP_PRINCIPAL else cap)
    return round_money(fee)


def test_eight_thousand_over_six_years_no_longer_runs_away():
    result = project_overdue(8000, 6 * 365)
    # bases: 800; 800 + 124 + 800 = 1724; + 121.86 + 800 = 2645.86; + 123.69 + 800 = 3569.55;
    # + 125.54 + 800 = 4495.09; + 127.43 + 800 = 5422.52 → 5 %: 40 + 86.20 + 132.29 + 178.48 + 224.75 + 271.13
    assert [row.penalty_base for row in result.rows if row.penalty] == [
        D("800.00"), D("1724.00"), D("2645.86"), D("3569.55"), D("4495.09"), D("5422.52")]
    assert result.total_penalty == D("932.85")  # was 315,513.47 with each 违约金 charged 5 % again
    assert result.missed_due_dates == 6 and result.fees_stopped
    text = "".join(result.assumptions)
    assert t.A_PROJ_FEE_STOP.format(days=FEE_STOP_DAYS) in text
    assert "不再计入下一次违约金的基数" in text
    # what a court does with such totals: on request, an excessive total of interest, 复利 and 违约金
    assert "经您请求" in text and "利息、复利、违约金合计过高" in text and "不是法定上限" in text


@given(st.decimals(min_value=D(100), max_value=D(2000000), places=2), st.integers(0, 3650),
       st.sampled_from(BANKS), st.sampled_from([None, "0.05", "0.1", "0.2", "1"]))
def test_no_fee_exceeds_the_banks_rule_and_cap(principal, days, bank, ratio):
    result = project_overdue(principal, days, bank=bank, min_payment_ratio=ratio)
    schedule = get_schedule(bank)
    grace = schedule.grace
    expected_dates = [d for d in range(0, days, CYCLE_DAYS) if d + grace < days and d < FEE_STOP_DAYS]
    assert result.missed_due_dates == len(expected_dates) <= FEE_STOP_DAYS // CYCLE_DAYS
    charged = [row for row in result.rows if row.penalty_base > 0]
    assert len(charged) == result.missed_due_dates
    bound = D(0)
    for row in charged:
        # the base is the unpaid minimum without any 违约金: never more than what bears interest
        assert row.penalty_base <= row.opening_balance
        assert row.penalty == _rule(bank, row.penalty_base, principal)
        bound += _rule(bank, row.opening_balance, principal)
        cap = schedule.penalty_cap.value
        if cap is not None:
            assert row.penalty <= (principal if cap == CAP_PRINCIPAL else cap)
    assert result.total_penalty == sum(row.penalty for row in result.rows) <= bound


@pytest.mark.parametrize("bank", [None, "工商银行", "农业银行", "广发银行"])
def test_a_fee_falls_due_only_after_its_due_date_plus_grace(bank):
    grace = get_schedule(bank).grace
    assert project_overdue(10000, grace, bank=bank).missed_due_dates == 0
    assert project_overdue(10000, grace + 1, bank=bank).missed_due_dates == 1
    # on exactly day 30 + grace the second due date is still inside its grace: no second 违约金
    assert project_overdue(10000, 30 + grace, bank=bank).missed_due_dates == 1
    assert project_overdue(10000, 31 + grace, bank=bank).missed_due_dates == 2
    assert project_overdue(10000, FEE_STOP_DAYS - 30 + grace + 1, bank=bank).missed_due_dates == 6
    assert project_overdue(10000, FEE_STOP_DAYS + grace + 1, bank=bank).missed_due_dates == 6


def test_annualised_cost_by_hand():
    result = project_overdue(10000, 40)
    # interest 302.25 + 违约金 157.75 = 460 on 10,000 over 60 days (20 before the due date + 40): ×365/60
    assert result.total_interest == D("302.25") and result.total_penalty == D("157.75")
    assert t.percent(result.annualised_cost, 1) == "28.0%"  # not 42.0 % (days after the due date only)
    assert result.annualised_cost == D(460) / D(10000) * 365 / 60


@given(st.decimals(min_value=D(100), max_value=D(1000000), places=2), st.integers(0, 3650), st.sampled_from(BANKS))
def test_annualised_cost_is_the_cost_per_year_of_the_days_used(principal, days, bank):
    result = project_overdue(principal, days, bank=bank)
    if result.within_grace:
        assert result.annualised_cost == 0
        return
    days_used = sum(row.days for row in result.rows)  # posting day .. the day before today, both counted
    assert days_used == days + DUE_GAP_DAYS
    assert result.annualised_cost == (result.total_owed - principal) / principal * 365 / days_used
    court = any(a.startswith("利息和违约金合计折合年化约") for a in result.assumptions)
    assert court == (result.annualised_cost > COURT_REFERENCE_RATE)


def test_due_today_is_not_inside_zero_days_of_grace():
    result = project_overdue(10000, 0, bank="工商银行")
    assert result.within_grace and result.total_owed == D(10000)
    assert t.A_PROJ_DUE_TODAY in result.assumptions
    assert not any("容时期（0天）" in a for a in result.assumptions)


# ── survivors of mutmut on projection.py (issue 23: "every module this issue changes is run through mutmut") ──
def test_within_grace_never_says_the_fees_stopped():
    assert not project_overdue(10000, 0).fees_stopped and not project_overdue(10000, 3).fees_stopped
    assert not project_overdue(10000, FEE_STOP_DAYS + 3).fees_stopped  # the 7th due date is still in its grace
    assert project_overdue(10000, FEE_STOP_DAYS + 4).fees_stopped


def test_the_daily_rate_bound_is_exclusive_and_its_error_says_so():
    with pytest.raises(FinanceInputError) as info:
        project_overdue(10000, 40, daily_rate="0.01")
    assert info.value.field == "daily_rate" and "between 0 and 0.01" in str(info.value)
    assert project_overdue(10000, 40, daily_rate="0").total_interest == 0


def test_the_rate_assumption_says_whose_rate_it_is():
    assert project_overdue(10000, 40).assumptions[1] == t.A_RATE_DEFAULT.format(rate="万分之五")
    user = project_overdue(10000, 40, daily_rate="0.0004")
    assert t.A_RATE_USER.format(rate="万分之四") in user.assumptions


def test_results_are_frozen_and_carry_their_sources():
    result = project_overdue(10000, 40, bank="招商银行")
    with pytest.raises(AttributeError):
        result.total_owed = D(0)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.rows[0].penalty = D(0)  # type: ignore[misc]
    assert t.SOURCE_NO_INTEREST_ON_FEES in result.sources and t.SOURCE_RATE_2021 in result.sources
    assert any("招商银行" in s for s in result.sources)
    minimum = project_minimum_only(10000, 3)
    with pytest.raises(AttributeError):
        minimum.total_paid = D(0)  # type: ignore[misc]
    assert minimum.min_payment_ratio == D("0.10")


@given(st.decimals(min_value=D(100), max_value=D(1000000), places=2), st.integers(0, 3650), st.sampled_from(BANKS))
def test_each_row_adds_up(principal, days, bank):
    result = project_overdue(principal, days, bank=bank)
    if result.within_grace:
        assert result.statements == 0 and result.rows == []
        return
    billed = [row for row in result.rows if row.billed]
    assert len(billed) == result.statements == len(result.rows) - 1 and not result.rows[-1].billed
    for row in billed:
        assert row.total_owed == row.interest_bearing_balance + row.penalty_balance
        # the whole minimum holds every unpaid 违约金 (100 %), never more than is owed
        assert row.penalty_balance <= row.min_payment <= row.total_owed


def test_minimum_only_rows_are_frozen():
    row = project_minimum_only(10000, 2).rows[0]
    with pytest.raises(AttributeError):
        row.min_payment = D(0)  # type: ignore[misc]
