"""账单分期 (instalments): per-period payment, fee, and the true APR by monthly IRR."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.finance.money import ONE, ZERO, positive_amount, round_money, to_decimal, whole_number
from bot.finance.serialize import EXACT, RATE4, JsonResult

MAX_PERIODS = 60  # 2022 rules: instalment term ≤ 5 years
MAX_MONTHLY_RATE = Decimal("0.1")
IRR_PLACES = {"places": 6}
_IRR_TOLERANCE = Decimal("1e-14")


@dataclass(frozen=True)
class InstallmentPeriod(JsonResult):
    """One period: ``payment`` = ``principal`` + ``fee``, all 元."""

    period: int
    payment: Decimal
    principal: Decimal
    fee: Decimal


@dataclass(frozen=True)
class InstallmentResult(JsonResult):
    """An instalment plan. Money in 元; ``monthly_rate`` is the fee per period on the original principal;
    ``apr`` = 12 × monthly IRR, ``ear`` = (1 + IRR)^12 − 1, ``nominal_annual_rate`` = 12 × monthly_rate
    (shown only to say it is *not* the APR)."""

    per_period: Decimal
    total_fee: Decimal
    apr: Decimal = field(metadata=RATE4)
    ear: Decimal = field(metadata=RATE4)
    amount: Decimal
    periods: int
    monthly_rate: Decimal = field(metadata=EXACT)
    monthly_irr: Decimal = field(metadata=IRR_PLACES)
    nominal_annual_rate: Decimal = field(metadata=RATE4)
    total_repaid: Decimal
    warning: str
    schedule: list[InstallmentPeriod]
    assumptions: list[str]
    sources: list[str]


def annuity_present_value(payment: Decimal, monthly_rate: Decimal, periods: int) -> Decimal:
    """Present value in 元 of ``periods`` end-of-month payments discounted at ``monthly_rate``."""
    if monthly_rate == 0:
        return payment * periods
    return payment * (ONE - (ONE + monthly_rate) ** -periods) / monthly_rate


def monthly_irr(amount: Decimal, payment: Decimal, periods: int) -> Decimal:
    """Monthly rate r with amount = Σ_{k=1..periods} payment / (1 + r)^k, found by bisection.

    Requires payment × periods ≥ amount (a non-negative cost); returns 0 when they are equal."""
    if payment * periods <= amount:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 34
        low, high = ZERO, ONE
        while annuity_present_value(payment, high, periods) > amount:
            high *= 2
        while high - low > _IRR_TOLERANCE:
            middle = (low + high) / 2
            if annuity_present_value(payment, middle, periods) > amount:
                low = middle
            else:
                high = middle
        return (low + high) / 2


def installment(
    amount: Decimal | int | float | str,
    periods: int | Decimal | str,
    monthly_rate: Decimal | int | float | str,
) -> InstallmentResult:
    """账单分期 of ``amount`` 元 over ``periods`` months (1–60) with a fee of ``monthly_rate`` (a
    fraction per month, e.g. 0.006 = 0.6%) on the original principal each period.

    per_period = amount/periods + amount·rate; total_fee = amount·rate·periods; APR = 12 × monthly IRR;
    EAR = (1 + IRR)^12 − 1. 30000 × 12 at 0.006 → 2680.00, fee 2160.00, APR 13.03%, EAR 13.84%.
    Payments are rounded half-up to 0.01 with the remainder in the last period.
    """
    principal = positive_amount(amount, "amount")
    n = whole_number(periods, "periods", 1, MAX_PERIODS)
    rate = to_decimal(monthly_rate, "monthly_rate")
    if not ZERO <= rate < MAX_MONTHLY_RATE:
        raise FinanceInputError("monthly_rate", "must be a monthly fee rate between 0 and 0.1 (e.g. 0.006 = 0.6%)")

    exact_payment = principal / n + principal * rate
    per_period = round_money(exact_payment)
    total_fee = round_money(principal * rate * n)
    total_repaid = principal + total_fee
    fee_each = round_money(principal * rate)
    schedule = [
        InstallmentPeriod(k, per_period, per_period - fee_each, fee_each) for k in range(1, n)
    ]
    last_payment = total_repaid - per_period * (n - 1)
    last_fee = total_fee - fee_each * (n - 1)
    schedule.append(InstallmentPeriod(n, last_payment, last_payment - last_fee, last_fee))

    irr = monthly_irr(principal, exact_payment, n)
    apr = irr * 12
    ear = (ONE + irr) ** 12 - ONE
    nominal = rate * 12
    warning = t.W_INSTALLMENT_NOT_APR.format(
        rate=t.percent(rate), nominal=t.percent(nominal), apr=t.percent(apr), ear=t.percent(ear)
    )
    return InstallmentResult(
        per_period=per_period,
        total_fee=total_fee,
        apr=apr,
        ear=ear,
        amount=principal,
        periods=n,
        monthly_rate=rate,
        monthly_irr=irr,
        nominal_annual_rate=nominal,
        total_repaid=total_repaid,
        warning=warning,
        schedule=schedule,
        assumptions=[
            t.A_INSTALLMENT_FORMULA, t.A_INSTALLMENT_APR, t.A_INSTALLMENT_ROUNDING, t.A_INSTALLMENT_RULES,
        ],
        sources=[t.SOURCE_INSTALLMENT_RULES],
    )
