"""The distress protocol after the crisis answer (DOMAIN §7), in one place.

The crisis answer itself is the rule "answer express_distress" (utter_distress); inside a form the rule
"<form> — distress pauses the form" then runs ``ActionPauseForm`` (the slot `paused_form` remembers the
form, and the person is told that nothing is lost and 「继续」 resumes it) and deactivates the form with its
slots kept: no form question in the same turn. Only 「继续」 (resume_form) resumes it. Also here:

- ``distressed(tracker)``: distress was expressed in this conversation (slot `distress_expressed`, or any
  user turn with the intent ``express_distress``). Actions that would otherwise add figures or checklists
  nobody asked for (the criminal conditions after 「接下来会怎样」, the 5万 threshold after 「先还哪张」)
  leave them out.
- ``crisis_lines_for(tracker)``: the messages that repeat the crisis lines on a handoff after distress
  (empty otherwise); ``utter_crisis_lines(dispatcher, tracker)`` sends them. action_request_human calls it
  first, so a person waiting for staff has the lines before 「工作时间处理」.
- ``resumed_events(tracker, form)``: the form runs again, the pause is over.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

DISTRESS_INTENT = "express_distress"
DISTRESS_SLOT = "distress_expressed"
PAUSED_SLOT = "paused_form"
CRISIS_LINES = "utter_crisis_lines"


def distressed(tracker: Tracker) -> bool:
    """Distress was expressed in this conversation (DOMAIN §7: no unprompted figures afterwards)."""
    if tracker.get_slot(DISTRESS_SLOT):
        return True
    # the slot is set by its mapping; the events are the fallback when it was not (an older tracker)
    return any(
        e.get("event") == "user" and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == DISTRESS_INTENT
        for e in tracker.events
    )


def crisis_lines_for(tracker: Tracker) -> list[dict[str, Any]]:
    """Messages (``dispatcher.utter_message`` keyword arguments) that repeat the crisis lines on a handoff
    after distress; [] when there was none."""
    return [{"response": CRISIS_LINES}] if distressed(tracker) else []


def utter_crisis_lines(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    for message in crisis_lines_for(tracker):
        dispatcher.utter_message(**message)


def resumed_events(tracker: Tracker, form: str) -> list[dict[str, Any]]:
    """Clears `paused_form` when ``form`` is the one distress paused and it runs again."""
    return [SlotSet(PAUSED_SLOT, None)] if tracker.get_slot(PAUSED_SLOT) == form else []


class ActionPauseForm(Action):
    """Inside a form, after the crisis answer: remember the form (its slots stay) and say how to resume."""

    def name(self) -> str:
        return "action_pause_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        form = tracker.active_loop.get("name") if tracker.active_loop else None
        dispatcher.utter_message(response="utter_form_paused")
        return [SlotSet(PAUSED_SLOT, form)] if form else []
