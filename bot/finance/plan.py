"""个性化分期还款 (DOMAIN §5; 2011 办法 第七十条): a repayment plan over at most 60 months, its feasibility
against the user's budget and income − expenses, and the application letter to each bank."""
from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_UP, Decimal
from typing import Any

from bot.documents.model import Block, Document
from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.finance.hardship import clean_reason, says_cannot_pay
from bot.finance.money import (
    CENT,
    ZERO,
    floor_money,
    non_negative_amount,
    positive_amount,
    round_money,
    round_places,
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
    "hardship_reason", "name", "start_date", "today", "payment_day", "payment_method", "budget_reason",
    "income_source",
)


@dataclass(frozen=True)
class Debt:
    """One card's debt in 元: ``amount`` what the person says they owe (欠款), ``statement_balance``
    the statement's 应还总额 (principal + interest + 违约金) when known; ``card_last4`` only the last four
    digits, never more; ``principal`` True only when the person said ``amount`` is the 透支本金 (the letter
    then says so; otherwise it says 「约…元（以贵行账务为准）」). ``principal_amount``: the 透支本金 the person said
    apart from what they owe (「本金3万 现在欠3万4」), below ``amount``; the letter then names both."""

    amount: Decimal
    bank: str | None = None
    card_last4: str | None = None
    statement_balance: Decimal | None = None
    principal: bool = False
    principal_amount: Decimal | None = None  # the principal within ``amount`` when said apart (元), else None
    # the statement the person gave when ``amount`` is what they say they owe now apart from it (「账单12000 还了500
    # 现在欠11500」), and what they said they repaid on it: stated in the letter in those roles, never split into
    # principal and fees (trial s6 I3 #15)
    statement_said: Decimal | None = None
    paid: Decimal | None = None

    @property
    def owed(self) -> Decimal:
        """What the plan counts (元): the statement's 应还总额 when given, else the principal."""
        return self.statement_balance if self.statement_balance is not None else self.amount


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
    least that does and ``budget_increase_needed`` / ``reduction_needed`` say what must change, while
    ``offered_payment`` is what the letter offers (never above the limit)."""

    periods: int
    monthly_payment: Decimal
    feasible: bool
    letter: str
    total: Decimal
    last_payment: Decimal
    start_date: date
    end_date: date | None
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
    # issue 13: what the letter offers and why (DOMAIN §5)
    mode: str  # plan | partial (60 periods do not fit: offers the limit, states the shortfall) | hardship
    offered_payment: Decimal  # what the letter offers a month (0 in a hardship request)
    shortfall: Decimal  # what 60 periods of the offered payment leave unpaid (0 for a plan)
    limit: Decimal | None  # min(budget, income − expenses) of those given
    amount_basis: str  # statement_balance | principal | mixed
    payment_day: int
    payment_method: str | None
    hardship_sentence: str | None
    letter_documents: list[dict[str, Any]]
    gap_kind: str | None  # partial: principal | fees | fees_and_principal | unknown (how its gap is closed)
    schedule_document: dict[str, Any] | None


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
        item = {"amount": item.amount, "bank": item.bank, "card_last4": item.card_last4,
                "statement_balance": item.statement_balance, "principal": item.principal,
                "principal_amount": item.principal_amount, "statement_said": item.statement_said,
                "paid": item.paid}
    if not isinstance(item, Mapping):
        raise FinanceInputError(path, "must be an object with bank and amount")
    for key in item:
        if key not in ("bank", "amount", "card_last4", "statement_balance", "principal", "principal_amount",
                       "statement_said", "paid"):
            raise FinanceInputError(f"{path}.{key}", "unknown field (expected bank, amount, card_last4, "
                                                     "statement_balance, principal, principal_amount)")
    if "amount" not in item:
        raise FinanceInputError(f"{path}.amount", "is required")
    bank = item.get("bank")
    if bank is not None and not isinstance(bank, str):
        raise FinanceInputError(f"{path}.bank", "must be a bank name (text)")
    last4 = item.get("card_last4")
    if last4 is not None and (not isinstance(last4, str) or not _LAST4.fullmatch(last4)):
        raise FinanceInputError(f"{path}.card_last4", "must be exactly the last 4 digits of the card")
    balance = item.get("statement_balance")
    principal = item.get("principal", False)
    if not isinstance(principal, bool):
        raise FinanceInputError(f"{path}.principal", "must be true or false (true: the amount is the principal)")
    amount = positive_amount(item["amount"], f"{path}.amount")
    within = item.get("principal_amount")
    within = None if within is None else positive_amount(within, f"{path}.principal_amount")
    if within is not None and (within >= amount or principal or balance is not None):
        within = None  # only a principal below an amount owed said apart is kept
    said = item.get("statement_said")
    said = None if said is None or balance is not None else positive_amount(said, f"{path}.statement_said")
    paid = item.get("paid")
    paid = None if paid is None or said is None else positive_amount(paid, f"{path}.paid")
    return Debt(amount=amount, bank=bank, card_last4=last4,
                statement_balance=None if balance is None else positive_amount(balance, f"{path}.statement_balance"),
                principal=principal, principal_amount=within, statement_said=said, paid=paid)


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


def _payments(amount: Decimal, periods: int, up: bool = False) -> tuple[Decimal, Decimal]:
    """(regular, last) payments in 元 summing exactly to ``amount`` over ``periods`` periods: half-up with
    the remainder in the last period; with ``up``, the regular payment rounded up to the fen instead when
    half-up would leave a larger last period (so that no period exceeds a limit that the exact
    amount / periods is within)."""
    regular, last = _card_payments(amount, periods)
    if up and last > regular:
        up = (amount / periods).quantize(CENT, rounding=ROUND_UP)
        if up * (periods - 1) <= amount:
            regular, last = up, amount - up * (periods - 1)
    return regular, last


def _shares(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` (元) split by ``weights`` half-up to the fen, the rounding difference on the largest
    weight, so the parts sum exactly to ``amount``."""
    total = sum(weights, ZERO)
    parts = [round_money(amount * w / total) for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    parts[largest] += amount - sum(parts, ZERO)
    return parts


def _start_for_day(today: date, day: int) -> date:
    """The first date on day ``day`` of a month that leaves the bank at least 15 days to answer."""
    start = default_start_date(today)
    candidate = start.replace(day=day)
    if (candidate - today).days < 15:
        candidate = add_months(candidate, 1)
    return candidate


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
    payment_day: int | str | None = None,
    payment_method: str | None = None,
    budget_reason: str | None = None,
    monthly_commitments: Mapping[str, Decimal | int | float | str] | None = None,
    for_relative: bool = False,
    income_source: str | None = None,
) -> PlanResult:
    """A 个性化分期 plan for one or more cards, assuming interest and fees stop (to be negotiated), that
    never asks more than the person can pay (DOMAIN §5).

    Money in 元 per month. The limit is min(budget, income − expenses) of those given. Three modes:
    ``plan`` (the debt fits 60 periods within the limit: periods = the wished ``periods`` when they fit,
    else ceil(total / limit) capped at 60, else 60 without a limit); ``partial`` (60 periods do not fit:
    the letter offers the limit a month, states the shortfall total − 60 × limit and asks for a reduction
    of interest and 违约金); ``hardship`` (limit ≤ 0: a hardship and deferment request, no schedule).
    ``monthly_payment`` is the plan's payment, or — when no plan fits — the least that fits 60 periods
    (CONTRACT §2); ``offered_payment`` is what the letter offers. Each card's amount is its statement
    balance when given, else the principal (and the letter says so). Several cards share the monthly
    amount pro rata by balance and finish together; each period is rounded half-up to 0.01 with the
    remainder in the last period. Payments fall monthly from ``start_date`` (inclusive; default: the
    ``payment_day`` (1–28) of the first month at least 15 days away, else the first of next month, or of
    the month after if that is < 15 days after ``today``). 52000 over 60 → 866.67.
    ``monthly_commitments``: money the person said goes out every month besides the essential expenses, by kind
    (``set_aside``: kept for family, e.g. a parent's medicine; ``other_debt_payment``: another debt's instalment):
    taken off income − expenses, and the letter says what it is.
    ``for_relative``: the person speaks for a relative's card (persona trial s7 L5): the letter is the cardholder's,
    so the person's own income, expenses and reason (said in their voice) stay out of it; it says only that the family
    helps repay the budget they said, and leaves the reason for the cardholder to write.
    ``income_source``: ``family`` when the monthly income is what the family gives (a student's 生活费, 「家里每月给我
    5000」, persona trial s7 L2): the letter says so instead of calling it 收入; the arithmetic is the same.
    """
    if not isinstance(debts, Sequence) or isinstance(debts, (str, bytes)):
        raise FinanceInputError("debts", "must be a list of {bank, amount}")
    if not debts:
        raise FinanceInputError("debts", "must list at least one debt")
    parsed = [_parse_debt(item, f"debts[{i}]") for i, item in enumerate(debts)]
    income = None if monthly_income is None else non_negative_amount(monthly_income, "monthly_income")
    expenses = None if monthly_expenses is None else non_negative_amount(monthly_expenses, "monthly_expenses")
    budget = None if monthly_budget is None else non_negative_amount(monthly_budget, "monthly_budget")
    commitments = {kind: non_negative_amount(value, f"monthly_commitments.{kind}")
                   for kind, value in (monthly_commitments or {}).items() if value is not None}
    if any(kind not in t.L_COMMITMENT for kind in commitments):
        raise FinanceInputError("monthly_commitments", f"kinds: {', '.join(t.L_COMMITMENT)}")
    committed = sum(commitments.values(), ZERO)
    wanted_periods = None if periods is None else whole_number(periods, "periods", 1, MAX_PERIODS)
    reason = _optional_text(hardship_reason, "hardship_reason", MAX_TEXT)
    why_less = _optional_text(budget_reason, "budget_reason", MAX_TEXT)
    applicant = _optional_text(name, "name", 50)
    day_wanted = None if payment_day is None else whole_number(payment_day, "payment_day", 1, 28)
    if income_source is not None and income_source not in t.INCOME_SOURCES:
        raise FinanceInputError("income_source", f"must be one of: {', '.join(t.INCOME_SOURCES)}")
    if payment_method is not None and payment_method not in t.PAYMENT_METHODS:
        raise FinanceInputError("payment_method", f"must be one of: {', '.join(t.PAYMENT_METHODS)}")
    today_date = to_date(today, "today")
    if start_date is not None:
        start = to_date(start_date, "start_date")
        if day_wanted is not None and start.day != day_wanted:
            raise FinanceInputError("payment_day", "must be the day of start_date when both are given")
    elif day_wanted is not None:
        start = _start_for_day(today_date, day_wanted)
    else:
        start = default_start_date(today_date)
    if start < today_date:
        raise FinanceInputError("start_date", "must not be before today")

    owed = [d.owed for d in parsed]
    total = sum(owed, ZERO)
    capacity = income - expenses - committed if income is not None and expenses is not None else None
    limits = [x for x in (budget, capacity) if x is not None]
    limit = min(limits) if limits else None
    assumptions = [t.A_PLAN_INTEREST_STOPPED]
    notes: list[str] = []
    suggested = None

    if limit is not None and limit <= 0:
        mode = "hardship"
    elif limit is not None and total / MAX_PERIODS > limit:
        mode = "partial"
    else:
        mode = "plan"

    card_payments: list[tuple[Decimal, Decimal]] = []
    gap_kind: str | None = None
    if mode == "plan":
        if wanted_periods is not None and (limit is None or total / wanted_periods <= limit):
            n = wanted_periods
        elif limit is not None:
            n = min(MAX_PERIODS, math.ceil(total / limit))
            if wanted_periods is not None:
                suggested = n
            else:
                source = t.A_PLAN_PERIODS_FROM_BUDGET if limit == budget else t.A_PLAN_PERIODS_FROM_CAPACITY
                assumptions.append(source.format(budget=t.yuan(limit), capacity=t.yuan(limit), periods=n))
        else:
            n = MAX_PERIODS
        def over(payments: list[tuple[Decimal, Decimal]]) -> bool:
            return limit is not None and max(sum(r for r, _ in payments), sum(f for _, f in payments)) > limit

        card_payments = [_payments(a, n) for a in owed]
        if over(card_payments):  # the last period's remainder above the limit: round the others up
            card_payments = [_payments(a, n, up=True) for a in owed]
        # per-card rounding may add a fen or two above the limit: one period more, while there is room
        while over(card_payments) and n < MAX_PERIODS:
            n += 1
            card_payments = [_payments(a, n, up=True) for a in owed]
            suggested = n if wanted_periods is not None else suggested
        if over(card_payments):
            mode = "partial"
        elif suggested is not None:
            notes.append(t.N_PLAN_PERIODS_EXTENDED.format(
                wanted=wanted_periods, payment=t.yuan(round_money(total / wanted_periods)),
                limit=t.yuan(limit), periods=n, monthly=t.yuan(sum(r for r, _ in card_payments))))
    if mode != "plan":
        n = MAX_PERIODS

    least_payment = sum((_payments(a, MAX_PERIODS)[0] for a in owed), ZERO)
    schedule: list[PlanPeriod] = []
    budget_increase = reduction = None
    if mode == "plan":
        monthly = sum((r for r, _ in card_payments), ZERO)
        last = sum((f for _, f in card_payments), ZERO)
        offered = monthly
        shortfall = ZERO
        schedule = [
            PlanPeriod(k, add_months(start, k - 1), monthly if k < n else last,
                       [r if k < n else f for r, f in card_payments])
            for k in range(1, n + 1)
        ]
        per_card_offer = [r for r, _ in card_payments]
    elif mode == "partial":
        assert limit is not None
        offered = round_money(limit)
        monthly = last = least_payment
        shortfall = total - offered * MAX_PERIODS
        per_card_offer = _shares(offered, owed)
        schedule = [PlanPeriod(k, add_months(start, k - 1), offered, list(per_card_offer))
                    for k in range(1, MAX_PERIODS + 1)]
        reduction = round_money(shortfall)
        gap_kind = _gap_kind(parsed, shortfall)
        notes.append(t.N_PLAN_PARTIAL.format(limit=t.yuan(offered), paid=t.yuan(offered * MAX_PERIODS),
                                             total=t.yuan(total), shortfall=t.yuan(shortfall),
                                             ask=t.GAP_ASK[gap_kind]))
        if budget is not None and limit == budget and (capacity is None or least_payment <= capacity):
            budget_increase = least_payment - budget
            notes.append(t.N_PLAN_BUDGET_RISE.format(
                payment=t.yuan(least_payment), budget=t.yuan(budget), gap=t.yuan(budget_increase),
                reduction=t.yuan(reduction)))
        else:
            notes.append(t.N_PLAN_REDUCTION.format(capacity=t.yuan(offered), reduction=t.yuan(reduction)))
    else:
        offered = ZERO
        monthly = last = least_payment
        shortfall = total
        reduction = total
        per_card_offer = [ZERO for _ in owed]
        notes += [t.N_PLAN_NO_CAPACITY, t.N_PLAN_HARDSHIP]
    if budget is not None and capacity is not None and budget > capacity > 0:  # never a negative surplus printed
        notes.append(t.N_PLAN_BUDGET_ABOVE_CAPACITY.format(budget=t.yuan(budget), capacity=t.yuan(capacity)))
    if all(d.statement_balance is None for d in parsed):
        notes.append(t.N_PLAN_PRINCIPAL_ONLY.format(total=t.yuan(total)))
    notes += [t.N_PLAN_DIRECT, t.N_PLAN_AGENTS]

    exact_payment = offered if mode != "plan" else total / n
    within_budget = None if budget is None else (mode == "plan" and exact_payment <= budget)
    within_capacity = None if capacity is None else (mode == "plan" and exact_payment <= capacity)
    feasible = mode == "plan"

    labels = [canonical_bank(d.bank) or (d.bank.strip() if d.bank else "____银行") for d in parsed]
    cards = [
        PlanCard(label, amount, offer, final)
        for label, amount, offer, final in zip(
            labels, owed, per_card_offer,
            [f for _, f in card_payments] if mode == "plan" else per_card_offer, strict=True)
    ]
    end = schedule[-1].due_date if schedule else None
    ctx = _LetterContext(
        mode=mode, debts=parsed, labels=labels, owed=owed, total=total, per_card_offer=per_card_offer,
        card_last=[f for _, f in card_payments] if mode == "plan" else per_card_offer, periods=n,
        start=start, end=end, today=today_date, reason=reason, why_less=why_less, name=applicant,
        income=income, expenses=expenses, capacity=capacity, budget=budget, offered=offered,
        shortfall=shortfall, method=payment_method, commitments=commitments, for_relative=for_relative,
        income_source=income_source,
    )
    letter_docs = _letters(ctx)
    letters = [PlanLetter(bank, doc.to_text()) for bank, doc in letter_docs]
    schedule_doc = _schedule_document(ctx, schedule) if schedule else None

    if len(parsed) > 1:
        assumptions.append(t.A_PLAN_ALLOCATION)
    assumptions += [t.A_PLAN_ROUNDING, t.A_PLAN_MAX]
    if mode != "hardship":  # a deferment request has no first instalment
        assumptions.append(t.A_PLAN_START.format(start=t.date_text(start)))
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
        mode=mode,
        offered_payment=offered,
        shortfall=shortfall,
        limit=limit,
        amount_basis=_basis(parsed),
        payment_day=start.day,
        payment_method=payment_method,
        hardship_sentence=clean_reason(reason).sentence or None if reason else None,
        letter_documents=[doc.to_dict() for _, doc in letter_docs],
        gap_kind=gap_kind,
        schedule_document=schedule_doc.to_dict() if schedule_doc else None,
    )


