"""Conversation repair (issue 11), each case once: cancellation with clearing, skipping a question, repeat.

The other cases live where Rasa puts them: interruption and return are the rules "<form> — answer <intent>
and resume" (data/rules.yml, from bot/topics/registry.yml); 算了 keeps the facts (rule "stop", utter_form_stopped /
utter_stopped_kept); completion is utter_completion; "cannot handle" and clarification between two readings
are actions/fallback.py.
"""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import first_sentence, in_holder_words
from actions.common import UNKNOWN_BANK
from bot import facts as F
from bot.case import CASE_SLOT, Case
from bot.topics import catalog

# a slot that may be skipped, and the value the answer then rests on (said to the user by the response)
SKIPPABLE = {
    "bank": (UNKNOWN_BANK, "utter_unknown_bank"),
    "hardship_reason": ("暂时无力按原计划全额还款", "utter_skip_hardship_reason"),
}
# a slot that cannot be skipped: why it is needed (utter_why_<slot>)
NEEDED = ("debt_amount", "overdue_days", "monthly_income", "monthly_expenses", "monthly_budget")
SHORT_SUFFIX = "_short"
# a message this short is said again as it was (a question of a form, a one-line answer)
SHORT_ENOUGH_CHARS = 90
_FIELD = re.compile(r"{(\w+)}")


# intents that belong to the forms themselves: their facts fill the form (「欠两万五 利息多少」 inside it)
_FORM_OWN_INTENTS = {"ask_interest", "request_plan_draft"}


# slots of this turn's reading, and requests that are no fact (「别问我收入了」): never put back
_TURN_ONLY_SLOTS = frozenset({"hypothetical", "case_notes", "reading", "case_undo", "stopped_questions"})
# intents that are no question: when the message also filled the slot the form asked for, it is the answer
_ANSWER_LIKE_INTENTS = frozenset({"out_of_scope", "greet", "goodbye", "thanks", "bot_challenge", "done"})


def interruption_events(tracker: Tracker, form: str) -> list[dict[str, Any]] | None:
    """Interruption and return: a question asked while a form waits for an answer is not an answer.

    Rasa runs the form first and only lets the question's rule answer when the form extracted nothing; a
    number inside the question (「听说欠五万以上就要坐牢是真的吗」) would count as extracted and the form would
    just ask again. So the form's validation rejects the turn itself (the rule "<form> — answer <intent>
    and resume" then answers and the form asks its question again), and a value the question would
    overwrite is put back: a question never silently replaces a fact already given (a new fact stays).
    None when the message is no interruption.
    """
    if _acted_since_the_message(tracker, form):
        return None  # the form runs again after the question's answer: that is the return, validate as usual
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    entry = catalog().get(intent or "")
    if entry is None or not entry.not_intent or entry.in_form == "none" or intent in _FORM_OWN_INTENTS:
        return None
    before = _values_before_this_message(tracker)
    requested = tracker.get_slot("requested_slot")
    if requested and requested in before and intent in _ANSWER_LIKE_INTENTS:
        # 「房租加吃饭一个月1500」 read as out_of_scope (房…) still answered the question the form asked
        return None
    # this turn's what-if and notes belong to this turn (actions/case_slots.py)
    overwritten = [name for name, previous in before.items() if name not in _TURN_ONLY_SLOTS
                   and name != CASE_SLOT and previous is not None and tracker.get_slot(name) != previous]
    if not overwritten:
        return [ActionExecutionRejected(form)]  # only new facts: they stay
    events: list[dict[str, Any]] = [SlotSet(name, before[name]) for name in overwritten]
    if before.get(CASE_SLOT) is not None:
        # the case goes back too, with every contract slot derived from it, so the two never disagree
        restored = Case.from_slot(before[CASE_SLOT])
        events = [SlotSet(CASE_SLOT, restored.to_slot())] + [
            SlotSet(name, value) for name, value in restored.contract_slots().items()
            if tracker.get_slot(name) != value]
    return events + [ActionExecutionRejected(form)]


def _acted_since_the_message(tracker: Tracker, form: str) -> bool:
    """Whether an action other than the form itself (Rasa adds the form's own ActionExecuted to the tracker
    it sends to the validation) ran since the latest user message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") not in (form, "action_listen",
                                                                          "action_extract_slots"):
            return True
    return False


def _values_before_this_message(tracker: Tracker) -> dict[str, Any]:
    """Slot name → its value before the latest user message, for the slots set since that message."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    if last_user is None:
        return {}
    changed = {e.get("name") for e in events[last_user + 1:] if e.get("event") == "slot"}
    before: dict[str, Any] = {name: None for name in changed}
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") in changed:
            before[event["name"]] = event.get("value")
    return before


