"""action_draft_repayment_plan: the 个性化分期 plan, the application letter, and the case record.

Every figure comes from the case model (slot `case`, bot/case.py), never from the float slots.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.case_slots import case_of
from actions.common import bullet_lines, today, yuan
from actions.store import case_store
from bot import finance
from bot.case import UNKNOWN_BANK, Case
from bot.limits import MAX_PERIODS

logger = logging.getLogger(__name__)

COMPARISON_INSTALLMENT_RATE = Decimal("0.006")  # a common 账单分期 fee per period, for the comparison only
LETTER_FILENAME = "个性化分期申请书.txt"


def debts_from(case: Case) -> list[dict[str, Any]]:
    """One debt per card, each with its own bank (its rules and its line in the letter).

    A declared total the cards do not add up to (「不对…一共八万」) is one debt over the banks named."""
    cards = [c for c in case.cards if c.amount is not None]
    total = case.total_debt()
    if case.declared_total is not None and (not cards or case.declared_total != case.total_principal()):
        banks = [b for b in case.banks() if b != UNKNOWN_BANK]
        return [{"bank": "、".join(banks) or None, "amount": total}]
    if not cards:
        return [{"bank": None, "amount": None}]
    return [{"bank": None if c.bank in (None, UNKNOWN_BANK) else c.bank, "amount": c.amount} for c in cards]


def payload(result: finance.PlanResult, case_id: str | None) -> dict[str, Any]:
    """The custom message the web widget draws as a table, a chart and a download."""
    remaining = result.total
    schedule = []
    for period in result.schedule:
        remaining -= period.payment
        schedule.append({"period": period.period, "date": period.due_date.isoformat(),
                         "payment": float(period.payment), "remaining": float(remaining)})
    minimum = finance.project_minimum_only(result.total, result.periods)
    instalment = finance.installment(result.total, result.periods, COMPARISON_INSTALLMENT_RATE)
    return {
        "type": "repayment_plan",
        "case_id": case_id,
        "periods": result.periods,
        "monthly_payment": float(result.monthly_payment),
        "total": float(result.total),
        "feasible": result.feasible,
        "schedule": schedule,
        "comparison": {
            "minimum_only": {"months": result.periods, "total_interest": float(minimum.total_interest),
                             "remaining": float(minimum.remaining_balance)},
            "installment": {"periods": result.periods, "total_fee": float(instalment.total_fee),
                            "monthly_rate": float(COMPARISON_INSTALLMENT_RATE)},
            "personalised": {"periods": result.periods, "total_interest": 0.0},
        },
        "letter": result.letter,
        "letter_filename": LETTER_FILENAME,
    }


class ActionDraftRepaymentPlan(Action):
    def name(self) -> str:
        return "action_draft_repayment_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        case = case_of(tracker)
        debts = debts_from(case)
        if any(d["amount"] is None or d["amount"] <= 0 for d in debts):
            dispatcher.utter_message(response="utter_plan_needs_debt")
            return []
        s = case.situation
        periods = s.installments
        result = finance.plan(
            debts,
            monthly_income=s.monthly_income,
            monthly_expenses=s.monthly_expenses,
            monthly_budget=s.monthly_budget,
            periods=periods if periods is not None and 1 <= periods <= MAX_PERIODS else None,
            hardship_reason=s.hardship_reason,
            today=today(),
        )
        case_id = None
        try:
            record = case_store().cases.add_case(
                tracker.sender_id,
                channel=tracker.get_latest_input_channel() or "unknown",
                banks=[d["bank"] or UNKNOWN_BANK for d in debts],
                total_debt=result.total,
                periods=result.periods,
                monthly_payment=result.monthly_payment,
                feasible=result.feasible,
                plan=result.to_dict(),
                letter=result.letter,
            )
            case_id = str(record.id)
        except Exception:  # the plan is still worth giving when the case store is down
            logger.exception("could not store the drafted plan")
        banks = "、".join(dict.fromkeys(d["bank"] or UNKNOWN_BANK for d in debts))
        last_note = (f"，最后一期{yuan(result.last_payment)}元" if result.last_payment != result.monthly_payment
                     else "")
        dispatcher.utter_message(
            response="utter_plan_result",
            banks=banks,
            total=yuan(result.total),
            monthly=yuan(result.monthly_payment),
            periods=result.periods,
            start=result.start_date.isoformat(),
            end=result.end_date.isoformat(),
            last_note=last_note,
            feasibility="可以承受。" if result.feasible else "超出了您的承受能力。",
            notes=bullet_lines(result.notes + result.assumptions),
            documents=bullet_lines(result.documents),
            json_message=payload(result, case_id),
        )
        dispatcher.utter_message(response="utter_plan_letter", letter=result.letter)
        return [SlotSet("plan_case_id", case_id)]
