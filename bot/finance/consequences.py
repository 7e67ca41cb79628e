"""What applies at a given number of days overdue (DOMAIN §3–4): stages, 征信 code, the criminal
threshold of 恶意透支 evaluated condition by condition, and the myths to correct.

It explains rules; it never predicts what a court or the police will decide.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.finance.money import ZERO, non_negative_amount, whole_number
from bot.finance.schedules import BankSchedule, get_schedule
from bot.finance.serialize import JsonResult
from bot.limits import MAX_OVERDUE_DAYS

CRIMINAL_PRINCIPAL = Decimal(50_000)  # 2018 解释: 数额较大 from 5万 of principal
COLLECTION_GAP_DAYS = 30
AFTER_COLLECTION_DAYS = 90  # "超过3个月"
# a day count within a month of the earliest day the time condition can be met may be a rounded one (「一百多天」,
# 「4个多月」): that condition is then 「可能已满足/接近」 (unknown), never "not met"
NEAR_DAYS = 31
MAX_DAYS = MAX_OVERDUE_DAYS  # one bound with the chat and the console (bot/limits.py)
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class Stage(JsonResult):
    """A stage of DOMAIN §3. ``status``: current | passed | upcoming | possible | info."""

    key: str
    title: str
    text: str
    status: str
    applies: bool
    source: str
    certainty: str  # law | quoted | practice


@dataclass(frozen=True)
class Condition(JsonResult):
    key: str
    label: str
    status: str  # met | not_met | unknown
    note: str


@dataclass(frozen=True)
class CriminalAssessment(JsonResult):
    """The four cumulative conditions of 恶意透支; ``status`` not_met if any is not met, met only if all
    are, else unknown. ``tier`` is the amount band the principal would fall in (None below 5万)."""

    status: str
    intro: str
    conditions: list[Condition]
    principal_counted: Decimal
    tier: str | None
    tier_text: str | None
    summary: str
    mitigation: str
    source: str
    certainty: str


@dataclass(frozen=True)
class Myth(JsonResult):
    key: str
    myth: str
    correction: str
    source: str
    certainty: str


@dataclass(frozen=True)
class ConsequenceReport(JsonResult):
    """Consequences at ``overdue_days`` days after the due date for ``principal`` 元 of principal."""

    overdue_days: int
    principal: Decimal
    bank: str
    schedule_is_default: bool
    grace_days: int
    within_grace: bool
    credit_code: str
    credit_code_text: str
    stages: list[Stage]
    criminal: CriminalAssessment
    myths: list[Myth]
    assumptions: list[str]
    sources: list[str]


def credit_code(overdue_days: int, grace_days: int = 0) -> str:
    """人行征信 repayment status for ``overdue_days`` days after the due date: ``N`` when not overdue
    or within ``grace_days`` (inclusive), else ``min(7, ceil(days / 30))`` as a string ('1'…'7')."""
    if overdue_days <= max(0, grace_days):
        return "N"
    return str(min(7, math.ceil(overdue_days / 30)))


def _stage_status(key: str, days: int, grace: int) -> str:
    overdue = days > grace
    if key == "before_due":
        return "current" if days == 0 else "passed"
    if key == "grace":
        if days == 0:
            return "upcoming"
        return "current" if not overdue else "passed"
    if key == "m1":
        return "upcoming" if not overdue else ("current" if days <= 30 else "passed")
    if key == "credit_report":
        return "current" if overdue else "upcoming"
    if key == "m2_m3":
        return "upcoming" if days <= 30 else ("current" if days <= 90 else "passed")
    if key == "outsourced":
        return "current" if days > 90 else "upcoming"
    if key == "civil_suit":
        return "possible" if overdue else "upcoming"
    if key == "enforcement":
        return "upcoming"
    return "info"


def _criminal_inputs(
    collections_received: int | float | Decimal | str | None,
    collection_gap_days: int | float | Decimal | str | None,
    repaid: Decimal | int | float | str | None,
    intent_signals: Iterable[str] | None,
) -> tuple[int | None, int | None, Decimal, list[str]]:
    """The checked inputs of the criminal assessment shared by `consequences` and `criminal_assessment`."""
    collections = None if collections_received is None else whole_number(
        collections_received, "collections_received", 0, 1000
    )
    gap = None if collection_gap_days is None else whole_number(
        collection_gap_days, "collection_gap_days", 0, MAX_DAYS
    )
    repaid_amount = ZERO if repaid is None else non_negative_amount(repaid, "repaid")
    signals = list(intent_signals or [])
    for i, signal in enumerate(signals):
        if signal not in t.INTENT_SIGNAL_TEXT:
            raise FinanceInputError(
                f"intent_signals[{i}]",
                f"unknown signal {signal!r} (expected one of: {', '.join(t.INTENT_SIGNAL_TEXT)})",
            )
    return collections, gap, repaid_amount, signals


def consequences(
    overdue_days: int | float | Decimal | str,
    principal: Decimal | int | float | str,
    collections_received: int | float | Decimal | str | None = None,
    collection_gap_days: int | float | Decimal | str | None = None,
    repaid: Decimal | int | float | str | None = None,
    intent_signals: Iterable[str] | None = None,
    bank: str | BankSchedule | None = None,
) -> ConsequenceReport:
    """Stages, 征信 code, criminal-threshold evaluation and myths for a card ``overdue_days`` days past
    its due date (day 1 = the day after; 0 = not overdue) with ``principal`` 元 of overdraft principal.

    ``collections_received``: effective collections (calls/letters from the bank) so far; None =
    unknown. ``collection_gap_days``: days between the first two of them; None = unknown. ``repaid``:
    元 repaid since they began — counted as principal repaid (2018 解释), so the threshold compares
    principal − repaid with 50,000 (inclusive). ``intent_signals``: keys of
    ``templates.INTENT_SIGNAL_TEXT`` (e.g. ``changed_contact``, ``willing_to_repay``). ``bank`` only sets
    the grace days (default schedule: 3).
    """
    days = whole_number(overdue_days, "overdue_days", 0, MAX_DAYS)
    amount = non_negative_amount(principal, "principal")
    collections, gap, repaid_amount, signals = _criminal_inputs(
        collections_received, collection_gap_days, repaid, intent_signals
    )
    schedule = get_schedule(bank)
    grace = schedule.grace
    code = credit_code(days, grace)

    stages = []
    for key, title, text, source, certainty in t.STAGES:
        status = _stage_status(key, days, grace)
        stages.append(Stage(
            key=key,
            title=title,
            text=text.format(grace=grace, grace_estimate=(
                t.GRACE_ESTIMATE if grace > 0 else t.NO_GRACE_ESTIMATE).format(grace=grace), code=code if code != "N" else "1", code_text=t.CREDIT_CODE_TEXT[
                code if code != "N" else "1"]),
            status=status,
            applies=status in ("current", "possible"),
            source=source,
            certainty=certainty,
        ))

    criminal = _criminal(days, amount, collections, gap, repaid_amount, signals)
    myths = [Myth(*item) for item in t.MYTHS]
    grace_assumption = t.A_CONSEQ_GRACE_DEFAULT.format(grace=grace) if grace > 0 else t.A_CONSEQ_NO_GRACE
    assumptions = [grace_assumption, t.A_CONSEQ_NO_VERDICT]
    if schedule.is_default:
        assumptions.insert(0, t.A_SCHEDULE_DEFAULT)
    sources = [t.sourced(s.source, s.certainty) for s in stages] + [t.SOURCE_CRIMINAL, t.SOURCE_CREDIT_CODES]
    return ConsequenceReport(
        overdue_days=days,
        principal=amount,
        bank=schedule.bank,
        schedule_is_default=schedule.is_default,
        grace_days=grace,
        within_grace=0 < days <= grace,
        credit_code=code,
        credit_code_text=t.CREDIT_CODE_TEXT[code],
        stages=stages,
        criminal=criminal,
        myths=myths,
        assumptions=assumptions,
        sources=list(dict.fromkeys(sources)),
    )


def criminal_assessment(
    principal: Decimal | int | float | str,
    overdue_days: int | float | Decimal | str | None = None,
    collections_received: int | float | Decimal | str | None = None,
    collection_gap_days: int | float | Decimal | str | None = None,
    repaid: Decimal | int | float | str | None = None,
    intent_signals: Iterable[str] | None = None,
) -> CriminalAssessment:
    """The four conditions of 恶意透支 for ``principal`` 元 (several cards: their total, DOMAIN §4).
    ``overdue_days`` None = unknown: the time condition is then 「无法判断」, never "not met"."""
    days = None if overdue_days is None else whole_number(overdue_days, "overdue_days", 0, MAX_DAYS)
    collections, gap, repaid_amount, signals = _criminal_inputs(
        collections_received, collection_gap_days, repaid, intent_signals
    )
    return _criminal(days, non_negative_amount(principal, "principal"), collections, gap, repaid_amount, signals)


def _criminal(
    days: int | None, principal: Decimal, collections: int | None, gap: int | None, repaid: Decimal, signals: list[str]
) -> CriminalAssessment:
    notes = t.CRIMINAL_NOTES
    counted = max(ZERO, principal - repaid)
    shown = t.plain(counted)
    enough = counted >= CRIMINAL_PRINCIPAL
    conditions = [
        Condition(
            "principal", t.CRIMINAL_CONDITIONS["principal"],
            MET if enough else NOT_MET,
            notes["principal_met" if enough else "principal_not_met"].format(principal=shown),
        )
    ]

    if collections is None:
        status, note = UNKNOWN, notes["collections_unknown"]
    elif collections < 2:
        status, note = NOT_MET, notes["collections_few"].format(count=collections)
    elif gap is None:
        status, note = UNKNOWN, notes["collections_gap_unknown"].format(count=collections)
    elif gap < COLLECTION_GAP_DAYS:
        status, note = NOT_MET, notes["collections_gap_short"].format(gap=gap)
    else:
        status, note = MET, notes["collections_met"].format(count=collections, gap=gap)
    conditions.append(Condition("collections", t.CRIMINAL_CONDITIONS["collections"], status, note))

    # the first collection comes at the earliest the day after the due date, the second ≥ 30 days later,
    # then more than 3 months must pass
    gap_days = gap if gap is not None and gap >= COLLECTION_GAP_DAYS else COLLECTION_GAP_DAYS
    earliest = 1 + gap_days + AFTER_COLLECTION_DAYS
    if collections is not None and collections < 2:
        status, note = NOT_MET, notes["three_months_no_second"]
    elif days is None:
        status, note = UNKNOWN, notes["three_months_days_unknown"]
    elif collections is None and earliest - NEAR_DAYS < days <= earliest:
        # the collection history unknown and a day count near the threshold, perhaps a rounded one (「一百多天」,
        # 「4个多月」: persona trials E2, E3, F4): the condition may already be met — 「无法判断」, never ✘ (DOMAIN §4)
        status, note = UNKNOWN, notes["three_months_near"].format(days=days, earliest=earliest + 1)
    elif days <= earliest and enough:
        status, note = NOT_MET, notes["three_months_running"].format(days=days, earliest=earliest + 1)
    elif days <= earliest:
        status, note = NOT_MET, notes["three_months_too_early"].format(days=days)
    else:
        status, note = UNKNOWN, notes["three_months_unknown"]
    conditions.append(Condition("three_months", t.CRIMINAL_CONDITIONS["three_months"], status, note))

    presumptions = [s for s in signals if s in t.INTENT_PRESUMPTION_SIGNALS]
    cooperative = [s for s in signals if s not in t.INTENT_PRESUMPTION_SIGNALS]
    if presumptions:
        status = MET
        note = notes["intent_signals"].format(signals="、".join(t.INTENT_SIGNAL_TEXT[s] for s in presumptions))
    elif cooperative:
        # cooperation helps show there is no such intent; it is never a guarantee (DOMAIN §4)
        status = UNKNOWN
        note = notes["intent_cooperative"].format(signals="、".join(t.INTENT_SIGNAL_TEXT[s] for s in cooperative))
    else:
        status, note = UNKNOWN, notes["intent_unknown"]
    conditions.append(Condition("intent", t.CRIMINAL_CONDITIONS["intent"], status, note))

    statuses = {c.status for c in conditions}
    overall = NOT_MET if NOT_MET in statuses else (MET if statuses == {MET} else UNKNOWN)
    tier = next((label for threshold, label in t.CRIMINAL_TIERS if counted >= threshold), None)
    return CriminalAssessment(
        status=overall,
        intro=t.CRIMINAL_INTRO,
        conditions=conditions,
        principal_counted=counted,
        tier=tier,
        tier_text=t.CRIMINAL_TIER_TEXT.format(principal=shown, tier=tier) if tier else None,
        summary=t.CRIMINAL_SUMMARY[overall],
        mitigation=t.CRIMINAL_MITIGATION.get(tier or "", ""),
        # bare source + certainty: the console says the certainty in words itself (never a raw tag)
        source=t.f.fact("criminal_conditions").source,
        certainty=t.f.fact("criminal_conditions").certainty,
    )
