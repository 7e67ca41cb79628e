"""Small helpers shared by the actions: reading slots as Decimal, formatting money, the clock."""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

CHINA_TZ = ZoneInfo("Asia/Shanghai")
UNKNOWN_BANK = "其他银行"


def today() -> date:
    """Today's date in China, where the cardholder and the bank are."""
    return datetime.now(CHINA_TZ).date()


def to_decimal(value: Any) -> Decimal | None:
    """A slot value (float or str) as Decimal, through its decimal string — never float arithmetic."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def slot_decimal(tracker: Tracker, name: str) -> Decimal | None:
    return to_decimal(tracker.get_slot(name))


def yuan(amount: Any) -> str:
    """12345.675 → '12,345.68' (half-up to the fen)."""
    value = to_decimal(amount) or Decimal(0)
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def whole(amount: Any) -> str:
    """A count such as days or periods without a trailing .0."""
    value = to_decimal(amount) or Decimal(0)
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP)}"


def bullet_lines(items: list[str]) -> str:
    return "\n".join(f"· {item}" for item in items if item)


def known_bank(tracker: Tracker) -> str | None:
    bank = tracker.get_slot("bank")
    return None if not bank or bank == UNKNOWN_BANK else str(bank)


def is_wechat(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() == "wechat"
