"""个性化分期还款 (DOMAIN §5; 2011 办法 第七十条): a repayment plan over at most 60 months, its feasibility
against the user's budget and income − expenses, and the application letter to each bank."""
from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.finance.money import (
    ZERO,
    floor_money,
    non_negative_amount,
    positive_amount,
    round_money,
    to_date,
    whole_number,
)
from bot.finance.schedules import canonical_bank
from bot.finance.serialize import JsonResult
from bot.limits import MAX_PERIODS

# 第七十条: at most 5 years (bot/limits.py)
MAX_TEXT = 500
_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
_LONG_DIGITS = re.compile(r"(?:\d[\s-]?){6,}\d")  # card, phone and ID numbers (≥ 7 digits)
_LAST4 = re.compile(r"\d{4}")
_PLAN_KEYS = (
    "debts", "monthly_income", "monthly_expenses", "monthly_budget", "periods",
    "hardship_reason", "name", "start_date", "today",
)


@dataclass(frozen=True)
class Debt:
    """One card's outstanding balance in 元; ``card_last4`` only the last four digits, never more."""

    amount: Decimal
    bank: str | None = None
    card_last4: str | None = None


@dataclass(frozen=True)
class PlanCard(JsonResult):
    """One card's part of the plan (元): same periods as the whole plan, share = amount / total."""

    bank: str
    amount: Decimal
    monthly_payment: Decimal
    last_payment: Decimal


@dataclass(frozen=True)
class PlanPeriod(JsonResult):
    """Period ``period`` paid on ``due_date``; ``by_card`` follows the order of ``cards`` (元)."""

    period: int
    due_date: date
    payment: Decimal
    by_card: list[Decimal]


@dataclass(frozen=True)
class PlanLetter(JsonResult):
    bank: str
    letter: str


@dataclass(frozen=True)
class PlanResult(JsonResult):
    """A repayment plan. Money in 元 per month; ``feasible`` when total / periods ≤ the budget and/or
    income − expenses (whichever were given); when 60 periods cannot fit, ``monthly_payment`` is the
    least that does and ``budget_increase_needed`` / ``reduction_needed`` say what must change."""

    periods: int
    monthly_payment: Decimal
    feasible: bool
    letter: str
    total: Decimal
    last_payment: Decimal
    start_date: date
    end_date: date
    monthly_budget: Decimal | None
    monthly_income: Decimal | None
    monthly_expenses: Decimal | None
    capacity: Decimal | None
    within_budget: bool | None
    within_capacity: bool | None
    budget_increase_needed: Decimal | None
    reduction_needed: Decimal | None
    suggested_periods: int | None
    allocation_rule: str
    cards: list[PlanCard]
    schedule: list[PlanPeriod]
    letters: list[PlanLetter]
    documents: list[str]
    notes: list[str]
    assumptions: list[str]
    sources: list[str]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_start_date(today: date) -> date:
    """First day of next month, or of the month after when that is less than 15 days away (time for the
    bank to answer)."""
    start = add_months(today.replace(day=1), 1)
    return start if (start - today).days >= 15 else add_months(start, 1)


def mask_numbers(text: str) -> str:
    """Replace ID, card and phone numbers (7 digits or more) by ``****`` before they reach a letter."""
    return _LONG_DIGITS.sub("****", _ID_NUMBER.sub("****", text))


def _card_payments(amount: Decimal, periods: int) -> tuple[Decimal, Decimal]:
    """(regular, last) payments in 元 summing exactly to ``amount`` over ``periods`` periods."""
    regular = round_money(amount / periods)
    if regular * (periods - 1) > amount:  # tiny balances: rounding up would overshoot
        regular = floor_money(amount / periods)
    return regular, amount - regular * (periods - 1)


def _parse_debt(item: Any, path: str) -> Debt:
    if isinstance(item, Debt):
        item = {"amount": item.amount, "bank": item.bank, "card_last4": item.card_last4}
    if not isinstance(item, Mapping):
        raise FinanceInputError(path, "must be an object with bank and amount")
    for key in item:
        if key not in ("bank", "amount", "card_last4"):
            raise FinanceInputError(f"{path}.{key}", "unknown field (expected bank, amount, card_last4)")
    if "amount" not in item:
        raise FinanceInputError(f"{path}.amount", "is required")
    bank = item.get("bank")
    if bank is not None and not isinstance(bank, str):
        raise FinanceInputError(f"{path}.bank", "must be a bank name (text)")
    last4 = item.get("card_last4")
    if last4 is not None and (not isinstance(last4, str) or not _LAST4.fullmatch(last4)):
        raise FinanceInputError(f"{path}.card_last4", "must be exactly the last 4 digits of the card")
    return Debt(amount=positive_amount(item["amount"], f"{path}.amount"), bank=bank, card_last4=last4)


