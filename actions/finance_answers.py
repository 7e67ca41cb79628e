"""Actions that answer with figures: interest, 违约金, minimum payment, grace, instalments.

Thin glue: read the facts (actions.whatif.facts: case model or contract slots, hypothetical applied) →
call bot.finance → utter domain responses with the figures as parameters. Each card is priced with its
own bank's rules. A what-if in the message (「先还5000利息能少多少」) is answered as such; the other topics
of a compound question follow (actions.topics.answer_other_topics).
"""
from __future__ import annotations

from abc import ABCMeta, abstractmethod
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.answers import basis_button, details_button, held_events, hold
from actions.common import bullet_lines, known_bank, yuan
from actions.whatif import (
    Facts,
    answer_what_if,
    card_label,
    fact_buttons,
    facts,
    grace_when,
    recap,
    said_with,
)
from bot import facts as F
from bot import finance, whatif
from bot.case import UNKNOWN_BANK
from bot.finance import templates as t
from bot.finance.penalty import penalty_rule_text
from bot.finance.projection import COURT_REFERENCE_RATE, FEE_STOP_DAYS, LONG_PROJECTION_DAYS
from bot.finance.templates import percent
from bot.nlu.topics import asks_instalment_allowed, asks_keeps_current, others_text, says_overdue

DEFAULT_INSTALLMENT_RATE = whatif.EXAMPLE_INSTALMENT_RATE  # 0.6% per period, said to be an example
EXAMPLE_INSTALLMENT = (Decimal(30000), 12)
MIN_ONLY_MONTHS = whatif.MIN_ONLY_MONTHS


def first_bank(tracker: Tracker) -> str | None:
    """The bank of the first card (several cards: each answer prices every card with its own bank)."""
    cards = facts(tracker).cards
    if cards:
        return cards[0].bank
    bank = known_bank(tracker)
    return bank.split("、")[0] if bank else None


def bank_named(tracker: Tracker) -> str | None:
    """The bank this message names (the reading's facts, slot `reading`), or None; the stored case is not
    changed by it (persona trial B4: 「平安有没有宽限期」 was answered for the first card's 招商)."""
    reading = tracker.get_slot("reading") or {}
    banks = [f.get("value") for f in reading.get("facts") or [] if isinstance(f, dict) and f.get("role") == "bank"
             and not f.get("negated") and f.get("value")]
    return banks[0] if banks else None


def bank_label(schedule: finance.BankSchedule) -> str:
    return x.BANK_DEFAULT if schedule.is_default else schedule.bank


class FigureAction(Action, metaclass=ABCMeta):
    """An answer for one topic: a what-if in the message takes precedence, then a specific question of
    the catalogue (bot/answers.yml: 「全部还清还会起诉吗」), else this topic's answer; other topics follow."""

    topic = ""
    answers_what_if = True

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import give, specific_answer
        from actions.whatif import second_question
        from bot.nlu.topics import topics_in

        events: list[dict[str, Any]] = []
        rest = None
        specific = specific_answer(tracker)
        acknowledge_fear(dispatcher, tracker, specific)
        from actions.shortfall import COVERS, answer_short_minimum

        if answer_short_minimum(dispatcher, tracker, from_history=self.topic in ("penalty", "min_payment")):
            # 「最低还款1800 我只凑得出900 怎么办」「13号还900 20号再补900 算不算逾期」 (persona trial s8 M5): one answer with
            # one 违约金 figure; the topics it covers get no second block
            from actions.topics import answer_other_topics

            await answer_other_topics(dispatcher, tracker, domain, main=None, covered=COVERS)
            return held_events(dispatcher, tracker)
        # with no debt recorded a what-if cannot be computed: a legal question in it is answered instead
        what_if_first = self.answers_what_if and self.what_if_possible(tracker) and (
            specific is None or bool(facts(tracker).cards))
        answered_what_if = what_if_first and answer_what_if(dispatcher, tracker)
        if not answered_what_if:
            if specific is not None:
                from actions.answers import give_specifics, merge_given, still_asked

                if still_asked(tracker.latest_message.get("text") or "", specific, self.topic):
                    # 「那我到底会不会坐牢嘛 … 会不会影响娃娃读书」 (persona trial s6 I4 #3): the school answer does not
                    # answer 坐牢; the classified topic's own answer comes first, as asked
                    events = list(await self.answer(dispatcher, tracker, domain) or [])
                more, rest = give_specifics(dispatcher, tracker, specific)
                events = merge_given(events + more)
            else:
                events = await self.answer(dispatcher, tracker, domain) or []
        from actions.topics import answer_other_topics

        if answered_what_if:
            # 「先还一万有用吗 还有利息现在多少了」: the what-if, then each question asked in a clause of its own
            # (persona trial C3); the topics the what-if's own words name are part of it
            second = second_question(tracker)
            if second is not None and self.topic in topics_in(second):
                events = await self.answer(dispatcher, tracker, domain) or []
            await answer_other_topics(dispatcher, tracker, domain, main=self.topic if second else None,
                                      after_what_if=second is None, text=second)
            return events + held_events(dispatcher, tracker)
        await answer_other_topics(dispatcher, tracker, domain, main=self.topic,
                                  text=others_text(tracker.latest_message.get("text") or "" if rest is None else rest),
                                  covered=frozenset(specific.covers) if specific is not None else frozenset())
        return events + held_events(dispatcher, tracker)

    def what_if_possible(self, tracker: Tracker) -> bool:
        """Whether a what-if in the message is computed before this topic's answer."""
        return True

    @abstractmethod
    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]] | None:
        """Utter this topic's answer (no what-if, no other topics); may return slot events."""


