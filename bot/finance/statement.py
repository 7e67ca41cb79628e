"""One statement cycle (账单周期): interest, 违约金 and what the next statement will ask for.

Day-count convention (DOMAIN §1, reproduces the banks' published examples): the posting day and the
statement day are both counted; a repayment day is counted at the balance *after* the payment. So a
balance held from day A up to a payment on day B bears interest for (B − A) days, and the balance left
after a payment on day B bears interest up to and including the next statement date E for (E − B + 1)
days.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.finance.money import ZERO, non_negative_amount, positive_amount, round_money, to_date, to_decimal
from bot.finance.penalty import penalty_amount
from bot.finance.schedules import FULL, METHODS, UNPAID_ONLY, BankSchedule, get_schedule
from bot.finance.serialize import EXACT, JsonResult

PURCHASE = "purchase"
CASH = "cash"
KINDS = (PURCHASE, CASH)
MAX_DAILY_RATE = Decimal("0.01")
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Transaction:
    """A posted amount in 元; ``kind`` is ``purchase`` (消费, free period) or ``cash`` (取现, none)."""

    posted: date
    amount: Decimal
    kind: str = PURCHASE


@dataclass(frozen=True)
class Payment:
    """A repayment of ``amount`` 元 made on ``paid_on`` (counted at the post-payment balance that day)."""

    paid_on: date
    amount: Decimal


_CASE_KEYS = (
    "bank", "statement_date", "due_date", "next_statement_date", "min_payment",
    "transactions", "payments", "method", "daily_rate",
)


@dataclass(frozen=True)
class StatementCase:
    """One statement: transactions posted on or before ``statement_date``, repayments after it and on
    or before ``next_statement_date``. ``min_payment`` in 元 (None → computed from the schedule),
    ``method`` ``full`` | ``unpaid_only`` (None → the bank's), ``daily_rate`` per day (None → the
    bank's, 0.0005 by default)."""

    statement_date: date
    due_date: date
    next_statement_date: date
    transactions: tuple[Transaction, ...]
    payments: tuple[Payment, ...] = ()
    bank: str | None = None
    min_payment: Decimal | None = None
    method: str | None = None
    daily_rate: Decimal | None = None

    @classmethod
    def from_dict(cls, data: Any) -> StatementCase:
        """Parse the JSON shape of CONTRACT §2 (`python -m bot quote`); errors name the field."""
        if not isinstance(data, Mapping):
            raise FinanceInputError("input", "must be a JSON object")
        for key in data:
            if key not in _CASE_KEYS:
                raise FinanceInputError(str(key), f"unknown field (expected one of: {', '.join(_CASE_KEYS)})")
        for key in ("statement_date", "due_date", "next_statement_date", "transactions"):
            if key not in data:
                raise FinanceInputError(key, "is required")
        bank = data.get("bank")
        if bank is not None and not isinstance(bank, str):
            raise FinanceInputError("bank", "must be a bank name (text)")
        method = data.get("method")
        if method is not None and method not in METHODS:
            raise FinanceInputError("method", f"must be 'full' or 'unpaid_only', got {method!r}")
        return cls(
            statement_date=to_date(data["statement_date"], "statement_date"),
            due_date=to_date(data["due_date"], "due_date"),
            next_statement_date=to_date(data["next_statement_date"], "next_statement_date"),
            transactions=tuple(_parse_list(data["transactions"], "transactions", _parse_transaction)),
            payments=tuple(_parse_list(data.get("payments") or [], "payments", _parse_payment)),
            bank=bank,
            min_payment=None if data.get("min_payment") is None
            else non_negative_amount(data["min_payment"], "min_payment"),
            method=method,
            daily_rate=None if data.get("daily_rate") is None else to_decimal(data["daily_rate"], "daily_rate"),
        )

    def validate(self) -> None:
        """Check the dates and amounts hang together; raise FinanceInputError naming the field."""
        if self.due_date <= self.statement_date:
            raise FinanceInputError("due_date", "must be after statement_date")
        if self.next_statement_date <= self.due_date:
            raise FinanceInputError("next_statement_date", "must be after due_date")
        if not self.transactions:
            raise FinanceInputError("transactions", "must list at least one transaction")
        for i, tx in enumerate(self.transactions):
            if tx.amount <= 0:
                raise FinanceInputError(f"transactions[{i}].amount", "must be a positive number")
            if tx.kind not in KINDS:
                raise FinanceInputError(f"transactions[{i}].kind", "must be 'purchase' or 'cash'")
            if tx.posted > self.statement_date:
                raise FinanceInputError(f"transactions[{i}].posted", "must be on or before statement_date")
        for i, pay in enumerate(self.payments):
            if pay.amount <= 0:
                raise FinanceInputError(f"payments[{i}].amount", "must be a positive number")
            if not self.statement_date < pay.paid_on <= self.next_statement_date:
                raise FinanceInputError(
                    f"payments[{i}].date", "must be after statement_date and on or before next_statement_date"
                )
        if self.min_payment is not None:
            if self.min_payment < 0:
                raise FinanceInputError("min_payment", "must not be negative")
            if self.min_payment > sum((tx.amount for tx in self.transactions), ZERO):
                raise FinanceInputError("min_payment", "must not exceed the statement balance")
        if self.method is not None and self.method not in METHODS:
            raise FinanceInputError("method", "must be 'full' or 'unpaid_only'")
        if self.daily_rate is not None and not ZERO <= self.daily_rate < MAX_DAILY_RATE:
            raise FinanceInputError("daily_rate", "must be a daily rate between 0 and 0.01 (e.g. 0.0005 = 万分之五)")


def _parse_list(value: Any, name: str, parse: Callable[[Any, str], Any]) -> list[Any]:
    if not isinstance(value, list):
        raise FinanceInputError(name, "must be a list")
    return [parse(item, f"{name}[{i}]") for i, item in enumerate(value)]


def _parse_transaction(item: Any, path: str) -> Transaction:
    if not isinstance(item, Mapping):
        raise FinanceInputError(path, "must be an object with posted, amount and kind")
    for key in item:
        if key not in ("posted", "amount", "kind"):
            raise FinanceInputError(f"{path}.{key}", "unknown field (expected posted, amount, kind)")
    for key in ("posted", "amount"):
        if key not in item:
            raise FinanceInputError(f"{path}.{key}", "is required")
    kind = item.get("kind", PURCHASE)
    if kind not in KINDS:
        raise FinanceInputError(f"{path}.kind", f"must be 'purchase' or 'cash', got {kind!r}")
    return Transaction(
        posted=to_date(item["posted"], f"{path}.posted"),
        amount=positive_amount(item["amount"], f"{path}.amount"),
        kind=kind,
    )


def _parse_payment(item: Any, path: str) -> Payment:
    if not isinstance(item, Mapping):
        raise FinanceInputError(path, "must be an object with date and amount")
    for key in item:
        if key not in ("date", "amount"):
            raise FinanceInputError(f"{path}.{key}", "unknown field (expected date, amount)")
    for key in ("date", "amount"):
        if key not in item:
            raise FinanceInputError(f"{path}.{key}", "is required")
    return Payment(
        paid_on=to_date(item["date"], f"{path}.date"),
        amount=positive_amount(item["amount"], f"{path}.amount"),
    )


@dataclass(frozen=True)
class InterestSegment(JsonResult):
    """``balance`` 元 bearing interest every day from ``start`` to ``end`` (both inclusive)."""

    start: date
    end: date
    days: int
    balance: Decimal
    interest: Decimal


@dataclass(frozen=True)
class QuoteResult(JsonResult):
    """One statement cycle. Money in 元; ``interest`` is what the next statement bills, ``penalty`` the
    违约金 charged at the due date, ``total_due`` what is owed on the next statement date."""

    interest: Decimal
    penalty: Decimal
    total_due: Decimal
    method: str
    assumptions: list[str]
    bank: str
    schedule_is_default: bool
    daily_rate: Decimal = field(metadata=EXACT)
    grace_days: int
    tolerance: Decimal
    statement_balance: Decimal
    purchase_balance: Decimal
    cash_balance: Decimal
    min_payment: Decimal
    min_payment_estimated: bool
    paid_on_time: Decimal
    paid_total: Decimal
    paid_in_full: bool
    tolerance_applied: bool
    unpaid_min: Decimal
    principal_outstanding: Decimal
    overpaid: Decimal
    segments: list[InterestSegment]
    alternative_method: str | None
    alternative_interest: Decimal | None
    sources: list[str]


@dataclass(frozen=True)
class _Allocation:
    paid_on: date
    to_cash: Decimal
    to_purchase: Decimal
    on_time: bool


def _allocate(
    payments: Sequence[Payment], cash: Decimal, purchases: Decimal, on_time_limit: date
) -> list[_Allocation]:
    """Payments go to cash advances first, then purchases (the costlier bucket first)."""
    result = []
    for pay in sorted(payments, key=lambda p: p.paid_on):
        to_cash = min(pay.amount, cash)
        cash -= to_cash
        to_purchase = min(pay.amount - to_cash, purchases)
        purchases -= to_purchase
        result.append(_Allocation(pay.paid_on, to_cash, to_purchase, pay.paid_on <= on_time_limit))
    return result


def _posted_by(transactions: Iterable[Transaction], kind: str, day: date) -> Decimal:
    return sum((tx.amount for tx in transactions if tx.kind == kind and tx.posted <= day), ZERO)


def _balance_function(
    case: StatementCase, mode: str, allocations: Sequence[_Allocation]
) -> Callable[[date], Decimal]:
    """Interest-bearing balance in 元 at the end of a day, for mode ``paid_in_full`` (only cash bears
    interest), ``full`` (everything still owed) or ``unpaid_only`` (cash, plus the part of purchases
    not repaid on time, spread pro rata over the purchases)."""
    txs = case.transactions
    purchase_total = _posted_by(txs, PURCHASE, case.statement_date)
    on_time_purchase = sum((a.to_purchase for a in allocations if a.on_time), ZERO)
    unpaid_share = (purchase_total - on_time_purchase) / purchase_total if purchase_total else ZERO

    def cash_balance(day: date) -> Decimal:
        return _posted_by(txs, CASH, day) - sum((a.to_cash for a in allocations if a.paid_on <= day), ZERO)

    def purchase_balance(day: date) -> Decimal:
        if mode == FULL:
            repaid = sum((a.to_purchase for a in allocations if a.paid_on <= day), ZERO)
            return _posted_by(txs, PURCHASE, day) - repaid
        if mode == UNPAID_ONLY:
            repaid_late = sum((a.to_purchase for a in allocations if not a.on_time and a.paid_on <= day), ZERO)
            return max(ZERO, _posted_by(txs, PURCHASE, day) * unpaid_share - repaid_late)
        return ZERO

    return lambda day: cash_balance(day) + purchase_balance(day)


def _segments(
    case: StatementCase, balance_at: Callable[[date], Decimal], daily_rate: Decimal
) -> list[InterestSegment]:
    start = min(tx.posted for tx in case.transactions)
    end = case.next_statement_date
    points = sorted({start} | {tx.posted for tx in case.transactions} | {p.paid_on for p in case.payments})
    points = [p for p in points if start <= p <= end]
    result = []
    for i, seg_start in enumerate(points):
        seg_end = points[i + 1] - ONE_DAY if i + 1 < len(points) else end
        balance = balance_at(seg_start)
        if balance <= 0:
            continue
        if result and result[-1].balance == balance and result[-1].end + ONE_DAY == seg_start:
            seg_start = result.pop().start  # a breakpoint that did not change this balance
        days = (seg_end - seg_start).days + 1
        result.append(InterestSegment(seg_start, seg_end, days, balance, balance * daily_rate * days))
    return result


def _interest(segments: Iterable[InterestSegment]) -> Decimal:
    return round_money(sum((s.interest for s in segments), ZERO))


def quote(case: StatementCase | Mapping[str, Any]) -> QuoteResult:
    """Interest, 违约金 and next-statement total for one statement cycle (CONTRACT §2 ``quote``).

    Money in 元; ``daily_rate`` per day. Transactions posted on or before the statement date; payments
    after the statement date and on or before the next statement date (inclusive). Payments on or
    before due date + grace days (inclusive) are on time; unpaid ≤ tolerance (10 元, inclusive) counts
    as paid in full. Interest runs over the day-count convention of this module up to and including
    the next statement date; 违约金 is charged at the due date when the minimum was not paid on time.
    Examples (DOMAIN §8): 招商 17.85 (full) / 16.65 (unpaid_only); 建设 122.00.
    """
    if not isinstance(case, StatementCase):
        case = StatementCase.from_dict(case)
    case.validate()
    schedule: BankSchedule = get_schedule(case.bank)
    method = case.method or schedule.method
    daily_rate = case.daily_rate if case.daily_rate is not None else schedule.rate
    grace = schedule.grace
    tolerance = schedule.tolerance.value
    on_time_limit = case.due_date + timedelta(days=grace)

    purchase_total = _posted_by(case.transactions, PURCHASE, case.statement_date)
    cash_total = _posted_by(case.transactions, CASH, case.statement_date)
    balance = purchase_total + cash_total
    allocations = _allocate(case.payments, cash_total, purchase_total, on_time_limit)
    paid_on_time = sum((p.amount for p in case.payments if p.paid_on <= on_time_limit), ZERO)
    paid_total = sum((p.amount for p in case.payments), ZERO)
    unpaid_at_due = max(ZERO, balance - paid_on_time)
    paid_in_full = unpaid_at_due <= tolerance
    tolerance_applied = paid_in_full and unpaid_at_due > 0

    min_estimated = case.min_payment is None
    ratio = schedule.min_payment_ratio.value
    min_payment = round_money(purchase_total * ratio + cash_total) if min_estimated else case.min_payment
    unpaid_min = ZERO if paid_in_full else max(ZERO, min_payment - paid_on_time)
    fee = penalty_amount(schedule, unpaid_min, principal=balance)

    mode = "paid_in_full" if paid_in_full else method
    segments = _segments(case, _balance_function(case, mode, allocations), daily_rate)
    interest = _interest(segments)
    alternative_method = alternative_interest = None
    if not paid_in_full:
        alternative_method = UNPAID_ONLY if method == FULL else FULL
        alternative_interest = _interest(
            _segments(case, _balance_function(case, alternative_method, allocations), daily_rate)
        )
    principal_outstanding = max(ZERO, balance - paid_total)
    overpaid = max(ZERO, paid_total - balance)
    total_due = round_money(principal_outstanding + interest + fee)

    assumptions: list[str] = []
    if schedule.is_default:
        assumptions.append(t.A_SCHEDULE_DEFAULT)
    rate_template = t.A_RATE_USER if case.daily_rate is not None else t.A_RATE_DEFAULT
    assumptions.append(rate_template.format(rate=t.rate_text(daily_rate)))
    assumptions.append(t.A_DAY_COUNT)
    method_status = "user" if case.method else schedule.interest_method.status
    assumptions.append(t.A_METHOD.format(method=t.METHOD_TEXT[method], status=t.STATUS_TEXT[method_status]))
    assumptions.append(t.A_METHOD_FULL_RULE if method == FULL else t.A_METHOD_UNPAID_RULE)
    if alternative_method and method_status == "default":
        assumptions.append(
            t.A_METHOD_OTHER.format(other=t.METHOD_TEXT[alternative_method], amount=t.yuan(alternative_interest))
        )
    grace_status = t.STATUS_TEXT[schedule.grace_days.status]
    assumptions.append(
        t.A_GRACE.format(days=grace, status=grace_status) if grace else t.A_NO_GRACE.format(status=grace_status)
    )
    if tolerance_applied:
        assumptions.append(t.A_TOLERANCE.format(unpaid=t.yuan(unpaid_at_due), tolerance=t.plain(tolerance)))
    elif paid_in_full:
        assumptions.append(t.A_PAID_IN_FULL)
    if min_estimated:
        assumptions.append(t.A_MIN_COMPUTED.format(ratio=t.percent(ratio, 0), amount=t.yuan(min_payment)))
    if fee > 0:
        assumptions.append(t.A_PENALTY_CHARGED.format(unpaid=t.yuan(unpaid_min), penalty=t.yuan(fee)))
    else:
        assumptions.append(t.A_PENALTY_NONE)
    if cash_total > 0:
        assumptions.append(t.A_CASH)
        if case.payments:
            assumptions.append(t.A_ALLOCATION)
    if overpaid > 0:
        assumptions.append(t.A_OVERPAID.format(amount=t.yuan(overpaid)))
    assumptions.append(t.A_TOTAL_DUE)

    sources = [t.SOURCE_DAY_COUNT, *schedule.sources(), t.SOURCE_NO_INTEREST_ON_FEES, t.SOURCE_RATE_2021]
    return QuoteResult(
        interest=interest,
        penalty=fee,
        total_due=total_due,
        method=method,
        assumptions=assumptions,
        bank=schedule.bank,
        schedule_is_default=schedule.is_default,
        daily_rate=daily_rate,
        grace_days=grace,
        tolerance=tolerance,
        statement_balance=balance,
        purchase_balance=purchase_total,
        cash_balance=cash_total,
        min_payment=min_payment,
        min_payment_estimated=min_estimated,
        paid_on_time=paid_on_time,
        paid_total=paid_total,
        paid_in_full=paid_in_full,
        tolerance_applied=tolerance_applied,
        unpaid_min=unpaid_min,
        principal_outstanding=principal_outstanding,
        overpaid=overpaid,
        segments=segments,
        alternative_method=alternative_method,
        alternative_interest=alternative_interest,
        sources=list(dict.fromkeys(sources)),
    )
