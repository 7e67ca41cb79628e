from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance.errors import FinanceInputError
from bot.finance.money import round_money, to_date, to_decimal, whole_number
from bot.finance.serialize import to_jsonable


@pytest.mark.parametrize(("raw", "expected"), [("0.125", "0.13"), ("0.135", "0.14"), ("2.675", "2.68"), ("-0.125", "-0.13"), ("0.124", "0.12")])
def test_round_money_is_half_up_not_bankers(raw, expected):
    assert round_money(Decimal(raw)) == Decimal(expected)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=9))
def test_round_money_half_up_on_every_midpoint(cents, last):
    value = Decimal(cents) / 100 + Decimal(last) / 1000
    rounded = round_money(value)
    assert rounded == value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert rounded >= value if last >= 5 else rounded <= value


def test_floats_enter_through_their_repr():
    assert to_decimal(0.1, "x") == Decimal("0.1")
    assert to_decimal(25000.0, "x") == Decimal("25000.0")


@pytest.mark.parametrize("bad", [True, None, "abc", float("nan"), float("inf"), "Infinity", [1], 10**13])
def test_to_decimal_rejects_non_numbers(bad):
    with pytest.raises(FinanceInputError) as info:
        to_decimal(bad, "amount")
    assert info.value.field == "amount"


def test_whole_number_and_dates():
    assert whole_number(Decimal("60"), "periods", 1, 60) == 60
    assert whole_number(45.0, "days", 0, 100) == 45
    with pytest.raises(FinanceInputError, match="whole number"):
        whole_number(12.5, "periods", 1, 60)
    with pytest.raises(FinanceInputError, match="between 1 and 60"):
        whole_number(0, "periods", 1, 60)
    with pytest.raises(FinanceInputError, match="valid date"):
        to_date("2023-02-29", "due_date")


def test_serialisation_rounds_money_half_up_only_at_the_edge():
    from dataclasses import dataclass

    @dataclass
    class Sample:
        amount: Decimal

    assert to_jsonable(Sample(Decimal("2.675"))) == {"amount": 2.68}
