"""The per-turn hook of the case model: `action_validate_slot_mappings`.

Rasa 3.6 runs a custom action of this name (when the domain declares it) inside
`action_extract_slots` after EVERY user message, before any policy predicts and before a form
validates (rasa/core/actions/action.py, ActionExtractSlots._execute_validation_action); this
project's Rasa server calls `run_case_hook` in its own process instead of over HTTP (bot/rasa_patches.py:
the round trip cost a quarter of issue 11's extra CPU per turn), a stock Rasa calls the action below. It
is the single place where what the person said becomes facts: `bot.nlu.case_update.update_case` reads the
message into the case, and this action sets

* ``case``: `Case.to_slot()`;
* every contract slot (bank, debt_amount, overdue_days, …, debts) from `Case.contract_slots()` — only
  those whose value changes, so that a question asked inside a form (no new fact) still lets the form
  reject and the rules answer the question;
* ``hypothetical``: this turn's 如果… values, reset to None on a turn without one;
* ``case_notes``: this turn's notes (``overdue_days_more_than:3``, ``invalid:debt_amount`` …), which the
  forms' validators use to say why they ask again;
* ``pending_correction``: cleared once the value it waited for has been read;
* ``plan_options``: the payment day / method typed in the plan flow (「每月15号还款」, 「自动扣款」), through
  `bot.plan_options.apply` like the option buttons; its notes (``plan_option:payment_day``,
  ``invalid:payment_day``) join ``case_notes``.

When a form asked for a slot and a note says the answer was refused or is only a bound, the slot is
set to None explicitly so that the form's validator runs and explains.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.common import today
from bot import plan_options
from bot.case import CASE_SLOT, Case, to_decimal
from bot.nlu.case_update import CONTRACT_FACTS, update_case
from bot.nlu.reading import EXPENSE_ITEM, READING_SLOT, Change, Reading, TurnContext, read_turn

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Load OpenCC, pypinyin, jieba and the bank table now: the action server imports this module at
    start, so the first person's first message does not wait for them (seconds on a loaded host)."""
    try:
        update_case(Case(), "招行欠了一萬五 逾期45天 會不會上争信")
    except Exception:  # a broken dictionary shows up again, with its traceback, on the first real turn
        logger.exception("case model warm-up failed")


warm_up()

HYPOTHETICAL_SLOT = "hypothetical"
NOTES_SLOT = "case_notes"
PENDING_SLOT = "pending_correction"
SUMMARY_SLOT = "plan_summary"  # the plan summary waiting for its 「确认」 (actions/plan.py)
OPTIONS_SLOT = "plan_options"
PLAN_FORM = "plan_form"
PLAN_INTENT = "request_plan_draft"
FORM_SLOTS_MAPPING = "bank"  # the slot whose domain mapping lists the intents that interrupt a form


def interrupting_intents(domain: dict[str, Any]) -> set[str]:
    """Intents that are questions, not answers, inside a form: the ``not_intent`` list kept in the
    domain (on the `bank` slot's form condition), so that the list has one home."""
    slot = (domain.get("slots") or {}).get(FORM_SLOTS_MAPPING) or {}
    found: set[str] = set()
    for mapping in slot.get("mappings") or []:
        found.update(mapping.get("not_intent") or [])
    return found


def answered_slot(tracker: Tracker, domain: dict[str, Any]) -> str | None:
    """The form question this message answers, or None (no form, or the message is a question)."""
    if not (tracker.active_loop or {}).get("name"):
        return None
    requested = tracker.get_slot("requested_slot")
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if requested == "hardship_reason" and intent == DISTRESS_INTENT:
        # 「厂里效益不好工资降了 还要养娃 压力好大天天睡不着」 (ui-s7 A10): the care answer comes first, and the reason
        # said in the same message is kept (its despair or stress clauses left out, bot.nlu.case_update) so that
        # 「继续」 does not ask it again; a message that is only despair gives no reason
        return requested
    if requested not in CONTRACT_FACTS or intent in interrupting_intents(domain):
        return None
    return requested


DISTRESS_INTENT = "express_distress"  # actions.distress.DISTRESS_INTENT (not imported: it imports this module)


