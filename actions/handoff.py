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

from actions import texts as x
from actions.distress import distressed, utter_crisis_lines
from actions.store import case_store
from actions.texts import HANDOFF_STAFFED
from bot import handoff as texts
from bot.nlu.reading import READING_SLOT
from bot.nlu.topics import asks_wait
from bot.store.models import CUSTOMER_ACTOR, PRIORITY_DISTRESS, PRIORITY_NORMAL
from bot.store.repository import FloodLimits, HandoffLimited

logger = logging.getLogger(__name__)


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if (tracker.get_slot(READING_SLOT) or {}).get("handoff_cancel"):
            return cancel_handoff(dispatcher, tracker)  # 「取消人工」 withdraws; it never files a ticket
        utter_crisis_lines(dispatcher, tracker)  # DOMAIN §7: after distress, the crisis lines come first
        from bot.nlu.topics import topics_in_questions

        text = tracker.latest_message.get("text") or ""
        if not distressed(tracker):
            # 「好 那我等人工 只还最低的话征信会不会不好看」: the question beside the wait is answered (persona trial J5 #11:
            # only 「您已经在排队了」); after distress no figure follows the lines (DOMAIN §7). Already waiting, the answer
            # comes first and one short line after it says the request stands (persona trial s10 P5 t15: 「人工还是没回 …
            # 银行会同意我每月还1000吗」 got the queue status alone)
            waiting: list[tuple[str, str, str | None]] = []
            events = file_handoff(dispatcher, tracker, brief=bool(topics_in_questions(text)), defer_waiting=waiting)
            before = len(dispatcher.messages)
            events = events + await answer_while_waiting(dispatcher, tracker, domain)
            for brief_line, full, widget_ticket in waiting:
                dispatcher.utter_message(text=brief_line if len(dispatcher.messages) > before else full)
                if widget_ticket:
                    utter_handoff_payload(dispatcher, widget_ticket)
            return events
        events = file_handoff(dispatcher, tracker, brief=bool(topics_in_questions(text)))
        # 「能转人工吗 … 这个申请书银行真的会认吗」 (ui-s7 A14) after a care answer: the question she asked is answered
        # all the same, by its rule (no figure: DOMAIN §7)
        from actions.answers import held_events
        from actions.topics import give_second_answers

        give_second_answers(dispatcher, tracker, text)
        return events + held_events(dispatcher, tracker)


