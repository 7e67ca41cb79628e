"""Validation of the two forms: overdue figures and the repayment-plan questionnaire.

The facts themselves are read once per turn by the case model (actions/case_slots.py, bot/nlu/
case_update.py), which sets the slots these validators receive. The validators never read the
message again and never contradict the case: they check the bounds of `bot.limits`, say why a value
was refused (`utter_invalid_<slot>`, from the turn's `case_notes`), ask for the exact days after
「超过3天」, and confirm several cards at once.
"""
from __future__ import annotations

from abc import abstractmethod
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.case_slots import case_of, stopped_questions, turn_notes
from actions.common import to_decimal
from actions.distress import resumed_events
from actions.facts import money
from actions.repair import interruption_events
from bot.case import UNKNOWN_BANK
from bot.limits import MAX_DEBT, MAX_MONTHLY, MAX_OVERDUE_DAYS, MAX_REASON_CHARS

MORE_THAN_NOTE = "overdue_days_more_than:"
# a lower bound of the days (「一百多天」「超过两个月」) from which the answers price at the bound instead of asking: past
# every bank's grace days (DOMAIN §1, at most 3) and the first missed due date, the exact day changes no verdict
PRICED_AT_BOUND_DAYS = 30


def _bounded(value: Any, low: Decimal, high: Decimal, *, allow_low: bool) -> float | None:
    number = to_decimal(value)
    if number is None or number > high or number < low or (number == low and not allow_low):
        return None
    return float(number)


