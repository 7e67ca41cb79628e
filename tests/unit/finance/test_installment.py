from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import FinanceInputError, installment
from bot.finance.installment import annuity_present_value, monthly_irr

D = Decimal


def test_domain_example_30000_12_0_6_percent():
    result = installment(30000, 12, D("0.006"))
    assert result.per_period == D("2680.00")
    assert result.total_fee == D("2160.00")
    data = result.to_dict()
    assert data["apr"] == 0.1303 and data["ear"] == 0.1384
    assert data["per_period"] == 2680.0 and data["total_fee"] == 2160.0
    assert data["nominal_annual_rate"] == 0.072
    assert "不是年化利率" in result.warning and "13.03%" in result.warning


def test_domain_apr_0_75_percent():
    assert installment(30000, 12, "0.0075").to_dict()["apr"] == 0.1622


def test_irr_solves_the_present_value_equation():
    result = installment(30000, 12, "0.006")
    pv = annuity_present_value(D(2680), result.monthly_irr, 12)
    assert abs(pv - D(30000)) < D("0.000001")


def test_zero_fee_has_zero_apr():
    result = installment(10000, 10, 0)
    assert result.apr == 0 and result.total_fee == 0 and result.per_period == D("1000.00")
    assert monthly_irr(D(100), D(10), 10) == 0


def test_remainder_goes_to_the_last_period():
    result = installment(10000, 3, "0.006")
    assert [p.payment for p in result.schedule] == [D("3393.33"), D("3393.33"), D("3393.34")]
    assert result.schedule[-1].principal == D("3333.34")


@pytest.mark.parametrize(("args", "field"), [
    ((0, 12, "0.006"), "amount"),
    ((-5, 12, "0.006"), "amount"),
    (("abc", 12, "0.006"), "amount"),
    ((1000, 0, "0.006"), "periods"),
    ((1000, 61, "0.006"), "periods"),
    ((1000, "12.5", "0.006"), "periods"),
    ((1000, 12, "-0.01"), "monthly_rate"),
    ((1000, 12, "0.6"), "monthly_rate"),
])
def test_bad_input(args, field):
    with pytest.raises(FinanceInputError) as info:
        installment(*args)
    assert info.value.field == field


@given(st.decimals(min_value=D("1"), max_value=D("1000000"), places=2), st.integers(1, 60),
       st.decimals(min_value=D("0"), max_value=D("0.02"), places=4))
def test_schedule_sums_to_principal_plus_fee_and_apr_exceeds_nominal(amount, periods, rate):
    result = installment(amount, periods, rate)
    assert len(result.schedule) == periods
    assert sum(p.payment for p in result.schedule) == result.total_repaid == amount + result.total_fee
    assert sum(p.principal for p in result.schedule) == amount
    assert sum(p.fee for p in result.schedule) == result.total_fee
    assert result.apr >= result.nominal_annual_rate - D("0.00001")
    assert result.ear >= result.apr - D("0.00001")