def _optional_text(value: Any, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FinanceInputError(field, "must be text")
    value = value.strip()
    if len(value) > limit:
        raise FinanceInputError(field, f"must be at most {limit} characters")
    return value or None


def plan_from_dict(data: Any, today: date) -> PlanResult:
    """``plan`` from the JSON shape of CONTRACT §2 (`python -m bot plan`); errors name the field.
    ``today`` is used unless the input carries its own ``today``."""
    if not isinstance(data, Mapping):
        raise FinanceInputError("input", "must be a JSON object")
    for key in data:
        if key not in _PLAN_KEYS:
            raise FinanceInputError(str(key), f"unknown field (expected one of: {', '.join(_PLAN_KEYS)})")
    if "debts" not in data:
        raise FinanceInputError("debts", "is required")
    kwargs = {key: data.get(key) for key in _PLAN_KEYS if key not in ("debts", "today")}
    day = today if data.get("today") is None else to_date(data["today"], "today")
    return plan(data["debts"], today=day, **kwargs)


def plan(
    debts: Sequence[Debt | Mapping[str, Any]],
    monthly_income: Decimal | int | float | str | None = None,
    monthly_expenses: Decimal | int | float | str | None = None,
    monthly_budget: Decimal | int | float | str | None = None,
    periods: int | float | Decimal | str | None = None,
    hardship_reason: str | None = None,
    name: str | None = None,
    *,
    today: date | str,
    start_date: date | str | None = None,
) -> PlanResult:
    """A 个性化分期 plan for one or more cards, assuming interest and fees stop (to be negotiated).

    Money in 元 per month; ``periods`` months (1–60). Without ``periods``: ceil(total / budget) capped
    at 60 when a budget is given, else ceil(total / (income − expenses)) capped at 60, else 60.
    Several cards share the monthly payment pro rata by balance and finish together. Each period's
    amount is rounded half-up to 0.01 with the remainder in the last period, so the schedule sums
    exactly to the total. Payments fall monthly from ``start_date`` (inclusive; default: first day of
    next month, or the month after if that is < 15 days after ``today``). 52000 over 60 → 866.67.
    """
    if not isinstance(debts, Sequence) or isinstance(debts, (str, bytes)):
        raise FinanceInputError("debts", "must be a list of {bank, amount}")
    if not debts:
        raise FinanceInputError("debts", "must list at least one debt")
    parsed = [_parse_debt(item, f"debts[{i}]") for i, item in enumerate(debts)]
    income = None if monthly_income is None else non_negative_amount(monthly_income, "monthly_income")
    expenses = None if monthly_expenses is None else non_negative_amount(monthly_expenses, "monthly_expenses")
    budget = None if monthly_budget is None else positive_amount(monthly_budget, "monthly_budget")
    wanted_periods = None if periods is None else whole_number(periods, "periods", 1, MAX_PERIODS)
    reason = _optional_text(hardship_reason, "hardship_reason", MAX_TEXT)
    applicant = _optional_text(name, "name", 50)
    today_date = to_date(today, "today")
    start = default_start_date(today_date) if start_date is None else to_date(start_date, "start_date")
    if start < today_date:
        raise FinanceInputError("start_date", "must not be before today")

    total = sum((d.amount for d in parsed), ZERO)
    capacity = income - expenses if income is not None and expenses is not None else None
    assumptions = [t.A_PLAN_INTEREST_STOPPED]
    if wanted_periods is not None:
        n = wanted_periods
    elif budget is not None:
        n = min(MAX_PERIODS, math.ceil(total / budget))
        assumptions.append(t.A_PLAN_PERIODS_FROM_BUDGET.format(budget=t.yuan(budget), periods=n))
    elif capacity is not None and capacity > 0:
        n = min(MAX_PERIODS, math.ceil(total / capacity))
        assumptions.append(t.A_PLAN_PERIODS_FROM_CAPACITY.format(capacity=t.yuan(capacity), periods=n))
    else:
        n = MAX_PERIODS

    card_payments = [_card_payments(d.amount, n) for d in parsed]
    monthly = sum((regular for regular, _ in card_payments), ZERO)
    last = sum((final for _, final in card_payments), ZERO)
    # DOMAIN §5: feasible when debt / periods ≤ budget ≤ income − expenses; compared exactly, as the
    # last period's rounding remainder (at most periods × 0.005 元) is not a change of plan
    exact_payment = total / n
    within_budget = None if budget is None else exact_payment <= budget
    within_capacity = None if capacity is None else exact_payment <= capacity
    feasible = within_budget is not False and within_capacity is not False

    # the least monthly payment of any plan: the longest one
    least_payment = sum((regular for regular, _ in (_card_payments(d.amount, MAX_PERIODS) for d in parsed)), ZERO)
    notes: list[str] = []
    budget_increase = reduction = None
    suggested = None
    if not feasible:
        limit = min(x for x in (budget, capacity) if x is not None)
        if capacity is not None and total / MAX_PERIODS > capacity:
            # income − expenses is a hard limit: only a reduction of the debt can help
            if capacity <= 0:
                reduction = total
                notes.append(t.N_PLAN_NO_CAPACITY)
            else:
                reduction = round_money(total - capacity * MAX_PERIODS)
                notes.append(t.N_PLAN_REDUCTION.format(capacity=t.yuan(capacity), reduction=t.yuan(reduction)))
        elif budget is not None and total / MAX_PERIODS > budget:
            budget_increase = least_payment - budget
            reduction = round_money(total - budget * MAX_PERIODS)
            notes.append(t.N_PLAN_BUDGET_RISE.format(
                payment=t.yuan(least_payment), budget=t.yuan(budget), gap=t.yuan(budget_increase),
                reduction=t.yuan(reduction),
            ))
        else:  # the requested number of periods is too short, a longer plan would fit
            suggested = min(MAX_PERIODS, math.ceil(total / limit))
            notes.append(t.N_PLAN_PAYMENT_ABOVE_LIMIT.format(
                periods=n, payment=t.yuan(monthly), limit=t.yuan(limit), suggested=suggested,
            ))
    if budget is not None and capacity is not None and budget > capacity:
        notes.append(t.N_PLAN_BUDGET_ABOVE_CAPACITY.format(budget=t.yuan(budget), capacity=t.yuan(capacity)))
    notes += [t.N_PLAN_DIRECT, t.N_PLAN_AGENTS]

    labels = [canonical_bank(d.bank) or (d.bank.strip() if d.bank else "____银行") for d in parsed]
    cards = [
        PlanCard(label, d.amount, regular, final)
        for label, d, (regular, final) in zip(labels, parsed, card_payments, strict=True)
    ]
    schedule = [
        PlanPeriod(
            period=k,
            due_date=add_months(start, k - 1),
            payment=monthly if k < n else last,
            by_card=[regular if k < n else final for regular, final in card_payments],
        )
        for k in range(1, n + 1)
    ]
    end = schedule[-1].due_date
    letters = _letters(
        parsed, labels, card_payments, n, start, end, today_date, reason, applicant, income, expenses
    )

    if len(parsed) > 1:
        assumptions.append(t.A_PLAN_ALLOCATION)
    assumptions += [t.A_PLAN_ROUNDING, t.A_PLAN_MAX, t.A_PLAN_START.format(start=t.date_text(start))]
    return PlanResult(
        periods=n,
        monthly_payment=monthly,
        feasible=feasible,
        letter=t.LETTER_SEPARATOR.join(item.letter for item in letters),
        total=total,
        last_payment=last,
        start_date=start,
        end_date=end,
        monthly_budget=budget,
        monthly_income=income,
        monthly_expenses=expenses,
        capacity=capacity,
        within_budget=within_budget,
        within_capacity=within_capacity,
        budget_increase_needed=budget_increase,
        reduction_needed=reduction,
        suggested_periods=suggested,
        allocation_rule=t.A_PLAN_ALLOCATION,
        cards=cards,
        schedule=schedule,
        letters=letters,
        documents=list(t.PLAN_DOCUMENTS),
        notes=notes,
        assumptions=assumptions,
        sources=[t.SOURCE_ARTICLE_70],
    )


def _years_text(periods: int) -> str:
    years, months = divmod(periods, 12)
    if not years:
        return f"共{months}个月"
    return f"共{years}年" + (f"{months}个月" if months else "")


def _letters(
    debts: Sequence[Debt],
    labels: Sequence[str],
    card_payments: Sequence[tuple[Decimal, Decimal]],
    periods: int,
    start: date,
    end: date,
    today: date,
    reason: str | None,
    name: str | None,
    income: Decimal | None,
    expenses: Decimal | None,
) -> list[PlanLetter]:
    """One letter per bank (cards of the same bank together)."""
    groups: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    income_line = ""
    if income is not None and expenses is not None:
        income_line = t.LETTER_INCOME_LINE.format(income=t.yuan(income), expenses=t.yuan(expenses))
    documents = "\n".join(f"{i}. {doc}" for i, doc in enumerate(t.PLAN_DOCUMENTS, start=1))
    applicant = mask_numbers(name) if name else t.NAME_PLACEHOLDER
    result = []
    for label, indexes in groups.items():
        last4 = [debts[i].card_last4 for i in indexes if debts[i].card_last4]
        letter = t.LETTER.format(
            bank=label,
            name=applicant,
            last4="、".join(last4) if last4 else "____",
            hardship=mask_numbers(reason) if reason else t.HARDSHIP_PLACEHOLDER,
            today=t.date_text(today),
            amount=t.yuan(sum((debts[i].amount for i in indexes), ZERO)),
            income_line=income_line,
            periods=periods,
            years=_years_text(periods),
            monthly=t.yuan(sum((card_payments[i][0] for i in indexes), ZERO)),
            last=t.yuan(sum((card_payments[i][1] for i in indexes), ZERO)),
            start=t.date_text(start),
            day=start.day,
            end=t.date_text(end),
            documents=documents,
        )
        result.append(PlanLetter(label, letter))
    return result
