"""Small helpers shared by the actions: reading slots as Decimal, formatting money, the clock."""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

from bot.case import UNKNOWN_BANK, to_decimal  # one reader of stored amounts: never float arithmetic

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today's date in China, where the cardholder and the bank are."""
    return datetime.now(CHINA_TZ).date()


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