def in_plan_flow(tracker: Tracker) -> bool:
    """The person is asking for, filling in, checking or has had a plan: a typed payment day is a choice
    (outside it, 「每月15号还款」 is how their card works today)."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return bool(
        intent == PLAN_INTENT
        or (tracker.active_loop or {}).get("name") == PLAN_FORM
        or any(tracker.get_slot(name) for name in ("plan_summary", OPTIONS_SLOT, "plan_case_id"))
    )


UNDO_SLOT = "case_undo"
STOPPED_SLOT = "stopped_questions"
SKIP_INTENT = "skip_question"  # the intent of a stop alone (「别问我收入了」): action_skip_question says it
# the role of a fact in the reading → the form question it answers (a stopped question comes back when the
# person brings the fact up)
_ROLE_SLOTS = {"income": "monthly_income", "essential_expenses": "monthly_expenses", "budget": "monthly_budget",
               "owed": "debt_amount", "principal": "debt_amount", "overdue_days": "overdue_days", "bank": "bank",
               "periods": "installments"}


def _shown(fact: str, value: str | None) -> str:
    """A stored value as the change line says it: 9,000 (元), 20天, a bank or a reason as they are."""
    if value is None:
        return x.CHANGE_NONE
    if fact == "overdue_days":
        return x.CHANGE_DAYS.format(value=value)
    number = to_decimal(value)
    if number is None or fact in ("bank", "hardship_reason", "installments"):
        return value
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"


def change_line(changes: tuple[Change, ...] | list[Change]) -> str:
    """「月收入 9,000 → 6,500；招商银行欠款 20,000 → 25,000」"""
    items = []
    for c in changes:
        if c.fact == "settled":
            items.append(x.CHANGE_SETTLED.format(bank=c.bank))
            continue
        if c.fact.startswith(EXPENSE_ITEM):
            label = c.fact[len(EXPENSE_ITEM):]
            name = x.EXPENSE_ITEM_NAMES.get(label, label)
            items.append(x.CHANGE_ITEM_ADDED.format(label=name, after=_shown("monthly_expenses", c.after))
                         if c.before is None else
                         x.CHANGE_ITEM.format(bank="", label=name, before=_shown("monthly_expenses", c.before),
                                              after=_shown("monthly_expenses", c.after)))
            continue
        items.append(x.CHANGE_ITEM.format(bank=c.bank or "", label=x.FACT_LABELS.get(c.fact, c.fact),
                                          before=_shown(c.fact, c.before), after=_shown(c.fact, c.after)))
    return "；".join(items)


def _response_text(domain: dict[str, Any], name: str, **values: Any) -> str | None:
    variants = (domain.get("responses") or {}).get(name) or []
    if not variants:
        return None
    return str(variants[0].get("text") or "").format(**values)


def _bot(domain: dict[str, Any], name: str, **values: Any) -> list[dict[str, Any]]:
    """A bot message of the hook (sent before the turn's answer), from its domain.yml response."""
    text = _response_text(domain, name, **values)
    return [{"event": "bot", "text": text, "data": {}, "metadata": {"utter_action": name}}] if text else []


def _restored_by_the_form(tracker: Tracker, domain: dict[str, Any]) -> bool:
    """A question asked inside a form: the form puts back any fact it would overwrite (actions/repair.py
    interruption_events), so no change is announced."""
    from actions.repair import _ANSWER_LIKE_INTENTS, _FORM_OWN_INTENTS

    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return bool((tracker.active_loop or {}).get("name") and intent in interrupting_intents(domain)
                and intent not in _FORM_OWN_INTENTS and intent not in _ANSWER_LIKE_INTENTS)


def still_overdue_events(case: Case) -> list[dict[str, Any]]:
    """「还了是不是就不算逾期了」 with a card late past its grace days: first, that paying now does not erase the
    days already late, and how long the record stays (the what-if or the answer follows)."""
    from bot import facts as F
    from bot.finance import get_schedule

    late = [(c.overdue_days, c.overdue_more_than, c.bank) for c in case.cards
            if (c.overdue_days or c.overdue_more_than or 0) > get_schedule(c.bank).grace]
    if not late:
        return []
    days, more_than, _ = late[0]
    line = (x.STILL_OVERDUE.format(days=days) if days is not None
            else x.STILL_OVERDUE_AT_LEAST.format(days=more_than))
    text = line + F.text("credit_retention")
    return [{"event": "bot", "text": text, "data": {}, "metadata": {"utter_action": "utter_still_overdue"}}]


def unsure_events(slot: str, notes: tuple[str, ...]) -> list[dict[str, Any]]:
    """The question for a reading the code is unsure of that has no domain response (persona trials s6): a total said
    against the cards' sum (note ``unsure_total:said:cards``, its figures named), days said with no word of being late,
    a monthly figure that is income or budget."""
    template = x.UNSURE_ASKS.get(slot)
    if template is None:
        return []
    values: dict[str, str] = {}
    if slot == "debt_total":
        for note in notes:
            code, _, rest = note.partition(":")
            said, _, cards = rest.partition(":")
            a, b = to_decimal(said), to_decimal(cards)
            if code == "unsure_total" and a is not None and b is not None:
                values = {"said": f"{a:,.0f}", "cards": f"{b:,.0f}", "gap": f"{abs(a - b):,.0f}"}
        if not values:
            return []
    if slot == "card_amount":
        for note in notes:
            code, _, rest = note.partition(":")
            bank, value, old = (rest.split(":") + ["", "", ""])[:3]
            a, b = to_decimal(value), to_decimal(old)
            if code == "unsure_card" and a is not None and b is not None:
                values = {"bank": bank or x.THIS_CARD_SPOKEN, "value": f"{a:,.0f}", "old": f"{b:,.0f}"}
        if not values:
            return []
    return [{"event": "bot", "text": template.format(**values), "data": {},
             "metadata": {"utter_action": f"utter_ask_unsure_{slot}"}}]


def noted_role_events(notes: tuple[str, ...]) -> list[dict[str, Any]]:
    """A figure the reading kept out of the budget (another debt's monthly payment, money kept for a parent), said in
    one line so that the person sees how it was read (persona trials s4 E3, F2)."""
    lines = []
    for note in notes:
        code, _, value = note.partition(":")
        template = {"other_debt_payment": x.NOTED_OTHER_DEBT_PAYMENT, "set_aside": x.NOTED_SET_ASIDE,
                    "other_debt_payment_ask": x.NOTED_OTHER_DEBT_PAYMENT_ASK,
                    "set_aside_ask": x.NOTED_SET_ASIDE_ASK}.get(code)
        number = to_decimal(value) if template else None
        if template and number is not None:
            lines.append(template.format(amount=f"{number:,.0f}"))
    if not lines:
        return []
    return [{"event": "bot", "text": "\n".join(lines), "data": {}, "metadata": {"utter_action": "utter_fact_role_noted"}}]


def _distress_turn(tracker: Tracker) -> bool:
    """Distress in this conversation (the classifier's intent, its slot, or the rule guard on this message)."""
    from actions.distress import distressed
    from bot.nlu import distress

    try:
        return distressed(tracker) or bool(distress.matches((tracker.latest_message or {}).get("text") or ""))
    except Exception:  # the guard must never cost the turn its facts
        logger.exception("distress check failed")
        return False


def last_reply(tracker: Tracker) -> str | None:
    """The bot's text between the person's previous message and this one (its figures, quoted back in a question,
    are no facts: persona trial H5, 「怎么算出来189的」)."""
    if hasattr(tracker, "last_reply"):  # the in-process hook's view (bot/rasa_patches.HookTrackerView)
        return tracker.last_reply
    texts: list[str] = []
    seen_user = False
    for event in reversed(getattr(tracker, "events", None) or []):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                break
            seen_user = True
        elif kind == "bot" and seen_user and event.get("text"):
            texts.append(event["text"])
    return "\n".join(reversed(texts)) or None


def letter_open(tracker: Tracker, slots: dict[str, Any]) -> bool:
    """The plan's summary waits for its confirmation, or a letter was drafted: 「把乱刷那句拿掉」 edits its reason."""
    return any(name in slots and tracker.get_slot(name) for name in ("plan_summary", "plan_case_id"))


def complaint_written(tracker: Tracker) -> bool:
    """A complaint was written (or its details asked for) in this conversation: its sentences are edited by 「…那句删了」
    too. Read from the complaint's own replies, so that a complaint action that handed a letter's edit on (「把亂刷那句
    拿掉」, actions/scripts.py) counts as none."""
    if hasattr(tracker, "responses_sent"):  # the in-process hook's view (bot/rasa_patches.HookTrackerView)
        sent = set(tracker.responses_sent)
    else:
        sent = {(e.get("metadata") or {}).get("utter_action") for e in getattr(tracker, "events", None) or []
                if e.get("event") == "bot"}
    return bool(sent & COMPLAINT_RESPONSES)


# the complaint's replies (actions/scripts.py ActionCollectionComplaint): written, shown, or its details asked for
COMPLAINT_RESPONSES = frozenset({"utter_complaint_next", "utter_complaint_text", "utter_complaint_ask_details"})


# 「撤销」 takes back the change just shown (「已改：… 说“撤销”恢复」): a change several messages back is no longer meant
# (persona trial s10 P4 #13: 「撤销 我没说每月能还536」 — nothing stored this time — undid 0 days said seven messages
# earlier, back to 2 days overdue)
UNDO_TURNS = 3


def undo_still_meant(tracker: Tracker) -> bool:
    """Whether the last change was shown within the person's last `UNDO_TURNS` messages (this one included)."""
    users = 0
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            users += 1
            if users > UNDO_TURNS:
                return False
        elif event.get("event") == "slot" and event.get("name") == UNDO_SLOT:
            return True
    return True  # no trace of when (a tracker cut short): as before


def reading_of(tracker: Tracker, domain: dict[str, Any]) -> tuple[Reading, str | None]:
    """This turn's reading (the one parse of the message) and the form question it may answer."""
    text = (tracker.latest_message or {}).get("text") or ""
    case = Case.from_slot(tracker.get_slot(CASE_SLOT))
    requested = answered_slot(tracker, domain)
    slots = domain.get("slots") or {}
    pending = tracker.get_slot(PENDING_SLOT) if PENDING_SLOT in slots else None
    undo_raw = tracker.get_slot(UNDO_SLOT) if UNDO_SLOT in slots and undo_still_meant(tracker) else None
    context = TurnContext(requested_slot=requested, pending_correction=pending,
                          undo_case=Case.from_slot(undo_raw) if isinstance(undo_raw, dict) else None,
                          last_reply=last_reply(tracker), letter_open=letter_open(tracker, slots),
                          complaint_open=complaint_written(tracker),
                          summary_pending=bool(tracker.get_slot(SUMMARY_SLOT)) if SUMMARY_SLOT in slots else False)
    return read_turn(text, case, today(), context), requested


def case_events(tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
    """The slot events of this user turn (pure over the tracker; the action's body)."""
    reading, requested = reading_of(tracker, domain)
    result = reading
    slots = domain.get("slots") or {}
    events: list[dict[str, Any]] = care_events(tracker, slots)
    from actions.handoff import withdraw_beside_question

    events += withdraw_beside_question(tracker)
    if READING_SLOT in slots:
        value = reading.to_slot()
        if value != tracker.get_slot(READING_SLOT):
            events.append(SlotSet(READING_SLOT, value))
    if reading.changes and not _restored_by_the_form(tracker, domain):
        undoing = reading.requests.undo
        events += _bot(domain, "utter_fact_undone" if undoing else "utter_fact_changed",
                       changes=change_line(reading.changes))
        if UNDO_SLOT in slots:
            events.append(SlotSet(UNDO_SLOT, None if undoing else tracker.get_slot(CASE_SLOT)))
    if not _distress_turn(tracker):  # after distress no question is asked (DOMAIN §7); the fact stays unstored
        for slot in reading.unsure:
            events += _bot(domain, f"utter_ask_unsure_{slot}") or unsure_events(slot, reading.notes)
    if reading.requests.still_overdue:
        events += still_overdue_events(reading.case)
    events += noted_role_events(reading.notes)
    if STOPPED_SLOT in slots:
        stopped_before = [str(s) for s in tracker.get_slot(STOPPED_SLOT) or []]
        # a figure of before (「以前8000」) or of another debt brings no stopped question back: only a fact of now does
        given = {_ROLE_SLOTS.get(f.get("role")) for f in reading.facts
                 if not any(f.get(k) for k in ("hypothetical", "negated", "past", "other_debt", "settled"))
                 and f.get("whose", "user") == "user"}
        stopped = [s for s in stopped_before if s not in given]
        stopped += [s for s in reading.requests.stop_asking if s not in stopped]
        if stopped != stopped_before:
            events.append(SlotSet(STOPPED_SLOT, stopped or None))
        if reading.requests.stop_asking and (tracker.latest_message or {}).get("intent", {}).get("name") \
                != SKIP_INTENT and not _distress_turn(tracker):
            # 「别问我收入了 反正每个月只能还八百」: a stop with an answer is read as the answer (bot/nlu/components.py
            # RequestGuard); the stop is said here, the answer's own reply follows (probe E08)
            events += _bot(domain, "utter_question_stopped")
    new_slot = result.case.to_slot()
    if new_slot != tracker.get_slot(CASE_SLOT):
        events.append(SlotSet(CASE_SLOT, new_slot))
    contract = result.case.contract_slots()
    for name, value in contract.items():
        if value != tracker.get_slot(name):
            events.append(SlotSet(name, value))
    refused = {f"invalid:{requested}"} | ({"overdue_days_more_than"} if requested == "overdue_days" else set())
    if requested and contract.get(requested) is None and any(n.rpartition(":")[0] in refused or n in refused
                                                               for n in result.notes):
        events.append(SlotSet(requested, None))  # the validator says why and the form asks again
    hypothetical = result.hypothetical
    if hypothetical != tracker.get_slot(HYPOTHETICAL_SLOT):
        events.append(SlotSet(HYPOTHETICAL_SLOT, hypothetical))
    option_notes: tuple[str, ...] = ()
    if result.plan_options and OPTIONS_SLOT in (domain.get("slots") or {}) and in_plan_flow(tracker):
        stored = tracker.get_slot(OPTIONS_SLOT)
        options, option_notes = plan_options.apply(stored, result.plan_options)
        if options != (stored or {}):
            events.append(SlotSet(OPTIONS_SLOT, options or None))
    notes = list(result.notes) + list(option_notes) or None
    if notes != tracker.get_slot(NOTES_SLOT):
        events.append(SlotSet(NOTES_SLOT, notes))
    # the slot is declared by the correction flow (action_ask_correction); without it there is nothing to clear
    if result.clear_pending and PENDING_SLOT in (domain.get("slots") or {}):
        events.append(SlotSet(PENDING_SLOT, None))
    return events


def care_events(tracker: Tracker, slots: dict[str, Any]) -> list[dict[str, Any]]:
    """Before the turn's answer: one kind line for everyday strain (「压力好大天天睡不着」, widget trial UI s7 #8), and the
    distress flag cleared once a mild remark is taken back (「没那么严重 就是烦」: no 情绪危机 banner or ticket priority)."""
    from actions.distress import DISTRESS_SLOT, strain_line, taken_back

    events: list[dict[str, Any]] = []
    line = strain_line(tracker)
    if line:
        events.append({"event": "bot", "text": line, "data": {}, "metadata": {"utter_action": "strain_ack"}})
    if DISTRESS_SLOT in slots and tracker.get_slot(DISTRESS_SLOT) \
            and taken_back([e for e in tracker.events if e.get("event") == "user"]):
        events.append(SlotSet(DISTRESS_SLOT, None))
    return events


def run_case_hook(tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
    """The hook's whole work, wherever it runs: in the Rasa process (bot/rasa_patches.py, the default)
    or as the action below (a Rasa server without the patches calls it over HTTP)."""
    try:
        return case_events(tracker, domain)
    except Exception:  # a reading bug must not lose the turn: the facts stay as they were
        logger.exception("case update failed; the case is left unchanged this turn")
        return []


class ActionValidateSlotMappings(Action):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return run_case_hook(tracker, domain)


def case_of(tracker: Tracker) -> Case:
    """The person's case: the `case` slot; for a conversation from before the case model existed
    (no `case` slot yet), a case built from the contract slots it carries."""
    raw = tracker.get_slot(CASE_SLOT)
    if isinstance(raw, dict):
        return Case.from_slot(raw)
    from bot.case import Card, Situation

    debts = tracker.get_slot("debts") or []
    if len(debts) >= 2:
        cards = tuple(Card.from_dict(d) for d in debts if isinstance(d, dict))
    elif any(tracker.get_slot(s) is not None for s in ("bank", "debt_amount", "overdue_days")):
        bank = tracker.get_slot("bank")
        cards = (Card.from_dict({"bank": bank.split("、")[0] if bank else None,
                                 "amount": tracker.get_slot("debt_amount"),
                                 "overdue_days": tracker.get_slot("overdue_days")}),)
    else:
        cards = ()
    situation = Situation.from_dict({name: tracker.get_slot(name) for name in (
        "monthly_income", "monthly_expenses", "monthly_budget", "installments", "hardship_reason")})
    return Case(cards=cards, situation=situation)


def turn_reading(tracker: Tracker) -> dict[str, Any]:
    """This turn's reading (slot `reading`, `bot.nlu.reading.Reading.to_slot()`): {} when there is none."""
    raw = tracker.get_slot(READING_SLOT)
    return raw if isinstance(raw, dict) else {}


def stopped_questions(tracker: Tracker) -> list[str]:
    """The form questions the person asked not to be asked again (slot `stopped_questions`)."""
    raw = tracker.get_slot(STOPPED_SLOT)
    return [str(s) for s in raw] if isinstance(raw, list) else []


def turn_notes(tracker: Tracker) -> list[str]:
    """This turn's notes of the case update (`case_notes`)."""
    notes = tracker.get_slot(NOTES_SLOT)
    return [str(n) for n in notes] if isinstance(notes, list) else []