def _fees_known(debts: Sequence[Debt]) -> Decimal | None:
    """Interest, 违约金 and fees in the amounts (元): statement balance − principal when every card has both,
    else None (unknown)."""
    if all(d.principal_amount is not None for d in debts):
        return sum((d.amount - d.principal_amount for d in debts if d.principal_amount is not None), ZERO)
    if any(d.statement_balance is None or d.amount == d.statement_balance for d in debts):
        return None
    return sum((d.owed - d.amount for d in debts), ZERO)


def _gap_kind(debts: Sequence[Debt], gap: Decimal) -> str:
    """How a partial letter asks to close ``gap`` (元): the amount said is principal (no interest in it to waive),
    the interest and fees known to cover it, or not, or unknown (a statement balance of unknown structure)."""
    if all(d.statement_balance is None and d.principal_amount is None for d in debts):
        return "principal"
    fees = _fees_known(debts)
    if fees is None:
        return "unknown"
    return "fees" if gap <= fees else "fees_and_principal"


def _gap_text(debts: Sequence[Debt], gap: Decimal) -> str:
    kind = _gap_kind(debts, gap)
    fees = _fees_known(debts)
    if kind == "principal":
        return t.L_GAP_PRINCIPAL.format(gap=t.yuan(gap))
    if kind == "fees":
        return t.L_GAP_FEES.format(fees=t.yuan(fees))
    if kind == "fees_and_principal":
        return t.L_GAP_FEES_AND_PRINCIPAL.format(fees=t.yuan(fees), principal=t.yuan(gap - fees))
    return t.L_GAP_UNKNOWN


