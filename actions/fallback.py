"""「您是想问…吗？」 that works when typed, and never loops (issue 11).

Replaces Rasa's action_two_stage_fallback loop, whose typed 是的 was classified `affirm` and answered by the
affirm rule (「好的。您还想了解什么？」) instead of the guess, and whose 都不是 → 换个说法 → 没太明白 went round:

1. a message below the NLU threshold → ``action_default_ask_affirmation``: the best guessable intent of the
   ranking, worded as the person would ask it (bot/topics/registry.yml), is stored in slot ``fallback_guess``;
   two or three close readings are all offered as buttons in one short question, with 都不是 and 「直接换个
   说法」 as ways out ("clarification", issue 19); no plausible guess → the topic menu at once.
2. a typed 是/是的/对/嗯/没错/yes (intent affirm, or the same words at low confidence) →
   ``action_confirm_guess`` replays the first message with the guessed intent, as Rasa's own fallback does
   (UserUtteranceReverted + the message again), so the guess's own rule answers it, also inside a form.
3. 不是/都不是/no, or a second miss → ``action_topic_menu``: the topic menu (buttons) and a person.
"""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, FollowupAction, SlotSet, UserUtteranceReverted, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from actions.distress import (
    answer_asked,
    answered_in_crisis,
    care_beside_answer,
    care_instead_of_menu,
    crisis_follow_up_in_context,
    distressed,
    other_crisis,
)
from bot import facts as F
from bot.topics import catalog, menu_entries

GUESS_SLOT = "fallback_guess"
# below this DIET confidence a guess is noise: the menu is more use than 「您是想问“…”吗？」
MIN_GUESS_CONFIDENCE = 0.12
# guesses this close to the best one are other readings of the message: offer them too (at most three)
CLARIFY_MARGIN = 0.12
MAX_READINGS = 3
# typed answers to the prompt, also when the classifier is unsure of so short a message
_YES = re.compile(r"^(是|是的|是啊|是呀|是滴|对|对的|对啊|对呀|嗯|嗯嗯|恩|没错|没错的|就是|就是这个|好|好的|可以|行|yes|y|ok|okay)$",
                  re.IGNORECASE)
_NO = re.compile(r"^(不是|都不是|不对|不是的|也不是|都不对|没有|no|n|nope|不)$", re.IGNORECASE)
_STRIP = re.compile(r"[\s，。！？!?,.~～…]+")


def typed_answer(text: str | None) -> str | None:
    """'yes', 'no' or None for a short reply to 「您是想问…吗？」."""
    cleaned = _STRIP.sub("", text or "")
    if _YES.match(cleaned):
        return "yes"
    if _NO.match(cleaned):
        return "no"
    return None


