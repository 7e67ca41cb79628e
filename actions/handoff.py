"""action_request_human: records a handoff request in the case store for the staff to pick up."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.distress import utter_crisis_lines
from actions.store import case_store

logger = logging.getLogger(__name__)


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        utter_crisis_lines(dispatcher, tracker)  # DOMAIN §7: after distress, the crisis lines come first
        try:
            record = case_store().handoffs.request(
                tracker.sender_id,
                channel=tracker.get_latest_input_channel() or "unknown",
                reason=(tracker.latest_message.get("text") or "")[:200],
            )
        except Exception:
            logger.exception("could not record the handoff request")
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return []
        dispatcher.utter_message(response="utter_handoff_recorded", ticket=f"H{record.id:06d}")
        return []