def _basis(debts: Sequence[Debt]) -> str:
    kinds = {"statement_balance" if d.statement_balance is not None else "principal" for d in debts}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _years_text(periods: int) -> str:
    years, months = divmod(periods, 12)
    if not years:
        return f"共{months}个月"
    return f"共{years}年" + (f"{months}个月" if months else "")


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{round_places(part * 100 / whole, 1)}%"


@dataclass(frozen=True)
class _LetterContext:
    mode: str
    debts: Sequence[Debt]
    labels: Sequence[str]
    owed: Sequence[Decimal]
    total: Decimal
    per_card_offer: Sequence[Decimal]
    card_last: Sequence[Decimal]
    periods: int
    start: date
    end: date | None
    today: date
    reason: str | None
    why_less: str | None
    name: str | None
    income: Decimal | None
    expenses: Decimal | None
    capacity: Decimal | None
    budget: Decimal | None
    offered: Decimal
    shortfall: Decimal
    method: str | None
    commitments: Mapping[str, Decimal] = field(default_factory=dict)
    for_relative: bool = False
    income_source: str | None = None


def _said_amount(debts: Sequence[Debt]) -> bool:
    """The amount is only what the person said they owe: neither a statement balance nor said to be principal."""
    return any(d.statement_balance is None and not d.principal for d in debts)