# answers that speak to the fear themselves (bot/answers.yml): no acknowledgement line before them
KIND_ANSWERS = ("visit_fear",)


def acknowledge_fear(dispatcher: CollectingDispatcher, tracker: Tracker, specific: Any) -> None:
    """「会不会坐牢啊 催收说要起诉我 我好怕」 (ui-s7 A5: the fear got no word): one short line that hears it, before
    the verdict; a message with a self-harm signal never reaches a topic answer (the distress guard routes it)."""
    from bot.nlu.distress import worried

    if specific is not None and specific.id in KIND_ANSWERS:
        return
    if worried(tracker.latest_message.get("text") or ""):
        dispatcher.utter_message(text=x.WORRIED_ACK)


def interest_how(schedule: finance.BankSchedule) -> str:
    """One line on how the interest and 违约金 figures were computed (rate, method, compounding)."""
    return x.INTEREST_HOW.format(rate=t.rate_text(schedule.rate), method=t.METHOD_TEXT.get(schedule.method, ""),
                                 penalty_rate=percent(schedule.penalty_rate.value, 0))


def key_assumptions(assumptions: list[str]) -> list[str]:
    """The one or two assumptions a figure turns on: the rate, and how interest is charged (full /
    unpaid part, else the compounding). The rest are behind 「计算依据」 (actions.answers.interest_basis)."""
    rate = assumptions[:1]
    method_head = t.A_METHOD.split("{", 1)[0]
    method = [a for a in assumptions[1:]
              if a.startswith(method_head) or a == t.A_PROJ_COMPOUND or t.METHOD_TEXT["full"] in a][:1]
    return rate + method


def _is_long(projection: finance.Projection) -> bool:
    return not projection.within_grace and projection.overdue_days >= LONG_PROJECTION_DAYS


def cost_note(projection: finance.Projection) -> str:
    """The annualised cost beside the total of a long projection, with what a court can do above 24 %."""
    if not _is_long(projection):
        return ""
    template = x.LONG_COST_HIGH if projection.annualised_cost > COURT_REFERENCE_RATE else x.LONG_COST
    return template.format(cost=percent(projection.annualised_cost, 1))


def _grace_note(projection: finance.Projection) -> str:
    if _is_long(projection) and projection.fees_stopped:
        # the cost is beside the total already; say where the 违约金 estimate stops
        return t.A_PROJ_FEE_STOP.format(days=FEE_STOP_DAYS) + "。"
    if projection.within_grace and projection.overdue_days == 0:
        return t.A_PROJ_DUE_TODAY + "。"
    if projection.within_grace:
        return t.A_PROJ_WITHIN_GRACE.format(days=projection.overdue_days, grace=projection.grace_days) + "。"
    from bot.finance.projection import DUE_GAP_DAYS

    return x.ANNUALISED_COST.format(cost=percent(projection.annualised_cost),
                                    days=projection.overdue_days + DUE_GAP_DAYS)


