"""Actions that answer with figures: interest, 违约金, minimum payment, grace, instalments.

Thin glue: read slots → call bot.finance → utter a domain response with the figures as parameters.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import bullet_lines, known_bank, slot_decimal, today, whole, yuan
from bot import finance
from bot.finance import templates as t
from bot.finance.penalty import penalty_rule_text
from bot.finance.templates import percent

DEFAULT_INSTALLMENT_RATE = Decimal("0.006")  # 0.6% per period: a common 账单分期 fee, said to be an example
EXAMPLE_INSTALLMENT = (Decimal(30000), 12)
MIN_ONLY_MONTHS = 12


def first_bank(tracker: Tracker) -> str | None:
    """The schedule to use: the first named bank (several cards are joined with 、)."""
    bank = known_bank(tracker)
    return bank.split("、")[0] if bank else None


def bank_label(schedule: finance.BankSchedule) -> str:
    return "通用（默认）" if schedule.is_default else schedule.bank


class ActionComputeOverdueInterest(Action):
    def name(self) -> str:
        return "action_compute_overdue_interest"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        principal = slot_decimal(tracker, "debt_amount")
        days = slot_decimal(tracker, "overdue_days")
        if principal is None or principal <= 0:
            dispatcher.utter_message(response="utter_interest_general")
            return []
        if days is None:
            daily = principal * finance.get_schedule(first_bank(tracker)).rate
            dispatcher.utter_message(
                response="utter_interest_daily", principal=yuan(principal), daily=yuan(daily), monthly=yuan(daily * 30)
            )
            return []
        projection = finance.project_overdue(
            principal, int(days.to_integral_value(rounding=ROUND_HALF_UP)), bank=first_bank(tracker), today=today()
        )
        schedule = finance.get_schedule(first_bank(tracker))
        grace_note = (
            t.A_PROJ_WITHIN_GRACE.format(days=projection.overdue_days, grace=projection.grace_days) + "。"
            if projection.within_grace
            else f"折合年化成本约{percent(projection.annualised_cost)}。"
        )
        method_note = ""
        if schedule.interest_method.status != "verified" and not projection.within_grace:
            method_note = "不同银行计息方式不同（全额罚息或只对未还部分计息），请以您的账单为准。"
        dispatcher.utter_message(
            response="utter_interest_result",
            bank=bank_label(schedule),
            principal=yuan(principal),
            days=projection.overdue_days,
            interest=yuan(projection.total_interest),
            penalty=yuan(projection.total_penalty),
            total=yuan(projection.total_owed),
            grace_note=grace_note,
            assumptions=bullet_lines(projection.assumptions),
            method_note=method_note,
        )
        return []


class ActionAnswerPenaltyFee(Action):
    def name(self) -> str:
        return "action_answer_penalty_fee"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        schedule = finance.get_schedule(first_bank(tracker))
        principal = slot_decimal(tracker, "debt_amount")
        estimate = ""
        if principal is not None and principal > 0:
            unpaid_min = principal * schedule.min_payment_ratio.value
            result = finance.penalty(schedule, unpaid_min, principal=principal)
            estimate = (
                f"按欠款{yuan(principal)}元、最低还款额约{yuan(unpaid_min)}元"
                f"（{percent(schedule.min_payment_ratio.value, 0)}，通常值）估算，"
                f"每错过一次到期还款日，违约金约{yuan(result.penalty)}元。\n"
            )
        dispatcher.utter_message(response="utter_penalty_result", rule=penalty_rule_text(schedule) + "。",
                                 estimate=estimate)
        return []


class ActionAnswerMinPayment(Action):
    def name(self) -> str:
        return "action_answer_min_payment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        schedule = finance.get_schedule(first_bank(tracker))
        principal = slot_decimal(tracker, "debt_amount")
        estimate = ""
        if principal is not None and principal > 0:
            result = finance.project_minimum_only(principal, MIN_ONLY_MONTHS, bank=schedule)
            estimate = (
                f"按欠款{yuan(principal)}元估算：第一期最低还款约{yuan(result.first_min_payment)}元；"
                f"如果连续{MIN_ONLY_MONTHS}个月只还最低，共付利息约{yuan(result.total_interest)}元，"
                f"{MIN_ONLY_MONTHS}个月后仍欠约{yuan(result.remaining_balance)}元。\n"
            )
        method_text = (
            "实行全额罚息的银行会对整笔账单自记账日起计息。"
            if schedule.method == finance.schedules.FULL
            else "该行通常只对未还部分计息。"
        )
        dispatcher.utter_message(
            response="utter_min_payment_result",
            bank=bank_label(schedule),
            ratio=percent(schedule.min_payment_ratio.value, 0),
            estimate=estimate,
            method_text=method_text,
        )
        return []


class ActionAnswerGracePeriod(Action):
    def name(self) -> str:
        return "action_answer_grace_period"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        schedule = finance.get_schedule(first_bank(tracker))
        dispatcher.utter_message(
            response="utter_grace_result",
            bank=bank_label(schedule),
            grace=schedule.grace,
            grace_status=t.STATUS_TEXT[schedule.grace_days.status],
            tolerance=t.plain(schedule.tolerance.value),
            tolerance_status=t.STATUS_TEXT[schedule.tolerance.status],
        )
        return []


class ActionAnswerInstallment(Action):
    def name(self) -> str:
        return "action_answer_installment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        amount = slot_decimal(tracker, "debt_amount")
        periods = slot_decimal(tracker, "installments")
        example_note = ""
        if amount is None or amount <= 0 or periods is None or not 1 <= periods <= 60:
            amount, periods_int = EXAMPLE_INSTALLMENT
            example_note = "（这是示例；告诉我金额和期数，例如“3万分12期”，我按您的情况算。）"
        else:
            periods_int = int(periods.to_integral_value(rounding=ROUND_HALF_UP))
            example_note = "（每期费率0.6%为常见示例，请以银行报价为准。）"
        result = finance.installment(amount, periods_int, DEFAULT_INSTALLMENT_RATE)
        dispatcher.utter_message(
            response="utter_installment_result",
            amount=yuan(amount),
            periods=whole(periods_int),
            rate=percent(DEFAULT_INSTALLMENT_RATE),
            per_period=yuan(result.per_period),
            total_fee=yuan(result.total_fee),
            apr=percent(result.apr),
            ear=percent(result.ear),
            warning=result.warning,
            example_note=example_note,
        )
        return []