def _debt_basis(debts: Sequence[Debt]) -> str:
    if len(debts) == 1 and debts[0].statement_said is not None:
        # the statement and the repayment as the person said them, then the amount owed now as the person's own
        d = debts[0]
        said = t.L_BASIS_STATEMENT_PAID.format(statement=t.yuan(d.statement_said), paid=t.yuan(d.paid or ZERO))
        return said + t.L_BASIS_OWED_NOW
    if _said_amount(debts):
        if all(d.principal_amount is not None for d in debts):
            base = sum((d.principal_amount for d in debts if d.principal_amount is not None), ZERO)
            owed = sum((d.amount for d in debts), ZERO)
            return t.L_BASIS_SAID_SPLIT.format(principal=t.yuan(base), other=t.yuan(owed - base))
        return t.L_BASIS_SAID
    if any(d.statement_balance is None for d in debts):
        return t.L_BASIS_PRINCIPAL
    principal = [d.amount for d in debts if d.amount is not None and d.amount != d.statement_balance]
    if len(principal) == len(debts):
        statement = sum((d.owed for d in debts), ZERO)
        base = sum(principal, ZERO)
        if statement > base:
            return t.L_BASIS_STATEMENT_SPLIT.format(principal=t.yuan(base), other=t.yuan(statement - base))
    return t.L_BASIS_STATEMENT