class ActionResetCase(Action):
    """重新开始 / 清空我的信息: the case and every fact slot back to empty, and say so."""

    def name(self) -> str:
        return "action_reset_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        empty = Case()
        events = [SlotSet("case", empty.to_slot())]
        events += [SlotSet(name, value) for name, value in empty.contract_slots().items()]
        events.append(SlotSet("requested_slot", None))
        # the summary card and the payment choices of the letter go with the facts (issue 13)
        events += [SlotSet("plan_summary", None), SlotSet("plan_options", None)]
        dispatcher.utter_message(response="utter_case_cleared")
        return events


class ActionSkipQuestion(Action):
    """不知道/不想说/跳过 while a form asks: skip an optional question, or say why the answer is needed."""

    def name(self) -> str:
        return "action_skip_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        from actions.case_slots import turn_reading

        if turn_reading(tracker).get("stop_asking"):
            # 「别问我收入了」: that question is not asked again (actions/forms.py required_slots); the form goes on
            dispatcher.utter_message(response="utter_question_stopped")
            return []
        if slot in SKIPPABLE and tracker.get_slot(slot) not in (None, SKIPPABLE[slot][0]) and any(
                f.get("role") == slot for f in turn_reading(tracker).get("facts") or []):
            # 「不知道 好像是广發」: the answer holds the value after all (the case hook stored 广发银行); it is kept and
            # never said to be unrecognised in the same reply (persona trial D5); the form goes on
            return []
        if slot in SKIPPABLE:
            value, response = SKIPPABLE[slot]
            dispatcher.utter_message(response=response)
            return [SlotSet(slot, value)]
        if slot in NEEDED:
            dispatcher.utter_message(response=f"utter_why_{slot}")
            return []
        if slot is None and turn_reading(tracker).get("facts"):
            # 「不知道 好像是广發」 with no question pending: a fact said, acknowledged (persona trial D5)
            from actions.facts import ActionAcknowledgeFacts

            return await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_anything_else")
        return []


def _last_bot_message(tracker: Tracker, in_form: bool) -> dict[str, Any] | None:
    """The latest bot message that is not itself a repeat (nor, inside a form, the form's own question,
    which the form asks again anyway after the repeat)."""
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        name = (event.get("metadata") or {}).get("utter_action") or ""
        if name.startswith("utter_repeat") or (in_form and name.startswith("utter_ask_")):
            continue
        return event
    return None


def _fields(domain: dict, response: str) -> set[str]:
    variants = (domain.get("responses") or {}).get(response) or []
    return {f for v in variants for f in _FIELD.findall(v.get("text") or "")}


class ActionRepeatShort(Action):
    """没看懂 / 再说一遍 / 说简单点: the last answer again, shorter — never the same long block."""

    def name(self) -> str:
        return "action_repeat_short"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        in_form = bool((tracker.active_loop or {}).get("name"))
        last = _last_bot_message(tracker, in_form)
        if last is None:
            if not in_form:  # inside a form the form's question follows, which is the thing to repeat
                dispatcher.utter_message(response="utter_repeat_nothing")
            return []
        metadata = last.get("metadata") or {}
        name = metadata.get("utter_action") or ""
        text = last.get("text") or ""
        answer = F.by_id(tracker.get_slot("last_answer"))
        if answer is not None and answer.short and text.startswith(answer.short[:20]):
            # a specific answer (bot/answers.yml) again, shorter: its first sentence, never the same bubble
            dispatcher.utter_message(response="utter_repeat_gist", gist=in_holder_words(tracker, first_sentence(answer.short)))
            return []
        short = name + SHORT_SUFFIX
        responses = domain.get("responses") or {}
        if short in responses:
            values = {k: metadata[k] for k in _fields(domain, short) if k in metadata}
            missing = _fields(domain, short) - set(values)
            if not missing:
                dispatcher.utter_message(response=short, **values)
                return []
        if len(text) <= SHORT_ENOUGH_CHARS:
            dispatcher.utter_message(response="utter_repeat_same", text_again=text)
            return []
        first = text.split("\n", 1)[0].strip()
        dispatcher.utter_message(response="utter_repeat_gist", gist=first[:SHORT_ENOUGH_CHARS])
        return []