def _method_note(schedule: finance.BankSchedule, projection: finance.Projection) -> str:
    if schedule.interest_method.status != "verified" and not projection.within_grace:
        return x.METHOD_UNVERIFIED
    return ""


def owed_label(card: whatif.CardFacts) -> str:
    """The amount an interest answer names (the template adds 元): what is left after a repayment, said with it."""
    if not card.paid:
        return yuan(card.principal)
    return x.OWED_AFTER_PAID.format(principal=yuan(card.principal), paid=yuan(card.paid),
                                    remaining=yuan(card.remaining))


def paid_hedge(card: whatif.CardFacts) -> str:
    """The assumption a repayment adds (its day is not known: taken as the due date), for the answer itself."""
    if not card.paid:
        return ""
    return "\n" + t.A_PROJ_PAID.format(paid=yuan(min(card.paid, card.principal)),
                                       rule=t.A_PROJ_PAID_RULE[card.schedule.method]) + "。"


def interest_within_grace(card: whatif.CardFacts, state: whatif.GraceState) -> str:
    """The interest of a card due today or within grace (whatif.grace_state): the next statement's interest if only the
    minimum is paid, a day's interest after it, and that paying it all within grace usually costs none."""
    from bot.finance.schedules import FULL

    bank = card.bank or x.THIS_CARD
    method = (x.INTEREST_GRACE_METHOD_FULL if state.method == FULL else x.INTEREST_GRACE_METHOD_UNPAID).format(
        bank=bank, principal=yuan(card.principal))
    if card.schedule.is_default or card.schedule.interest_method.status == "default":
        method += x.INTEREST_GRACE_UNVERIFIED
    template = x.INTEREST_GRACE_PAID_MIN if state.unpaid_minimum == 0 else x.INTEREST_GRACE
    return template.format(
        next_interest=yuan(state.next_interest), method=method, after=yuan(state.balance_after),
        daily=yuan(state.daily_after), monthly=yuan(state.daily_after * 30), when=grace_when(state),
        remaining=yuan(state.remaining), hedge=x.GRACE_HEDGE,
    ) + "\n" + x.INTEREST_GRACE_HOW.format(rate=t.rate_text(card.schedule.rate))


def _per_day_asked(tracker: Tracker) -> bool:
    from actions.case_slots import turn_reading

    return bool(turn_reading(tracker).get("per_day"))