@dataclass(frozen=True)
class BankShare:
    """One bank's part of a plan (cards of the same bank together), 元: what is owed there, its payment a period
    and its last payment; ``indexes`` are its cards in the plan's order. The letters and the phone script of that
    bank both take it from `bank_shares` (trial s7 K1 #12: the 招行 script offered the three banks' 1,967.74 a
    month while the 招行 letter said 1,225.81)."""

    bank: str
    amount: Decimal
    monthly: Decimal
    last: Decimal
    indexes: tuple[int, ...]


def bank_shares(labels: Sequence[str], owed: Sequence[Decimal], per_card_offer: Sequence[Decimal],
                card_last: Sequence[Decimal]) -> list[BankShare]:
    """Each bank's share of the plan, in the order the banks first appear: the sum of its cards' amounts, payments
    a period and last payments (the split itself is pro rata by balance, made by `plan`)."""
    groups: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    return [BankShare(label, sum((owed[i] for i in idx), ZERO), sum((per_card_offer[i] for i in idx), ZERO),
                      sum((card_last[i] for i in idx), ZERO), tuple(idx)) for label, idx in groups.items()]


def plan_bank_shares(result: PlanResult) -> list[BankShare]:
    """`bank_shares` of a finished plan (its cards carry each card's amount, payment and last payment)."""
    cards = result.cards
    return bank_shares([c.bank for c in cards], [c.amount for c in cards], [c.monthly_payment for c in cards],
                       [c.last_payment for c in cards])


