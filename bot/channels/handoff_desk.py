"""The handoff desk inside the Rasa server: what the console does to a conversation when an agent
claims, answers and closes its ticket.

The console channel runs inside `rasa run`, so it reaches the running agent (`request.app.ctx.agent`):
its tracker store and lock store. While an agent handles a ticket the conversation is paused for the
bot with Rasa's own `ConversationPaused` (Rasa then stores the user's messages without predicting);
closing appends `ConversationResumed` and an `action_listen`, so the next message is a fresh turn.
Every change is made under the conversation's lock, as Rasa's own `POST …/tracker/events` does.

The agent's words reach the cardholder on their channel:
- widget: stored as a handoff message; the widget fetches them (`GET /webhooks/widget/messages`);
- WeChat: through the customer-service message API with the access token the WeChat channel already
  holds (`bot.channels.wechat.shared_api_client`), only within 48 hours of the user's last message;
- other channels (REST): cannot be reached, the console says so.
Each message is also appended to the tracker as a `BotUttered` with metadata `{"handoff": …}`, so the
transcript (and `forget`) covers it.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot import handoff as texts

logger = logging.getLogger(__name__)

TRANSCRIPT_MAX_EVENTS = 200
# the delivery of the handoff message that records a cardholder who left (「新对话」 in the widget)
LEFT = "left"


@dataclass(frozen=True)
class Delivery:
    """What became of a message to the cardholder: `ok`, the handoff message's `delivery` value and a
    sentence for the console."""

    ok: bool
    delivery: str
    message: str


def channel_of(conversation_id: str) -> str:
    return conversation_id.split(":", 1)[0] if ":" in conversation_id else "rest"


def _utc(timestamp: float | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(float(timestamp), tz=timezone.utc)


async def _tracker(agent: Any, conversation_id: str) -> Any:
    tracker = await agent.tracker_store.retrieve(conversation_id)
    if tracker is None:
        tracker = await agent.tracker_store.get_or_create_tracker(conversation_id)
    return tracker


async def append(agent: Any, conversation_id: str, events: list[Any]) -> Any:
    """Appends `events` to the conversation under its lock and saves it; returns the tracker."""
    async with agent.lock_store.lock(conversation_id):
        tracker = await _tracker(agent, conversation_id)
        for event in events:
            tracker.update(event)
        await agent.tracker_store.save(tracker)
        return tracker


def _handoff_utterance(text: str, author: str, staff: str | None, ticket: str) -> Any:
    from rasa.shared.core.events import BotUttered

    return BotUttered(text=text, metadata={"handoff": {"author": author, "staff": staff, "ticket": ticket}})


async def pause(agent: Any, conversation_id: str, ticket: str, staff: str) -> None:
    from rasa.shared.core.events import ConversationPaused

    joined = texts.TEXTS["agent_joined"].format(ticket=ticket)
    await append(agent, conversation_id, [ConversationPaused(), _handoff_utterance(joined, "system", staff, ticket)])


def _resumed() -> list[Any]:
    """The bot answers again: Rasa's own resume, then listening for the person's next message."""
    from rasa.shared.core.events import ActionExecuted, ConversationResumed

    return [ConversationResumed(), ActionExecuted("action_listen")]


async def resume(agent: Any, conversation_id: str, ticket: str, staff: str) -> None:
    left = texts.TEXTS["agent_left"].format(ticket=ticket)
    await append(agent, conversation_id, [_handoff_utterance(left, "system", staff, ticket), *_resumed()])


async def unpause(agent: Any, conversation_id: str) -> None:
    """The bot answers again without a word to the person."""
    await append(agent, conversation_id, _resumed())


async def hand_back(agent: Any, conversation_id: str, ticket: str, staff: str, text: str) -> None:
    """A ticket put back in the queue (放回队列): the bot answers again and the person is told so, in `text`
    (UI session 7, C17: the next answer simply came from the bot, with no word that the person had gone)."""
    await append(agent, conversation_id, [_handoff_utterance(text, "system", staff, ticket), *_resumed()])


async def record_agent_message(agent: Any, conversation_id: str, text: str, staff: str, ticket: str) -> None:
    await append(agent, conversation_id, [_handoff_utterance(text, "agent", staff, ticket)])


def unanswered(tracker: Any) -> int:
    """The cardholder's messages since a person last wrote to them in this handoff (the agent's last
    message, else the pause when the agent joined): what the desk shows as unread."""
    from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed, UserUttered

    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered) and event.text:
            count += 1
        elif isinstance(event, (ConversationPaused, ConversationResumed)):
            break
        elif isinstance(event, BotUttered) and isinstance(event.metadata, dict):
            info = event.metadata.get("handoff")
            if isinstance(info, dict) and info.get("author") == "agent":
                break
    return count


async def unanswered_of(agent: Any, conversation_id: str) -> int:
    tracker = await agent.tracker_store.retrieve(conversation_id)
    return 0 if tracker is None else unanswered(tracker)


class Changes:
    """Wakes the console's live requests (`GET /console/api/live`) at once when this process saw
    something a desk shows change: a cardholder's message during a handoff, a claim, a reply, a close.
    The live requests also look again every second, so a change made elsewhere (a ticket filed by the
    action server, another Rasa process) shows within that second."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
        self._event = None

    async def wait(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        if self._event is None or self._loop is not loop:
            self._event, self._loop = asyncio.Event(), loop
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass


CHANGES = Changes()


def last_user_message_at(tracker: Any) -> datetime | None:
    from rasa.shared.core.events import UserUttered

    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return _utc(event.timestamp)
    return None


async def conversation_view(agent: Any, conversation_id: str) -> dict[str, Any]:
    """The masked transcript (user, bot, agent, system lines in order, newest last), the case facts of
    the slot `case` with the contract slots, whether the bot is paused, and the last user message's time."""
    from rasa.shared.core.events import BotUttered, UserUttered

    from bot.case import CASE_SLOT, Case

    tracker = await agent.tracker_store.retrieve(conversation_id)
    if tracker is None:
        return {"transcript": [], "case": None, "slots": {}, "paused": False, "last_user_at": None,
                "questions": [], "distress": False}
    lines: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    buttons: dict[str, str] = {}  # payload → title of the buttons the bot offered last
    for event in list(tracker.events)[-TRANSCRIPT_MAX_EVENTS:]:
        if isinstance(event, UserUttered) and event.text:
            intent = (event.intent or {}).get("name")
            text, tapped = seen_text(event.text, buttons, intent)
            line = {"role": "user", "text": text, "at": _iso(event.timestamp), "intent": intent}
            if tapped:
                line["button"] = True
            lines.append(line)
            if intent:
                questions.append({"intent": intent, "text": text})
        elif isinstance(event, BotUttered) and (event.text or "").strip():
            info = (event.metadata or {}).get("handoff") if isinstance(event.metadata, dict) else None
            role = info.get("author", "agent") if isinstance(info, dict) else "bot"
            line = {"role": role, "text": event.text, "at": _iso(event.timestamp)}
            if isinstance(info, dict) and info.get("staff"):
                line["staff"] = info["staff"]
            offered = _buttons_of(event)
            if offered:
                buttons = {b["payload"]: b["title"] for b in offered}
                line["buttons"] = [b["title"] for b in offered]
            lines.append(line)
    case = Case.from_slot(tracker.get_slot(CASE_SLOT))
    slots = case.contract_slots() if not case.is_empty() else {
        name: tracker.get_slot(name) for name in ("bank", "debt_amount", "overdue_days", "monthly_income")
    }
    return {
        "transcript": lines,
        "case": None if case.is_empty() else case.to_slot(),
        "slots": slots,
        "paused": tracker.is_paused(),
        "last_user_at": _iso_dt(last_user_message_at(tracker)),
        "questions": questions,
        # issue 21 trial: the opened ticket shows the distress banner, not only the queue row
        "distress": bool(tracker.get_slot("distress_expressed")) if _has_slot(tracker, "distress_expressed") else False,
    }


def _buttons_of(event: Any) -> list[dict[str, str]]:
    """The buttons a bot message showed, as {title, payload} (Rasa keeps them in the event's data)."""
    data = getattr(event, "data", None) or {}
    out = []
    for button in data.get("buttons") or [] if isinstance(data, dict) else []:
        if isinstance(button, dict) and isinstance(button.get("title"), str) and isinstance(button.get("payload"), str):
            out.append({"title": button["title"], "payload": button["payload"]})
    return out


def seen_text(text: str, buttons: dict[str, str], intent: str | None) -> tuple[str, bool]:
    """What the cardholder saw of their own message: a tapped button's title instead of its payload
    (`/affirm`, `/correct_fact{…}`); a payload no button of the last bot message had is named by its topic
    (never shown raw). Returns (text, True when it was a button)."""
    if not text.startswith("/"):
        return text, False
    if text in buttons:
        return buttons[text], True
    from pathlib import Path

    import yaml

    from bot.channels import console_checks as cc

    messages = yaml.safe_load(Path(__file__).with_name("console_messages.yml").read_text(encoding="utf-8"))
    return messages["tapped_button"].format(topic=cc.intent_label(intent)), True


def triage(tracker: Any) -> dict[str, Any]:
    """What the queue row shows of a conversation (issue 21): distress expressed, the total owed today
    (from the case facts, through the finance engine; the debt alone when the days are unknown) and the
    topic of the cardholder's last question."""
    from decimal import Decimal

    from rasa.shared.core.events import UserUttered

    from bot.case import CASE_SLOT, Case
    from bot.channels import console_checks as cc

    out: dict[str, Any] = {"distress": bool(tracker.get_slot("distress_expressed")) if _has_slot(tracker, "distress_expressed")
                           else False, "owed": None, "owed_kind": None, "topic": None}
    case = Case.from_slot(tracker.get_slot(CASE_SLOT)) if _has_slot(tracker, CASE_SLOT) else Case()
    slots = case.contract_slots() if not case.is_empty() else {
        name: tracker.get_slot(name) if _has_slot(tracker, name) else None
        for name in ("bank", "debt_amount", "overdue_days")}
    debt, days = slots.get("debt_amount"), slots.get("overdue_days")
    if not case.is_empty():
        # the total as the chat says it: each card's own projection, summed (bot.whatif.totals; UI session 7 C14)
        from bot import whatif

        try:
            cards = whatif.case_cards(case, days if isinstance(days, int) and not isinstance(days, bool) else None)
            if cards and all(c.overdue_days is not None for c in cards):
                out["owed"], out["owed_kind"] = str(whatif.totals(cards).owed), "total"
                debt = None  # said
        except Exception:  # noqa: BLE001 (a figure the engine refuses: the engine on the total below)
            logger.debug("triage: no per-card figure for a conversation", exc_info=True)
    if isinstance(debt, (int, float, str)) and not isinstance(debt, bool):
        try:
            principal = Decimal(str(debt))
            out["owed"], out["owed_kind"] = str(principal.quantize(Decimal("0.01"))), "debt"
            if isinstance(days, (int, float)) and not isinstance(days, bool):
                from bot.finance import canonical_bank, project_overdue

                bank = slots.get("bank")
                bank = canonical_bank(bank.split("、")[0]) if isinstance(bank, str) and bank else None
                projection = project_overdue(principal, int(days), bank=bank)
                out["owed"], out["owed_kind"] = str(projection.total_owed), "total"
        except Exception:  # noqa: BLE001 (a figure the engine refuses: the row shows what it has)
            logger.debug("triage: no figure for a conversation", exc_info=True)
    from bot import topics

    # the last question with a topic of its own (an answer like 「我这个月只能先还五百」 names none)
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            intent = (event.intent or {}).get("name")
            label = topics.console_label(intent) if intent and intent not in cc.NOT_QUESTIONS else None
            if label:
                out["topic"] = label
                break
    return out


def _has_slot(tracker: Any, name: str) -> bool:
    return name in getattr(tracker, "slots", {})


async def row_facts(agent: Any, conversation_id: str, in_progress: bool) -> dict[str, Any]:
    """The queue row's unread count (a ticket in progress) and triage, from one read of the tracker."""
    tracker = await agent.tracker_store.retrieve(conversation_id)
    if tracker is None:
        return {"unread": 0, "distress": False, "owed": None, "owed_kind": None, "topic": None}
    return {"unread": unanswered(tracker) if in_progress else 0, **triage(tracker)}


def _iso(timestamp: float | None) -> str | None:
    return _iso_dt(_utc(timestamp))


def _iso_dt(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


async def deliver(
    agent: Any, conversation_id: str, text: str, *, now: datetime | None = None, wechat_client: Any = None
) -> Delivery:
    """Sends an agent's words to the cardholder on the conversation's channel (see the module doc)."""
    channel = channel_of(conversation_id)
    if channel == "widget":
        return Delivery(True, "widget", texts.CONSOLE_TEXTS["delivered_widget"])
    if channel != "wechat":
        return Delivery(False, "undeliverable", texts.CONSOLE_TEXTS["channel_unsupported"].format(channel=channel))
    now = now or datetime.now(timezone.utc)
    tracker = await agent.tracker_store.retrieve(conversation_id)
    problem = texts.wechat_window_problem(None if tracker is None else last_user_message_at(tracker), now)
    if problem:
        return Delivery(False, "undeliverable", problem)
    client = wechat_client
    if client is None:
        from bot.channels.wechat import shared_api_client

        client = shared_api_client()
    if client is None:
        return Delivery(False, "undeliverable", texts.CONSOLE_TEXTS["wechat_not_configured"])
    openid = conversation_id.split(":", 1)[1]
    errcode = await client.send_text_errcode(openid, text)
    if errcode == 0:
        return Delivery(True, "sent", texts.CONSOLE_TEXTS["delivered_wechat"])
    return Delivery(False, "failed", texts.wechat_refused_message(errcode))


# ------------------------------------------------------------------------------------------------
# the channels' side: a message while a person has the conversation


_store = None


def _case_store() -> Any:
    global _store
    if _store is None:
        from bot.store.repository import open_store

        _store = open_store()
    return _store


async def forwarded_notice(conversation_id: str) -> str | None:
    """The sentence for a message the bot kept quiet about because an agent has the conversation
    (its ticket is in progress), else None. A store that cannot be read says nothing (None)."""
    try:
        ticket = await asyncio.to_thread(_case_store().handoffs.open_for, conversation_id)
    except Exception:  # noqa: BLE001 (the channel's own fallback answers)
        logger.exception("handoff: could not read the ticket of a conversation")
        return None
    if ticket is not None and ticket.status == "in_progress":
        CHANGES.notify()  # the agent's open ticket shows the message at once
        reachable = channel_of(conversation_id) in ("widget", "wechat")
        return texts.TEXTS["forwarded" if reachable else "forwarded_unreachable"]
    return None


async def customer_left(conversation_id: str) -> bool:
    """The cardholder started a new conversation in the widget (「新对话」) while a ticket of this one was
    open: the ticket gets a system message with delivery LEFT (the console shows 「客户已离开」 and an
    agent's reply says it reaches nobody). True when there was such a ticket."""
    from pathlib import Path

    import yaml

    store = _case_store()
    ticket = await asyncio.to_thread(store.handoffs.open_for, conversation_id)
    if ticket is None:
        return False
    if not await asyncio.to_thread(store.handoffs.with_delivery, [ticket.id], LEFT):
        messages = yaml.safe_load(Path(__file__).with_name("console_messages.yml").read_text(encoding="utf-8"))
        await asyncio.to_thread(store.handoffs.add_message, ticket.id, author="system",
                                text=messages["customer_left"], delivery=LEFT)
        CHANGES.notify()
    return True
