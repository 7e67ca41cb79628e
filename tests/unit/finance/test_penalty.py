from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import known_banks, penalty
from bot.finance.errors import FinanceInputError


@pytest.mark.parametrize(("bank", "unpaid", "expected"), [
    (None, 700, "35.00"),
    ("招商银行", 150, "10.00"),
    ("中信银行", 150, "20.00"),
    ("工商银行", 12000, "500.00"),
    ("华夏银行", 100000, "2000.00"),
    ("中国银行", 0, "0.00"),
    ("招商银行", 0, "0.00"),
])
def test_domain_examples(bank, unpaid, expected):
    assert penalty(bank, unpaid).penalty == Decimal(expected)


def test_floor_and_cap_flags_and_default_flag():
    result = penalty("招商银行", 150)
    assert result.floor_applied and not result.cap_applied
    assert penalty("工商银行", 12000).cap_applied
    assert penalty("不存在银行", 700).schedule_is_default
    assert penalty("招商银行", 700).to_dict()["penalty"] == 35.0


def test_pufa_cap_is_the_principal():
    assert penalty("浦发银行", 1000, principal=30).penalty == Decimal("30.00")
    assert penalty("浦发银行", 1000).penalty == Decimal("50.00")


def test_rounding_half_up():
    assert penalty("中国银行", Decimal("10.10")).penalty == Decimal("0.51")  # 0.505


@pytest.mark.parametrize("bad", [-1, "abc", None])
def test_bad_unpaid_min(bad):
    with pytest.raises(FinanceInputError) as info:
        penalty("招商银行", bad)
    assert info.value.field == "unpaid_min"


@given(st.sampled_from([None, *known_banks()]), st.decimals(min_value=0, max_value=10**7, places=2),
       st.decimals(min_value=0, max_value=10**7, places=2))
def test_penalty_non_negative_and_monotone(bank, a, b):
    low, high = sorted((a, b))
    fee_low, fee_high = penalty(bank, low, principal=10**7).penalty, penalty(bank, high, principal=10**7).penalty
    assert Decimal(0) <= fee_low <= fee_high
    if low == 0:
        assert fee_low == 0