class ActionComputeOverdueInterest(FigureAction):
    topic = "interest"

    def name(self) -> str:
        return "action_compute_overdue_interest"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        if not f.cards:
            dispatcher.utter_message(response="utter_interest_general")
            return
        if _per_day_asked(tracker):
            self._per_day(dispatcher, tracker, f)
            return
        if any(c.overdue_days is None for c in f.cards):
            one = f.one
            daily = one.remaining * one.schedule.rate
            dispatcher.utter_message(
                response="utter_interest_daily", principal=owed_label(one), daily=yuan(daily),
                monthly=yuan(daily * 30),
            )
            return
        if len(f.cards) > 1:
            self._several(dispatcher, tracker, f)
            return
        card = f.cards[0]
        state = whatif.grace_state(card)
        if state is not None and state.remaining > 0:
            # due today or within grace: the projection's 「paid off today」 costs no interest, but what stays unpaid
            # does (persona trials I3 #4/#7, J5 #8: 「利息约0.00元」 at a full-interest bank with a balance unpaid)
            dispatcher.utter_message(response="utter_figure", recap=recap(f), buttons=fact_buttons(tracker),
                                     figure=interest_within_grace(card, state))
            return
        projection = whatif.projection(card)
        figures = (x.SAME_FIGURE_INTEREST.format(interest=yuan(projection.total_interest)),
                   x.SAME_FIGURE_TOTAL.format(total=yuan(projection.total_owed)),
                   x.SAME_FIGURE_DAYS.format(days=projection.overdue_days))
        if said_with(tracker, "utter_interest_result", *figures):
            # asked again with the same facts: the figure once more, briefly, not the whole block
            dispatcher.utter_message(response="utter_figure", recap="", buttons=fact_buttons(tracker),
                                     figure=x.REPEAT_FIGURE + x.INTEREST_SHORT.format(
                interest=yuan(projection.total_interest), penalty=yuan(projection.total_penalty),
                total=yuan(projection.total_owed)) + "\n" + interest_how(card.schedule))
            return
        dispatcher.utter_message(
            response="utter_interest_result",
            buttons=fact_buttons(tracker),
            recap=recap(f),
            bank=bank_label(card.schedule),
            principal=owed_label(card),
            days=projection.overdue_days,
            interest=yuan(projection.total_interest),
            penalty=yuan(projection.total_penalty),
            total=yuan(projection.total_owed),
            cost_note="\n" + interest_how(card.schedule) + paid_hedge(card) + cost_note(projection),
        )
        hold(  # the assumptions on request (「详细」): the figure first, short (STYLE)
            dispatcher,
            response="utter_interest_details",
            grace_note=_grace_note(projection),
            assumptions=bullet_lines(key_assumptions(projection.assumptions)),
            method_note=_method_note(card.schedule, projection),
            buttons=[basis_button()],
        )

    @staticmethod
    def _per_day(dispatcher: CollectingDispatcher, tracker: Tracker, f: Facts) -> None:
        """「一天多少利息」: principal × the daily rate, from the stored facts, first (no projection)."""
        one = f.one
        daily = one.remaining * one.schedule.rate
        figure = x.INTEREST_PER_DAY.format(principal=owed_label(one), daily=yuan(daily), monthly=yuan(daily * 30))
        if len(f.cards) > 1:
            figure += "\n" + "；".join(x.INTEREST_PER_DAY_CARD.format(
                bank=card_label(c), principal=owed_label(c), daily=yuan(c.remaining * c.schedule.rate))
                for c in f.cards) + "。"
        dispatcher.utter_message(response="utter_figure", recap="", figure=figure, buttons=fact_buttons(tracker))

    @staticmethod
    def _several(dispatcher: CollectingDispatcher, tracker: Tracker, f: Facts) -> None:
        summed = whatif.totals(f.cards)  # the console's ticket figures add up the same way (UI session 7 C14)
        projections = list(zip(f.cards, summed.projections))
        lines = [
            x.CARD_INTEREST_LINE.format(card=card_label(card), bank=bank_label(card.schedule),
                                        interest=yuan(p.total_interest), penalty=yuan(p.total_penalty))
            for card, p in projections
        ]
        dispatcher.utter_message(
            response="utter_interest_cards",
            buttons=fact_buttons(tracker),
            recap=recap(f),
            lines=bullet_lines(lines),
            interest=yuan(summed.interest),
            penalty=yuan(summed.penalty),
            total=yuan(summed.owed),
        )
        first_card, first = projections[0]
        hold(
            dispatcher,
            response="utter_interest_details",
            grace_note=_grace_note(first),
            assumptions=bullet_lines(key_assumptions(first.assumptions)),
            method_note=_method_note(first_card.schedule, first),
            buttons=[basis_button()],
        )


def _minimum_only_cards(tracker: Tracker) -> list[whatif.CardFacts]:
    """Cards of the case with a statement minimum and no amount owed (「最低还款700我一分没还」): the 违约金 is
    5 % of the unpaid minimum whatever the balance (DOMAIN §2)."""
    from actions.case_slots import case_of

    return [whatif.CardFacts(bank=c.bank if c.bank and c.bank != UNKNOWN_BANK else None, principal=Decimal(0),
                             min_payment=c.min_payment, paid=c.paid)
            for c in case_of(tracker).cards if c.min_payment is not None and not c.amount]


