from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import FinanceInputError, project_minimum_only, project_overdue

D = Decimal


def test_45_days_by_hand():
    result = project_overdue(10000, 45, today=date(2024, 6, 1))
    # interest: 10000×31d = 155.00; 10155×30d = 152.325 → 152.33; 10307.33×4d = 20.61
    assert [row.interest for row in result.rows] == [D("155.00"), D("152.33"), D("20.61")]
    assert result.total_interest == D("327.94")
    # 违约金: due day 0 on 10% = 1000 → 50; due day 30 on 1000 + 155 + 50 + 1000 = 2205 → 110.25
    assert [row.penalty for row in result.rows] == [D("50.00"), D("110.25"), D("0")]
    assert result.total_penalty == D("160.25")
    assert result.total_owed == D("10488.19")
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
