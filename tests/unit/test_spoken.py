"""Figures read aloud (bot/spoken.py): the issue's examples, rounding at the edges, 两 before a unit."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot.spoken import chinese_number, round_significant, speak_range, speak_yuan


@pytest.mark.parametrize("amount, estimate, spoken", [
    ("60000.00", True, "约六万元"),
    ("60000.00", False, "六万元"),
    ("3681.80", False, "约三千六百八十元"),
    ("3685.00", False, "约三千六百九十元"),   # half-up at the third figure
    ("3684.99", False, "约三千六百八十元"),
    ("52000", False, "五万二千元"),
    ("866.67", False, "约八百六十七元"),
    ("866.50", False, "约八百六十七元"),     # ROUND_HALF_UP, not banker's rounding (866)
    ("865.50", False, "约八百六十六元"),
    ("2.60", False, "约三元"),
    ("25", False, "二十五元"),
    ("20000", False, "两万元"),
    ("2000", True, "约两千元"),
    ("22000", False, "两万二千元"),
    ("123456.78", False, "约十二万三千元"),
    ("1050", False, "一千零五十元"),
    ("0.40", False, "不到一元"),
    ("0", False, "零元"),
    ("999.6", False, "约一千元"),
])
def test_speak_yuan(amount, estimate, spoken):
    assert speak_yuan(Decimal(amount), estimate=estimate) == spoken


def test_round_significant_is_decimal_and_half_up():
    assert round_significant(Decimal("3681.80")) == Decimal("3680")
    assert round_significant(Decimal("3675")) == Decimal("3680")
    assert round_significant(Decimal("12.5")) == Decimal("13")
    assert round_significant(Decimal("0")) == 0
    assert round_significant(Decimal("3681.80"), 2) == Decimal("3700")


@pytest.mark.parametrize("bad", ["-1", "abc", "NaN", "Infinity"])
def test_a_bad_amount_is_refused(bad):
    with pytest.raises((ValueError, ArithmeticError)):
        speak_yuan(bad)


def test_chinese_number_and_ranges():
    assert chinese_number(2) == "二" and chinese_number(200) == "两百" and chinese_number(12000) == "一万二千"
    assert chinese_number(20) == "二十" and chinese_number(102000) == "十万二千"
    assert speak_range("逾期91–120天") == "逾期91到120天"
    assert speak_range("1 - 30天") == "1到30天" and speak_range("M2–M3") == "M2–M3"


def test_defaults_and_the_one_yuan_edge():
    assert speak_yuan("52000") == "五万二千元"  # not an estimate unless said so
    assert speak_yuan("1") == "一元" and speak_yuan("1.5") == "约二元"
    with pytest.raises(ValueError, match="not an amount to read aloud"):
        speak_yuan("-3")
