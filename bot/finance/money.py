"""Decimal helpers: parsing numbers at the edge, rounding half-up to the fen.

Money is always ``Decimal``. Floats (Rasa slots are floats) are converted through their shortest
``repr`` so that 0.1 becomes Decimal("0.1"), never 0.1000000000000000055…; no arithmetic is done in float.
"""
from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from bot.finance.errors import FinanceInputError

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
# beyond any card debt; keeps every amount within Decimal's default 28-digit precision at 0.01
MAX_ABS = Decimal(10) ** 12


def to_decimal(value: object, field: str) -> Decimal:
    """Convert int, float, numeric str or Decimal to a finite Decimal; anything else → FinanceInputError."""
    if isinstance(value, bool):
        raise FinanceInputError(field, "must be a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise FinanceInputError(field, "must be a finite number")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise FinanceInputError(field, f"must be a number, got {value!r}") from None
    else:
        raise FinanceInputError(field, f"must be a number, got {type(value).__name__}")
    if not result.is_finite():
        raise FinanceInputError(field, "must be a finite number")
    if abs(result) > MAX_ABS:
        raise FinanceInputError(field, "is too large (at most 1,000,000,000,000)")
    return result


def positive_amount(value: object, field: str) -> Decimal:
    """A money amount in 元 that must be > 0."""
    result = to_decimal(value, field)
    if result <= 0:
        raise FinanceInputError(field, "must be a positive number")
    return result


def non_negative_amount(value: object, field: str) -> Decimal:
    """A money amount in 元 that must be ≥ 0."""
    result = to_decimal(value, field)
    if result < 0:
        raise FinanceInputError(field, "must not be negative")
    return result


def whole_number(value: object, field: str, low: int, high: int) -> int:
    """An integer count (days, periods, months) within [low, high] inclusive."""
    number = to_decimal(value, field)
    if number != number.to_integral_value():
        raise FinanceInputError(field, "must be a whole number")
    result = int(number)
    if not low <= result <= high:
        raise FinanceInputError(field, f"must be between {low} and {high}")
    return result


def to_date(value: object, field: str) -> date:
    """A calendar date from a ``date`` or an ISO ``YYYY-MM-DD`` string; impossible dates are rejected."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FinanceInputError(field, f"must be a valid date YYYY-MM-DD, got {value!r}")


def round_money(amount: Decimal) -> Decimal:
    """Round an amount in 元 half-up to 0.01 (分)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_places(value: Decimal, places: int) -> Decimal:
    """Round half-up to ``places`` decimal places (rates: 4)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def floor_money(amount: Decimal) -> Decimal:
    """Round an amount in 元 down to 0.01 (used only where rounding up would overshoot a total)."""
    return amount.quantize(CENT, rounding=ROUND_DOWN)
