"""Acknowledging facts the user stated without a question (intent `inform`), from the case model.

Short, one item per card and per figure: 「记下了：招商银行 52,000元，广发银行 28,000元，合计80,000元」.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.distress import CrisisFirst
from bot.case import Case

NO_BANK = "未说银行的卡"


def money(amount: Decimal | None) -> str:
    """元 for people: 52000 → '52,000', 11300.5 → '11,300.50' (half-up to the fen)."""
    value = (amount or Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,}"


def card_items(case: Case, *, principal: bool = False) -> list[str]:
    """One item per card; ``principal``: a principal said apart from the amount owed is named beside it (「广发银行
    62,000元（本金48,000元）」, persona trial s8 M4: the answers priced 48,000 while the recap said only the amount)."""
    items = []
    for card in case.cards:
        parts = [card.bank or NO_BANK]
        if card.amount is not None:
            parts.append(f"{money(card.amount)}元")
            if principal and card.principal is not None and 0 < card.principal < card.amount:
                parts[-1] += x.RECAP_PRINCIPAL.format(principal=money(card.principal))
        if card.overdue_days == 0:  # 0 days is 「未逾期」, never 「逾期0天」 (trial s7 K5)
            parts.append(x.RECAP_NOT_OVERDUE.strip())
        elif card.overdue_days is not None:
            parts.append(f"逾期{card.overdue_days}天")
        elif card.overdue_more_than is not None:
            parts.append(f"逾期超过{card.overdue_more_than}天（具体天数未知）")
        if len(parts) > 1 or card.bank:
            items.append(" ".join(parts))
    return items


def fact_items(case: Case) -> list[str]:
    """The facts of the case, short, in the order a person would say them."""
    items = card_items(case, principal=True)
    total = case.total_debt()
    if total is not None and (len(case.cards) > 1 or case.declared_total is not None):
        items.append(f"合计{money(total)}元")
    s = case.situation
    if s.monthly_income is not None:
        # a student's allowance is said as what the family gives, never as 收入 (persona trial s7 L2)
        label = x.FACT_INCOME_FAMILY if s.income_source == "family" else x.FACT_INCOME
        items.append(label.format(value=money(s.monthly_income)))
    if s.monthly_expenses is not None:
        items.append(f"每月必要支出{money(s.monthly_expenses)}元")
    if s.monthly_budget is not None:
        items.append(f"每月能还{money(s.monthly_budget)}元" if s.monthly_budget > 0 else x.FACT_NO_BUDGET)
    if s.installments is not None:
        items.append(f"希望分{s.installments}期")
    return items


def other_debt_noted(tracker: Tracker) -> Decimal | None:
    """The amount of another debt (花呗, 网贷 …) this turn's reading kept out of the cards (role ``other_debt``), or None."""
    from actions.case_slots import turn_reading
    from bot.case import to_decimal

    for f in turn_reading(tracker).get("facts") or []:
        if isinstance(f, dict) and f.get("role") == "other_debt" and not f.get("hypothetical") and not f.get("negated"):
            return to_decimal(f.get("value"))
    return None


# answers given after the facts they record are acknowledged (bot/answers.yml)
ACKNOWLEDGED_ANSWERS = ("nothing_to_spare",)


class ActionAcknowledgeFacts(CrisisFirst):
    """The facts just told, noted; through the shared crisis check first (actions/distress.py answered_in_crisis):
    「那我该怎么办 每个月最多能还800」 after a signal gets the facts, then the first step (persona trial H3 #5)."""

    def name(self) -> str:
        return "action_acknowledge_facts"

    def before_crisis_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        from actions.case_slots import case_of

        facts = fact_items(case_of(tracker))
        if facts:
            dispatcher.utter_message(response="utter_facts_noted_quiet", facts="，".join(facts))

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.case_slots import case_of, turn_notes
        from actions.whatif import ActionAnswerWhatIf, hypothetical, turn_scenario

        if turn_scenario(tracker) is not None:
            # 「先还5000」 read as inform: a payment asked about, answered as the what-if (issue 19)
            return await ActionAnswerWhatIf().run(dispatcher, tracker, domain)
        if hypothetical(tracker):
            # 「如果逾期90天呢」 states no fact: it asks what the figures would be (the facts stay as they are)
            from actions.finance_answers import ActionComputeOverdueInterest

            return await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
        from actions.plan import letter_changed

        if tracker.get_slot("plan_summary") or letter_changed(tracker):
            # a fact changed while the plan summary waits for confirmation, or after the letter was drafted (「改原因」
            # and the new reason, persona trial s7 L2 #19): show the summary again (the letter is made only from facts
            # the person has seen and confirmed; actions/plan.py)
            from actions.plan import ActionDraftRepaymentPlan

            return await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
        from actions.case_slots import turn_reading

        if turn_reading(tracker).get("unsure"):
            return []  # 「工资降了一半」 with no income known: the hook asked for the figure; nothing to confirm
        if tracker.latest_message.get("distress_strain") and not turn_reading(tracker).get("facts"):
            # 「唉 丢人死了 老婆天天跟我吵」 (widget trial UI s7 B6): the hook's kind line, then the way on — no facts restated
            dispatcher.utter_message(text=x.STRAIN_GO_ON)
            return []
        case = case_of(tracker)
        facts = fact_items(case)
        from actions.distress import distressed

        if facts:
            # after distress nothing is sold: no plan or letter offered with the facts (issue 19)
            from actions.answers import give, specific_answer

            from bot.nlu.topics import ASKS_RE

            specific = specific_answer(tracker)
            # a fact said with what it means for the person (「一分都拿不出来」: a deferment, not a schedule), or facts with
            # a question the catalogue answers (「不是 我是说每月4000 四张卡怎么分着还」, trial s6 J1 #11): both, the facts quietly
            asks = specific is not None and ASKS_RE.search(tracker.latest_message.get("text") or "") is not None
            if specific is not None and (specific.id in ACKNOWLEDGED_ANSWERS or asks):
                dispatcher.utter_message(response="utter_facts_noted_quiet", facts="，".join(facts))
                return give(dispatcher, tracker, specific)
            dispatcher.utter_message(response="utter_facts_noted_quiet" if distressed(tracker) else "utter_facts_noted",
                                     facts="，".join(facts))
            other = other_debt_noted(tracker)
            if other is not None and case.cards:
                # 「一共四张卡 大概16万 还有花呗欠了1万2」 (persona trial s6 J1 #5): the other debt is context, not a card
                dispatcher.utter_message(text=x.NOTED_OTHER_DEBT.format(amount=money(other)))
        else:
            # no fact in it: a question of the catalogue read as inform (「12363是干什么的」) gets its answer
            from actions.answers import give_specifics, held_events, specific_answer

            specific = specific_answer(tracker)
            if specific is not None:
                # and a second question of the catalogue in the same message (「短信说案件已受理让我联系一个号码…我孩子明年要
                # 考初中的会不会被查到啊」, persona trial s7 K3 #2: the school question dropped)
                events, _ = give_specifics(dispatcher, tracker, specific)
                return events + held_events(dispatcher, tracker)
            dispatcher.utter_message(response="utter_facts_none")
        if "too_many_cards" in turn_notes(tracker):
            dispatcher.utter_message(response="utter_too_many_cards", count=len(case.cards))
        return []