def _letters(ctx: _LetterContext) -> list[tuple[str, Document]]:
    """One letter per bank (cards of the same bank together), each naming the other banks' debts."""
    shares = bank_shares(ctx.labels, ctx.owed, ctx.per_card_offer, ctx.card_last)
    groups: dict[str, list[int]] = {s.bank: list(s.indexes) for s in shares}
    applicant = mask_numbers(ctx.name) if ctx.name else t.NAME_PLACEHOLDER
    hardship = (clean_reason(ctx.reason).sentence if ctx.reason and not ctx.for_relative else "") \
        or t.HARDSHIP_PLACEHOLDER + "，"
    willing = {"plan": t.L_WILLING, "partial": t.L_WILLING_PARTIAL, "hardship": t.L_WILLING_HARDSHIP}[ctx.mode]
    claim = t.L_OPENING_CLAIM if hardship_said(ctx) and not ctx.for_relative else ""
    method = t.PAYMENT_METHODS.get(ctx.method or "", t.PAYMENT_METHOD_OPEN)
    result = []
    for part in shares:
        label, indexes, amount, share = part.bank, part.indexes, part.amount, part.monthly
        last4 = [ctx.debts[i].card_last4 for i in indexes if ctx.debts[i].card_last4]
        blocks: list[Block] = [
            Block("line", t.L_TO.format(bank=label)),
            Block("line", t.L_APPLICANT.format(name=applicant)),
            Block("line", t.L_ID),
            Block("line", t.L_LAST4.format(last4="、".join(last4) if last4 else "____")),
            Block("line", t.L_PHONE),
            Block("paragraph", t.L_OPENING.format(hardship=hardship, claim=claim, willing=willing)),
            Block("heading", t.L_H_DEBT),
            Block("paragraph", (t.L_DEBT_SAID if _said_amount([ctx.debts[i] for i in indexes]) else t.L_DEBT).format(
                today=t.date_text(ctx.today), amount=t.yuan(amount)) + _debt_basis([ctx.debts[i] for i in indexes]).replace(
                t.L_BASIS_SAID, t.L_BASIS_SAID_FAMILY if ctx.for_relative else t.L_BASIS_SAID)),
        ]
        if len(groups) > 1:
            items = "；".join(f"{other}{t.yuan(sum((ctx.owed[i] for i in idx), ZERO))}元"
                             for other, idx in groups.items())
            blocks.append(Block("paragraph", t.L_OTHER_DEBTS.format(
                count=len(groups), total=t.yuan(ctx.total), items=items, amount=t.yuan(amount),
                share=_percent(amount, ctx.total))))
        if ctx.for_relative:
            # the figures said are the relative's, not the cardholder's: only the help they said they give
            if ctx.budget is not None and ctx.budget > 0:
                blocks.append(Block("paragraph", t.L_FAMILY_HELP.format(budget=t.yuan(ctx.budget))))
        elif ctx.capacity is not None:
            assert ctx.income is not None and ctx.expenses is not None
            # never a negative or zero surplus in the letter: expenses above income are said as such
            template = t.L_INCOME if ctx.capacity > 0 else t.L_INCOME_NONE if ctx.capacity == 0 else t.L_INCOME_DEFICIT
            if ctx.commitments:
                # what else goes out every month, as the person said it (kept for family, another debt's instalment)
                template = t.L_INCOME_DEFICIT_TOTAL if ctx.capacity < 0 else template
                template = template.replace(t.L_EXPENSES_SAID, t.L_EXPENSES_SAID + t.L_COMMITMENTS.format(
                    items=t.LIST_SEPARATOR.join(t.L_COMMITMENT[kind].format(amount=t.yuan(value))
                                                for kind, value in ctx.commitments.items())))
            blocks.append(Block("paragraph", _income_words(template, ctx.income_source).format(
                income=t.yuan(ctx.income), expenses=t.yuan(ctx.expenses), capacity=t.yuan(ctx.capacity),
                gap=t.yuan(-ctx.capacity))))
        elif ctx.income is not None:
            blocks.append(Block("paragraph", _income_words(t.L_INCOME_ONLY, ctx.income_source).format(
                income=t.yuan(ctx.income))))
        blocks.append(Block("heading", t.L_H_PLAN_HARDSHIP if ctx.mode == "hardship" else t.L_H_PLAN))
        if ctx.mode == "plan":
            assert ctx.end is not None
            last = part.last
            blocks.append(Block("paragraph", t.L_PLAN.format(
                periods=ctx.periods, years=_years_text(ctx.periods), monthly=t.yuan(share),
                last_note=t.L_LAST_NOTE.format(last=t.yuan(last)) if last != share else "",
                start=t.date_text(ctx.start), day=ctx.start.day, end=t.date_text(ctx.end)) + t.L_DAY_CHOICE
                + (t.L_PLAN_SAID_BASIS.format(end=t.date_text(ctx.end))
                   if any(ctx.debts[i].statement_balance is None for i in indexes) else "")))
        elif ctx.mode == "partial":
            gap = amount - share * MAX_PERIODS
            if len(groups) > 1:
                text = t.L_PARTIAL_SEVERAL.format(
                    limit=t.yuan(ctx.offered), paid_total=t.yuan(ctx.offered * MAX_PERIODS), total=t.yuan(ctx.total),
                    shortfall_total=t.yuan(ctx.shortfall), share=t.yuan(share), paid=t.yuan(share * MAX_PERIODS),
                    gap=t.yuan(gap), start=t.date_text(ctx.start), day=ctx.start.day)
            else:
                text = t.L_PARTIAL.format(
                    limit=t.yuan(share), paid=t.yuan(share * MAX_PERIODS), shortfall=t.yuan(gap),
                    offered=t.yuan(share), start=t.date_text(ctx.start), day=ctx.start.day)
            text += _gap_text([ctx.debts[i] for i in indexes], gap)
            blocks.append(Block("paragraph", text + t.L_DAY_CHOICE))
        elif ctx.capacity is not None and ctx.capacity > 0:
            # nothing offered although income exceeds expenses (a budget of 0): why, in the person's words or a blank
            reason = mask_numbers(ctx.why_less) if ctx.why_less else t.REASON_PLACEHOLDER
            blocks.append(Block("paragraph", t.L_HARDSHIP_NO_BUDGET + t.L_BELOW_REASON.format(
                capacity=t.yuan(ctx.capacity), offered=t.yuan(ZERO), reason=reason.rstrip("。"))))
        else:
            blocks.append(Block("paragraph", t.L_HARDSHIP))
        if ctx.mode != "hardship":
            blocks.append(Block("paragraph", t.L_METHOD.format(method=method)))
            if len(groups) > 1:
                template = t.L_ALLOCATION if ctx.mode == "plan" else t.L_ALLOCATION_PARTIAL
                blocks.append(Block("paragraph", template.format(offered=t.yuan(ctx.offered), share=t.yuan(share))))
            below = None if ctx.for_relative else _below_capacity(ctx)
            if below:
                blocks.append(Block("paragraph", below))
        fees = t.L_FEES + (t.L_FEES_PARTIAL if ctx.mode == "partial" else "")
        blocks += [Block("heading", t.L_H_FEES), Block("paragraph", fees), Block("heading", t.L_H_PROMISE)]
        promise = t.L_PROMISE + (t.L_PROMISE_HARDSHIP if ctx.mode == "hardship" else t.L_PROMISE_PAY)
        blocks += [
            Block("paragraph", promise),
            Block("heading", t.L_H_DUTIES), Block("paragraph", t.L_DUTIES),
            Block("heading", t.L_H_OTHER), Block("paragraph", t.L_WRITTEN),
            Block("line", t.L_ENCLOSED),
        ]
        enclosed = [d for d in t.PLAN_DOCUMENTS if ctx.mode != "hardship" or d != t.PLAN_DOCUMENT_SCHEDULE]
        blocks += [Block("line", f"{i}. {doc}") for i, doc in enumerate(enclosed, start=1)]
        blocks += [Block("closing", line) for line in t.L_CLOSING]
        filename = t.LETTER_FILENAME if len(groups) == 1 else f"{t.LETTER_FILENAME}_{label}"
        title = t.LETTER_TITLE_HARDSHIP if ctx.mode == "hardship" else t.LETTER_TITLE
        result.append((label, Document(title, tuple(blocks), t.L_SIGNATURE, filename,
                                       {"bank": label})))
    return result


