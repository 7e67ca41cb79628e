"""A student's family allowance is named as such in the letter, never 收入, and counted the same (persona trial s7 L2
#14: 「家裡每月給我5000」 became 「本人目前每月收入约5,000.00元」)."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from bot.finance import plan
from bot.finance.errors import FinanceInputError
from bot.finance.plan import plan_from_dict

TODAY = date(2026, 12, 8)
L2 = [{"bank": "招商银行", "amount": 12000}]


def compact(text: str) -> str:
    return "".join(text.split())


def test_the_allowance_is_the_familys_in_the_letter_and_the_arithmetic_is_the_same():
    earned = plan(L2, monthly_income=5000, monthly_expenses=3900, monthly_budget=1100, periods=12, today=TODAY)
    family = plan(L2, monthly_income=5000, monthly_expenses=3900, monthly_budget=1100, periods=12, today=TODAY,
                  income_source="family")
    letter = compact(family.letter)
    assert "本人目前每月的生活费由家里给，约5,000.00元，必要生活支出约3,900.00元，每月结余约1,100.00元。" in letter
    assert "每月收入" not in letter
    assert "本人目前每月收入约5,000.00元" in compact(earned.letter)
    assert (family.monthly_payment, family.periods, family.capacity) == (earned.monthly_payment, 12, D(1100))
    assert family.monthly_payment == D(1000)


def test_an_allowance_below_the_needs_is_said_against_what_the_family_gives():
    letter = compact(plan(L2, monthly_income=3000, monthly_expenses=3900, today=TODAY, income_source="family").letter)
    assert "必要生活支出超过家里给的生活费约900.00元" in letter and "收入" not in letter.split("二、")[0].split("一、")[1]


def test_income_only_and_unknown_sources():
    letter = compact(plan(L2, monthly_income=5000, today=TODAY, income_source="family").letter)
    assert "本人目前每月的生活费由家里给，约5,000.00元。" in letter
    with pytest.raises(FinanceInputError) as bad:
        plan(L2, monthly_income=5000, today=TODAY, income_source="lottery")
    assert bad.value.field == "income_source"


def test_the_command_line_takes_the_source():
    result = plan_from_dict(json.loads('{"debts": [{"bank": "招商银行", "amount": 12000}], "monthly_income": 5000,'
                                       ' "monthly_expenses": 3900, "income_source": "family"}'), TODAY)
    assert "由家里给" in result.letter