class KayouFormValidation(FormValidationAction):
    """Shared validators; subclasses only name their form."""

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        # a question asked inside the form is answered, not taken as an answer (actions/repair.py)
        interrupted = interruption_events(tracker, self.form_name())
        if interrupted is not None:
            return interrupted
        from actions.distress import safe_inside_form

        if safe_inside_form(dispatcher, tracker):
            # 「我安全」 while the form waits (session-6 leftover: the form's question again, the check-in unread): acknowledged,
            # then the same question (a slot validated, so no rejection)
            requested = tracker.get_slot("requested_slot")
            return [SlotSet(requested, None)] if requested else []
        # the form runs again: the pause of the distress protocol is over (actions/distress.py)
        events = resumed_events(tracker, self.form_name()) + await super().run(dispatcher, tracker, domain)
        return events + self._asked_again_inside(dispatcher, tracker, events)

    def _asked_again_inside(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            events: list[dict]) -> list[dict]:
        """The plan asked about again while its form waits (「申请书里说的是啥 我要签字的吧」, read as
        request_plan_draft): the form goes on with its question instead of Rasa's rejection, which no rule
        follows (it got 「没太明白」); a question about the letter gets one line on what it holds first."""
        from actions import texts as x
        from bot.nlu.topics import ASKS_RE

        requested = tracker.get_slot("requested_slot")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent != "request_plan_draft" or not requested or tracker.get_slot(requested) is not None:
            return []
        if any(e.get("event") == "slot" and e.get("name") != "requested_slot" for e in events):
            return []
        if self.form_name() == "plan_form" and ASKS_RE.search(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=x.PLAN_LETTER_HOLDS)
        return [SlotSet(requested, None)]  # a slot validated: the form asks its question again, no rejection

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """The form's questions without those the person asked not to be asked (「别问我收入了」, issue 19): a
        stop is a stop for the rest of the conversation, unless they bring the fact up themselves."""
        stopped = set(stopped_questions(tracker))
        return [slot for slot in domain_slots if slot not in stopped]

    def _reject(self, dispatcher: CollectingDispatcher, slot: str) -> dict[str, Any]:
        dispatcher.utter_message(response=f"utter_invalid_{slot}")
        return {slot: None}

    def _refused(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str) -> dict[str, Any]:
        """A None candidate: the case update refused the answer (say why) or there was none."""
        if f"invalid:{slot}" in turn_notes(tracker):
            return self._reject(dispatcher, slot)
        return {slot: None}

    def validate_debt_amount(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if slot_value is None:
            return self._refused(dispatcher, tracker, "debt_amount")
        amount = _bounded(slot_value, Decimal(0), MAX_DEBT, allow_low=False)
        if amount is None:
            return self._reject(dispatcher, "debt_amount")
        case = case_of(tracker)
        cards = [c for c in case.cards if c.amount is not None]
        if len(cards) >= 2:
            items = "、".join(f"{c.bank or '未说银行的卡'}{money(c.amount)}元" for c in cards)
            dispatcher.utter_message(response="utter_debts_noted", count=len(cards), items=items,
                                     total=money(case.total_debt()))
        return {"debt_amount": amount}

    def validate_bank(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        bank = case_of(tracker).contract_slots()["bank"]
        if bank is None:
            return {"bank": None}  # the reply named no bank: the form asks again
        if bank == UNKNOWN_BANK:
            dispatcher.utter_message(response="utter_unknown_bank")
        return {"bank": bank}

    def validate_overdue_days(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if slot_value is None:
            if any(n.startswith(MORE_THAN_NOTE) for n in turn_notes(tracker)):
                return {"overdue_days": None}  # 「超过3天」: action_ask_overdue_form_overdue_days asks for the exact days
            return self._refused(dispatcher, tracker, "overdue_days")
        days = _bounded(slot_value, Decimal(0), Decimal(MAX_OVERDUE_DAYS), allow_low=True)
        if days is None:
            return self._reject(dispatcher, "overdue_days")
        return {"overdue_days": days}

    def _monthly(self, slot: str, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                 *, allow_zero: bool) -> dict[str, Any]:
        if slot_value is None:
            return self._refused(dispatcher, tracker, slot)
        value = _bounded(slot_value, Decimal(0), MAX_MONTHLY, allow_low=allow_zero)
        if value is None:
            return self._reject(dispatcher, slot)
        return {slot: value}

    def validate_monthly_income(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._monthly("monthly_income", slot_value, dispatcher, tracker, allow_zero=True)

    def validate_monthly_expenses(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._monthly("monthly_expenses", slot_value, dispatcher, tracker, allow_zero=True)

    def validate_monthly_budget(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._monthly("monthly_budget", slot_value, dispatcher, tracker, allow_zero=True)

    def validate_hardship_reason(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        from bot.nlu.distress import without_signals

        # a despair sentence is never the reason (persona trial H3 #9): asked again instead
        reason = case_of(tracker).situation.hardship_reason or without_signals(str(slot_value or "").strip())
        if len(reason) < 2:
            from actions import texts as x
            from bot.nlu.topics import ASKS_RE, LETTER_NAMED_RE

            text = tracker.latest_message.get("text") or ""
            if LETTER_NAMED_RE.search(text) and ASKS_RE.search(text):
                # 「申请书里说的是啥 我要签字的吧」 (probe s4 E01): what the letter holds, then the question again
                dispatcher.utter_message(text=x.PLAN_LETTER_HOLDS)
                return {"hardship_reason": None}
            return self._reject(dispatcher, "hardship_reason")
        return {"hardship_reason": reason[:MAX_REASON_CHARS]}


class ActionAskOverdueDays(Action):
    """The form's question for the days (Rasa prefers `action_ask_<form>_<slot>` to `utter_ask_<form>_<slot>`): after
    「超过3天」 it says that the bound is not taken as the days, then asks for them."""

    def name(self) -> str:
        return "action_ask_overdue_form_overdue_days"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        from actions.distress import check_in

        check_in(dispatcher, tracker)
        bound = case_of(tracker).overdue_more_than()
        if bound is not None:
            dispatcher.utter_message(response="utter_overdue_days_more_than", days=bound)
        else:
            dispatcher.utter_message(response="utter_ask_overdue_form_overdue_days")
        return []


def rule_question(tracker: Tracker) -> bool:
    """The message that opened the interest form asks a general rule (「24%是法律上限吗」「违约金要算利息吗」
    「日息万分之五是国家规定的吗」: probes A10, B08, B10): it has a specific answer in bot/answers.yml, which
    needs no bank, amount or days. The form asks nothing and action_compute_overdue_interest gives the answer."""
    from bot import facts as F

    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    return intent == "ask_interest" and F.match(message.get("text") or "", intent) is not None


class ValidateOverdueForm(KayouFormValidation):
    def name(self) -> str:
        return "validate_overdue_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """With the amount and the days known (「逾期3年 本金8000 现在大概欠多少」), the estimate comes first, priced by
        most banks' rules and said so; the bank is not asked before it (issue 19, persona trial D5)."""
        if rule_question(tracker):
            return []
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        cards = [c for c in case_of(tracker).cards if c.amount is not None and c.amount > 0]
        if "bank" in slots and cards and all(c.overdue_days is not None or c.overdue_more_than is not None
                                            for c in cards):
            slots = [s for s in slots if s != "bank"]
        if "overdue_days" in slots and cards and all(
                c.overdue_days is not None or (c.overdue_more_than or 0) >= PRICED_AT_BOUND_DAYS for c in cards):
            # 「一百多天」: past every grace period a lower bound prices the answer, said as such (「逾期超过100天（按100天
            # 算）」, actions/whatif.py card_facts), as the what-if does; only a bound inside the grace question
            # (「超过3天」) is asked (probe s3 leftover: the interest question got the days question instead)
            slots = [s for s in slots if s != "overdue_days"]
        return slots


class ValidatePlanForm(KayouFormValidation):
    def name(self) -> str:
        return "validate_plan_form"


def _previous_question(tracker: Tracker) -> str | None:
    """The response of the bot's last message before this user message (None: none, or a free text)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
            continue
        if seen_user and event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") or event.get("text")
    return None


def _answered_this_turn(tracker: Tracker) -> bool:
    """Whether the bot already said something after the latest user message (an interruption's answer)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


class ActionAskAgain(Action):
    """A form's question (Rasa prefers `action_ask_<form>_<slot>` to its response): the question as written,
    except right after it was asked (the person answered something else, said 「我刚说了」, or asked a question
    in between): then never the same question twice in a row, but exactly which fact is missing, the shortest
    way to give it and the way out (persona trials: 「您现在每月收入大约多少？」 four times)."""

    form = ""
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.form}_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        from actions import texts as x
        from actions.case_slots import turn_reading
        from actions.distress import check_in

        check_in(dispatcher, tracker)  # taken up again after a crisis answer: one kind line first (trial H3 #12)
        response = f"utter_ask_{self.form}_{self.slot}"
        question = ((domain.get("responses") or {}).get(response) or [{}])[0].get("text")
        previous = _previous_question(tracker)
        said = bool(turn_reading(tracker).get("already_said"))
        # after an answer given this turn (a question asked inside the form) the question resumes as written
        if previous not in (response, question) or (_answered_this_turn(tracker) and not said):
            dispatcher.utter_message(response=response)
            return []
        template = x.ASK_AGAIN_SAID if said else x.ASK_AGAIN
        dispatcher.utter_message(text=template.format(label=x.ASK_AGAIN_LABELS[self.slot],
                                                      hint=x.ASK_AGAIN_HINTS[self.slot]))
        return []


def _ask_again(form: str, slot: str) -> type[ActionAskAgain]:
    return type(f"ActionAsk_{form}_{slot}", (ActionAskAgain,), {"form": form, "slot": slot})


ASK_AGAIN_ACTIONS = [_ask_again("plan_form", s) for s in (
    "debt_amount", "bank", "monthly_income", "monthly_expenses", "monthly_budget", "hardship_reason")] + [
    _ask_again("overdue_form", s) for s in ("bank", "debt_amount")]
