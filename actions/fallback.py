"""「您是想问…吗？」: the first stage of the two-stage fallback, in Chinese."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.texts import DEFAULT_DESCRIPTION, INTENT_DESCRIPTIONS


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = [r.get("name") for r in ranking if r.get("name") not in (None, "nlu_fallback", "out_of_scope")]
        intent = candidates[0] if candidates else "out_of_scope"
        description, example = INTENT_DESCRIPTIONS.get(intent, DEFAULT_DESCRIPTION)
        dispatcher.utter_message(
            response="utter_ask_affirmation", intent=intent, description=description, example=example
        )
        return []