def _penalty_after_paid(card: whatif.CardFacts) -> str:
    """The 违约金 of the next missed due date on the minimum left unpaid after what the person paid (DOMAIN §2:
    5 % of the unpaid part of the minimum, within the bank's floor and cap); the minimum is the statement's when
    given, else the bank's share of the principal."""
    schedule = card.schedule
    minimum = card.min_payment if card.min_payment is not None else card.principal * schedule.min_payment_ratio.value
    paid = card.paid or Decimal(0)
    unpaid = max(Decimal(0), minimum - paid)
    result = finance.penalty(schedule, unpaid, principal=card.principal or None)
    state = whatif.grace_state(card) if card.principal else None
    if state is not None and unpaid > 0:
        # within grace no 违约金 has been charged: topping up the minimum now usually avoids it (persona trial I3
        # #5/#9: 35 here and 「视同按时还款，不收违约金」 in the grace answer)
        return x.PENALTY_ESTIMATE_GRACE.format(card=card.bank or x.THIS_CARD, when=grace_when(state),
                                               unpaid=yuan(unpaid), hedge=x.GRACE_HEDGE, penalty=yuan(result.penalty),
                                               rate=percent(schedule.penalty_rate.value, 0))
    if card.paid is None:
        return x.PENALTY_ESTIMATE_MIN.format(card=card.bank or x.THIS_CARD, minimum=yuan(minimum),
                                             penalty=yuan(result.penalty), rate=percent(schedule.penalty_rate.value, 0))
    return x.PENALTY_ESTIMATE_PAID.format(card=card.bank or x.THIS_CARD, minimum=yuan(minimum), paid=yuan(paid),
                                          unpaid=yuan(unpaid), penalty=yuan(result.penalty),
                                          rate=percent(schedule.penalty_rate.value, 0))


class ActionAnswerPenaltyFee(FigureAction):
    topic = "penalty"

    def name(self) -> str:
        return "action_answer_penalty_fee"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        priced = f.cards or _minimum_only_cards(tracker)
        cards = priced or [whatif.CardFacts(first_bank(tracker), Decimal(0))]
        rules = list(dict.fromkeys(penalty_rule_text(c.schedule) + "。" for c in cards))
        if any(c.schedule.is_default for c in priced):
            rules.append(x.PENALTY_BANK_LIMITS)
        estimates = []
        so_far_total, so_far_cards = Decimal(0), 0
        for card in priced:
            schedule = card.schedule
            if card.paid is not None or card.min_payment is not None:
                estimates.append(_penalty_after_paid(card))
                continue
            unpaid_min = card.principal * schedule.min_payment_ratio.value
            result = finance.penalty(schedule, unpaid_min, principal=card.principal)
            values = dict(card=card.bank or x.THIS_CARD, principal=yuan(card.principal), minimum=yuan(unpaid_min),
                          ratio=percent(schedule.min_payment_ratio.value, 0), penalty=yuan(result.penalty))
            missed = penalties_so_far(card)
            if len(missed) > 1:
                # three months late: 「每次75」 is the first miss only (ui-s7 B2); each miss and the total so far
                so_far_total += sum(missed, Decimal(0))
                so_far_cards += 1
                estimates.append(x.PENALTY_ESTIMATE_SO_FAR.format(
                    days=card.overdue_days, count=len(missed), each="、".join(yuan(p) for p in missed),
                    total=yuan(sum(missed, Decimal(0))), **values))
            else:
                estimates.append(x.PENALTY_ESTIMATE.format(**values))
        if so_far_cards > 1:
            estimates.insert(0, x.PENALTY_SO_FAR_ALL.format(count=so_far_cards, total=yuan(so_far_total)))
        dispatcher.utter_message(response="utter_penalty_result", rule="\n".join(rules),
                                 estimate="".join(estimates), buttons=[details_button("topic_penalty")])


def penalties_so_far(card: whatif.CardFacts) -> list[Decimal]:
    """The 违约金 of each due date the card has missed so far (its bank's rules; the projection's, DOMAIN §2), [] when
    its days are not known or it is within its grace days."""
    if not card.overdue_days or card.overdue_days <= card.schedule.grace:
        return []
    return [row.penalty for row in whatif.projection(card).rows if row.penalty > 0]


def min_payment_status(cards: list[Any]) -> str:
    """What paying the minimum does: on time it keeps the account current (N, no 违约金); past the due date and its
    grace days the overdue has happened, and paying the minimum now stops it getting worse (DOMAIN §1–§3)."""
    overdue = [c for c in cards if c.overdue_days is not None and c.overdue_days > c.schedule.grace]
    if not overdue:
        return x.MIN_STATUS_ON_TIME
    worst = max(overdue, key=lambda c: c.overdue_days)
    not_due = [c.bank for c in cards if c.bank and c.overdue_days == 0]
    if len(cards) > 1 and not_due and worst.bank:
        # several cards, one not yet due: each status is said of its own bank (persona trial s9 N5 #12)
        return (x.MIN_STATUS_NOT_DUE_CARDS.format(banks="、".join(not_due))
                + x.MIN_STATUS_OVERDUE.format(head=x.MIN_STATUS_OVERDUE_CARD_HEAD.format(bank=worst.bank,
                                                                                       days=worst.overdue_days)))
    return x.MIN_STATUS_OVERDUE.format(head=x.MIN_STATUS_OVERDUE_HEAD.format(days=worst.overdue_days))


