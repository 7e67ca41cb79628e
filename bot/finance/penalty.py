"""违约金 (late fee): a share of the unpaid part of the minimum payment, with bank floors and caps."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bot.finance import templates as t
from bot.finance.money import ZERO, non_negative_amount, round_money
from bot.finance.schedules import CAP_PRINCIPAL, BankSchedule, get_schedule
from bot.finance.serialize import EXACT, JsonResult


@dataclass(frozen=True)
class PenaltyResult(JsonResult):
    """违约金 for one missed due date. Amounts in 元; ``rate`` is a fraction of the unpaid minimum."""

    penalty: Decimal
    unpaid_min: Decimal
    bank: str
    schedule_is_default: bool
    rate: Decimal = field(metadata=EXACT)
    floor: Decimal | None
    cap: Decimal | None
    floor_applied: bool
    cap_applied: bool
    assumptions: list[str]
    sources: list[str]


def penalty_amount(schedule: BankSchedule, unpaid_min: Decimal, principal: Decimal | None = None) -> Decimal:
    """违约金 in 元, rounded half-up to 0.01, for ``unpaid_min`` 元 of the minimum payment left unpaid
    at one due date (after grace). 0 when nothing is unpaid. ``principal`` (元) only matters for banks
    whose cap is the overdraft principal (浦发银行)."""
    if unpaid_min <= 0:
        return ZERO.quantize(Decimal("0.01"))
    amount = unpaid_min * schedule.penalty_rate.value
    floor = schedule.penalty_floor.value
    cap = schedule.penalty_cap.value
    if floor is not None:
        amount = max(amount, floor)
    if cap == CAP_PRINCIPAL:
        if principal is not None:
            amount = min(amount, principal)
    elif cap is not None:
        amount = min(amount, cap)
    return round_money(amount)


def penalty(
    bank: str | BankSchedule | None,
    unpaid_min: Decimal | int | float | str,
    principal: Decimal | int | float | str | None = None,
) -> PenaltyResult:
    """违约金 charged once at a missed due date (after grace).

    ``unpaid_min``: the unpaid part of the minimum payment, 元 (≥ 0). ``principal``: the overdraft
    principal in 元, used only by banks capping the fee at the principal (浦发银行). Rule: 5% of the
    unpaid minimum with the bank's floor and cap (DOMAIN §2; 700 → 35.00, 招商 150 → 10.00,
    中信 150 → 20.00, 工商 12000 → 500.00); 0 when nothing is unpaid. Unknown bank → default schedule.
    """
    schedule = get_schedule(bank)
    unpaid = non_negative_amount(unpaid_min, "unpaid_min")
    principal_amount = None if principal is None else non_negative_amount(principal, "principal")
    fee = penalty_amount(schedule, unpaid, principal_amount)
    rate = schedule.penalty_rate.value
    floor = schedule.penalty_floor.value
    cap = schedule.penalty_cap.value
    raw = unpaid * rate
    floor_applied = bool(unpaid > 0 and floor is not None and raw < floor)
    numeric_cap = principal_amount if cap == CAP_PRINCIPAL else cap
    cap_applied = bool(unpaid > 0 and numeric_cap is not None and max(raw, floor or ZERO) > numeric_cap)

    assumptions = [penalty_rule_text(schedule)]
    if schedule.is_default:
        assumptions.append(t.A_SCHEDULE_DEFAULT)
    if cap == CAP_PRINCIPAL and principal_amount is None:
        assumptions.append(t.A_PENALTY_CAP_PRINCIPAL_UNKNOWN)
    if unpaid == 0:
        assumptions.append(t.A_PENALTY_ZERO)
    assumptions.append(t.A_PENALTY_NOT_INTEREST)
    sources = [
        f"{value.source} [{value.status}]"
        for value in (schedule.penalty_rate, schedule.penalty_floor, schedule.penalty_cap)
        if value.value is not None or value.status != "default"
    ]
    sources.append(t.SOURCE_NO_INTEREST_ON_FEES)
    return PenaltyResult(
        penalty=fee,
        unpaid_min=unpaid,
        bank=schedule.bank,
        schedule_is_default=schedule.is_default,
        rate=rate,
        floor=floor,
        cap=cap if cap != CAP_PRINCIPAL else principal_amount,
        floor_applied=floor_applied,
        cap_applied=cap_applied,
        assumptions=assumptions,
        sources=list(dict.fromkeys(sources)),
    )


def penalty_rule_text(schedule: BankSchedule) -> str:
    """The bank's 违约金 rule as one Chinese sentence."""
    limits = ""
    floor = schedule.penalty_floor.value
    cap = schedule.penalty_cap.value
    if floor is not None:
        limits += t.A_PENALTY_FLOOR.format(floor=t.plain(floor))
    if cap == CAP_PRINCIPAL:
        limits += t.A_PENALTY_CAP_PRINCIPAL
    elif cap is not None:
        limits += t.A_PENALTY_CAP.format(cap=t.plain(cap))
    return t.A_PENALTY_RULE.format(
        bank="一般" if schedule.is_default else schedule.bank,
        rate=t.percent(schedule.penalty_rate.value, 0),
        limits=limits,
        status=t.STATUS_TEXT[schedule.penalty_rate.status],
    )
