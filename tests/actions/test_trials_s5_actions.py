"""Answers of the persona trials s5 (2026-12-07, bench/records/2026-12-07/trials-s5): a payment's what-if on the
criminal threshold answered as one (G3#6), the principal said apart used for the threshold and the interest (G3#4),
and every answer that uses the statement's minimum takes off what was already paid on it (G5)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from actions.consequences import ActionAnswerCriminalRisk
from actions.finance_answers import ActionAnswerMinPayment
from actions.whatif import card_facts
from bot import whatif
from bot.case import Card, Case
from tests.actions.test_whatif2_actions import ask

pytestmark = pytest.mark.asyncio
D = Decimal

G3 = Case(cards=(Card("广发银行", D(60000), 120, principal=D(52000)),))


async def test_a_payments_what_if_on_the_threshold_is_said_as_one_and_the_verdict_stays_on_now(
        make_tracker, dispatcher, domain):
    bubbles = await ask(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain,
                        "我問的是 還了三千本金變成四萬九 是不是就不夠五萬的坐牢標準了", G3, intent="ask_criminal_risk")
    first = bubbles[0]
    assert "如果真的先还了3,000.00元：本金约49,000.00元，低于5万元" in first, first
    assert "本金是52,000.00元" in first and "按您说的本金52,000元，已达到5万元" in first, first
    assert "目前不符合" not in "\n".join(bubbles) and "不满足——按您说的本金49,000" not in first, first


async def test_the_principal_said_apart_is_the_threshold_not_what_is_owed(make_tracker, dispatcher, domain):
    bubbles = await ask(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "会不会坐牢", G3,
                        intent="ask_criminal_risk")
    assert "按您说的本金52,000元" in bubbles[0] and "60,000" not in bubbles[0], bubbles[0]


def test_interest_is_not_charged_on_the_interest_already_in_what_is_owed():
    facts = card_facts(G3.cards[0], None)
    assert facts.principal == D(52000)
    owed_now = whatif.projection(facts).total_owed
    assert owed_now < D(60000) + 1000, owed_now  # never 60,000 plus four months of interest on it (67,595.74)
    assert card_facts(Card("广发银行", D(60000), 120), None).principal == D(60000)


G5_CARD = whatif.CardFacts("交通银行", D(15600), 12, min_payment=D(1560), paid=D(800))


def test_the_minimum_due_now_is_what_is_left_of_it():
    assert whatif.minimum_due_now(G5_CARD) == (D(760), False)
    assert whatif.minimum_due_now(whatif.CardFacts("交通银行", D(15600), 12, min_payment=D(1560))) == (D(1560), False)
    covers = whatif.covers_minimum(G5_CARD, D(760))
    assert covers.covers and covers.minimum == D(760)
    pay = whatif.pay_now(G5_CARD, D(500))
    assert pay.minimum == D(760) and not pay.covers_minimum


async def test_the_minimum_only_answer_asks_for_what_is_left_of_the_minimum(make_tracker, dispatcher, domain):
    case = Case(cards=(Card("交通银行", D(15600), 12, statement_balance=D(15600), min_payment=D(1560), paid=D(800)),))
    bubbles = await ask(ActionAnswerMinPayment(), make_tracker, dispatcher, domain, "只还最低还款 利息还算不算", case,
                        intent="ask_min_payment")
    text = "\n".join(bubbles)
    assert "要先补上目前到期的最低还款额约 760.00 元" in text, text
    assert "1,560.00 元才恢复正常" not in text


def test_a_commitment_the_hook_said_gets_no_fallback_menu():
    """G1#14: 「剩下的要给老伴看病买药 每个月要五百多」 is said as kept beside the budget; no 「没能理解」 menu after it."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.fallback import ActionDefaultAskAffirmation, ActionFallbackAgain
    from tests.actions.test_fallback_repair import tracker_with, user

    events = [user("我刚才说了嘛 剩下的要给老伴看病买药 每个月要五百多", "nlu_fallback", 0.2,
                   ranking=[{"name": "nlu_fallback", "confidence": 0.2}, {"name": "ask_min_payment", "confidence": 0.18}])]
    reading = {"facts": [{"role": "set_aside", "value": "500", "whose": "spouse"}]}
    for action in (ActionDefaultAskAffirmation(), ActionFallbackAgain()):
        dispatcher = CollectingDispatcher()
        asyncio.run(action.run(dispatcher, tracker_with(events, {"reading": reading}), {}))
        assert dispatcher.messages == [], (action.name(), dispatcher.messages)