async def answer_while_waiting(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
    """A question asked with the request for a person (「好 那我等人工 只还最低的话征信会不会不好看」, persona trial s6 J5 #11:
    only 「您已经在排队了」) is answered now: the bot keeps helping while the person waits. A what-if first, then
    every other topic the message asks; returns the events the answers hold (facts they read)."""
    from actions.answers import held_events
    from actions.topics import answer_other_topics
    from actions.whatif import answer_what_if
    from bot.nlu.topics import topics_in_questions

    text = tracker.latest_message.get("text") or ""
    from actions.topics import second_answers_asked

    answered = answer_what_if(dispatcher, tracker)
    events: list[dict[str, Any]] = []
    if not answered:
        # 「那我等人工吧 那个短信的电话我到底打不打啊」 (persona trial s7 K3 #13: the queue notice alone): a question of the
        # catalogue is answered beside the wait too, under a neutral question intent (request_human lists none)
        from actions.answers import give, recent_user_text
        from bot import facts as F

        specific = F.match(text, WAITING_LOOKUP_INTENT, recent_user_text(tracker))
        if specific is not None:
            events = give(dispatcher, tracker, specific)
            text = F.rest_of(text, specific)
    if answered or topics_in_questions(text) or second_answers_asked(text):
        await answer_other_topics(dispatcher, tracker, domain, main=None, after_what_if=answered, text=text)
    return events + held_events(dispatcher, tracker)


WAITING_LOOKUP_INTENT = "vague_card_question"  # in every catalogue entry that any question intent may ask


def file_handoff(dispatcher: CollectingDispatcher, tracker: Tracker, *, urgent: bool = False,
                 brief: bool = False, defer_waiting: list[tuple[str, str, str | None]] | None = None) -> list[dict[str, Any]]:
    """Files (or finds) the conversation's ticket and says when a person answers. After distress the ticket
    has PRIORITY_DISTRESS: first in the queue, flagged in the console (DOMAIN §7: a distressed person is
    never placed behind others). `urgent`: filed by the crisis answer itself (a plan with a time or a place),
    which has already said what to do now; only the ticket line follows."""
    channel = tracker.get_latest_input_channel() or "unknown"
    now = datetime.now(timezone.utc)
    priority = PRIORITY_DISTRESS if urgent or distressed(tracker) else PRIORITY_NORMAL
    # a ticket follows the conversation's state: a mild remark taken back (「没那么严重」) lowers it; a real signal keeps
    # it first (distressed stays True: actions/distress.taken_back)
    try:
        hours = texts.configured_hours()
        store = case_store()
        record = store.handoffs.request(
            tracker.sender_id, channel=channel, reason=(tracker.latest_message.get("text") or "")[:200],
            now=now, client_key=_client_key(tracker), limits=FloodLimits.configured(), priority=priority,
            lower=True,
        )
        ahead = store.handoffs.waiting_ahead(record.id) if record.created else 0
    except HandoffLimited as limited:
        # refused, never silently: the person is told why and when, and the bot keeps answering
        logger.warning("handoff refused for %s: limit per %s", tracker.sender_id, limited.scope)
        retry = texts.describe_moment(limited.retry_at.astimezone(hours.tz), now)
        dispatcher.utter_message(response=texts.limited_response(limited.scope), retry=retry)
        dispatcher.utter_message(text=texts.TEXTS["meanwhile"])
        return []
    except Exception:
        logger.exception("could not record the handoff request")
        dispatcher.utter_message(response="utter_handoff_unavailable")
        return []
    staffed = desk_availability(now, store, hours) == "staffed"
    if record.created:
        text = texts.recorded_message(record.ticket, now=now, hours=hours, ahead=ahead, channel=channel,
                                      staffed=HANDOFF_STAFFED if staffed else None)
    else:
        wait = ""
        if asks_wait(tracker.latest_message.get("text") or ""):
            wait = x.HANDOFF_WAIT_UNKNOWN.format(queue=texts.queue_place(store.handoffs.waiting_ahead(record.id)),
                                                 hours=hours.describe())
        text = texts.already_waiting_message(record.ticket, created_at=record.created_at, now=now,
                                             hours=hours, channel=channel, staffed=staffed, brief=brief, wait=wait)
        if defer_waiting is not None:
            # said by the caller after the answers: the brief line when a question was answered, else the full one
            defer_waiting.append((texts.already_waiting_message(
                record.ticket, created_at=record.created_at, now=now, hours=hours, channel=channel, staffed=staffed,
                brief=True, wait=wait), text, record.ticket if channel == "widget" else None))
            return []
    dispatcher.utter_message(text=text)
    if channel == "widget":
        utter_handoff_payload(dispatcher, record.ticket)
    return []


def utter_handoff_payload(dispatcher: CollectingDispatcher, ticket: str) -> None:
    """The widget's custom payload: it starts fetching the agent's messages."""
    dispatcher.utter_message(json_message={"type": "handoff", "ticket": ticket, "status": "open"})


def cancel_handoff(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """「取消人工」「算了 不用人工了」: the ticket still waiting is closed as the customer's cancel (outcome
    customer_cancelled, audited with the customer as actor), so it leaves the agents' queue; the bot goes on.
    With nothing waiting, nothing is filed and the person is told so."""
    try:
        store = case_store()
        record = store.handoffs.cancel_by_customer(tracker.sender_id)
        if record is not None:
            store.audit.record(CUSTOMER_ACTOR, "handoff_cancelled_by_customer", {"ticket": record.ticket},
                               sender_id=tracker.sender_id)
    except Exception:
        logger.exception("could not cancel the handoff request")
        dispatcher.utter_message(response="utter_handoff_unavailable")
        return []
    if record is None:
        dispatcher.utter_message(text=x.HANDOFF_NOTHING_TO_CANCEL)
        return []
    dispatcher.utter_message(text=x.HANDOFF_CANCELLED.format(ticket=record.ticket))
    if (tracker.get_latest_input_channel() or "") == "widget":
        dispatcher.utter_message(json_message={"type": "handoff", "ticket": record.ticket, "status": "closed"})
    return []


def withdraw_beside_question(tracker: Tracker) -> list[dict[str, Any]]:
    """「我没说要转人工 … 现在最要紧的是啥」 (persona trial s8 M6 #5): a cancel with a question beside it is answered by the
    question's intent, and the ticket still waiting is withdrawn all the same (before, it stayed queued and the next
    turn said 「您已经在排队了」). Run by the case hook; returns the bot line to send before the answer, or []."""
    from bot.nlu.reading import requests

    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    if intent == "request_human" or not requests(message.get("text") or "").handoff_cancel:
        return []
    try:
        store = case_store()
        record = store.handoffs.cancel_by_customer(tracker.sender_id)
        if record is None:
            return []
        store.audit.record(CUSTOMER_ACTOR, "handoff_cancelled_by_customer", {"ticket": record.ticket},
                           sender_id=tracker.sender_id)
    except Exception:  # noqa: BLE001 (the answer goes on; the ticket stays as it was)
        logger.exception("could not cancel the handoff request beside a question")
        return []
    return [{"event": "bot", "text": x.HANDOFF_CANCELLED.format(ticket=record.ticket), "data": {},
             "metadata": {"utter_action": "handoff_cancelled"}}]


def desk_availability(now: datetime, store: Any = None, hours: Any = None) -> str:
    """When a person answers a 转人工, the one answer for every sentence that says it (the ticket line and the
    crisis texts' 「回复“转人工”可以找真人：…」; UI session 7 B6/B7 said 「现在不在」 and one turn later 「现在有客服在线」):
    "open" in working hours, "staffed" outside them while an agent has the desk open and in view, else "closed"."""
    hours = hours or texts.configured_hours()
    if hours.is_open(now):
        return "open"
    try:
        store = store if store is not None else case_store()
    except Exception:  # noqa: BLE001 (no store: no presence known, the honest hours sentence)
        logger.exception("could not open the case store for the desk's presence")
        return "closed"
    return "staffed" if _agent_present(store, now) else "closed"


def _agent_present(store: Any, now: datetime) -> bool:
    """An agent has the desk open and in view now (its page restarts the idle timeout every ~20 s):
    outside working hours the cardholder is then not told to wait for tomorrow (issue 21 trial)."""
    from datetime import timedelta

    from bot.config import settings

    try:
        return store.staff.present_staff(idle=timedelta(minutes=settings().session_idle_minutes),
                                         within=texts.PRESENCE_WINDOW, now=now) > 0
    except Exception:  # noqa: BLE001 (no presence known: the honest hours sentence)
        logger.exception("could not read the desk's presence")
        return False


def _client_key(tracker: Tracker) -> str | None:
    """The client's pseudonymous key the channel put in the message metadata (REST and widget), or None
    (WeChat: one openid per WeChat account, the per-conversation limit applies)."""
    metadata = tracker.latest_message.get("metadata") or {}
    key = metadata.get("client") if isinstance(metadata, dict) else None
    return key if isinstance(key, str) and 0 < len(key) <= 64 else None
