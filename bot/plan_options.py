"""The plan's choices — payment day and payment method — and the one function that changes them.

Options are held in the slot `plan_options` (``{"payment_day": 15, "payment_method": "auto_debit"}``) and
changed by option values ``day:15`` / ``method:auto_debit``: the `plan_option` entity of the option buttons
(actions/plan.py) and the same values read from typed text (「每月15号还款」, 「自动扣款」; bot/nlu/case_update.py
`TurnResult.plan_options`, applied by the case hook in actions/case_slots.py). Both go through `apply`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.finance.templates import PAYMENT_METHODS

# the days a bank usually accepts as a monthly due day (every month has them)
DAY_MIN, DAY_MAX = 1, 28
INVALID_DAY_NOTE = "invalid:payment_day"
CHOSEN_NOTE = "plan_option"  # ``plan_option:payment_day`` / ``plan_option:payment_method``


def apply(options: Any, values: Iterable[str]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The options after these option values, and notes: ``plan_option:payment_day`` (or ``…method``) for
    each choice taken, ``invalid:payment_day`` for a day outside 1–28 (the options keep their old day)."""
    result = dict(options) if isinstance(options, dict) else {}
    notes: list[str] = []
    for raw in values:
        kind, _, value = str(raw or "").partition(":")
        if kind == "day" and value.isdigit():
            if DAY_MIN <= int(value) <= DAY_MAX:
                result["payment_day"] = int(value)
                notes.append(f"{CHOSEN_NOTE}:payment_day")
            else:
                notes.append(INVALID_DAY_NOTE)
        elif kind == "method" and value in PAYMENT_METHODS:
            result["payment_method"] = value
            notes.append(f"{CHOSEN_NOTE}:payment_method")
    return result, tuple(dict.fromkeys(notes))
