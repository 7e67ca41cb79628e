"""Answering the topics a message asks, and only those (issue 19 item 3), from the registry
(bot/topics/registry.yml): which action or response answers each topic, in which order, what one answer
already covers. Also the answers of the topics that had none (issue 23 items 13, 17): the bank's
customer-service number and 「现在还多少才能止损」.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import facts as F
from bot import topics as registry
from bot.nlu.topics import FIGURE_TOPICS, topics_in

# the words of a what-if name these topics too (「先还5000利息能少多少」, 「只还最低会怎样」): no second answer
PART_OF_A_WHAT_IF = FIGURE_TOPICS | {"grace", "consequences"}


def _actions_by_name() -> dict[str, type]:
    from actions.consequences import ActionAnswerCriminalRisk, ActionExplainConsequences
    from actions.finance_answers import (
        ActionAnswerGracePeriod,
        ActionAnswerInstallment,
        ActionAnswerMinPayment,
        ActionAnswerPenaltyFee,
        ActionComputeOverdueInterest,
    )

    classes = (ActionComputeOverdueInterest, ActionAnswerPenaltyFee, ActionAnswerMinPayment, ActionAnswerInstallment,
               ActionAnswerGracePeriod, ActionAnswerCriminalRisk, ActionExplainConsequences, ActionAnswerStopLoss,
               ActionAnswerBankPhone)
    return {cls().name(): cls for cls in classes}


async def answer_other_topics(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict,
                              main: str | None, after_what_if: bool = False, text: str | None = None,
                              covered: frozenset[str] | set[str] = frozenset()) -> None:
    """After the answer to the classified intent's topic ``main`` (or to a what-if): every other topic the
    message asks (bot.nlu.topics.topics_in: a topic it says it did not ask is not asked), each once, in the
    registry's order; a rule already shown in this conversation comes as its short form. ``text``: the part of
    the message still to answer (after a specific answer, actions.answers), else the whole message; ``covered``: the
    topics the answer given already said (actions.shortfall)."""
    from actions import texts as x
    from actions.whatif import sent_before

    done = (set(registry.topic(main).covers) if main else set()) | set(covered)
    if after_what_if:
        done |= PART_OF_A_WHAT_IF
        from actions.whatif import turn_scenario
        from bot import whatif

        scenario = turn_scenario(tracker)
        if scenario is not None and scenario.kind in (whatif.MIN_ONLY, whatif.COVERS_MIN):
            # 「只还最低的话征信会显示逾期吗」: the what-if's verdict says what the report shows (trial D4)
            done.add("credit_report")
    actions = None
    for name in topics_in(tracker.latest_message.get("text") or "" if text is None else text):
        if name in done:
            continue
        topic = registry.topic(name)
        done |= topic.covers
        relative = relative_credit(tracker, name)
        if relative is not None:
            # 「我自己的征信受不受影响 卡是闺女的」 beside another question (persona trial s7 L5 #5): her own position
            from actions.answers import give

            if not any(relative.short[:20] in (m.get("text") or "") for m in dispatcher.messages):
                give(dispatcher, tracker, relative)
            continue
        if topic.answer_action:
            actions = actions or _actions_by_name()
            action = actions[topic.answer_action]()
            await action.answer(dispatcher, tracker, domain)
        elif topic.answer_response:
            full = topic.full_response or topic.answer_response
            shown = sent_before(tracker, dispatcher, response=full) or sent_before(
                tracker, dispatcher, response=topic.answer_response)
            kwargs: dict[str, Any] = {"lead": x.BRIEF_LEAD_REPEAT if shown else ""}
            if topic.full_response is None:  # a topic's own short response cites its first fact
                from bot import facts as F

                kwargs = {"cite": F.cite(topic.facts[:1])}
            dispatcher.utter_message(response=topic.answer_response, **kwargs)
    # a question that no figure, what-if or topic answer covers (「每月还1000 要多少期 银行会同意吗」, persona trial G4:
    # the periods were given, the question lost): its catalogue answer after them
    give_second_answers(dispatcher, tracker, tracker.latest_message.get("text") or "" if text is None else text)


def second_answers_asked(text: str) -> bool:
    """``text`` asks a question of ``SECOND_ANSWERS`` (「这个申请书银行真的会认吗」)."""
    from bot import facts as catalogue

    return any(catalogue.matches(answer_id, text) for answer_id in SECOND_ANSWERS)


def give_second_answers(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> None:
    """The catalogue answers of ``SECOND_ANSWERS`` that ``text`` asks, each once (never a figure)."""
    from actions.answers import give
    from bot import facts as catalogue

    for answer_id in SECOND_ANSWERS:
        answer = catalogue.by_id(answer_id)
        shown = any(answer and answer.short[:20] in (m.get("text") or "") for m in dispatcher.messages)
        if answer is not None and not shown and catalogue.matches(answer_id, text):
            give(dispatcher, tracker, answer)


# catalogue answers (bot/answers.yml) given after another answer when the message also asks them; 「还多少利息才不涨」
# after the figure: only paying everything stops it (persona trial s7 L5 #4)
SECOND_ANSWERS = ("bank_may_agree", "whole_repaid_stops")


def relative_credit(tracker: Tracker, topic: str) -> F.Answer | None:
    """The 征信 topic asked by a person who wrote for a relative: their own position (actions.answers)."""
    from actions.answers import CREDIT_TOPIC, RELATIVE_CREDIT, writes_for_relative

    return F.by_id(RELATIVE_CREDIT) if topic == CREDIT_TOPIC and writes_for_relative(tracker) else None


class ActionAnswerBankPhone(Action):
    """「客服电话」: the card issuer's number from bot/finance/data/banks.yml, with 「以卡背面为准」; no bank
    known → where to find it (never a number from an SMS or a caller)."""

    def name(self) -> str:
        return "action_answer_bank_phone"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        from actions.finance_answers import first_bank
        from bot.finance.schedules import service_phone
        from bot.nlu.extract import extract_entities

        banks = [e["value"] for e in extract_entities(tracker.latest_message.get("text") or "")
                 if e.get("entity") == "bank"]
        known = [b for b in dict.fromkeys(banks or [first_bank(tracker)]) if b and service_phone(b)]
        if not known:
            dispatcher.utter_message(response="utter_bank_phone_unknown")
            return
        for bank in known:
            dispatcher.utter_message(response="utter_bank_phone", bank=bank, phone=service_phone(bank))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        await self.answer(dispatcher, tracker, domain)
        await answer_other_topics(dispatcher, tracker, domain, main="bank_phone")
        return []


def _money(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if value is not None else None
    except ArithmeticError:
        return None


class ActionAnswerStopLoss(Action):
    """「现在还多少才不算逾期 / 才能止损」 (issue 23 item 13): the record already made stays; what stops it
    growing is the unpaid part of the past minimum + its 违约金 + interest to today; the next statement's
    minimum includes what is left. With the statement's minimum and the amount paid known, the unpaid part
    and its 违约金 (the bank's rule, bot.finance) as figures; else how to get them."""

    def name(self) -> str:
        return "action_answer_stop_loss"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        from actions.case_slots import case_of
        from actions.common import yuan
        from actions.finance_answers import first_bank
        from actions.whatif import card_facts
        from bot import finance

        # the case model's cards (never the slot's raw dict): each card with a minimum gets its own figures
        case = case_of(tracker)
        with_minimum = [c for c in case.cards if c.min_payment is not None]
        if not with_minimum:
            # a card the person described as not overdue (「还没逾期」), never the words of the question itself
            # (「还多少才不算逾期」 reads as 0 days on an empty card)
            not_overdue = bool(case.cards) and all(c.overdue_days == 0 and c.amount is not None for c in case.cards)
            dispatcher.utter_message(response="utter_stop_loss_not_overdue" if not_overdue else "utter_stop_loss")
            return
        for card in with_minimum:
            minimum = _money(card.min_payment)
            paid = _money(card.paid) or Decimal("0.00")
            label = f"{card.bank}：" if len(case.cards) > 1 and card.bank else ""
            if paid >= minimum:
                balance = _money(card.statement_balance if card.statement_balance is not None else card.amount)
                rest = max(balance - paid, Decimal("0.00")) if balance is not None else None
                dispatcher.utter_message(response="utter_stop_loss_covered", card=label, paid=yuan(paid),
                                         minimum=yuan(minimum), rest=yuan(rest) if rest is not None else "—")
                continue
            unpaid = minimum - paid
            fee = finance.penalty(card.bank or first_bank(tracker), unpaid).penalty
            facts = card_facts(card, None)
            from actions import texts as x
            from bot import whatif

            balance = _money(card.statement_balance if card.statement_balance is not None else card.amount)
            remaining = yuan(max(balance - paid, Decimal("0.00"))) if balance is not None else "—"
            state = whatif.grace_state(facts) if facts.principal else None
            if state is not None:
                # due today or within grace: topping up the minimum is usually on time, no 违约金 to add (persona
                # trial I3 #4: 「700 + 违约金约35 + 利息0.00」 a turn after 「3天内…不收违约金」)
                from actions.whatif import grace_when

                dispatcher.utter_message(text=x.STOP_LOSS_GRACE.format(
                    card=label, unpaid=yuan(unpaid), minimum=yuan(minimum), paid=yuan(paid), when=grace_when(state),
                    hedge=x.GRACE_HEDGE, remaining=remaining))
                continue
            schedule = finance.get_schedule(card.bank or first_bank(tracker))
            if facts.overdue_days is None and schedule.grace > 0:
                # the days not told (I3 #1): 补足 the rest of the minimum needs no day count; the grace days decide
                # whether a 违约金 comes on top
                dispatcher.utter_message(text=x.STOP_LOSS_UNKNOWN_DAYS.format(
                    card=label, unpaid=yuan(unpaid), minimum=yuan(minimum), paid=yuan(paid),
                    bank=card.bank or x.THIS_CARD, grace=schedule.grace, hedge=x.GRACE_HEDGE, penalty=yuan(fee),
                    remaining=remaining))
                continue
            if facts.overdue_days is not None and facts.principal is not None:
                # the interest to today as well (actions.whatif's projection), and the sum first
                interest = whatif.projection(facts).total_interest
                dispatcher.utter_message(text=x.STOP_LOSS_FIGURES_NOW.format(
                    card=label, total=yuan(unpaid + fee + interest), unpaid=yuan(unpaid), minimum=yuan(minimum),
                    paid=yuan(paid), penalty=yuan(fee), interest=yuan(interest), days=facts.overdue_days))
                continue
            dispatcher.utter_message(response="utter_stop_loss_figures", minimum=yuan(minimum), paid=yuan(paid),
                                     unpaid=yuan(unpaid), penalty=yuan(fee))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import give, specific_answer

        specific = specific_answer(tracker)
        if specific is not None:
            # 「能还多少 现在真的一分都拿不出来」 (probe E06): acknowledged, not told to pay the unpaid minimum
            events = give(dispatcher, tracker, specific)
            await answer_other_topics(dispatcher, tracker, domain, main="stop_loss",
                                      text=F.rest_of(tracker.latest_message.get("text") or "", specific))
            return events
        await self.answer(dispatcher, tracker, domain)
        await answer_other_topics(dispatcher, tracker, domain, main="stop_loss")
        return []
