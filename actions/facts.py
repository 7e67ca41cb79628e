"""Acknowledging facts the user stated without a question (intent `inform`)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import whole, yuan

FACT_LABELS = [
    ("bank", "银行：{}", str),
    ("debt_amount", "欠款{}元", yuan),
    ("overdue_days", "逾期{}天", whole),
    ("monthly_income", "月收入{}元", yuan),
    ("monthly_expenses", "每月必要支出{}元", yuan),
    ("monthly_budget", "每月能还{}元", yuan),
    ("installments", "希望分{}期", whole),
]


class ActionAcknowledgeFacts(Action):
    def name(self) -> str:
        return "action_acknowledge_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        facts = [label.format(fmt(tracker.get_slot(slot))) for slot, label, fmt in FACT_LABELS
                 if tracker.get_slot(slot) is not None]
        if facts:
            dispatcher.utter_message(response="utter_facts_noted", facts="，".join(facts))
        else:
            dispatcher.utter_message(response="utter_facts_none")
        return []