def not_due_card_asked(tracker: Tracker, cards: list[Any]) -> Any | None:
    """The card not yet due (0 days stored) that the message names and asks a yes/no about keeping current (「先还广发最低
    还款可以吗 这样广发就不逾期了吧」), or None. The bank named last in the question is the one asked about."""
    if not asks_keeps_current(tracker.latest_message.get("text") or ""):
        return None
    named = [f.get("value") for f in (tracker.get_slot("reading") or {}).get("facts") or []
             if isinstance(f, dict) and f.get("role") == "bank" and not f.get("negated")]
    for bank in reversed(named):
        card = next((c for c in cards if c.bank == bank), None)
        if card is not None:
            return card if card.overdue_days == 0 else None
    return None


class ActionAnswerMinPayment(FigureAction):
    topic = "min_payment"

    def name(self) -> str:
        return "action_answer_min_payment"

    def what_if_possible(self, tracker: Tracker) -> bool:
        # 「只还最低可以吗」 with no debt recorded: the answer, not a request for the amount (issue 19)
        return bool(facts(tracker).cards)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        if not f.cards:
            dispatcher.utter_message(response="utter_min_payment_general")
            return
        from actions.case_slots import case_of

        cards = case_of(tracker).cards
        if len(cards) == 1 and cards[0].min_payment is not None and (cards[0].paid or 0) >= cards[0].min_payment:
            # 「最低还款860 我已经还了1000」: the minimum is paid, this statement is not overdue (persona trial A5);
            # the stop-loss answer says so with the rest to pay (actions/topics.py)
            from actions.topics import ActionAnswerStopLoss

            await ActionAnswerStopLoss().answer(dispatcher, tracker, domain)
            return
        asked = not_due_card_asked(tracker, f.cards) if not f.hypothetical else None
        if asked is not None:
            # the yes/no first, for the card asked about; the other cards' overdue in one line each; the estimates behind
            # 「详细」 (persona trial s9 N5 #12–#13: 503 characters telling her 「您已经逾期60天」 about the card not yet due)
            lines = [x.MIN_YES_NOT_DUE.format(bank=asked.bank)]
            lines += [x.MIN_OTHER_OVERDUE.format(bank=c.bank or x.THIS_CARD, days=c.overdue_days) for c in f.cards
                      if c is not asked and c.overdue_days is not None and c.overdue_days > c.schedule.grace]
            dispatcher.utter_message(response="utter_figure", recap="", figure="\n".join(lines))
        first = finance.get_schedule(first_bank(tracker))
        estimates = []
        for card in f.cards:  # each card's minimum on that card, with its own bank's ratio
            basis = x.MIN_ESTIMATE_PRINCIPAL.format(principal=yuan(card.principal))
            balance = card.principal
            if card.overdue_days is not None:
                # overdue: today's balance, as the 「只还最低会怎样」 what-if computes it (one figure per question)
                only = whatif.minimum_only(card)
                if only.balance != card.principal:
                    balance = only.balance
                    basis = x.MIN_ESTIMATE_TODAY.format(balance=yuan(balance), principal=yuan(card.principal))
            result = finance.project_minimum_only(balance, MIN_ONLY_MONTHS, bank=card.schedule)
            estimates.append(x.MIN_ESTIMATE.format(
                card=x.CARD_PREFIX.format(bank=card.bank) if len(f.cards) > 1 and card.bank else "",
                basis=basis, first=yuan(result.first_min_payment), months=MIN_ONLY_MONTHS,
                interest=yuan(result.total_interest), remaining=yuan(result.remaining_balance)))
        method_text = x.MIN_METHOD_FULL if first.method == finance.schedules.FULL else x.MIN_METHOD_UNPAID
        result_message: dict[str, Any] = dict(
            response="utter_min_payment_result",
            status=min_payment_status(f.cards),
            bank="、".join(dict.fromkeys(bank_label(c.schedule) for c in f.cards)) or bank_label(first),
            ratio=percent(first.min_payment_ratio.value, 0),
            estimate="".join(estimates),
            method_text=method_text,
        )
        if asked is not None:
            hold(dispatcher, **result_message)  # the estimates behind 「详细」, after the yes/no
        else:
            dispatcher.utter_message(**result_message)


