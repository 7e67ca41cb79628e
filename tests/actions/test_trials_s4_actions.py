"""Answers of the persona trials s4 (2026-12-07, /tmp/trials-s4): the bank-call script lists only the cards that are
overdue (E1: 「建设银行 11,000元 逾期0天」 among 「2张信用卡逾期」), and a figure kept out of the budget is said."""
from __future__ import annotations

from decimal import Decimal as D

from actions.case_slots import noted_role_events
from actions.scripts import bank_call_facts
from bot.case import Card, Case, Situation


def test_a_card_not_yet_due_is_not_listed_as_overdue():
    case = Case(cards=(Card("招商银行", D(23000), 40), Card("建设银行", D(11000), 0)),
                situation=Situation(monthly_income=D(0)))
    text = bank_call_facts(case)
    assert "逾期0天" not in text and "2张信用卡逾期" not in text
    assert "招商银行 23,000元 逾期40天" in text and "建设银行 11,000元还没到还款日" in text
    assert "34,000" in text


def test_two_overdue_cards_are_listed_as_before():
    case = Case(cards=(Card("招商银行", D(23000), 40), Card("建设银行", D(11000), 10)))
    assert "2张信用卡逾期" in bank_call_facts(case)


def test_a_loan_payment_and_money_for_a_parent_are_said():
    events = noted_role_events(("other_debt_payment:800", "set_aside:500", "past:debt_amount"))
    assert len(events) == 1
    assert "800元" in events[0]["text"] and "500元" in events[0]["text"]
    assert noted_role_events(("past:debt_amount",)) == []


def test_a_correction_the_hook_said_gets_no_fallback_menu():
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.fallback import ActionDefaultAskAffirmation, ActionFallbackAgain
    from tests.actions.test_fallback_repair import tracker_with, user

    events = [user("不对啊 我还了600的 你怎么写已还0", "nlu_fallback", 0.3,
                   ranking=[{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_penalty", "confidence": 0.2}])]
    reading = {"changes": [{"fact": "paid", "bank": None, "before": "0", "after": "600"}]}
    for action in (ActionDefaultAskAffirmation(), ActionFallbackAgain()):
        dispatcher = CollectingDispatcher()
        asyncio.run(action.run(dispatcher, tracker_with(events, {"reading": reading}), {}))
        assert dispatcher.messages == [], (action.name(), dispatcher.messages)
        dispatcher = CollectingDispatcher()
        asyncio.run(action.run(dispatcher, tracker_with(events, {"reading": {}}), {}))
        assert dispatcher.messages, action.name()  # with nothing changed, the menu as before


def test_the_interest_answers_fee_is_on_the_unpaid_minimum():
    from bot import whatif

    paid = whatif.projection(whatif.CardFacts("招商银行", D(10000), 14, D(1000), D(600)))
    unpaid = whatif.projection(whatif.CardFacts("招商银行", D(10000), 14, D(1000)))
    unknown = whatif.projection(whatif.CardFacts("招商银行", D(10000), 14))
    assert (paid.total_penalty, unpaid.total_penalty, unknown.total_penalty) == (D("20.00"), D("50.00"), D("50.00"))
    # the 600 paid is off what is owed, and bears interest only until its repayment (fix4: DOMAIN §1, full method)
    assert paid.total_owed == D(10000) - D(600) + paid.total_interest + D("20.00")
    assert paid.total_interest < unknown.total_interest
