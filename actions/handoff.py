"""action_request_human: files the conversation's handoff ticket (one per conversation) and says, honestly,
when a person will answer; the bot keeps helping meanwhile. The sentences live in bot/handoff.py.

The ticket is `open` until an agent claims it in the console; from the claim to the close the console
pauses the conversation for the bot (Rasa's ConversationPaused / ConversationResumed, see
bot/channels/handoff_desk.py). The widget gets a custom payload `{"type": "handoff", ...}` so that it
starts fetching the agent's messages.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.distress import utter_crisis_lines
from actions.store import case_store
from bot import handoff as texts

logger = logging.getLogger(__name__)


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        utter_crisis_lines(dispatcher, tracker)  # DOMAIN §7: after distress, the crisis lines come first
        channel = tracker.get_latest_input_channel() or "unknown"
        now = datetime.now(timezone.utc)
        try:
            hours = texts.configured_hours()
            store = case_store()
            record = store.handoffs.request(
                tracker.sender_id, channel=channel, reason=(tracker.latest_message.get("text") or "")[:200],
                now=now,
            )
            queue = store.handoffs.list_open(limit=500)
        except Exception:
            logger.exception("could not record the handoff request")
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return []
        if record.created:
            ahead = sum(1 for t in queue if t.status == "open" and t.id < record.id)
            text = texts.recorded_message(record.ticket, now=now, hours=hours, ahead=ahead, channel=channel)
        else:
            text = texts.already_waiting_message(record.ticket, created_at=record.created_at, now=now,
                                                 hours=hours, channel=channel)
        dispatcher.utter_message(text=text)
        if channel == "widget":
            dispatcher.utter_message(json_message={"type": "handoff", "ticket": record.ticket, "status": "open"})
        return []
