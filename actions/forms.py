"""Validation of the two forms: overdue figures and the repayment-plan questionnaire.

One `validate_<slot>` per slot, each a bound check with its Chinese explanation (`utter_invalid_<slot>`);
the business rules themselves live in bot.finance.
"""
from __future__ import annotations

from abc import abstractmethod
from decimal import Decimal
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import UNKNOWN_BANK, to_decimal, yuan
from actions.repair import interruption_events
from bot.nlu.extract import extract_entities, parse_bank

MAX_DEBT = Decimal("10000000")  # 1000万: beyond this a personal card debt is not plausible
MAX_MONTHLY = Decimal("1000000")
MAX_OVERDUE_DAYS = Decimal("3650")
MAX_REASON_CHARS = 200


def _bounded(value: Any, low: Decimal, high: Decimal, *, allow_low: bool) -> float | None:
    number = to_decimal(value)
    if number is None or number > high or number < low or (number == low and not allow_low):
        return None
    return float(number)


def debts_in(text: str) -> list[dict[str, Any]]:
    """Pairs each bank named in one message with the debt amount that follows it (招行两万、广发三万)."""
    pairs: list[dict[str, Any]] = []
    pending_bank: str | None = None
    for entity in sorted(extract_entities(text or ""), key=lambda e: e["start"]):
        if entity["entity"] == "bank":
            pending_bank = entity["value"]
        elif entity["entity"] in ("debt_amount", "amount") and pending_bank:
            pairs.append({"bank": pending_bank, "amount": float(entity["value"])})
            pending_bank = None
    return pairs


class KayouFormValidation(FormValidationAction):
    """Shared validators; subclasses only name their form."""

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        # a question asked inside the form is answered, not taken as an answer (actions/repair.py)
        interrupted = interruption_events(tracker, self.form_name())
        if interrupted is not None:
            return interrupted
        return await super().run(dispatcher, tracker, domain)

    def _reject(self, dispatcher: CollectingDispatcher, slot: str) -> dict[str, Any]:
        dispatcher.utter_message(response=f"utter_invalid_{slot}")
        return {slot: None}

    def validate_debt_amount(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = tracker.latest_message.get("text") or ""
        debts = debts_in(text)
        if len(debts) >= 2:
            total = sum((to_decimal(d["amount"]) for d in debts), Decimal(0))
            if total > MAX_DEBT:
                return self._reject(dispatcher, "debt_amount")
            items = "、".join(f"{d['bank']}{yuan(d['amount'])}元" for d in debts)
            dispatcher.utter_message(response="utter_debts_noted", count=len(debts), items=items, total=yuan(total))
            banks = "、".join(dict.fromkeys(d["bank"] for d in debts))
            return {"debt_amount": float(total), "debts": debts, "bank": banks}
        amount = _bounded(slot_value, Decimal(0), MAX_DEBT, allow_low=False)
        if amount is None:
            return self._reject(dispatcher, "debt_amount")
        return {"debt_amount": amount}

    def validate_bank(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = str(slot_value or "").strip()
        debts = debts_in(tracker.latest_message.get("text") or "")
        if len(debts) >= 2:  # several cards in one message: keep them all (see validate_debt_amount)
            return {"bank": "、".join(dict.fromkeys(d["bank"] for d in debts))}
        canonical = parse_bank(value)
        if canonical:
            return {"bank": canonical}
        dispatcher.utter_message(response="utter_unknown_bank")
        return {"bank": UNKNOWN_BANK}

    def validate_overdue_days(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        days = _bounded(slot_value, Decimal(0), MAX_OVERDUE_DAYS, allow_low=True)
        if days is None:
            return self._reject(dispatcher, "overdue_days")
        return {"overdue_days": days}

    def validate_monthly_income(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        income = _bounded(slot_value, Decimal(0), MAX_MONTHLY, allow_low=True)
        if income is None:
            return self._reject(dispatcher, "monthly_income")
        return {"monthly_income": income}

    def validate_monthly_expenses(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        expenses = _bounded(slot_value, Decimal(0), MAX_MONTHLY, allow_low=True)
        if expenses is None:
            return self._reject(dispatcher, "monthly_expenses")
        return {"monthly_expenses": expenses}

    def validate_monthly_budget(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        budget = _bounded(slot_value, Decimal(0), MAX_MONTHLY, allow_low=False)
        if budget is None:
            return self._reject(dispatcher, "monthly_budget")
        return {"monthly_budget": budget}

    def validate_hardship_reason(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        reason = str(slot_value or "").strip()
        if len(reason) < 2:
            return self._reject(dispatcher, "hardship_reason")
        return {"hardship_reason": reason[:MAX_REASON_CHARS]}


class ValidateOverdueForm(KayouFormValidation):
    def name(self) -> str:
        return "validate_overdue_form"


class ValidatePlanForm(KayouFormValidation):
    def name(self) -> str:
        return "validate_plan_form"