def guesses(ranking: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Guessable intents of an NLU ranking, best first, above MIN_GUESS_CONFIDENCE."""
    entries = catalog()
    out = []
    for item in ranking or []:
        name, confidence = item.get("name"), float(item.get("confidence") or 0.0)
        entry = entries.get(name or "")
        if entry and entry.guessable and confidence >= MIN_GUESS_CONFIDENCE:
            out.append((name, confidence))
    return out


def menu_buttons() -> list[dict[str, str]]:
    return [{"title": e.menu, "payload": f"/{e.name}"} for e in menu_entries()]


# figures the case hook says it kept beside the budget (actions/case_slots.noted_role_events): understood, no menu
_NOTED_ROLES = ("set_aside", "other_debt_payment")


def fact_changed(tracker: Tracker) -> bool:
    """This turn changed a stored fact (the case hook said it in one 「已改：…」 line), or the hook said how it kept a
    figure beside the budget (「每月留给家人的500元…」, persona trial G1#14): the message was understood."""
    from actions.case_slots import turn_reading

    reading = turn_reading(tracker)
    return bool(reading.get("changes")) or any(
        isinstance(f, dict) and f.get("role") in _NOTED_ROLES for f in reading.get("facts") or [])


def facts_only(tracker: Tracker) -> bool:
    """The message states facts the case hook read (a card, an amount, the days) and asks nothing: no what-if, no
    unsure reading, no question word or topic asked (bot.nlu.topics.topics_in_questions)."""
    from actions.case_slots import turn_reading
    from bot.nlu.topics import ASKS_RE, topics_in_questions

    reading = turn_reading(tracker)
    text = tracker.latest_message.get("text") or ""
    return (bool(reading.get("facts")) and not reading.get("scenario") and not reading.get("unsure")
            and not ASKS_RE.search(text) and not topics_in_questions(text))


def send_menu(dispatcher: CollectingDispatcher, response: str) -> None:
    """A response of the topic-menu family with the catalog's topics as buttons (WeChat numbers them)."""
    dispatcher.utter_message(response=response, buttons=menu_buttons())


def catalogue_answer(tracker: Tracker) -> F.Answer | None:
    """A specific question of the catalogue (bot/answers.yml) under one of the three best intents, answered at once:
    「12363是干什么的」 needs no 「您是想问…吗？」 (issue 12); another debt beside the card case (「我花呗也欠了两千 这个一起能
    算吗」, persona trial C5) is said to be out of scope in one line, the card case kept, whatever the unsure
    classifier ranked."""
    from actions.answers import relative_answer

    relative = relative_answer(tracker)
    if relative is not None:  # 「是闺女自己去办还是我替她办」 (persona trial s7 L5 #17: the menu): who signs
        return relative
    ranking = [item.get("name") for item in tracker.latest_message.get("intent_ranking") or []
               if item.get("name") != "nlu_fallback"][:3]
    from actions.answers import recent_user_text

    history = recent_user_text(tracker)
    for name in [*ranking, "out_of_scope"]:
        specific = F.match(tracker.latest_message.get("text") or "", name, history)
        if specific is not None:
            return specific
    return None


# a question intent every catalogue entry a question may ask lists: where a second question of the message is looked
# up when the classifier was unsure (nlu_fallback lists none)
CATALOGUE_LOOKUP_INTENT = "vague_card_question"


def give_catalogue(dispatcher: CollectingDispatcher, tracker: Tracker, specific: F.Answer) -> list[dict[str, Any]]:
    """The catalogue's answer on a miss, and a second catalogue question of the same message (「要不要打那个短信上的电话
    … 孩子学校会不会知道」, persona trial s7 K3 #6: the school question dropped)."""
    from actions.answers import give_specifics, held_events

    events, _ = give_specifics(dispatcher, tracker, specific, lookup_intent=CATALOGUE_LOOKUP_INTENT)
    return events + held_events(dispatcher, tracker)


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import budget_asked, give
        from actions.plan import summary_changed, summary_followup

        from actions.scripts import answers_bank_question

        if answers_bank_question(tracker):  # 「两家都有」 after 「催收是哪家银行的？」: the complaint's answer (ui-s7)
            return [SlotSet(GUESS_SLOT, None), FollowupAction("action_collection_complaint")]
        if summary_changed(tracker):  # 「自动扣款」 under the plan summary: understood by the case hook
            # 「网贷那4万要不要写上 还有开销…按八千算吧」 (persona trial H1): the question answered, then the summary again
            specific = catalogue_answer(tracker)
            events = give(dispatcher, tracker, specific) if specific is not None else []
            return [*events, *summary_followup()]
        if crisis_follow_up_in_context(dispatcher, tracker, domain):  # after a signal: never a guess (trial E5)
            return [SlotSet(GUESS_SLOT, None), SlotSet("distress_expressed", True)]
        if answered_in_crisis(dispatcher, tracker):  # 「那我该怎么办」 after a signal (trial H3 #5); another's crisis (I2)
            return [SlotSet(GUESS_SLOT, None)]
        if fact_changed(tracker):  # 「不对啊 我还了600的」: the hook's 「已改：…」 line is the answer (trial E4)
            return [SlotSet(GUESS_SLOT, None)]
        if facts_only(tracker):
            # 「逾期仨月了」 at low confidence (probe s4 X05): a message of facts and no question gets them said back, not a guess
            from actions.facts import ActionAcknowledgeFacts

            return [SlotSet(GUESS_SLOT, None), *await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)]
        exact = exact_example(tracker.latest_message.get("text"))
        if exact:  # 「算了」 at low confidence is still 算了: the catalog's own example of an intent
            return replay_latest_as(tracker, exact)
        found = guesses(tracker.latest_message.get("intent_ranking") or [])
        specific = catalogue_answer(tracker)
        if budget_asked(tracker):
            # 「四万七要还多久 银行会同意吗」 (persona trial s7, at low confidence): how long is a what-if of the debt recorded,
            # answered first, then the catalogue's question (it got only 「不一定…」)
            from actions.whatif import answer_what_if

            answer_what_if(dispatcher, tracker)
            return [SlotSet(GUESS_SLOT, None), *(give(dispatcher, tracker, specific) if specific is not None else [])]
        if specific is not None:
            events = give_catalogue(dispatcher, tracker, specific)
            care_beside_answer(dispatcher, tracker)  # after a signal: the answer, and one short care line (s7 L3 #12)
            return [SlotSet(GUESS_SLOT, None), *events]
        if not found:
            if distressed(tracker) and other_crisis(tracker) is None:
                # a practical question after a signal is answered, never a crisis template instead (s7 L3 #12)
                answered = await answer_asked(dispatcher, tracker, domain)
                if answered is not None:
                    care_beside_answer(dispatcher, tracker)
                    return [SlotSet(GUESS_SLOT, None), *answered]
            if not care_instead_of_menu(dispatcher, tracker, domain):  # after a signal: no menu (trial H3 #10)
                send_menu(dispatcher, "utter_fallback_menu")
            return [SlotSet(GUESS_SLOT, None)]
        entries = catalog()
        first, confidence = found[0]
        close = [name for name, c in found[1:MAX_READINGS] if confidence - c <= CLARIFY_MARGIN]
        if close:
            # one short question, the two or three likely topics as buttons, 都不是 and free text as ways out
            readings = [first, *close]
            buttons = [{"title": entries[name].description, "payload": f"/{name}"} for name in readings]
            buttons.append({"title": "都不是", "payload": "/deny"})
            descriptions = [entries[name].description for name in readings]
            if len(readings) == 2:
                dispatcher.utter_message(response="utter_ask_two_readings", first=descriptions[0],
                                         second=descriptions[1], buttons=buttons)
            else:
                dispatcher.utter_message(response="utter_ask_three_readings", first=descriptions[0],
                                         second=descriptions[1], third=descriptions[2], buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_ask_affirmation", intent=first,
                                     description=entries[first].description, example=entries[first].example)
        return [SlotSet(GUESS_SLOT, first)]


def exact_example(text: str | None) -> str | None:
    """The intent whose catalog example is exactly this message (punctuation and spaces aside)."""
    cleaned = _STRIP.sub("", text or "")
    if not cleaned:
        return None
    for entry in catalog().values():
        if _STRIP.sub("", entry.example) == cleaned:
            return entry.name
    return None


def replay_latest_as(tracker: Tracker, intent: str) -> list[dict[str, Any]]:
    """The latest message again, as `intent` (its own slot events are reverted with it: meant for the
    catalog examples, which carry no facts)."""
    latest = next((e for e in reversed(tracker.events) if e.get("event") == "user"), None)
    if latest is None:
        return []
    parse = dict(latest.get("parse_data") or {})
    parse["intent"] = {"name": intent, "confidence": 1.0}
    parse["intent_ranking"] = [{"name": intent, "confidence": 1.0}]
    return [UserUtteranceReverted(), ActionExecuted("action_listen"),
            UserUttered(latest.get("text"), parse_data=parse, input_channel=latest.get("input_channel"))]


def replay_as(tracker: Tracker, intent: str) -> list[dict[str, Any]]:
    """The events that make the message before the prompt count as `intent` (Rasa's own clarification).

    Only the reply (是的) is reverted; the first message stays, with the slots it set.
    """
    original = None
    seen_reply = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_reply:
                original = event
                break
            seen_reply = True
    if original is None:
        return []
    parse = dict(original.get("parse_data") or {})
    parse["intent"] = {"name": intent, "confidence": 1.0}
    parse["intent_ranking"] = [{"name": intent, "confidence": 1.0}]
    return [UserUtteranceReverted(), ActionExecuted("action_listen"),
            UserUttered(original.get("text"), parse_data=parse, input_channel=original.get("input_channel"))]


class ActionConfirmGuess(Action):
    """是的 after 「您是想问…吗？」: answer the stored guess."""

    def name(self) -> str:
        return "action_confirm_guess"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        guess = tracker.get_slot(GUESS_SLOT)
        events = replay_as(tracker, guess) if guess in catalog() else []
        if not events:
            send_menu(dispatcher, "utter_fallback_menu")
            return [SlotSet(GUESS_SLOT, None)]
        return events


class ActionTopicMenu(Action):
    """不是/都不是 after the prompt, or a message nothing fits: the topics and a person, never 没太明白 again."""

    def name(self) -> str:
        return "action_topic_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        # after a signal: never a debt menu (trials E5, H3 #10)
        if care_instead_of_menu(dispatcher, tracker, domain):
            return [SlotSet(GUESS_SLOT, None)]
        specific = catalogue_answer(tracker) if typed_answer(tracker.latest_message.get("text")) is None else None
        if specific is not None:
            # 「短信上的电话要不要打」 after two catalogue answers (persona trial s7 K3 #8): a question, not a 不是
            return [SlotSet(GUESS_SLOT, None), *give_catalogue(dispatcher, tracker, specific)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        response = "utter_topic_menu" if intent == "vague_card_question" else "utter_fallback_menu"
        send_menu(dispatcher, response)
        return [SlotSet(GUESS_SLOT, None)]


class ActionFallbackAgain(Action):
    """A second unclear message right after the prompt: a typed 是/不是 the classifier missed, else the menu."""

    def name(self) -> str:
        return "action_fallback_again"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        # after a signal: never a debt menu (trial E5); a correction the hook understood and said: no menu after it
        if crisis_follow_up_in_context(dispatcher, tracker, domain) or fact_changed(tracker):
            return [SlotSet(GUESS_SLOT, None)]
        answer = typed_answer(tracker.latest_message.get("text"))
        if answer is None and facts_only(tracker):
            # 「我没逾期啊 是还有3天才到期 你记错了」 right after the prompt (persona trial s9 N4 #4: the menu): the facts read are
            # said back, as on a first miss
            from actions.facts import ActionAcknowledgeFacts

            return [SlotSet(GUESS_SLOT, None), *await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)]
        guess = tracker.get_slot(GUESS_SLOT)
        if answer == "yes" and guess in catalog():
            return replay_as(tracker, guess)
        specific = catalogue_answer(tracker) if answer is None else None
        if specific is not None:
            # 「不是 我是说每月4000 四张卡怎么分着还」 right after a catalogue answer given on a miss (persona trial s6 J1
            # #11: 「没能理解」 and the menu): a question the catalogue answers is answered, whatever came before
            return [SlotSet(GUESS_SLOT, None), *give_catalogue(dispatcher, tracker, specific)]
        if not care_instead_of_menu(dispatcher, tracker, domain):  # after a signal: no menu (trial H3 #10)
            send_menu(dispatcher, "utter_fallback_menu")
        return [SlotSet(GUESS_SLOT, None)]


class ActionCannotHandle(Action):
    """A miss right after the topic menu: 「处理不了」 and a person; after a signal, care instead (trial H3 #10)."""

    def name(self) -> str:
        return "action_cannot_handle"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        specific = catalogue_answer(tracker)
        if specific is not None:  # a question the catalogue answers, after the menu too
            return give_catalogue(dispatcher, tracker, specific)
        if not care_instead_of_menu(dispatcher, tracker, domain):
            dispatcher.utter_message(response="utter_cannot_handle")
        return []