def _income_words(template: str, source: str | None) -> str:
    """A letter's income sentence with the income named as the person said it: the family's allowance is
    「家里每月给的生活费」, never 「收入」 (persona trial s7 L2 #14)."""
    if source not in t.INCOME_SOURCES:
        return template
    for said, words in t.L_INCOME_WORDS[source]:
        template = template.replace(said, words)
    return template


def hardship_said(ctx: _LetterContext) -> bool:
    """The letter may say the debt is beyond the person's means (L_OPENING_CLAIM) only from what they said: nothing
    left after the needs, a debt 60 periods of what they can pay do not clear, or their own words that they cannot
    pay (「还不上」「失业了」). A person with money to spare each month who gave another reason gets no such claim
    (trial s6 I3 #15)."""
    return ctx.mode != "plan" or (ctx.capacity is not None and ctx.capacity <= 0) or says_cannot_pay(ctx.reason)


def _below_capacity(ctx: _LetterContext) -> str | None:
    """Why the amount offered each month is below income − expenses (DOMAIN §5), or None."""
    if ctx.capacity is None or ctx.offered >= ctx.capacity:
        return None
    values = {"capacity": t.yuan(ctx.capacity), "offered": t.yuan(ctx.offered)}
    if ctx.budget is not None and ctx.budget < ctx.capacity or ctx.mode != "plan":
        reason = mask_numbers(ctx.why_less) if ctx.why_less else t.REASON_PLACEHOLDER
        return t.L_BELOW_REASON.format(reason=reason.rstrip("。"), **values)
    if ctx.periods < MAX_PERIODS and ctx.offered * (ctx.periods - 1) < ctx.total:
        # the debt is cleared within the periods at a payment below the spare income
        return t.L_BELOW_CLEARS.format(periods=ctx.periods, **values)
    reason = mask_numbers(ctx.why_less) if ctx.why_less else t.REASON_PLACEHOLDER
    return t.L_BELOW_REASON.format(reason=reason.rstrip("。"), **values)