class ActionAnswerGracePeriod(FigureAction):
    topic = "grace"
    answers_what_if = False

    def name(self) -> str:
        return "action_answer_grace_period"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        # 「平安有没有宽限期」 with 招商 stored first: the bank the message names, for this answer only
        named = bank_named(tracker)
        cards = facts(tracker).cards
        state = whatif.grace_state(cards[0]) if len(cards) == 1 and named in (None, cards[0].bank) else None
        if state is not None and state.remaining > 0 and state.days == 0 and state.grace > 0 and state.unpaid_minimum > 0:
            # not yet overdue (persona trial s8 M5 #14: 「中信有几天容时」): the bank's grace days, and what is short of the
            # minimum after the amount the person said they will pay (actions/shortfall.py)
            from actions.shortfall import planned_payment

            planned = planned_payment(tracker, state.unpaid_minimum)
            short = (x.GRACE_SHORT_AFTER_PLANNED.format(planned=yuan(planned), unpaid=yuan(state.unpaid_minimum - planned))
                     if planned else x.GRACE_SHORT_LEFT.format(unpaid=yuan(state.unpaid_minimum)))
            dispatcher.utter_message(
                response="utter_figure", recap="", buttons=[details_button("topic_grace")],
                figure=x.GRACE_YOURS_NOT_DUE.format(bank=cards[0].bank or x.THIS_CARD, grace=state.grace, short=short,
                                                    remaining=yuan(state.remaining), hedge=x.GRACE_HEDGE)
                + "\n" + F.cite(["grace"]))
            return
        if state is not None and state.remaining > 0:
            # the person's own card due today or within grace: the rule once, applied to it (persona trial I3 #2/#6)
            template = x.GRACE_YOURS_PAID_MIN if state.unpaid_minimum == 0 else x.GRACE_YOURS
            dispatcher.utter_message(
                response="utter_figure", recap="", buttons=[details_button("topic_grace")],
                figure=template.format(bank=cards[0].bank or x.THIS_CARD, when=grace_when(state),
                                       unpaid=yuan(state.unpaid_minimum), remaining=yuan(state.remaining),
                                       hedge=x.GRACE_HEDGE) + "\n" + F.cite(["grace"]))
            return
        schedule = finance.get_schedule(named or first_bank(tracker))
        dispatcher.utter_message(
            response="utter_grace_result",
            bank=bank_label(schedule),
            grace_rule=t.grace_rule(schedule.grace, t.STATUS_TEXT[schedule.grace_days.status]),
            tolerance=t.plain(schedule.tolerance.value),
            tolerance_status=t.STATUS_TEXT[schedule.tolerance.status],
            cite=F.cite(["grace"]),
            buttons=[details_button("topic_grace")],
        )


def overdue_now(tracker: Tracker) -> bool:
    """Whether the person's card is overdue now, read from the case as this turn left it: days known decide (0, or an
    「已改 5天 → 0天」 just made, is not overdue: persona trial s9 N4 #9–#12 got 「已经逾期的卡…」 four times); with no days
    known, the message's own words (「逾期的卡能分期吗」, never 「我没逾期」)."""
    from actions.case_slots import case_of

    cards = case_of(tracker).cards
    known = [c for c in cards if c.overdue_days is not None or c.overdue_more_than is not None]
    if known:
        return any((c.overdue_days or 0) > 0 or c.overdue_more_than is not None for c in known)
    return says_overdue(tracker.latest_message.get("text") or "")


