"""Month-by-month projections: "I owe X and am N days overdue", and "what if I pay only the minimum".

Both use a stylised calendar, stated in the assumptions: statements every ``CYCLE_DAYS`` days, the due
date ``DUE_GAP_DAYS`` days after each statement, the debt posted on the statement date of the missed
statement. Interest is billed at each statement and joins the interest-bearing balance (按月计收复利);
违约金 sits in a separate bucket that never bears interest (银发〔2016〕111号).

违约金 over a long default (issue 23 item 9, DOMAIN §2): one fee per missed due date on the unpaid minimum
payment (this cycle's share of the principal + the interest billed + the past-due minimum), within the bank's
floor and cap. A 违约金 is billed in full but never enters the base of the next 违约金: rolling it in and
charging 5 % again grows 8,000 元 to 315,513 元 of 违约金 over six years. And the fees stop: a written-off or
sued account no longer accrues the card's fees as such (``FEE_STOP_DAYS``, a [practice] estimate).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.finance.money import ONE, ZERO, positive_amount, round_money, to_date, to_decimal, whole_number
from bot.finance.penalty import penalty_amount
from bot.finance.schedules import FULL, BankSchedule, get_schedule
from bot.finance.serialize import EXACT, RATE4, JsonResult
from bot.limits import MAX_OVERDUE_DAYS

CYCLE_DAYS = 30
DUE_GAP_DAYS = 20  # statement date → due date
# one bound with the chat and the console
MAX_MONTHS = 600
MAX_DAILY_RATE = Decimal("0.01")
# courts commonly (practice, not statute) treat more than 24% a year of interest + fees as excessive
COURT_REFERENCE_RATE = Decimal("0.24")
# no 违约金 at due dates this many days or more after the first missed one: by then an account is usually written
# off or sued, and the card's monthly fees stop (DOMAIN §2 [practice]; the day varies by bank: said as 一般)
FEE_STOP_DAYS = 180
# a projection this long or longer shows its annualised cost beside the total (issue 23 item 9)
LONG_PROJECTION_DAYS = 180


@dataclass(frozen=True)
class ProjectionRow(JsonResult):
    """One statement (``billed`` True) or the interest accrued since the last statement up to the day
    before ``today`` (``billed`` False). ``day`` counts days after the missed due date; money in 元.

    ``penalty`` is the 违约金 charged at the due date that opened this row's cycle, on ``penalty_base``: the
    minimum payment then unpaid, 违约金 excluded (0 when none was charged). ``min_payment`` is the statement's
    whole minimum: the next ``penalty_base`` plus every unpaid 违约金 (capped at ``total_owed``)."""

    month: int
    day: int
    statement_date: date | None
    billed: bool
    days: int
    opening_balance: Decimal
    interest: Decimal
    penalty: Decimal
    penalty_base: Decimal
    min_payment: Decimal | None
    interest_bearing_balance: Decimal
    penalty_balance: Decimal
    total_owed: Decimal


@dataclass(frozen=True)
class Projection(JsonResult):
    """What is owed today after ``overdue_days`` days without any repayment. Money in 元.

    ``annualised_cost``: interest + 违约金 per 元 of principal per year of use, simple (not compounded), over the
    days from the posting date (``DUE_GAP_DAYS`` before the missed due date) to the day before today, both
    counted: (total_interest + total_penalty) / principal × 365 / (overdue_days + DUE_GAP_DAYS). ``fees_stopped``:
    the projection reaches ``FEE_STOP_DAYS``, after which no 违约金 is charged."""

    principal: Decimal
    overdue_days: int
    bank: str
    schedule_is_default: bool
    method: str
    daily_rate: Decimal = field(metadata=EXACT)
    grace_days: int
    within_grace: bool
    statements: int
    missed_due_dates: int
    total_interest: Decimal
    total_penalty: Decimal
    total_owed: Decimal
    annualised_cost: Decimal = field(metadata=RATE4)
    fees_stopped: bool
    as_of: date | None
    rows: list[ProjectionRow]
    assumptions: list[str]
    sources: list[str]
    paid: Decimal = ZERO  # already repaid (taken as on the missed due date): ``total_owed`` is net of it


@dataclass(frozen=True)
class MinimumOnlyRow(JsonResult):
    """Month ``month``: the statement balance, the minimum paid on the due date, the interest billed on
    the next statement and the balance it then shows (all 元)."""

    month: int
    statement_balance: Decimal
    min_payment: Decimal
    interest: Decimal
    balance_after: Decimal


@dataclass(frozen=True)
class MinimumOnlyResult(JsonResult):
    """Paying only the minimum for up to ``months`` months. Money in 元."""

    principal: Decimal
    months: int
    bank: str
    schedule_is_default: bool
    method: str
    daily_rate: Decimal = field(metadata=EXACT)
    min_payment_ratio: Decimal = field(metadata=EXACT)
    first_min_payment: Decimal
    total_interest: Decimal
    total_paid: Decimal
    remaining_balance: Decimal
    paid_off: bool
    months_to_payoff: int | None
    rows: list[MinimumOnlyRow]
    assumptions: list[str]
    sources: list[str]


def _rate_and_ratio(
    schedule: BankSchedule, daily_rate: object, min_payment_ratio: object
) -> tuple[Decimal, Decimal]:
    rate = schedule.rate if daily_rate is None else to_decimal(daily_rate, "daily_rate")
    if not ZERO <= rate < MAX_DAILY_RATE:
        raise FinanceInputError("daily_rate", "must be a daily rate between 0 and 0.01 (e.g. 0.0005 = 万分之五)")
    ratio = schedule.min_payment_ratio.value if min_payment_ratio is None else to_decimal(
        min_payment_ratio, "min_payment_ratio"
    )
    if not ZERO < ratio <= ONE:
        raise FinanceInputError("min_payment_ratio", "must be a fraction above 0 and at most 1 (e.g. 0.1)")
    return rate, ratio


def _rate_assumption(schedule: BankSchedule, daily_rate: object, rate: Decimal) -> str:
    template = t.A_RATE_DEFAULT if daily_rate is None else t.A_RATE_USER
    return template.format(rate=t.rate_text(rate))


def project_overdue(
    principal: Decimal | int | float | str,
    overdue_days: int | float | Decimal | str,
    bank: str | BankSchedule | None = None,
    daily_rate: Decimal | float | str | None = None,
    min_payment_ratio: Decimal | float | str | None = None,
    today: date | str | None = None,
    paid: Decimal | int | float | str | None = None,
) -> Projection:
    """Interest and 违约金 owed today on ``principal`` 元 unpaid since a due date ``overdue_days`` days ago
    (day 1 = the day after the due date; 0 = due today), nothing repaid since (but ``paid``), paid off today.

    ``paid``: 元 the person already repaid, taken as repaid on the missed due date (the day is not known; said in
    the assumptions). DOMAIN §1: at a full-interest bank the repaid part bears interest from the posting date to
    the day before its repayment, the rest from the posting date on; at an unpaid-part bank the repaid part keeps
    its free period. The first 违约金 is on the minimum left unpaid after it (DOMAIN §2).

    ``daily_rate`` per day (None → the bank's, 0.0005 by default); ``min_payment_ratio`` a fraction of
    the principal (None → the bank's, 0.10). Within grace (overdue_days ≤ grace days) nothing is
    charged. Otherwise interest runs from the posting date (assumed: the missed statement's date, 20 days
    before the due date) up to and including the day before ``today``, billed and compounded every
    30 days. 违约金 is charged at each due date (day 0, 30, 60 … after the missed one) missed by more than
    the grace days — due day + grace < ``overdue_days``, so on day 30 + grace the second fee is not yet due —
    and before ``FEE_STOP_DAYS`` (exclusive), on the unpaid minimum without earlier 违约金 (module docstring).
    ``today`` only labels the rows with calendar dates (None → rows carry day offsets only).
    """
    amount = positive_amount(principal, "principal")
    days_overdue = whole_number(overdue_days, "overdue_days", 0, MAX_OVERDUE_DAYS)
    schedule = get_schedule(bank)
    rate, ratio = _rate_and_ratio(schedule, daily_rate, min_payment_ratio)
    as_of = None if today is None else to_date(today, "today")
    grace = schedule.grace
    repaid = ZERO if paid is None else min(amount, max(ZERO, to_decimal(paid, "paid")))

    assumptions = []
    if schedule.is_default:
        assumptions.append(t.A_SCHEDULE_DEFAULT)
    assumptions.append(_rate_assumption(schedule, daily_rate, rate))
    sources = [*schedule.sources(), t.SOURCE_NO_INTEREST_ON_FEES, t.SOURCE_RATE_2021]

    def calendar(day: int) -> date | None:
        return None if as_of is None else as_of - timedelta(days=days_overdue - day)

    if days_overdue <= grace:
        assumptions.append(t.A_PROJ_DUE_TODAY if days_overdue == 0
                           else t.A_PROJ_WITHIN_GRACE.format(days=days_overdue, grace=grace))
        return Projection(
            principal=amount, overdue_days=days_overdue, bank=schedule.bank,
            schedule_is_default=schedule.is_default, method=schedule.method, daily_rate=rate,
            grace_days=grace, within_grace=True, statements=0, missed_due_dates=0, total_interest=ZERO,
            total_penalty=ZERO, total_owed=amount - repaid, annualised_cost=ZERO, fees_stopped=False, as_of=as_of,
            rows=[], assumptions=assumptions, sources=sources, paid=repaid,
        )

    interest_bearing = amount
    fees = ZERO
    billed_interest = ZERO
    accrue_from = -DUE_GAP_DAYS  # posting day, counted (bank convention)
    share = round_money(amount * ratio)  # each statement's share of the principal
    unpaid_min = max(ZERO, share - repaid)  # the missed statement's minimum left unpaid; 违约金 never part of it
    pending_fee = ZERO
    pending_base = ZERO
    missed = 0
    rows: list[ProjectionRow] = []
    month = 0
    due_day = 0
    while True:
        if due_day + grace < days_overdue and due_day < FEE_STOP_DAYS:
            fee = penalty_amount(schedule, unpaid_min, principal=amount)
            fees += fee
            pending_fee += fee
            pending_base = unpaid_min
            missed += 1
        statement_day = due_day + CYCLE_DAYS - DUE_GAP_DAYS
        if statement_day >= days_overdue:
            break
        month += 1
        days = statement_day - accrue_from + 1
        opening = interest_bearing
        if month == 1 and repaid > ZERO:
            # repaid on the missed due date (day 0): the day count of DOMAIN §1, the repayment day at the balance after
            before = DUE_GAP_DAYS if schedule.method == FULL else 0
            interest_bearing -= repaid
            interest = round_money((opening * before + interest_bearing * (days - before)) * rate)
        else:
            interest = round_money(opening * rate * days)
        interest_bearing += interest
        billed_interest += interest
        total = interest_bearing + fees
        # the past-due minimum + this cycle's share + the interest just billed, never more than is owed
        unpaid_min = min(interest_bearing, unpaid_min + share + interest)
        rows.append(ProjectionRow(
            month=month, day=statement_day, statement_date=calendar(statement_day), billed=True, days=days,
            opening_balance=opening, interest=interest, penalty=pending_fee, penalty_base=pending_base,
            min_payment=min(total, unpaid_min + fees), interest_bearing_balance=interest_bearing,
            penalty_balance=fees, total_owed=total,
        ))
        pending_fee = ZERO
        pending_base = ZERO
        accrue_from = statement_day + 1
        due_day += CYCLE_DAYS

    accrued_days = days_overdue - accrue_from
    accrued = round_money(interest_bearing * rate * accrued_days) if accrued_days > 0 else ZERO
    if month == 0 and repaid > ZERO:
        # no statement yet since the missed due date: the repaid part's interest up to its repayment (full) only
        before = DUE_GAP_DAYS if schedule.method == FULL else 0
        interest_bearing -= repaid
        accrued = round_money((amount * before + interest_bearing * (accrued_days - before)) * rate) \
            if accrued_days > 0 else ZERO
    total_interest = billed_interest + accrued
    total_owed = amount - repaid + total_interest + fees
    rows.append(ProjectionRow(
        month=month + 1, day=days_overdue, statement_date=as_of, billed=False, days=max(accrued_days, 0),
        opening_balance=interest_bearing, interest=accrued, penalty=pending_fee, penalty_base=pending_base,
        min_payment=None,
        interest_bearing_balance=interest_bearing + accrued, penalty_balance=fees, total_owed=total_owed,
    ))
    # cost per year of the money actually used: from posting to today
    annualised_cost = (total_interest + fees) / amount * 365 / (days_overdue + DUE_GAP_DAYS)
    fees_stopped = days_overdue > FEE_STOP_DAYS + grace
    assumptions += [
        t.A_DAY_COUNT,
        t.A_PROJ_CYCLE.format(cycle=CYCLE_DAYS, due_gap=DUE_GAP_DAYS),
        t.A_PROJ_POSTING,
        t.A_PROJ_COMPOUND,
        t.A_PROJ_PENALTY.format(ratio=t.percent(ratio, 0)),
        t.A_PROJ_TWO_BUCKETS,
        t.A_PROJ_PAID.format(paid=t.yuan(repaid), rule=t.A_PROJ_PAID_RULE[schedule.method])
        if repaid > ZERO else t.A_PROJ_METHOD_SAME,
        t.A_PROJ_PAY_TODAY,
    ]
    if fees_stopped:
        assumptions.append(t.A_PROJ_FEE_STOP.format(days=FEE_STOP_DAYS))
    if annualised_cost > COURT_REFERENCE_RATE:
        assumptions.append(t.A_PROJ_COURT_ADJUST.format(cost=t.percent(annualised_cost, 1)))
    return Projection(
        principal=amount, overdue_days=days_overdue, bank=schedule.bank,
        schedule_is_default=schedule.is_default, method=schedule.method, daily_rate=rate, grace_days=grace,
        within_grace=False, statements=month, missed_due_dates=missed, total_interest=total_interest,
        total_penalty=fees, total_owed=total_owed, annualised_cost=annualised_cost, fees_stopped=fees_stopped,
        as_of=as_of, rows=rows,
        assumptions=assumptions, sources=sources, paid=repaid,
    )


def project_minimum_only(
    principal: Decimal | int | float | str,
    months: int | float | Decimal | str,
    bank: str | BankSchedule | None = None,
    daily_rate: Decimal | float | str | None = None,
    min_payment_ratio: Decimal | float | str | None = None,
) -> MinimumOnlyResult:
    """Pay only the minimum on each due date, for ``months`` months (1–600), on a statement balance of
    ``principal`` 元 with no new spending.

    The minimum is ``min_payment_ratio`` (fraction; None → the bank's, 0.10) of the balance excluding
    the interest just billed, plus 100% of that interest, rounded half-up to 0.01. ``daily_rate`` per
    day (None → the bank's). Interest per cycle follows the module calendar and the bank day-count
    convention: the first cycle by the bank's method (full: whole balance until the payment day; unpaid
    only: the paid minimum free), later cycles on the revolving balance without any free period. Stops
    early when the minimum would clear the balance (paid off, with the residual interest).
    """
    amount = positive_amount(principal, "principal")
    horizon = whole_number(months, "months", 1, MAX_MONTHS)
    schedule = get_schedule(bank)
    rate, ratio = _rate_and_ratio(schedule, daily_rate, min_payment_ratio)
    before_due_first = DUE_GAP_DAYS  # posting day .. day before the due date
    before_due = DUE_GAP_DAYS - 1  # day after the statement .. day before the due date
    after_due = CYCLE_DAYS - DUE_GAP_DAYS + 1  # due date .. next statement, both counted

    balance = amount
    billed = ZERO
    total_interest = ZERO
    total_paid = ZERO
    rows: list[MinimumOnlyRow] = []
    months_to_payoff = None
    first_min = None
    for month in range(1, horizon + 1):
        minimum = min(balance, round_money(ratio * (balance - billed) + billed))
        first_min = minimum if first_min is None else first_min
        if minimum >= balance:
            residual = ZERO if month == 1 else round_money(balance * rate * before_due)
            total_interest += residual
            total_paid += balance + residual
            rows.append(MinimumOnlyRow(month, balance, balance + residual, residual, ZERO))
            balance = ZERO
            months_to_payoff = month
            break
        remaining = balance - minimum
        if month == 1 and schedule.method == FULL:
            day_balances = balance * before_due_first + remaining * after_due
        elif month == 1:
            day_balances = remaining * (before_due_first + after_due)
        else:
            day_balances = balance * before_due + remaining * after_due
        billed = round_money(day_balances * rate)
        total_interest += billed
        total_paid += minimum
        rows.append(MinimumOnlyRow(month, balance, minimum, billed, remaining + billed))
        balance = remaining + billed

    assumptions = []
    if schedule.is_default:
        assumptions.append(t.A_SCHEDULE_DEFAULT)
    assumptions += [
        _rate_assumption(schedule, daily_rate, rate),
        t.A_MIN_ONLY_RULE.format(ratio=t.percent(ratio, 0)),
        t.A_MIN_ONLY_FULL if schedule.method == FULL else t.A_MIN_ONLY_UNPAID,
        t.A_MIN_ONLY_REVOLVING,
        t.A_PROJ_CYCLE.format(cycle=CYCLE_DAYS, due_gap=DUE_GAP_DAYS),
        t.A_DAY_COUNT,
        t.A_MIN_ONLY_NO_PENALTY,
    ]
    return MinimumOnlyResult(
        principal=amount, months=len(rows), bank=schedule.bank, schedule_is_default=schedule.is_default,
        method=schedule.method, daily_rate=rate, min_payment_ratio=ratio, first_min_payment=first_min or ZERO,
        total_interest=total_interest, total_paid=total_paid, remaining_balance=balance,
        paid_off=months_to_payoff is not None, months_to_payoff=months_to_payoff, rows=rows,
        assumptions=assumptions, sources=[*schedule.sources(), t.SOURCE_RATE_2021],
    )
