"""Figures written to be read aloud on a call: 60,000.00 元 → 「约六万元」, 3,681.80 元 → 「约三千六百八十元」.

Pure and Decimal-only. An agent reading 「3,681.80元」 to a worried customer stumbles and the customer
remembers nothing of it; three significant figures in Chinese numerals are what a person says. The
exact figure stays on the screen beside it.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import cn2an

# a leading 「二千」「二万」 is read 「两千」「两万」 (not 「二十」, and 「五万二千」 stays)
_TWO_BEFORE_UNIT = re.compile(r"^()二(?=[千万亿百])")


def round_significant(amount: Decimal, significant: int = 3) -> Decimal:
    """`amount` rounded half-up to `significant` figures, never finer than one yuan (2.6 → 3)."""
    if amount.is_zero():
        return Decimal(0)
    digits = amount.copy_abs().adjusted() + 1  # digits before the point
    places = max(0, digits - significant)
    step = Decimal(1).scaleb(places)
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def chinese_number(value: int) -> str:
    """A whole number in Chinese numerals as said aloud: 52000 → 五万二千, 2000 → 两千, 20 → 二十."""
    words = cn2an.an2cn(int(value))
    return _TWO_BEFORE_UNIT.sub(lambda m: m.group(1) + "两", words)


def speak_yuan(amount: Decimal | int | str, *, estimate: bool = False, significant: int = 3) -> str:
    """元 as said on a call. 「约」 when the figure is an estimate or rounding changed it; an amount
    under one yuan is 「不到一元」. Raises ValueError for a negative or non-numeric amount."""
    value = Decimal(str(amount))
    if not value.is_finite() or value < 0:
        raise ValueError(f"not an amount to read aloud: {amount!r}")
    if value.is_zero():
        return "零元"
    if value < 1:
        return "不到一元"
    rounded = round_significant(value, significant)
    about = "约" if estimate or rounded != value else ""
    return f"{about}{chinese_number(int(rounded))}元"


def speak_range(text: str) -> str:
    """「逾期91–120天」 → 「逾期91到120天」: a dash between numbers is not read aloud."""
    return re.sub(r"(?<=\d)\s*[–—~－-]\s*(?=\d)", "到", text)