class ActionAnswerInstallment(FigureAction):
    topic = "installment"

    def name(self) -> str:
        return "action_answer_installment"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        cards = facts(tracker).cards
        overdue = overdue_now(tracker)
        if overdue or len(cards) > 1:
            # issue 23 item 18: an overdue card generally cannot take a 账单分期, 个性化分期 is the way; several
            # cards (issue 19: 「两张卡帮我安排一下」) are a plan, not the 账单分期 example
            from actions.answers import _button_title

            response = "utter_installment_overdue" if overdue else "utter_installment_several_cards"
            dispatcher.utter_message(response=response, buttons=[
                {"title": _button_title(domain, "utter_plan_button"), "payload": "/request_plan_draft"}])
            return
        one = facts(tracker).one
        if len(cards) == 1 and cards[0].overdue_days == 0 and asks_instalment_allowed(
                tracker.latest_message.get("text") or ""):
            # 「现在还没到还款日 能不能办账单分期」「还会算逾期吗」 (persona trial s9 N4 #9–#12: the one question she came with)
            dispatcher.utter_message(response="utter_figure", recap="",
                                     figure=x.INSTALLMENT_NOT_DUE.format(bank=cards[0].bank or x.THIS_CARD))
        periods = tracker.get_slot("installments")
        said_periods = said_instalment_periods(tracker) if periods is None else None
        example_note = ""
        amount = one.principal if one else None
        periods_int = int(Decimal(str(periods))) if periods is not None else said_periods
        # the fee the person said (「中信分期手续费好像是0.75」, 「我说的是0.75」: persona trial s8 M5 #6/#7), else the example
        said_rate = said_instalment_rate(tracker)
        rate = said_rate or DEFAULT_INSTALLMENT_RATE
        if amount is not None and periods_int is None:
            # the person's own amount with the example's periods (trial s7 K5 #17: her 12,000, never the 30,000)
            periods_int = EXAMPLE_INSTALLMENT[1]
            example_note = (x.INSTALLMENT_YOURS_RATE_NOTE.format(periods=periods_int, rate=percent(rate)) if said_rate
                            else x.INSTALLMENT_YOURS_NOTE.format(periods=periods_int))
        elif amount is None or periods_int is None or not 1 <= periods_int <= whatif.MAX_PERIODS:
            amount, periods_int = EXAMPLE_INSTALLMENT
            example_note = x.INSTALLMENT_EXAMPLE_NOTE
        else:
            example_note = x.INSTALLMENT_SAID_RATE_NOTE.format(rate=percent(rate)) if said_rate else x.INSTALLMENT_RATE_NOTE
        result = finance.installment(amount, periods_int, rate)
        if one is not None and amount == one.principal and whatif.asks_which_costs_less(tracker.latest_message.get("text") or ""):
            # 「跟只还最低比哪个划算」 (M5 #6: both figures, no comparison): the two costs over the same months, side by side
            only = whatif.minimum_only(one, periods_int)
            template = x.INSTALLMENT_COMPARE_CHEAPER if result.total_fee < only.total_interest else x.INSTALLMENT_COMPARE_DEARER
            example_note += template.format(months=periods_int, interest=yuan(only.total_interest),
                                            remaining=yuan(only.remaining), fee=yuan(result.total_fee),
                                            diff=yuan(only.total_interest - result.total_fee),
                                            per_period=yuan(result.per_period))
        dispatcher.utter_message(
            response="utter_installment_result",
            amount=yuan(amount),
            periods=periods_int,
            rate=percent(rate),
            per_period=yuan(result.per_period),
            total_fee=yuan(result.total_fee),
            apr=percent(result.apr),
            ear=percent(result.ear),
            example_note=example_note,
        )
        hold(dispatcher, response="utter_installment_details", warning=result.warning)


RECENT_TERMS = 6  # the person's messages in which a rate or periods said before still count


def said_instalment_rate(tracker: Tracker) -> Decimal | None:
    """The instalment fee per period the person said: in this message (also 「我说的是0.75」 said again), else in one of
    their last messages (「中信分期手续费好像是0.75」 two turns back)."""
    from actions.shortfall import user_texts

    texts = user_texts(tracker)[:RECENT_TERMS + 1]
    if texts and (rate := whatif.rate_said_again(texts[0])) is not None:
        return rate
    return next((rate for text in texts[1:] if (rate := whatif.rate_said(text)) is not None), None)


def said_instalment_periods(tracker: Tracker) -> int | None:
    """The periods the person said for an instalment in this message or one of their last (「分12期」)."""
    from actions.shortfall import user_texts

    return next((n for text in user_texts(tracker)[:RECENT_TERMS + 1] if (n := whatif.periods_said(text)) is not None),
                None)