def _schedule_document(ctx: _LetterContext, schedule: Sequence[PlanPeriod]) -> Document:
    """The plan schedule as its own printable attachment (one table for all banks)."""
    applicant = mask_numbers(ctx.name) if ctx.name else t.NAME_PLACEHOLDER
    groups: dict[str, list[int]] = {}
    for index, label in enumerate(ctx.labels):
        groups.setdefault(label, []).append(index)
    header = list(t.SCHEDULE_HEADER)
    if len(groups) > 1:
        header[3:3] = [f"{label}（元）" for label in groups]
    remaining = ctx.total
    rows = []
    for period in schedule:
        remaining -= period.payment
        row = [t.SCHEDULE_PERIOD.format(period=period.period), t.date_text(period.due_date), t.yuan(period.payment)]
        if len(groups) > 1:
            row += [t.yuan(sum((period.by_card[i] for i in idx), ZERO)) for idx in groups.values()]
        rows.append(tuple([*row, t.yuan(remaining)]))
    blocks = [Block("line", t.SCHEDULE_INTRO.format(name=applicant, total=t.yuan(ctx.total),
                                                    periods=len(schedule), day=ctx.start.day))]
    if ctx.mode == "partial":
        blocks.append(Block("line", t.SCHEDULE_PARTIAL_NOTE.format(shortfall=t.yuan(ctx.shortfall))))
    blocks.append(Block("table", header=tuple(header), rows=tuple(rows)))
    return Document(t.SCHEDULE_TITLE, tuple(blocks), t.L_SIGNATURE, t.SCHEDULE_FILENAME)
